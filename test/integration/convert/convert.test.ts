/**
 * The StyleGene converter end to end on random-weight checkpoints in the official key
 * layouts (generator at 32×32 for CI time; LGE and decoder at full size): conversion,
 * ONNX-vs-PyTorch parity, the studio's own loader and breeding pipeline, the CLI, and
 * the error messages for missing, truncated and wrong checkpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython } from '../../../tools/convert/python';
import { openPackFolder } from '../../../src/core/pool/open-pack-folder';
import { createFounders } from '../../../src/core/breeding/founders';
import { breed } from '../../../src/core/breeding/breed-pipeline';
import type { PackRuntime } from '../../../src/core/breeding/pack-runtime';

const python = findPython();
if (!python) console.warn('skipping converter tests: /usr/bin/python3 has no torch/onnx (apt-get install -y python3-torch python3-onnx python3-numpy)');
const RES = 32;
const FILES = {
  stylegan2: 'stylegan2-ffhq-config-f.pt',
  e4e: 'e4e_ffhq_encode.pt',
  stylegene: 'stylegene_N18.ckpt',
  fairface: 'res34_fair_align_multi_7_20190809.pt',
} as const;

let root: string;
let ckpt: string;
let pack: string;
let convertOut = '';
let convertCode: number | null = null;

function makeRandom(out: string, extra: string[] = []) {
  const r = spawnSync(python!, ['tools/convert/make_random.py', '--out', out, '--resolution', String(RES), ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make_random failed: ${r.stderr}`);
}

function convert(ckDir: string, out: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/convert/convert.ts', '--checkpoints', ckDir, '--out', out, ...extra], {
    encoding: 'utf8',
    timeout: 400_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A checkpoint folder that links the good files and replaces some. */
function variant(name: string, replace: Partial<Record<keyof typeof FILES, (dest: string) => void>>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [k, f] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
    const fix = replace[k];
    if (fix) fix(join(dir, f));
    else symlinkSync(join(ckpt, f), join(dir, f));
  }
  return dir;
}

describe.skipIf(!python)('StyleGene checkpoint converter', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kinship-convert-'));
    ckpt = join(root, 'ckpt');
    pack = join(root, 'pack');
    makeRandom(ckpt);
    const r = convert(ckpt, pack);
    convertOut = r.out;
    convertCode = r.code;
  }, 420_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('converts official-layout checkpoints and every graph passes parity with PyTorch', () => {
    expect(convertOut).toContain("pack 'stylegene-ffhq'");
    expect(convertCode).toBe(0);
    for (const f of ['mapping', 'generator', 'encoder', 'lge', 'decoder', 'attributes']) expect(convertOut).toMatch(new RegExp(`parity ${f}\\.onnx .* ok`));
    expect(convertOut).not.toContain('FAIL');
    const m = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ id: 'stylegene-ffhq', resolution: RES, dtype: 'float32', io: { attributesInput: 'image', generatorMasks: false } });
    expect(m.wAvg).toHaveLength(512);
    expect(m.latentAvg).toHaveLength(18 * 512);
    expect(m.license).toMatch(/NVIDIA Source Code License-NC/);
  });

  it('the fused modulated convolution and upfirdn2d match the reference formulation', () => {
    const r = spawnSync(python!, ['test/integration/convert/fused_reference.py'], { encoding: 'utf8' });
    expect(r.stdout).toContain('modconv up=True demod=True');
    expect(r.status).toBe(0);
  });

  describe('the converted pack in the studio', () => {
    let runtime: PackRuntime;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ runtime, dispose } = await openPackFolder(pack));
    }, 120_000);
    afterAll(async () => dispose?.());

    it('loads with the app loader and breeds reproducible children through the whole pipeline', async () => {
      const [f, m] = await createFounders(runtime, [{ seed: 1 }, { seed: 2 }]);
      const req = { father: { id: 'F', wplus: f!.wplus }, mother: { id: 'M', wplus: m!.wplus }, settings: {}, seed: 42, count: 3 };
      const one = await breed(runtime, req);
      expect(one.children).toHaveLength(3);
      expect(one.resolution).toBe(RES);
      expect(one.images.length).toBe(3 * 3 * RES * RES);
      expect(one.images.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
      const two = await breed(runtime, req);
      expect(Buffer.from(two.images.buffer).equals(Buffer.from(one.images.buffer))).toBe(true);
      // Photo import: encoder output plus the manifest's latentAvg is a W+ the pipeline takes.
      const enc = await runtime.encoder(new Float32Array(3 * 256 * 256).fill(0.1));
      expect(enc.length).toBe(18 * 512);
    }, 120_000);
  });

  it('breeds through the CLI with the pack installed in the data folder', () => {
    const dataDir = join(root, 'data');
    cpSync(pack, join(dataDir, 'packs', 'stylegene'), { recursive: true });
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ activePackId: 'stylegene-ffhq' }));
    const env = { ...process.env, KINSHIP_DATA_DIR: dataDir };
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { env, encoding: 'utf8', timeout: 180_000 });
    // Saved founders: the image-input attributes model cannot pick seeded founders by gender.
    for (const [who, seed] of [['f', '1'], ['m', '2']] as const) {
      const f = cli(['founder', '--seed', seed, '--save', join(root, `${who}.json`)]);
      expect(f.status, f.stdout + f.stderr).toBe(0);
    }
    const grid = join(root, 'grid.png');
    const r = cli(['breed', '--father', join(root, 'f.json'), '--mother', join(root, 'm.json'), '--children', '2', '--seed', '5', '--cell-size', '32', '--out', grid]);
    expect(r.stdout + r.stderr).toContain('bred 2 children with seed 5');
    expect(r.status).toBe(0);
    expect(statSync(grid).size).toBeGreaterThan(0);
  }, 200_000);

  it('a missing required checkpoint is named', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    const r = convert(dir, join(root, 'out-missing'));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('stylegan2-ffhq-config-f.pt: file not found');
  });

  it('a truncated checkpoint is named as truncated', () => {
    const dir = variant('truncated', {
      stylegene: (dest) => {
        copyFileSync(join(ckpt, FILES.stylegene), dest);
        const fd = openSync(dest, 'r+');
        ftruncateSync(fd, Math.floor(statSync(dest).size / 2));
        closeSync(fd);
      },
    });
    const r = convert(dir, join(root, 'out-truncated'));
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/stylegene_N18\.ckpt: cannot be read - truncated/);
  }, 120_000);

  it('another architecture names the file and the first mismatching key and shape', () => {
    const other = join(root, 'n8');
    makeRandom(other, ['--N', '8', '--no-e4e', '--no-fairface']);
    const dir = variant('arch', { stylegene: (dest) => symlinkSync(join(other, FILES.stylegene), dest) });
    const r = convert(dir, join(root, 'out-arch'));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("stylegene_N18.ckpt: key 'w2sub34.layer.1.weight' has shape [272,8], expected [612,18]");
  }, 200_000);

  it('another resolution names the file and the first missing key', () => {
    const r = convert(ckpt, join(root, 'out-res'), ['--resolution', String(RES * 2)]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/stylegan2-ffhq-config-f\.pt: missing key 'convs\.6\.conv\.weight'/);
    // A generator of another resolution than the e4e encoder: the e4e file is named.
    const big = join(root, 'g64');
    spawnSync(python!, ['tools/convert/make_random.py', '--out', big, '--resolution', String(RES * 2), '--no-e4e', '--no-fairface']);
    const dir = variant('res-mix', { stylegan2: (dest) => symlinkSync(join(big, FILES.stylegan2), dest) });
    const mix = convert(dir, join(root, 'out-mix'));
    expect(mix.code).not.toBe(0);
    expect(mix.out).toMatch(/e4e_ffhq_encode\.pt: (missing key|key) 'encoder\.styles\.\d+/);
  }, 200_000);
});

