import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltinRuntime } from '../support/builtin-pack';
import { createFounders } from '../../src/core/breeding/founders';
import { breed, type BreedRequest } from '../../src/core/breeding/breed-pipeline';
import { WPLUS_LEN, type PackRuntime } from '../../src/core/breeding/pack-runtime';
import type { InferenceEngine } from '../../src/core/inference/inference-engine';
import { REGION_NAMES } from '../../src/core/genes/regions';
import { sessionOptions } from '../../src/core/inference/session-options';
import * as ort from 'onnxruntime-node';
import { statSync } from 'node:fs';

let runtime: PackRuntime;
let engine: InferenceEngine;
let request: BreedRequest;

beforeAll(async () => {
  ({ runtime, engine } = await openBuiltinRuntime());
  const [f, m] = await createFounders(runtime, [{ seed: 11 }, { seed: 22 }]);
  request = { father: { id: 'F', wplus: f!.wplus }, mother: { id: 'M', wplus: m!.wplus }, settings: {}, seed: 7, count: 4 };
});
afterAll(async () => engine.dispose());

const allRegions = (kind: 'father' | 'mother') => Object.fromEntries(REGION_NAMES.map((_, i) => [i, { kind }]));
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('breeding pipeline on the built-in pack (real ONNX graphs)', () => {
  it('founders are reproducible from their seed and honour age and gender requests', async () => {
    const [a, b, c] = await createFounders(runtime, [{ seed: 5 }, { seed: 5 }, { seed: 9, ageGroup: '0-2', gender: 'female' }]);
    expect(Buffer.from(a!.wplus.buffer).equals(Buffer.from(b!.wplus.buffer))).toBe(true);
    expect(c!.attributes).toMatchObject({ ageGroup: '0-2', gender: 'female' });
    const [again] = await createFounders(runtime, [{ seed: 9, ageGroup: '0-2', gender: 'female' }]);
    expect(again!.candidate).toBe(c!.candidate);
  });

  it('same parents, settings and seed give the same children bit for bit; another seed differs', async () => {
    const one = await breed(runtime, request);
    const two = await breed(runtime, request);
    expect(Buffer.from(one.images.buffer).equals(Buffer.from(two.images.buffer))).toBe(true);
    one.children.forEach((c, k) => expect(Buffer.from(c.wplus.buffer).equals(Buffer.from(two.children[k]!.wplus.buffer))).toBe(true));
    const other = await breed(runtime, { ...request, seed: 8 });
    expect(maxAbsDiff(one.children[0]!.wplus, other.children[0]!.wplus)).toBeGreaterThan(0.01);
  });

  it('child k made alone equals child k of the batch', async () => {
    const batch = await breed(runtime, request);
    const alone = await breed(runtime, { ...request, indices: [2] });
    expect(Buffer.from(alone.children[0]!.wplus.buffer).equals(Buffer.from(batch.children[2]!.wplus.buffer))).toBe(true);
  });

  it('a single image (the generator’s one-thread session) is the default session’s image, bit for bit', async () => {
    const out = await breed(runtime, { ...request, indices: [1] });
    const path = runtime.pack.files.generator!;
    // The reference: onnxruntime's own session with the generator's usual options, in this thread.
    const session = await ort.InferenceSession.create(path, sessionOptions('cpu', 'generator', statSync(path).size));
    const ref = (await session.run({ wplus: new ort.Tensor('float32', out.children[0]!.wplus, [1, 18, 512]) }, ['image'])).image!.data as Float32Array;
    await session.release();
    expect(out.images.length).toBe(ref.length);
    expect(Buffer.from(out.images.buffer, out.images.byteOffset, out.images.byteLength).equals(Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength))).toBe(true);
  });

  it('all regions from the father with τ = 0 and no fusion reproduce the father', async () => {
    const out = await breed(runtime, { ...request, count: 1, settings: { temperature: 0, fusionLayer: 18, overrides: allRegions('father') } });
    expect(maxAbsDiff(out.children[0]!.wplus, request.father.wplus)).toBeLessThan(1e-4);
    const mom = await breed(runtime, { ...request, count: 1, settings: { temperature: 0, fusionLayer: 18, overrides: allRegions('mother') } });
    expect(maxAbsDiff(mom.children[0]!.wplus, request.mother.wplus)).toBeLessThan(1e-4);
  });

  it('layer fusion makes layers l..17 the parents’ average', async () => {
    const out = await breed(runtime, { ...request, count: 1, settings: { fusionLayer: 8 } });
    const w = out.children[0]!.wplus;
    for (let i = 8 * 512; i < WPLUS_LEN; i += 61) {
      expect(w[i]).toBeCloseTo(0.5 * (request.father.wplus[i]! + request.mother.wplus[i]!), 5);
    }
  });

  it('a cancel stops the run with an AbortError-style rejection', async () => {
    const controller = new AbortController();
    const running = breed(runtime, { ...request, count: 16 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toThrow(/cancel/i);
  });

  it.each([
    ['NaN in a latent', () => ({ ...request, father: { id: 'F', wplus: request.father.wplus.map((v, i) => (i === 100 ? NaN : v)) } }), /father\.wplus contains NaN/],
    ['Infinity in a latent', () => ({ ...request, mother: { id: 'M', wplus: request.mother.wplus.map((v, i) => (i === 3 ? Infinity : v)) } }), /mother\.wplus contains/],
    ['wrong latent length', () => ({ ...request, father: { id: 'F', wplus: new Float32Array(512) } }), /father\.wplus/],
    ['gamma out of range', () => ({ ...request, settings: { gamma: 1.5 } }), /gamma must be between 0 and 1/],
    ['eta out of range', () => ({ ...request, settings: { eta: -0.1 } }), /eta must be between 0 and 1/],
    ['too many children', () => ({ ...request, count: 65 }), /childCount|64/],
    ['bad seed', () => ({ ...request, seed: -1 }), /seed/],
  ])('refuses %s before running anything', async (_label, make, message) => {
    await expect(breed(runtime, make() as BreedRequest)).rejects.toThrow(message);
  });
});
