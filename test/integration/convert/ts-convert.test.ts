/**
 * The TypeScript converter (no Python at run time) against the Python converter, its
 * independent second implementation: random-weight checkpoints in the official layouts
 * (tools/convert/make_random.py, generator at 32² for CI time, LGE and decoder at full
 * size) are converted by both, and every output of every graph (the e4e encoder too) must
 * agree within 1e-5 relative to the output's magnitude. A planted architectural bug (the LGE's token order
 * transposed) must make the cross-check fail. Uses CI-provided Python (Debian's
 * python3-torch) only to make the checkpoints and the reference pack; skips without it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';
import { crossCheck, CROSS_TOLERANCE } from '../../../tools/convert/cross-check';
import { convertStyleGene } from '../../../src/core/stylegene/convert-pack';
import { readPack } from '../../../src/core/packs/pack-loader';
import { openPackFolder } from '../../../src/core/pool/open-pack-folder';
import { createFounders } from '../../../src/core/breeding/founders';
import { breed } from '../../../src/core/breeding/breed-pipeline';

const { onnx } = onnxProto;
const python = findPython();
if (!python) console.warn('skipping the TypeScript/Python converter cross-check: /usr/bin/python3 has no torch/onnx (CI installs python3-torch python3-onnx)');

let root: string;
const ck = (): string => join(root, 'ck');
const tsPack = (): string => join(root, 'ts');
const pyPack = (): string => join(root, 'py');
const parity = (): string => join(root, 'parity');

describe.skipIf(!python)('TypeScript StyleGene converter', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kinship-tsconvert-'));
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck(), '--resolution', '32'], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(mk.stderr);
    // The Python converter on all four files, e4e included (its encoder export measured 33 s
    // on 2 loaded cores), so every graph, the encoder too, is cross-checked.
    const pyCk = join(root, 'ck-py');
    mkdirSync(pyCk);
    for (const f of ['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt', 'e4e_ffhq_encode.pt', 'res34_fair_align_multi_7_20190809.pt']) copyFileSync(join(ck(), f), join(pyCk, f));
    const py = spawnSync(python!, ['tools/convert/convert.py', '--checkpoints', pyCk, '--out', pyPack(), '--parity-dir', parity()], { encoding: 'utf8', timeout: 300_000 });
    if (py.status !== 0) throw new Error(py.stdout + py.stderr);
    mkdirSync(tsPack());
    await convertStyleGene({ checkpointsDir: ck(), outDir: tsPack() });
  }, 400_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('every output of every graph (e4e encoder included) agrees with the Python converter within 1e-5 relative', async () => {
    const res = await crossCheck(tsPack(), pyPack(), parity());
    expect(res.map((r) => `${r.role}.${r.output}`).sort()).toEqual(['attributes.logits', 'decoder.wplus', 'encoder.wplus', 'generator.image', 'lge.logvar', 'lge.mu', 'mapping.w']);
    for (const r of res) expect(r.relToPython, `${r.role}.${r.output}`).toBeLessThanOrEqual(CROSS_TOLERANCE);
    const m = readPack(tsPack()).manifest;
    expect(m).toMatchObject({ id: 'stylegene-ffhq', resolution: 32, dtype: 'float32' });
    // The checkpoint's latent_avg is wAvg in both packs.
    const pyM = JSON.parse(readFileSync(join(pyPack(), 'manifest.json'), 'utf8')) as { wAvg: number[]; latentAvg: number[] };
    expect(m.wAvg).toEqual(pyM.wAvg);
  }, 200_000);

  it('the e4e encoder graph also matches PyTorch’s output (saved by the Python converter; 1e-4 relative: two runtimes), with its latent_avg', async () => {
    const f32 = (p: string): Float32Array => {
      const b = readFileSync(p);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const s = await ort.InferenceSession.create(join(tsPack(), 'encoder.onnx'));
    const out = (await s.run({ image: new ort.Tensor('float32', f32(join(parity(), 'encoder.input.image.f32')), [2, 3, 256, 256]) })).wplus!.data as Float32Array;
    await s.release();
    const want = f32(join(parity(), 'encoder.output.wplus.f32'));
    let d = 0;
    let mx = 0;
    want.forEach((v, i) => {
      d = Math.max(d, Math.abs(v - out[i]!));
      mx = Math.max(mx, Math.abs(v));
    });
    expect(out.length).toBe(want.length);
    expect(d / mx).toBeLessThan(1e-4);
    const pyM = JSON.parse(readFileSync(join(pyPack(), 'manifest.json'), 'utf8')) as { latentAvg: number[] };
    expect(readPack(tsPack()).manifest.latentAvg).toEqual(pyM.latentAvg);
    // 8 rows of latent_avg for a 32² generator, the last repeated up to 18 (as tools/convert does).
    const m = readPack(tsPack()).manifest;
    expect(m.latentAvg).toHaveLength(18 * 512);
    expect(m.latentAvg!.slice(17 * 512)).toEqual(m.latentAvg!.slice(7 * 512, 8 * 512));
  }, 200_000);

  it('fails the cross-check when the LGE token order is transposed (a planted bug)', async () => {
    const bad = join(root, 'bad');
    cpSync(tsPack(), bad, { recursive: true });
    const model = onnx.ModelProto.decode(readFileSync(join(bad, 'lge.onnx')));
    const graph = model.graph!;
    // Tokens read as region-major ([34,18]) and then swapped into [18,34]: the same values, in the wrong cells.
    for (const init of graph.initializer ?? []) {
      const raw = init.rawData;
      if (init.dataType === onnx.TensorProto.DataType.INT64 && raw && raw.length === 32) {
        const v = new BigInt64Array(Uint8Array.from(raw).buffer);
        if (v.join(',') === '0,18,34,512') init.rawData = new Uint8Array(BigInt64Array.from([0n, 34n, 18n, 512n]).buffer);
      }
    }
    let swapped = 0;
    for (const n of graph.node ?? []) {
      if (n.opType === 'Identity' && ['mu', 'logvar'].includes(n.output![0]!)) {
        n.opType = 'Transpose';
        n.attribute = [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1, 3] }];
        swapped++;
      }
    }
    expect(swapped).toBe(2);
    writeFileSync(join(bad, 'lge.onnx'), onnx.ModelProto.encode(model).finish());
    const res = await crossCheck(bad, pyPack(), parity(), CROSS_TOLERANCE, ['lge']);
    expect(res).toHaveLength(2);
    for (const r of res) {
      expect(r.ok).toBe(false);
      expect(r.relToPython).toBeGreaterThan(1e-2);
    }
  }, 120_000);

  it('the pack breeds reproducible children through the studio pipeline', async () => {
    const { runtime, dispose } = await openPackFolder(tsPack());
    try {
      const [f, m] = await createFounders(runtime, [{ seed: 1 }, { seed: 2 }]);
      const req = { father: { id: 'F', wplus: f!.wplus }, mother: { id: 'M', wplus: m!.wplus }, settings: {}, seed: 42, count: 2 };
      const one = await breed(runtime, req);
      expect(one.images.length).toBe(2 * 3 * 32 * 32);
      expect(one.images.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
      const two = await breed(runtime, req);
      expect(Buffer.from(two.images.buffer).equals(Buffer.from(one.images.buffer))).toBe(true);
    } finally {
      await dispose();
    }
  }, 120_000);

  it('names the file and the first wrong key or shape, before writing any graph', async () => {
    // StyleGene with N=17: every token-mixer weight has the wrong shape.
    const wrong = join(root, 'wrong');
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', wrong, '--resolution', '32', '--no-e4e', '--no-fairface', '--N', '17'], { encoding: 'utf8' });
    expect(mk.status, mk.stderr).toBe(0);
    const out = join(root, 'out-wrong');
    mkdirSync(out);
    await expect(convertStyleGene({ checkpointsDir: wrong, outDir: out })).rejects.toThrow(/^stylegene_N18\.ckpt: key 'w2sub34\.layer\.1\.weight' has shape \[578,17\], expected \[612,18\]/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(out)).toEqual([]);
    // A generator checkpoint under the StyleGene name: missing keys, named.
    const swapped = join(root, 'swapped');
    mkdirSync(swapped);
    copyFileSync(join(ck(), 'stylegan2-ffhq-config-f.pt'), join(swapped, 'stylegan2-ffhq-config-f.pt'));
    copyFileSync(join(ck(), 'stylegan2-ffhq-config-f.pt'), join(swapped, 'stylegene_N18.ckpt'));
    await expect(convertStyleGene({ checkpointsDir: swapped, outDir: out })).rejects.toThrow(/^stylegene_N18\.ckpt: (missing key 'w2sub34\.|expected a dict)/);
  }, 120_000);
});
