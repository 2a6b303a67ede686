/** The CLI as a user runs it: a real process, real files. */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { builtinResources, tempDir } from '../support/builtin-pack';

let resources: string;
let dataDir: string;
let outDir: string;

function cli(args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    env: { ...process.env, KINSHIP_RESOURCES_DIR: resources, KINSHIP_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: res.status, out: res.stdout + res.stderr };
}

beforeAll(async () => {
  resources = await builtinResources();
  dataDir = tempDir('kinship-cli-data-');
  outDir = tempDir('kinship-cli-out-');
});

describe('kinship CLI', () => {
  it('breeds 8 children from two seeds into a labelled grid and per-child files', async () => {
    const grid = join(outDir, 'grid.png');
    const kids = join(outDir, 'kids');
    const r = cli(['breed', '--father-seed', '1', '--mother-seed', '2', '--children', '8', '--seed', '42', '--cell-size', '128', '--out', grid, '--children-dir', kids]);
    expect(r.out).toContain('bred 8 children with seed 42');
    expect(r.code).toBe(0);
    const meta = await sharp(grid).metadata();
    // Two rows (parents, 8 children) of 128 px cells with captions; eight columns plus the title column.
    expect(meta.width).toBeGreaterThan(8 * 128);
    expect(meta.height).toBeGreaterThan(2 * 128);
    for (let i = 0; i < 8; i++) {
      expect(existsSync(join(kids, `child-42-${i}.png`))).toBe(true);
      const person = JSON.parse(readFileSync(join(kids, `child-42-${i}.json`), 'utf8'));
      expect(person.origin).toMatchObject({ kind: 'child', seed: 42, index: i, settings: { gamma: 0.47, eta: 0.4, fusionLayer: 8, temperature: 1 } });
    }
    // A saved child breeds again (stored latents as parents).
    const again = cli(['breed', '--father', join(kids, 'child-42-0.json'), '--mother', join(kids, 'child-42-1.json'), '--children', '2', '--seed', '1', '--out', join(outDir, 'g2.png')]);
    expect(again.code).toBe(0);
  });

  it.each([
    ['gamma out of range', ['--gamma', '1.5'], /gamma must be between 0 and 1/],
    ['eta out of range', ['--eta', '2'], /eta must be between 0 and 1/],
    ['too many children', ['--children', '65'], /--children must be an integer from 1 to 64/],
    ['unknown region', ['--region', 'tail=father'], /unknown region 'tail'/],
  ])('refuses %s with a clear error and writes nothing', (_label, extra, message) => {
    const out = join(outDir, `bad-${Math.random()}.png`);
    const r = cli(['breed', '--father-seed', '1', '--mother-seed', '2', '--out', out, ...extra]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a person file with NaN in its latent and writes nothing', () => {
    const founder = join(outDir, 'f.json');
    expect(cli(['founder', '--seed', '3', '--save', founder]).code).toBe(0);
    const person = JSON.parse(readFileSync(founder, 'utf8'));
    const bytes = Buffer.from(person.wplus, 'base64');
    bytes.writeFloatLE(NaN, 40);
    person.wplus = bytes.toString('base64');
    const broken = join(outDir, 'nan.json');
    writeFileSync(broken, JSON.stringify(person));
    const out = join(outDir, 'nan-grid.png');
    const r = cli(['breed', '--father', broken, '--mother-seed', '2', '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/father\.wplus contains NaN at index 10/);
    expect(existsSync(out)).toBe(false);
  });
});
