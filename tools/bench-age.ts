/**
 * `npm run bench:age`: do children read as the age asked for? Over N random couples
 * (default 200) × the 9 target age groups, one child each, the attributes model's
 * age group of the child against the target: the share exactly right and within one
 * group, with age control off (the paper: age comes only from the pool donors of the
 * target group) and on (pool directions and mapping-network directions, at several
 * strengths). Prints figures; asserts nothing.
 *
 *   npm run bench:age -- [--couples 200] [--pool 3000] [--pack DIR] [--strengths 0.5,1,1.5]
 *
 * Without --pack it builds the built-in pack into a temp folder. The gene pool is a
 * random pool of the pack's own mapping network, built in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBuiltinPack } from './builtin-pack/build';
import { openPackFolder } from '../src/core/pool/open-pack-folder';
import { GenePool } from '../src/core/pool';
import { createFounders } from '../src/core/breeding/founders';
import { breed } from '../src/core/breeding/breed-pipeline';
import { labelFaces } from '../src/core/breeding/label-faces';
import { measure, describeAgeDirections } from '../src/core/breeding/age-measure';
import { WPLUS_LEN } from '../src/core/breeding/pack-runtime';
import { createRng } from '../src/core/genes/rng';
import { AGE_GROUPS, RACES, type AgeGroup, type Gender, type Race } from '../src/core/genes/regions';
import type { AgeDirections } from '../src/core/genes/age-directions';
import type { DonorGenes } from '../src/core/genes/shape';
import { DEFAULT_AGE_STRENGTH } from '../src/core/genes/settings';
import { shiftAge } from '../src/core/genes/age-shift';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const COUPLES = Number(arg('couples', '200'));
const POOL = Number(arg('pool', '3000'));
const STRENGTHS = arg('strengths', `0.5,${DEFAULT_AGE_STRENGTH},1.5`).split(',').map(Number);
const PARENT_AGES: AgeGroup[] = ['20-29', '30-39', '40-49', '50-59'];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

interface Tally {
  exact: number;
  within1: number;
  n: number;
  perTarget: number[][]; // [target][read]
}
const tally = (): Tally => ({ exact: 0, within1: 0, n: 0, perTarget: AGE_GROUPS.map(() => AGE_GROUPS.map(() => 0)) });

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-age-'));
  let packDir = arg('pack', '');
  if (!packDir) {
    packDir = join(tmp, 'builtin');
    await buildBuiltinPack(packDir);
  }
  const { runtime, dispose } = await openPackFolder(packDir, 64);
  const latentModel = runtime.pack.manifest.io.attributesInput === 'wplus';
  console.log(`pack: ${runtime.pack.manifest.name} ${runtime.pack.manifest.version}; attributes model reads ${latentModel ? 'LATENTS (W+), not images: the figures below say how the latent reads, which is what the built-in generator draws from' : 'generated images'}`);
  console.log(`${COUPLES} couples × ${AGE_GROUPS.length} target ages, one child each; shared 2-core CPU, timings noisy`);
  try {
    const t0 = performance.now();
    const pool = await GenePool.open(runtime, join(tmp, 'pool.kpool'), { create: true });
    await pool.buildRandom({ count: POOL, seed: 1 });
    console.log(`gene pool: ${pool.counts().total} random entries of the pack (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const t1 = performance.now();
    const fromPool = await measure(runtime, pool.index);
    const fromMapping = await measure(runtime, null);
    console.log(`measured in ${((performance.now() - t1) / 1000).toFixed(1)} s:`);
    for (const d of [fromPool, fromMapping]) {
      console.log(`  ${describeAgeDirections(d)}`);
      console.log(`    layer scores (${d.layerMethod}): ${d.layerScores.map((s) => s.toFixed(2)).join(' ')}`);
      for (const w of d.widened) console.log(`    widened: ${w}`);
    }

    // Parents: adults of 20-59, a male father and a female mother, from their own seeds.
    const requests = Array.from({ length: COUPLES }, (_, i) => [
      { seed: 10_000 + 2 * i, ageGroup: PARENT_AGES[i % 4], gender: 'male' as Gender },
      { seed: 10_001 + 2 * i, ageGroup: PARENT_AGES[(i >> 2) % 4], gender: 'female' as Gender },
    ]).flat();
    const founders = await createFounders(runtime, requests);

    const modes: Array<{ name: string; strength: number; dirs: AgeDirections | null }> = [
      { name: 'off (the paper: pool donors of the target group)', strength: 0, dirs: null },
      ...STRENGTHS.map((s) => ({ name: `on, pool directions, strength ${s}`, strength: s, dirs: fromPool })),
      { name: `on, mapping-network directions (no pool needed), strength ${DEFAULT_AGE_STRENGTH}`, strength: DEFAULT_AGE_STRENGTH, dirs: fromMapping },
    ];
    const results = modes.map(tally);
    const perChildMs: number[] = [];
    let checked = false;
    for (let i = 0; i < COUPLES; i++) {
      const f = founders[2 * i]!;
      const m = founders[2 * i + 1]!;
      const childGender: Gender = i % 2 ? 'female' : 'male';
      const races = [...new Set([f.attributes?.race, m.attributes?.race].filter((r): r is Race => !!r))];
      // One child per target through the pipeline with age control off (the paper); the
      // "on" children are that child moved by the pipeline's own step 7 (shiftAge), which
      // is the last latent step, so this is the same child breeding with age on gives
      // (checked bit for bit on the first couple below).
      const latents = new Float32Array(AGE_GROUPS.length * modes.length * WPLUS_LEN);
      for (const [t, target] of AGE_GROUPS.entries()) {
        const seed = 1000 * i + t;
        const sample = await pool.sampleDonors({ ageGroup: target, gender: childGender, races: races.length ? races : [...RACES], k: 16, rng: createRng(seed).fork('pool') });
        const donors: DonorGenes[] = sample.donors;
        const request = { father: { id: 'F', wplus: f.wplus }, mother: { id: 'M', wplus: m.wplus }, settings: {}, seed, count: 1, donors, childGender };
        const ts = performance.now();
        const paper = (await breed(runtime, request, { images: false })).children[0]!.wplus;
        perChildMs.push(performance.now() - ts);
        for (const [k, mode] of modes.entries()) {
          const x = mode.dirs && mode.strength > 0 ? shiftAge(paper, mode.dirs, { target, strength: mode.strength, gender: childGender }).wplus : paper;
          latents.set(x, (t * modes.length + k) * WPLUS_LEN);
          if (!checked && mode.dirs) {
            const direct = await breed(runtime, { ...request, settings: { age: { target, strength: mode.strength } }, ageDirections: mode.dirs }, { images: false });
            if (!Buffer.from(direct.children[0]!.wplus.buffer).equals(Buffer.from(x.buffer))) throw new Error('breeding with age control differs from the paper child moved by shiftAge');
            checked = true;
          }
        }
      }
      const labels = latentModel ? await labelFaces(runtime, latents) : await labelFaces(runtime, latents, {});
      for (const [t] of AGE_GROUPS.entries()) {
        for (const [k] of modes.entries()) {
          const read = AGE_GROUPS.indexOf(labels![t * modes.length + k]!.ageGroup);
          const r = results[k]!;
          r.n++;
          if (read === t) r.exact++;
          if (Math.abs(read - t) <= 1) r.within1++;
          r.perTarget[t]![read]!++;
        }
      }
      if ((i + 1) % 20 === 0) process.stderr.write(`  ${i + 1}/${COUPLES} couples\n`);
    }

    const pct = (a: number, n: number): string => `${((100 * a) / n).toFixed(1)} %`.padStart(8);
    console.log(`\nage group read by the attributes model${latentModel ? ' (from the latent)' : ''} vs target, ${results[0]!.n} children per row`);
    console.log('mode'.padEnd(84) + '   exact  within 1');
    modes.forEach((mode, k) => console.log(mode.name.padEnd(84) + pct(results[k]!.exact, results[k]!.n) + '  ' + pct(results[k]!.within1, results[k]!.n)));
    for (const k of [0, 1 + STRENGTHS.indexOf(DEFAULT_AGE_STRENGTH)].filter((x) => x >= 0 && x < modes.length)) {
      console.log(`\nper target, ${modes[k]!.name}: share within one group (most read group)`);
      results[k]!.perTarget.forEach((row, t) => {
        const n = row.reduce((a, b) => a + b, 0);
        const w = row.reduce((a, c, r) => a + (Math.abs(r - t) <= 1 ? c : 0), 0);
        const top = row.indexOf(Math.max(...row));
        console.log(`  ${AGE_GROUPS[t]!.padEnd(6)} ${pct(w, n)}   (mostly read ${AGE_GROUPS[top]})`);
      });
    }
    const sorted = [...perChildMs].sort((a, b) => a - b);
    console.log(`\nper paper child (breed 1, up to the latent, no generator): p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms; peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB (this process; inference runs in-process here)`);
    pool.close();
  } finally {
    clearInterval(sampler);
    await dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
