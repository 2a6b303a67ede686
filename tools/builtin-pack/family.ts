/**
 * Children of built-in founders the way the app breeds them: the pack's LGE, the app's
 * crossover (src/core/genes, default settings unless given, empty pool so the parents
 * are the donors), the pack's decoder, then layer fusion at the settings' layer.
 * Used by the sample sheets and the pixel tests.
 */
import * as ort from 'onnxruntime-node';
import { breedChildren } from '../../src/core/genes/crossover.js';
import { fuseLayers } from '../../src/core/genes/fusion.js';
import { parseBreedSettings, type BreedSettingsInput } from '../../src/core/genes/settings.js';
import { generatorAttributes } from './attributes.js';
import { NUM_REGIONS, NUM_WS, W_DIM } from './layout.js';
import { Prng } from './prng.js';
import { foundersFromSeed, PackRunner } from './runtime.js';

const S = NUM_WS * W_DIM;
const G = NUM_WS * NUM_REGIONS * W_DIM;

export interface Family {
  father: Float32Array;
  mother: Float32Array;
  children: Float32Array[];
}

async function genes(p: PackRunner, wplus: Float32Array): Promise<{ mu: Float32Array; logvar: Float32Array }> {
  const out = await p.lge.run({ wplus: new ort.Tensor('float32', wplus, [1, NUM_WS, W_DIM]) });
  return { mu: Float32Array.from(out.mu.data as Float32Array), logvar: Float32Array.from(out.logvar.data as Float32Array) };
}

/** Children of father × mother (W+ each), decoded and layer-fused as the app does. */
export async function breedWplus(p: PackRunner, father: Float32Array, mother: Float32Array, seed: number, count: number, settings: BreedSettingsInput = {}): Promise<Float32Array[]> {
  const s = parseBreedSettings(settings);
  const F = await genes(p, father);
  const M = await genes(p, mother);
  const results = breedChildren({ father: { ...F, id: 'F' }, mother: { ...M, id: 'M' } }, s, seed, count);
  const batch = new Float32Array(count * G);
  results.forEach((r, i) => batch.set(r.genes, i * G));
  const out = await p.decoder.run({ genes: new ort.Tensor('float32', batch, [count, NUM_WS, NUM_REGIONS, W_DIM]) });
  const w = out.wplus.data as Float32Array;
  return results.map((_, i) => fuseLayers(w.slice(i * S, (i + 1) * S), father, mother, s.fusionLayer));
}

/** Random adult couples (20–49, a man and a woman) from a seeded founder pool. */
export async function couples(p: PackRunner, seed: number, count: number): Promise<{ father: Float32Array; mother: Float32Array }[]> {
  const n = Math.max(240, count * 12);
  const pool = await foundersFromSeed(p, seed, n);
  const at = Array.from({ length: n }, (_, i) => generatorAttributes(pool, i));
  const adult = (g: number) => g >= 3 && g <= 5;
  const men = at.map((a, i) => (adult(a.ageGroup) && a.gender === 0 ? i : -1)).filter((i) => i >= 0);
  const women = at.map((a, i) => (adult(a.ageGroup) && a.gender === 1 ? i : -1)).filter((i) => i >= 0);
  if (men.length < count || women.length < count) throw new Error(`not enough adult founders for ${count} couples`);
  const take = (i: number) => pool.slice(i * S, (i + 1) * S);
  return Array.from({ length: count }, (_, k) => ({ father: take(men[k]), mother: take(women[k]) }));
}

export async function breedFamily(p: PackRunner, seed: number, count: number, parents?: { father: Float32Array; mother: Float32Array }): Promise<Family> {
  const par = parents ?? (await couples(p, seed, 1))[0];
  const rng = new Prng(seed);
  const children = await breedWplus(p, par.father, par.mother, Math.floor(rng.next() * 1e9), count);
  return { father: par.father, mother: par.mother, children };
}
