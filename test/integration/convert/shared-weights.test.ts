/**
 * The generator and its preview graph share one external-data file, `generator.weights`
 * (docs/stylegene-pack.md, "Preview graph"), in float32 and in the fp16/ variant: a
 * StyleGene-layout pack with random weights (tools/convert/make_random.py, generator at 64²,
 * preview at 32² so the test stays small) installed by the TypeScript converter.
 *
 * References independent of the converter: the checkpoint's own tensor bytes (counted by
 * PyTorch), and the project's PyTorch modules (generator_reference.py) for the images.
 * Checked: both graph files are tiny and every weight is in the shared file once (not twice:
 * the file is about the generator's weights, not generator + preview); the studio's worker
 * opens both graphs and they agree with PyTorch within 1e-4 relative, the fp16 ones with
 * float32 within the fp16 tolerance; a missing, moved or truncated weights file gives a
 * PackError naming the pack and the file, and the worker names it too. Needs Debian's
 * python3-torch (CI installs it); skips without it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';
import { FP16_TOLERANCE } from '../../../tools/convert/parity';
import { convertStyleGene } from '../../../src/core/stylegene/convert-pack';
import { readPack } from '../../../src/core/packs/pack-loader';
import { PackError } from '../../../src/core/packs/pack-error';
import { externalDataRefs, type ExternalDataRef } from '../../../src/core/onnx/external-data-refs';
import { InferenceEngine, InferenceError } from '../../../src/core/inference/inference-engine';
import { relErr } from '../../../tools/convert/cross-check';
import { readF32 } from '../../../tools/convert/parity';
import { onBothVariants } from '../../support/pack-variants';

const python = findPython();
if (!python) console.warn('skipping the shared-weights pack test: /usr/bin/python3 has no torch (CI installs python3-torch)');
const RES = 64;
const PREVIEW = 32;

let root: string;
const pack = (): string => join(root, 'pack');
const ref = (): string => join(root, 'ref');


/** Distinct [offset, length] ranges the refs read. */
function ranges(refs: ExternalDataRef[]): Map<string, number> {
  return new Map(refs.map((r) => [`${r.offset}+${r.length}`, r.length!]));
}
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

describe.skipIf(!python)('generator and preview share generator.weights', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kinship-shared-weights-'));
    const ck = join(root, 'ck');
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck, '--resolution', String(RES), '--no-e4e', '--no-fairface'], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(mk.stderr);
    const py = spawnSync(python!, ['test/integration/convert/generator_reference.py', join(ck, 'stylegan2-ffhq-config-f.pt'), String(PREVIEW), ref()], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(py.stderr);
    mkdirSync(pack());
    await convertStyleGene({ checkpointsDir: ck, outDir: pack(), previewResolution: PREVIEW, fp16: true });
  }, 180_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('keeps every weight of both graphs once, in one file about the generator’s weights (float32 and fp16)', () => {
    const info = readPack(pack());
    expect(info.manifest.io.generatorPreview).toBe(PREVIEW);
    const synthesisBytes = (JSON.parse(readFileSync(join(ref(), 'info.json'), 'utf8')) as { synthesisBytes: number }).synthesisBytes;
    const sizes: Record<string, number> = {};
    for (const dir of [pack(), join(pack(), 'fp16')]) {
      const gen = externalDataRefs(join(dir, 'generator.onnx'));
      const pre = externalDataRefs(join(dir, 'generator-preview.onnx'));
      expect(statSync(join(dir, 'generator.onnx')).size, dir).toBeLessThan(64 * 1024);
      expect(statSync(join(dir, 'generator-preview.onnx')).size, dir).toBeLessThan(64 * 1024);
      for (const r of [...gen, ...pre]) expect(r.location).toBe('generator.weights');
      const g = ranges(gen);
      const p = ranges(pre);
      // Every tensor of the preview is one of the generator's: same place in the file.
      for (const k of p.keys()) expect(g.has(k), `preview range ${k}`).toBe(true);
      expect(sum(p) / sum(g), 'the preview reads most of the generator’s weights').toBeGreaterThan(0.5);
      const file = statSync(join(dir, 'generator.weights')).size;
      // About the generator's weights (plus page padding), not generator + preview.
      expect(file).toBeGreaterThanOrEqual(sum(g));
      expect(file).toBeLessThan(sum(g) + 4096 * g.size);
      expect(file).toBeLessThan(sum(g) + 0.5 * sum(p));
      // No tensor stored twice under two offsets.
      const fd = openSync(join(dir, 'generator.weights'), 'r');
      const digests = new Set<string>();
      try {
        for (const k of g.keys()) {
          const [off, len] = k.split('+').map(Number) as [number, number];
          const b = Buffer.alloc(len);
          readSync(fd, b, 0, len, off);
          digests.add(createHash('sha256').update(b).digest('hex'));
        }
      } finally {
        closeSync(fd);
      }
      expect(digests.size).toBe(g.size);
      sizes[dir] = file;
    }
    // float32: the synthesis network's tensors as the checkpoint holds them (PyTorch's count),
    // plus what the graph derives from them (demodulation sums, per-channel blur kernels).
    const ratio = sizes[pack()]! / synthesisBytes;
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.2);
    const half = sizes[join(pack(), 'fp16')]! / sizes[pack()]!;
    expect(half).toBeGreaterThan(0.45);
    expect(half).toBeLessThan(0.55);
  });

  it('the studio’s worker opens both graphs, float32 and fp16, and they agree with PyTorch', async () => {
    const info = readPack(pack());
    const wplus = readF32(join(ref(), 'wplus.f32'));
    const outs = await onBothVariants(info, async (runtime) => {
      expect(runtime.previewResolution).toBe(PREVIEW);
      return { image: (await runtime.generator(wplus)).image, preview: await runtime.preview(wplus) };
    });
    expect(relErr(outs.float32.image, readF32(join(ref(), 'image.f32')))).toBeLessThan(1e-4);
    expect(relErr(outs.float32.preview, readF32(join(ref(), 'preview.f32')))).toBeLessThan(1e-4);
    // fp16 against float32 (inputs rounded to half on the way in): the fp16 parity tolerance.
    expect(relErr(outs.float16.image, outs.float32.image)).toBeLessThan(FP16_TOLERANCE);
    expect(relErr(outs.float16.preview, outs.float32.preview)).toBeLessThan(FP16_TOLERANCE);
  }, 60_000);

  it('a missing, moved or truncated generator.weights is a PackError naming the pack and the file', async () => {
    const weights = join(pack(), 'generator.weights');
    const folder = readPack(pack()).folder;
    const expectPackError = (file: string, problem: RegExp): void => {
      let err: unknown;
      try {
        readPack(pack());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PackError);
      const e = err as PackError;
      expect(e.code).toBe('invalid-input');
      expect(e.file).toBe(file);
      expect(e.message).toMatch(new RegExp(`^Model pack at ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${file.replace('.', '\\.')}: `));
      expect(e.message).toMatch(problem);
    };
    // Moved away (as if deleted).
    renameSync(weights, join(root, 'moved.weights'));
    try {
      expectPackError('generator.weights', /file is missing \(generator\.onnx keeps \d+ of its weights there; reinstall the pack\)/);
    } finally {
      renameSync(join(root, 'moved.weights'), weights);
    }
    // Truncated (an interrupted copy).
    copyFileSync(weights, join(root, 'backup.weights'));
    try {
      truncateSync(weights, Math.floor(statSync(weights).size / 2));
      expectPackError('generator.weights', /file is truncated: \d+ bytes, the graph reads up to byte \d+ \(generator\.onnx keeps/);
      // Past the loader (the file cut after the pack was read): the worker names it, onnxruntime is not reached.
      const engine = new InferenceEngine();
      try {
        const opened = engine.openPack({ packKey: 'x', files: { generator: join(pack(), 'generator.onnx') }, specs: {}, dtype: 'float32', providers: ['cpu'] });
        await expect(opened).rejects.toBeInstanceOf(InferenceError);
        await expect(opened).rejects.toMatchObject({ file: 'generator.weights', message: expect.stringMatching(/^file is truncated: /) });
      } finally {
        await engine.dispose();
      }
    } finally {
      renameSync(join(root, 'backup.weights'), weights);
    }
    // The fp16 variant's own file.
    const w16 = join(pack(), 'fp16', 'generator.weights');
    renameSync(w16, join(root, 'moved16.weights'));
    try {
      expectPackError('fp16/generator.weights', /file is missing \(fp16\/generator-preview\.onnx|file is missing \(fp16\/generator\.onnx/);
    } finally {
      renameSync(join(root, 'moved16.weights'), w16);
    }
    expect(() => readPack(pack())).not.toThrow();
  }, 60_000);
});

