/**
 * The one-step path with the authors' gene pool, through the CLI and a real converted pack:
 * random-weight checkpoints in the official layouts (32 px) plus a geneFactorPool.pkl of the
 * authors' structure in the same folder (both made by CI's Python with torch.save);
 * `packs install stylegene --from DIR` installs the pack and imports the pool as gene-only
 * entries; `breed` draws its donors from them; `pool import-genes` of a truncated file is
 * named and changes nothing; a bad pool file in the folder stops the install before any
 * pack is written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';

const python = findPython();
if (!python) console.warn('skipping gene pool install tests: CI-provided /usr/bin/python3 with torch is needed to make the checkpoints');

let root: string;
let ck: string;

function cli(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { env: { ...process.env, KINSHIP_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 300_000 });
}

describe.skipIf(!python)('StyleGene install with the authors’ gene pool (CLI)', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kinship-genepool-install-'));
    ck = join(root, 'ck');
    for (const args of [
      ['tools/convert/make_random.py', '--out', ck, '--resolution', '32', '--no-e4e', '--no-fairface'],
      ['tools/convert/make_gene_pool.py', '--out', join(ck, 'geneFactorPool.pkl')],
    ]) {
      const r = spawnSync(python!, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  }, 120_000);
  afterAll(() => root && rmSync(root, { recursive: true, force: true }));

  it('installs the pack and imports the pool from the same folder; breeding draws from its entries', () => {
    const dataDir = join(root, 'data');
    const r = cli(dataDir, 'packs', 'install', 'stylegene', '--from', ck);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('geneFactorPool.pkl: 8 gene-only entries in 5 groups');
    expect(r.stdout).toMatch(/gene pool: 8 gene-only entries from .*geneFactorPool\.pkl \(read in place; keep the file there\), 8 new; the pool has 8 entries/);
    // Offsets, not copies: the pool file is small beside the 20 MB of genes.
    const pools = readdirSync(join(dataDir, 'pools'));
    expect(pools).toContain('stylegene-ffhq.kpool');

    const sample = cli(dataDir, 'pool', 'sample', '--age', '0-2', '--gender', 'male', '--race', 'White', '--race', 'Black', '--k', '1');
    expect(sample.stdout).toContain('group used: age 0-2 male White or Black (5 entries); drew 5');
    expect(sample.stdout.match(/genes:0-2-male-(White|Black)#\d/g)).toHaveLength(5);

    const out = join(root, 'grid.png');
    const bred = cli(dataDir, 'breed', '--father-seed', '1', '--mother-seed', '2', '--children', '2', '--child-age', '0-2', '--child-gender', 'male', '--age-strength', '0', '--seed', '5', '--out', out);
    expect(bred.status, bred.stdout + bred.stderr).toBe(0);
    // The pack has no attributes model here, so the parents' races are unknown: any race.
    expect(bred.stdout).toMatch(/gene pool: age 0-2 male .* \(5 entries\)/);
    expect(existsSync(out)).toBe(true);

    // A truncated file is named; the pool is unchanged.
    const cut = join(root, 'cut.pkl');
    const bytes = readFileSync(join(ck, 'geneFactorPool.pkl'));
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4000));
    const bad = cli(dataDir, 'pool', 'import-genes', cut);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/cut\.pkl: /);
    expect(cli(dataDir, 'pool', 'stats').stdout).toContain('total entries: 8');
  }, 600_000);

  it('a bad gene pool file in the folder stops the install before anything is written', () => {
    const dataDir = join(root, 'data-bad');
    const folder = join(root, 'bad');
    mkdirSync(folder);
    for (const f of ['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt']) copyFileSync(join(ck, f), join(folder, f));
    const bytes = readFileSync(join(ck, 'geneFactorPool.pkl'));
    writeFileSync(join(folder, 'geneFactorPool.pkl'), bytes.subarray(0, bytes.length - 4000));
    const r = cli(dataDir, 'packs', 'install', 'stylegene', '--from', folder);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/geneFactorPool\.pkl: /);
    expect(existsSync(join(dataDir, 'packs', 'stylegene-ffhq'))).toBe(false);
    expect(existsSync(join(dataDir, 'pools'))).toBe(false);
    const staging = join(dataDir, 'downloads');
    expect(existsSync(staging) ? readdirSync(staging).filter((n) => n.startsWith('.staging')) : []).toEqual([]);
  }, 300_000);
});
