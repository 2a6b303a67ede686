/**
 * Age, gender and race labels from the pack's attributes model, whichever input it
 * reads: the W+ latent directly, or the generated face resized to 224×224.
 */
import { decodeAttributes, type Attributes } from './attributes-decode';
import { WPLUS_LEN, type PackRuntime } from './pack-runtime';
import { rgbToChw, tensorToRgb224 } from './image-encode';

/**
 * Labels for W+ latents [N,18,512]; null when the pack has no attributes model.
 * `images` ([N,3,R,R] generator output) saves a generator run for image models.
 */
export async function labelFaces(
  runtime: PackRuntime,
  wplus: Float32Array,
  opts: { images?: Float32Array; signal?: AbortSignal } = {},
): Promise<Attributes[] | null> {
  if (!runtime.has('attributes')) return null;
  const n = wplus.length / WPLUS_LEN;
  if (n === 0) return [];
  const logits = await attributeLogits(runtime, wplus, opts);
  return Array.from({ length: n }, (_, k) => decodeAttributes(logits, k));
}

/** Raw [N,18] logits (race 7, gender 2, age 9) for W+ latents, whichever input the model reads. */
export async function attributeLogits(
  runtime: PackRuntime,
  wplus: Float32Array,
  opts: { images?: Float32Array; signal?: AbortSignal } = {},
): Promise<Float32Array> {
  return runtime.pack.manifest.io.attributesInput === 'wplus'
    ? runtime.attributes({ wplus }, { signal: opts.signal })
    : runtime.attributes({ image224: await faces224(runtime, wplus, opts) }, { signal: opts.signal });
}

/** Softmax-expected age group index (0..8) of sample `k` of FairFace-layout logits. */
export function expectedAgeIndex(logits: Float32Array, k: number): number {
  const o = k * 18 + 9;
  let max = -Infinity;
  for (let i = 0; i < 9; i++) max = Math.max(max, logits[o + i]!);
  let z = 0;
  let e = 0;
  for (let i = 0; i < 9; i++) {
    const p = Math.exp(logits[o + i]! - max);
    z += p;
    e += i * p;
  }
  return e / z;
}

async function faces224(runtime: PackRuntime, wplus: Float32Array, opts: { images?: Float32Array; signal?: AbortSignal }): Promise<Float32Array> {
  const images = opts.images ?? (await runtime.generator(wplus, { signal: opts.signal })).image;
  const n = wplus.length / WPLUS_LEN;
  const out = new Float32Array(n * 3 * 224 * 224);
  for (let k = 0; k < n; k++) out.set(rgbToChw(await tensorToRgb224(images, k, runtime.resolution), 224), k * 3 * 224 * 224);
  return out;
}
