/** Small helpers to run a built pack with onnxruntime-node (preview and tests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DESIGN_PSI, NUM_WS, RESOLUTION, W_DIM } from './layout.js';
import { seededZ } from './prng.js';

export interface PackRunner {
  wAvg: Float32Array;
  resolution: number;
  mapping: ort.InferenceSession;
  generator: ort.InferenceSession;
  lge: ort.InferenceSession;
  decoder: ort.InferenceSession;
  attributes: ort.InferenceSession;
  release(): Promise<void>;
}

export async function openPack(dir: string): Promise<PackRunner> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { wAvg: number[]; resolution: number; files: Record<string, string> };
  const open = (k: string): Promise<ort.InferenceSession> =>
    ort.InferenceSession.create(join(dir, manifest.files[k]), { executionProviders: ['cpu'] });
  const [mapping, generator, lge, decoder, attributes] = await Promise.all(
    ['mapping', 'generator', 'lge', 'decoder', 'attributes'].map(open),
  );
  return {
    wAvg: Float32Array.from(manifest.wAvg),
    resolution: manifest.resolution,
    mapping,
    generator,
    lge,
    decoder,
    attributes,
    async release() {
      for (const s of [mapping, generator, lge, decoder, attributes]) await s.release();
    },
  };
}

/** Random founders as the app makes them: z → w → truncation → broadcast to 18 layers. */
export async function founders(p: PackRunner, z: Float32Array, psi = DESIGN_PSI): Promise<Float32Array> {
  const n = z.length / W_DIM;
  const out = await p.mapping.run({ z: new ort.Tensor('float32', z, [n, W_DIM]) });
  const w = out.w.data as Float32Array;
  const wplus = new Float32Array(n * NUM_WS * W_DIM);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < W_DIM; d++) {
      const v = p.wAvg[d] + psi * (w[i * W_DIM + d] - p.wAvg[d]);
      for (let l = 0; l < NUM_WS; l++) wplus[(i * NUM_WS + l) * W_DIM + d] = v;
    }
  }
  return wplus;
}

export async function foundersFromSeed(p: PackRunner, seed: number, n: number, psi = DESIGN_PSI): Promise<Float32Array> {
  return founders(p, seededZ(seed, n), psi);
}

export interface Rendered {
  image: Float32Array; // [B,3,R,R]
  masks: Float32Array; // [B,34,R,R]
  count: number;
}

export async function render(p: PackRunner, wplus: Float32Array, batch = 16): Promise<Rendered> {
  const n = wplus.length / (NUM_WS * W_DIM);
  const R = p.resolution;
  const image = new Float32Array(n * 3 * R * R);
  const masks = new Float32Array(n * 34 * R * R);
  for (let i = 0; i < n; i += batch) {
    const b = Math.min(batch, n - i);
    const chunk = wplus.subarray(i * NUM_WS * W_DIM, (i + b) * NUM_WS * W_DIM);
    const out = await p.generator.run({ wplus: new ort.Tensor('float32', chunk, [b, NUM_WS, W_DIM]) });
    image.set(out.image.data as Float32Array, i * 3 * R * R);
    masks.set(out.masks.data as Float32Array, i * 34 * R * R);
  }
  return { image, masks, count: n };
}

/** One sample's [3,R,R] image in [−1,1] as 8-bit RGB (row-major, interleaved). */
export function toRgb8(image: Float32Array, index: number, R: number = RESOLUTION): Uint8Array {
  const px = R * R;
  const out = new Uint8Array(px * 3);
  const base = index * 3 * px;
  for (let i = 0; i < px; i++) {
    for (let c = 0; c < 3; c++) {
      const v = (image[base + c * px + i] + 1) * 127.5;
      out[i * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}
