/**
 * Figures for the authors' gene pool (prints, asserts nothing):
 *   npx tsx tools/bench-gene-file.ts --file geneFactorPool.pkl [--children 64]
 *  - index + import: time to parse the pickle and record every entry's offsets, and the
 *    pool file's size afterwards (the genes are not copied);
 *  - donors of the largest group (every entry, as the reference), then the crossover of
 *    `--children` children in this thread (the worker runs the same code): time per child
 *    (p50, p95), gene reads per child (each 2 × 1.2 MB at its offset);
 *  - peak RSS of this process (no child processes).
 * A file of the same structure at any size comes from tools/convert/make_gene_pool.py.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENE_LEN } from '../src/core/breeding/pack-runtime';
import { breedChildGenes } from '../src/core/genes/crossover';
import { childRng } from '../src/core/genes/rng';
import { parseBreedSettings } from '../src/core/genes/settings';
import { donorId } from '../src/core/pool/donor-sampler';
import { GeneFileReader, geneFileDonor } from '../src/core/pool/gene-file-reader';
import { indexGeneFactorPool } from '../src/core/pool/gene-factor-pool';
import { importGeneFile } from '../src/core/pool/import-gene-file';
import { PoolIndex } from '../src/core/pool/pool-index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const file = arg('file');
if (!file) {
  console.error('usage: npx tsx tools/bench-gene-file.ts --file geneFactorPool.pkl [--children 64]');
  process.exit(2);
}
const CHILDREN = Number(arg('children') ?? 64);

function pct(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

const work = mkdtempSync(join(tmpdir(), 'kinship-bench-genefile-'));
try {
  const size = statSync(file).size;
  console.log(`file: ${file} (${(size / 2 ** 30).toFixed(2)} GiB)`);
  let t = performance.now();
  const indexed = await indexGeneFactorPool(file);
  const tIndex = performance.now() - t;
  const pool = PoolIndex.open(join(work, 'bench.kpool'), { packId: 'bench', packVersion: '0', lgeSha256: '0'.repeat(64) });
  t = performance.now();
  const r = importGeneFile(pool, indexed);
  const tImport = performance.now() - t;
  pool.db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`index (parse the pickle, record offsets): ${(tIndex / 1000).toFixed(2)} s for ${r.entries} entries; insert into the pool: ${(tImport / 1000).toFixed(2)} s`);
  console.log(`pool file after import: ${(statSync(pool.path).size / 1024).toFixed(0)} KiB (${(statSync(pool.path).size / r.entries).toFixed(0)} bytes per entry)`);

  // The largest group: every entry is a donor, as in the reference.
  const c = pool.counts();
  let best = { n: -1, ageGroup: c.ageGroups[0]!, gender: c.genders[0]!, race: c.races[0]! };
  c.counts.forEach((byGender, a) =>
    byGender.forEach((byRace, g) => byRace.forEach((n, ri) => {
      if (n > best.n) best = { n, ageGroup: c.ageGroups[a]!, gender: c.genders[g]!, race: c.races[ri]! };
    })),
  );
  const key = `${best.ageGroup}-${best.gender}-${best.race}`;
  const ids = pool.matchingIds({ ageGroups: [best.ageGroup], gender: best.gender, races: [best.race] });
  const reader = new GeneFileReader();
  const refs = pool.geneRefs(ids);
  const donors = ids.map((id, k) => geneFileDonor(donorId(pool.uid, id), refs[k]!, reader));
  console.log(`donors: all ${donors.length} entries of ${key}`);
  const zero = { mu: new Float32Array(GENE_LEN), logvar: new Float32Array(GENE_LEN) };
  const settings = parseBreedSettings({});
  const times: number[] = [];
  const reads: number[] = [];
  for (let k = 0; k < CHILDREN; k++) {
    const before = reader.reads;
    t = performance.now();
    breedChildGenes({ father: { ...zero, id: 'F' }, mother: { ...zero, id: 'M' }, donors }, settings, childRng(1, k));
    times.push(performance.now() - t);
    reads.push(reader.reads - before);
  }
  console.log(
    `crossover per child (incl. reading its donors' genes from the file): p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms; ` +
      `entries read per child: p50 ${pct(reads, 0.5)}, p95 ${pct(reads, 0.95)} (cache ${reader.maxBytes / 2 ** 20} MiB, n=${CHILDREN})`,
  );
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB`);
  pool.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
