/**
 * The converter's float16 variant (packs install stylegene --fp16 → fp16/, manifest
 * filesFloat16), checked on the CPU, the only provider here: every fp16 graph loads with
 * onnxruntime-node, declares float16 inputs and outputs, holds its weights in half (about
 * half the bytes), and agrees with its float32 graph on seeded inputs within the fp16
 * parity tolerance (tools/convert/parity.ts); the studio's engine opens the variant with
 * dtype float16 and breeds children close to the float32 ones.
 *
 * What this does NOT show: on the CPU, onnxruntime computes most nodes in float32 (it
 * inserts casts around nodes that have no float16 CPU kernel), so half-precision
 * arithmetic (accumulation, overflow) is untested; the CUDA provider itself is untested
 * (no GPU here). Random-weight checkpoints from tools/convert/make_random.py (CI's
 * python3-torch), generator at 32², no e4e (its fp16 copy is the same transformation).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';
import { FP16_TOLERANCE } from '../../../tools/convert/parity';
import { convertStyleGene } from '../../../src/core/stylegene/convert-pack';
import { readPack, type PackInfo } from '../../../src/core/packs/pack-loader';
import { floatToHalf, halfToFloat } from '../../../src/core/inference/half';
import { checkedGraphBytes } from '../../../src/core/onnx/external-data-refs';
import { openPlans } from '../../../src/core/inference/execution-provider';
import { createFounders } from '../../../src/core/breeding/founders';
import { onBothVariants } from '../../support/pack-variants';
import { breed } from '../../../src/core/breeding/breed-pipeline';
import type { ModelRole } from '../../../src/core/packs/manifest';

const python = findPython();
if (!python) console.warn('skipping the fp16 pack test: /usr/bin/python3 has no torch (CI installs python3-torch)');

let root: string;
let info: PackInfo;

describe.skipIf(!python)('fp16 variant of the StyleGene pack (CPU)', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kinship-fp16-'));
    const ck = join(root, 'ck');
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck, '--resolution', '32', '--no-e4e'], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(mk.stderr);
    const pack = join(root, 'pack');
    mkdirSync(pack);
    await convertStyleGene({ checkpointsDir: ck, outDir: pack, fp16: true });
    info = readPack(pack);
  }, 180_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('every fp16 graph loads, takes and gives float16, is about half the size, and agrees with float32', async () => {
    const roles = Object.keys(info.files) as ModelRole[];
    expect(roles.sort()).toEqual(['attributes', 'decoder', 'generator', 'lge', 'mapping']);
    expect(Object.keys(info.filesFloat16 ?? {}).sort()).toEqual(roles);
    for (const role of roles) {
      const f32 = info.files[role]!;
      const f16 = info.filesFloat16![role]!;
      // Weights wherever they are: the generator's are in generator.weights beside its graph.
      const ratio = checkedGraphBytes(f16) / checkedGraphBytes(f32);
      expect(ratio, role).toBeGreaterThan(0.45);
      expect(ratio, role).toBeLessThan(0.55);
      const s32 = await ort.InferenceSession.create(f32);
      const s16 = await ort.InferenceSession.create(f16);
      try {
        const feeds32: Record<string, ort.Tensor> = {};
        const feeds16: Record<string, ort.Tensor> = {};
        for (const m of s16.inputMetadata) {
          if (!m.isTensor) throw new Error(`${role}: input ${m.name} is not a tensor`);
          expect(m.type, `${role} input ${m.name}`).toBe('float16');
          const shape = m.shape.map((d) => (typeof d === 'number' ? d : 2));
          const n = shape.reduce((a, b) => a * b, 1);
          // Values exactly representable in half, so both graphs see the same input.
          const x = halfToFloat(floatToHalf(Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(i * 0.37 + 0.1))));
          feeds32[m.name] = new ort.Tensor('float32', x, shape);
          feeds16[m.name] = new ort.Tensor('float16', floatToHalf(x), shape);
        }
        const o32 = await s32.run(feeds32);
        const o16 = await s16.run(feeds16);
        for (const name of s32.outputNames) {
          expect(o16[name]!.type, `${role} output ${name}`).toBe('float16');
          const ref = o32[name]!.data as Float32Array;
          const got = halfToFloat(o16[name]!.data as Uint16Array);
          let err = 0;
          let mag = 0;
          for (let i = 0; i < ref.length; i++) {
            err = Math.max(err, Math.abs(got[i]! - ref[i]!));
            mag = Math.max(mag, Math.abs(ref[i]!));
          }
          expect(err, `${role} ${name}: max |fp16 − fp32| ${err} (max |fp32| ${mag})`).toBeLessThanOrEqual(FP16_TOLERANCE * Math.max(1, mag));
        }
      } finally {
        await s16.release();
        await s32.release();
      }
    }
  }, 120_000);

  it('a GPU provider is offered the fp16 graphs first, the CPU only float32', () => {
    const plans = openPlans({ files: info.files, filesFloat16: info.filesFloat16, dtype: info.manifest.dtype }, ['cuda', 'cpu']);
    expect(plans.map((p) => [p.dtype, p.providers])).toEqual([
      ['float16', ['cuda']],
      ['float32', ['cuda', 'cpu']],
    ]);
    expect(plans[0]!.files).toBe(info.filesFloat16);
    expect(openPlans({ files: info.files, filesFloat16: info.filesFloat16, dtype: 'float32' }, ['cpu']).map((p) => p.dtype)).toEqual(['float32']);
  });

  it('the studio engine opens the variant as float16 and breeds children close to the float32 ones', async () => {
    const images = await onBothVariants(info, async (runtime) => {
      const [f, m] = await createFounders(runtime, [{ seed: 1 }, { seed: 2 }]);
      return (await breed(runtime, { father: { id: 'F', wplus: f!.wplus }, mother: { id: 'M', wplus: m!.wplus }, settings: {}, seed: 7, count: 2 })).images;
    });
    const [a, b] = [images.float32, images.float16];
    expect(b.length).toBe(a.length);
    let err = 0;
    for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
    // Images in [-1,1]; founders' W+ and genes pass through four fp16 graphs before the generator.
    expect(err).toBeLessThan(0.1);
    expect(err).toBeGreaterThan(0); // really the half graphs, not the float32 ones again
  }, 120_000);
});
