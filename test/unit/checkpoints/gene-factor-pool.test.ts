/**
 * The authors' gene pool structure (a small file made by torch.save in CI, same layout as
 * geneFactorPool.pkl): indexed by offset, genes read back equal what PyTorch saved, bad
 * group keys reported, wrong shapes named. Skips where /usr/bin/python3 has no torch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENE_LEN, indexGeneFactorPool, readGeneOnly } from '../../../src/core/pool/gene-factor-pool';

const PY = '/usr/bin/python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) console.warn('skipping gene pool import tests: /usr/bin/python3 has no torch (CI installs python3-torch)');

const MAKE = String.raw`
import sys, os, torch
out = sys.argv[1]
g = torch.Generator().manual_seed(5)
pool = {}
order = []
for key, n in (('20-29-male-White', 2), ('0-2-female-East Asian', 1), ('70+-female-Latino_Hispanic', 1), ('weird-key', 1)):
    pool[key] = []
    for i in range(n):
        mu = torch.randn(1, 18, 34, 512, generator=g)
        lv = torch.randn(1, 18, 34, 512, generator=g) * 0.1 - 2
        pool[key].append((mu, lv))
        if key != 'weird-key':
            order.append((mu, lv))
torch.save(pool, os.path.join(out, 'geneFactorPool.pkl'))
with open(os.path.join(out, 'expected.f32'), 'wb') as f:
    for mu, lv in order:
        mu.numpy().tofile(f)
        lv.numpy().tofile(f)
torch.save({'20-29-male-White': [(torch.zeros(1, 18, 34, 256), torch.zeros(1, 18, 34, 256))]}, os.path.join(out, 'bad.pkl'))
`;

let dir: string;

describe.skipIf(!hasTorch)('geneFactorPool.pkl import', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kinship-genepool-'));
    const r = spawnSync(PY, ['-c', MAKE, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes every (mu, logvar) by its offset in the file and reads the genes PyTorch saved', async () => {
    const idx = await indexGeneFactorPool(join(dir, 'geneFactorPool.pkl'));
    expect(idx.entries.map((e) => `${e.ageGroup}|${e.gender}|${e.race}|${e.index}`)).toEqual([
      '20-29|male|White|0',
      '20-29|male|White|1',
      '0-2|female|East Asian|0',
      '70+|female|Latino_Hispanic|0',
    ]);
    expect(idx.skippedKeys).toEqual([{ key: 'weird-key', reason: 'not of the form {age}-{gender}-{race}' }]);
    // Offsets point into the file (nothing copied): the file holds the index's bytes.
    for (const e of idx.entries) expect(e.muOffset + GENE_LEN * 4).toBeLessThanOrEqual(statSync(join(dir, 'geneFactorPool.pkl')).size);
    const { mu, logvar } = readGeneOnly(idx, idx.entries);
    const b = readFileSync(join(dir, 'expected.f32'));
    const want = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    idx.entries.forEach((_, k) => {
      const base = 2 * k * GENE_LEN;
      expect(Buffer.from(mu.buffer, k * GENE_LEN * 4, GENE_LEN * 4).equals(Buffer.from(want.buffer, base * 4, GENE_LEN * 4))).toBe(true);
      expect(Buffer.from(logvar.buffer, k * GENE_LEN * 4, GENE_LEN * 4).equals(Buffer.from(want.buffer, (base + GENE_LEN) * 4, GENE_LEN * 4))).toBe(true);
    });
  });

  it('names the file, group and item of a gene tensor with the wrong shape', async () => {
    await expect(indexGeneFactorPool(join(dir, 'bad.pkl'))).rejects.toThrow(/^bad\.pkl: group '20-29-male-White' item 0 mu has shape \[1,18,34,256\], expected \[1,18,34,512\]/);
  });
});
