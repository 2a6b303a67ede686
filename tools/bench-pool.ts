/**
 * Gene-pool figures (prints, asserts nothing): `npx tsx tools/bench-pool.ts [--rows 70000] [--build 2000]`
 *  - query latency (p50 / p95) on a pool of synthetic rows (labels drawn like the FFHQ/FairFace
 *    CSV shipped in resources/data, so some groups are empty and widening is exercised), and
 *    on one large group (--big-group entries, default 20,000, added to the same pool);
 *  - build throughput of `buildRandomPool` with the built-in pack (built into a temp dir);
 *  - bytes per entry on disk, fp16 and fp32 latents;
 *  - donor genes through the LGE, cold and cached.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WPLUS_LEN } from '../src/core/breeding/pack-runtime';
import { AGE_GROUPS, GENDERS, RACES, type Race } from '../src/core/genes/regions';
import { createRng } from '../src/core/genes/rng';
import { bundledAttributesCsv } from '../src/core/paths';
import { readAttributesCsv } from '../src/core/pool/attributes-csv';
import { sampleDonors } from '../src/core/pool/donor-sampler';
import { openPackFolder } from '../src/core/pool/open-pack-folder';
import { PoolIndex } from '../src/core/pool/pool-index';
import { GenePool } from '../src/core/pool/pool-service';
import type { EntryLabels, NewEntry } from '../src/core/pool/pool-types';
import { buildBuiltinPack } from './builtin-pack/build.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROWS = arg('rows', 70_000);
const BIG_GROUP = arg('big-group', 20_000);
const BUILD = arg('build', 2000);
const CSV = bundledAttributesCsv();
const work = mkdtempSync(join(tmpdir(), 'kinship-bench-pool-'));
const FAKE_PACK = { packId: 'bench', packVersion: '0', lgeSha256: '0'.repeat(64) };

function stats(ms: number[]): string {
  const s = [...ms].sort((x, y) => x - y);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `p50 ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, max ${q(1).toFixed(3)} ms (n=${s.length})`;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

// 1. Synthetic pool.
const labels: EntryLabels[] = existsSync(CSV)
  ? [...readAttributesCsv(CSV).rows.values()].map(({ ageGroup, gender, race }) => ({ ageGroup, gender, race }))
  : [{ ageGroup: '20-29', gender: 'male', race: 'White' }];
const rng = createRng(1);
const synthPath = join(work, 'synthetic.kpool');
const synth = PoolIndex.open(synthPath, FAKE_PACK);
const latent = new Float32Array(WPLUS_LEN);
const [, insertMs] = time(() => {
  for (let start = 0; start < ROWS; start += 1000) {
    const batch: NewEntry[] = [];
    for (let i = start; i < Math.min(ROWS, start + 1000); i++) {
      latent.fill(rng.normal());
      batch.push({ ...labels[rng.int(labels.length)]!, source: 'import', sourceRef: `synthetic-${i}`, attributesSource: 'csv', wplus: latent });
    }
    synth.insertEntries(batch);
  }
});
console.log(`synthetic pool: ${ROWS} rows (labels ${existsSync(CSV) ? 'distributed like the FFHQ CSV' : 'all one group'}) inserted in ${(insertMs / 1000).toFixed(1)} s (${(ROWS / (insertMs / 1000)).toFixed(0)} rows/s)`);
const disk16 = synth.diskBytesPerEntry();
console.log(`  file ${(disk16.fileBytes / 1e6).toFixed(1)} MB → ${disk16.bytesPerEntry.toFixed(0)} bytes/entry (fp16 W+ is ${WPLUS_LEN * 2} bytes)`);

const counts = synth.counts();
const empty = counts.counts.flat(2).filter((n) => n === 0).length;
console.log(`  groups: ${126 - empty} of 126 non-empty`);
const heat: number[] = [];
for (let i = 0; i < 50; i++) heat.push(time(() => synth.counts())[1]);
console.log(`query: heat map counts (9×2×7)             ${stats(heat)}`);

const sample: number[] = [];
const widened: number[] = [];
for (let i = 0; i < 1000; i++) {
  const q = {
    ageGroup: AGE_GROUPS[rng.int(9)]!,
    gender: GENDERS[rng.int(2)]!,
    races: [RACES[rng.int(7)]!, RACES[rng.int(7)]!] as Race[],
    k: 8,
    rng: createRng(i).fork('pool'),
  };
  const [res, ms] = time(() => sampleDonors(synth, q));
  (res.report.widened.length ? widened : sample).push(ms);
}
console.log(`query: sampleDonors k=8, exact group       ${stats(sample)}`);
if (widened.length) console.log(`query: sampleDonors k=8, with widening     ${stats(widened)}`);
const page: number[] = [];
for (let i = 0; i < 200; i++) page.push(time(() => synth.listGroup({ ageGroup: '20-29', gender: 'male', race: 'White' }, (i * 50) % 2000, 50))[1]);
console.log(`query: list a group page (50 entries)      ${stats(page)}`);
const wp: number[] = [];
for (let i = 0; i < 200; i++) {
  const ids = Array.from({ length: 8 }, () => 1 + rng.int(ROWS));
  wp.push(time(() => synth.wplus(ids))[1]);
}
console.log(`query: read + decode 8 fp16 latents        ${stats(wp)}`);

// One large group: every donor query over it lists and partitions all its ids.
const bigGroup = { ageGroup: '40-49', gender: 'female', race: 'Indian' } as const;
const before = synth.counts().counts;
const bigBefore = before[AGE_GROUPS.indexOf(bigGroup.ageGroup)]![GENDERS.indexOf(bigGroup.gender)]![RACES.indexOf(bigGroup.race)]!;
for (let start = 0; start < BIG_GROUP; start += 1000) {
  const batch: NewEntry[] = [];
  for (let i = start; i < Math.min(BIG_GROUP, start + 1000); i++) {
    latent.fill(rng.normal());
    batch.push({ ...bigGroup, source: 'import', sourceRef: `big-${i}`, attributesSource: 'csv', wplus: latent });
  }
  synth.insertEntries(batch);
}
const big: number[] = [];
for (let i = 0; i < 300; i++) {
  big.push(time(() => sampleDonors(synth, { ageGroup: bigGroup.ageGroup, gender: bigGroup.gender, races: [bigGroup.race], k: 8, rng: createRng(i) }))[1]);
}
console.log(`query: sampleDonors k=8, a group of ${(bigBefore + BIG_GROUP).toLocaleString('en')}  ${stats(big)}`);
synth.close();

// 2. Build throughput and bytes per entry with the built-in pack.
const packDir = join(work, 'builtin');
await buildBuiltinPack(packDir);
const { runtime, dispose } = await openPackFolder(packDir, 64);
for (const dtype of ['float16', 'float32'] as const) {
  const pool = await GenePool.open(runtime, join(work, `built-${dtype}.kpool`), { wplusDtype: dtype });
  const r = await pool.buildRandom({ count: BUILD, seed: 1 }, { batchSize: 64 });
  const d = pool.index.diskBytesPerEntry();
  console.log(`build-random (built-in pack, ${dtype}, CPU, batch 64): ${BUILD} entries in ${r.seconds.toFixed(2)} s = ${(BUILD / r.seconds).toFixed(0)} entries/s; ${d.bytesPerEntry.toFixed(0)} bytes/entry on disk`);
  if (dtype === 'float16') {
    const group = pool.index.entry(1)!;
    const q = { ...group, races: [group.race], k: 8 };
    const t0 = performance.now();
    await pool.sampleDonors({ ...q, rng: createRng(1) });
    const cold = performance.now() - t0;
    const t1 = performance.now();
    await pool.sampleDonors({ ...q, rng: createRng(1) });
    const warm = performance.now() - t1;
    console.log(`donor genes k=8 via LGE: cold ${cold.toFixed(1)} ms, cached ${warm.toFixed(2)} ms; cache holds ${pool.genes.size} (${(pool.genes.usedBytes / 1e6).toFixed(1)} MB)`);
  }
  pool.close();
}
await dispose();
console.log(`(synthetic file ${(statSync(synthPath).size / 1e6).toFixed(0)} MB; removing ${work})`);
rmSync(work, { recursive: true, force: true });
