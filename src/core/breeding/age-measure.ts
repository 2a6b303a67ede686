/**
 * Measures a pack's age directions (docs/ARCHITECTURE.md "Age control") and caches
 * them in the data folder:
 *
 * - **source**: the gene pool's labelled W+ latents where the pool has entries of
 *   several age groups; otherwise the pack's own mapping network, labelled by its
 *   attributes model (a fixed seed, so every machine measures the same directions).
 * - **layers**: where the attributes model can read the effect, each layer (latent
 *   models) or block of layers (image models, which need the generator) is moved
 *   alone by the oldest-minus-youngest mean and the change of the expected age group
 *   is its score; without an attributes model the score is the spread of the group
 *   means per layer over that layer's variance. The fewest layers carrying 90 % of
 *   the total score are the age layers.
 *
 * The cache key is the pack fingerprint (id, version, LGE hash) and, for the pool,
 * its per-group counts: rebuilding or relabelling the pool re-measures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGE_GROUPS, GENDERS, RACES, isGender, isRace, type AgeGroup, type Gender, type Race } from '../genes/regions';
import {
  AGE_MEAN_KEYS,
  AgeMeanAccumulator,
  chooseAgeLayers,
  directionsFingerprint,
  layerScoresFromMeans,
  raceMeanKey,
  type RaceMeanKey,
  type AgeDirections,
  type AgeDirectionSource,
  type AgeMeanKey,
} from '../genes/age-directions';
import { packFingerprint } from '../pool/pack-fingerprint';
import type { PoolIndex } from '../pool/pool-index';
import { DEFAULT_PSI, founderZ, truncateToWplus } from './founders';
import { attributeLogits, expectedAgeIndex } from './label-faces';
import { decodeAttributes } from './attributes-decode';
import { NUM_WS, W_DIM, WPLUS_LEN, type PackRuntime } from './pack-runtime';

/** A group with fewer entries is widened (both genders, then neighbouring ages). */
export const MIN_GROUP_COUNT = 12;
/** Pool entries needed before the pool is the source (else the mapping network is). */
export const MIN_POOL_ENTRIES = 90;
/** Mapping-network samples: many for latent attributes models (cheap), few for image ones (a generator run each). */
export const MAPPING_SAMPLES_LATENT = 2048;
export const MAPPING_SAMPLES_IMAGE = 192;
export const MAPPING_SEED = 0x41474531; // "AGE1"
const PROBES_LATENT = 64;
const PROBES_IMAGE = 4;
const IMAGE_BLOCK = 3;
const LAYER_SHARE = 0.9;
const CHUNK = 64;

export class AgeControlUnavailable extends Error {}

export interface MeasureOptions {
  signal?: AbortSignal;
  onProgress?: (what: string, done: number, total: number) => void;
  /** Folder for the cache (`<data folder>/age-directions`); none = no cache. */
  cacheDir?: string;
}

/** The directions this pack uses now: the pool's where it has enough entries, else the mapping network's. */
export async function ageDirectionsFor(runtime: PackRuntime, pool: PoolIndex | null, opts: MeasureOptions = {}): Promise<AgeDirections> {
  // Only entries with a W+ can be averaged (gene-only entries of the authors' pool cannot).
  if (pool && pool.total({ withWplus: true }) >= MIN_POOL_ENTRIES && populatedAges(pool) >= 2) return measureCached(runtime, pool, opts);
  if (runtime.has('mapping') && runtime.has('attributes')) return measureCached(runtime, null, opts);
  const n = pool ? pool.total({ withWplus: true }) : 0;
  const why = n > 0 ? `its gene pool has only ${n} entries with a W+ (${MIN_POOL_ENTRIES} needed)` : 'it has no gene pool with W+ entries';
  throw new AgeControlUnavailable(
    `Age control is unavailable for the model pack '${runtime.pack.manifest.name}': ${why}, and it has no ${runtime.has('mapping') ? 'attributes model' : 'mapping network'} to measure age directions from. Build a gene pool (Tools → Gene Pool) or set the age strength to 0.`,
  );
}

/** One line for panels and the CLI: where the directions came from. */
export function describeAgeDirections(d: AgeDirections): string {
  const n = d.counts.any.reduce((a, b) => a + b, 0);
  const from = d.source === 'pool' ? `the gene pool (${n} entries)` : `the pack's mapping network (${n} samples labelled by its attributes model)`;
  const races = Object.keys(d.raceMeans ?? {}).length;
  return `age directions from ${from}, on W+ layers ${formatLayers(d.layers)}${races ? `; own age curves for ${races} gender–race pair(s)` : ''}${d.widened.length ? `; ${d.widened.length} sparse group(s) widened` : ''}`;
}

export function formatLayers(layers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < layers.length; ) {
    let j = i;
    while (j + 1 < layers.length && layers[j + 1] === layers[j]! + 1) j++;
    parts.push(j > i ? `${layers[i]}–${layers[j]}` : `${layers[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function populatedAges(pool: PoolIndex): number {
  // counts[age][gender][race]
  return pool.counts({ withWplus: true }).counts.filter((byGender) => byGender.some((byRace) => byRace.some((n) => n > 0))).length;
}

async function measureCached(runtime: PackRuntime, pool: PoolIndex | null, opts: MeasureOptions): Promise<AgeDirections> {
  const fp = await packFingerprint(runtime.pack);
  const source: AgeDirectionSource = pool ? 'pool' : 'mapping';
  const poolSig = pool ? createHash('sha256').update(JSON.stringify(pool.counts({ withWplus: true }))).digest('hex').slice(0, 16) : '';
  // v2: per-race means.
  const key = `${fp.packId}|${fp.packVersion}|${fp.lgeSha256}|${source}|${poolSig}|v2`;
  const file = opts.cacheDir ? join(opts.cacheDir, `${safeName(fp.packId)}.${source}.json`) : null;
  if (file && existsSync(file)) {
    const hit = readCache(file, key);
    if (hit) return hit;
  }
  const dirs = await measure(runtime, pool, opts);
  if (file) writeCache(file, key, dirs);
  return dirs;
}

/** Measures without the cache. */
export async function measure(runtime: PackRuntime, pool: PoolIndex | null, opts: MeasureOptions = {}): Promise<AgeDirections> {
  const acc = new AgeMeanAccumulator(NUM_WS, W_DIM);
  const layerSq = new Float64Array(WPLUS_LEN);
  const layerSum = new Float64Array(WPLUS_LEN);
  const probes: Float32Array[] = [];
  const maxProbes = runtime.has('attributes') && runtime.pack.manifest.io.attributesInput === 'wplus' ? PROBES_LATENT : PROBES_IMAGE;
  const take = (latents: Float32Array, labels: Array<{ ageGroup: AgeGroup; gender: Gender; race?: Race }>): void => {
    acc.add(latents, labels);
    for (let i = 0; i < latents.length; i++) {
      const v = latents[i]!;
      layerSum[i % WPLUS_LEN]! += v;
      layerSq[i % WPLUS_LEN]! += v * v;
    }
    // Probes for the layer measurement: spread over the sources' order.
    for (let k = 0; k < labels.length && probes.length < maxProbes; k += Math.max(1, Math.floor(labels.length / 4))) {
      probes.push(latents.slice(k * WPLUS_LEN, (k + 1) * WPLUS_LEN));
    }
  };

  if (pool) {
    const groups = AGE_GROUPS.flatMap((a) => GENDERS.flatMap((g) => RACES.map((r) => ({ a, g, r, ids: pool.matchingIds({ ageGroups: [a], gender: g, races: [r], withWplus: true }) }))));
    const total = groups.reduce((s, x) => s + x.ids.length, 0);
    let done = 0;
    for (const { a, g, r, ids } of groups) {
      for (let s = 0; s < ids.length; s += CHUNK) {
        if (opts.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
        const part = ids.slice(s, s + CHUNK);
        take(pool.wplus(part), part.map(() => ({ ageGroup: a, gender: g, race: r })));
        done += part.length;
        opts.onProgress?.('Reading the gene pool for age directions', done, total);
      }
    }
  } else {
    const latentModel = runtime.pack.manifest.io.attributesInput === 'wplus';
    const total = latentModel ? MAPPING_SAMPLES_LATENT : MAPPING_SAMPLES_IMAGE;
    const chunk = latentModel ? CHUNK : 8;
    for (let s = 0; s < total; s += chunk) {
      const n = Math.min(chunk, total - s);
      const z = new Float32Array(n * W_DIM);
      for (let k = 0; k < n; k++) z.set(founderZ(MAPPING_SEED, s + k), k * W_DIM);
      const w = await runtime.mapping(z, { signal: opts.signal });
      const wplus = truncateToWplus(w, runtime.pack.manifest.wAvg, DEFAULT_PSI);
      const logits = await attributeLogits(runtime, wplus, { signal: opts.signal });
      take(wplus, Array.from({ length: n }, (_, k) => decodeAttributes(logits, k)));
      opts.onProgress?.('Sampling the mapping network for age directions', s + n, total);
    }
  }

  const all = Array.from({ length: NUM_WS }, (_, l) => l);
  const rough = acc.finish({ source: pool ? 'pool' : 'mapping', minCount: MIN_GROUP_COUNT, layers: all, layerScores: all.map(() => 1), layerMethod: 'all layers' });
  let scores: number[];
  let method: string;
  if (runtime.has('attributes')) {
    scores = await sensitivity(runtime, rough, probes, opts);
    method =
      runtime.pack.manifest.io.attributesInput === 'wplus'
        ? `change of the attributes model's expected age group when one layer moves along the age direction (${probes.length} latents; the model reads latents)`
        : `change of the attributes model's expected age group when a block of ${IMAGE_BLOCK} layers moves along the age direction (${probes.length} generated faces)`;
  } else {
    const n = acc.total;
    const variance = Array.from({ length: NUM_WS }, (_, l) => {
      let v = 0;
      for (let d = 0; d < W_DIM; d++) {
        const i = l * W_DIM + d;
        v += layerSq[i]! / n - (layerSum[i]! / n) ** 2;
      }
      return v;
    });
    scores = layerScoresFromMeans(rough.means.any, NUM_WS, W_DIM, variance);
    method = 'spread of the age-group means over the variance of each layer (no attributes model)';
  }
  const layers = chooseAgeLayers(scores, LAYER_SHARE);
  return { ...rough, layers, layerScores: scores, layerMethod: method, fingerprint: directionsFingerprint(rough.means, layers, rough.raceMeans) };
}

async function sensitivity(runtime: PackRuntime, rough: AgeDirections, probes: Float32Array[], opts: MeasureOptions): Promise<number[]> {
  const young = rough.means.any[0]!;
  const old = rough.means.any[AGE_GROUPS.length - 1]!;
  const latentModel = runtime.pack.manifest.io.attributesInput === 'wplus';
  const blocks: number[][] = [];
  const step = latentModel ? 1 : IMAGE_BLOCK;
  for (let l = 0; l < NUM_WS; l += step) blocks.push(Array.from({ length: Math.min(step, NUM_WS - l) }, (_, k) => l + k));
  const p = probes.length;
  const batch = new Float32Array((blocks.length + 1) * p * WPLUS_LEN);
  probes.forEach((x, k) => batch.set(x, k * WPLUS_LEN));
  blocks.forEach((block, b) => {
    probes.forEach((x, k) => {
      const off = ((b + 1) * p + k) * WPLUS_LEN;
      batch.set(x, off);
      for (const l of block) for (let d = 0; d < W_DIM; d++) batch[off + l * W_DIM + d]! += old[l * W_DIM + d]! - young[l * W_DIM + d]!;
    });
  });
  opts.onProgress?.('Measuring the layers where age lives', 0, 1);
  const logits = await attributeLogits(runtime, batch, { signal: opts.signal });
  opts.onProgress?.('Measuring the layers where age lives', 1, 1);
  const scores = new Array<number>(NUM_WS).fill(0);
  blocks.forEach((block, b) => {
    let s = 0;
    for (let k = 0; k < p; k++) s += expectedAgeIndex(logits, (b + 1) * p + k) - expectedAgeIndex(logits, k);
    for (const l of block) scores[l] = s / p / block.length;
  });
  return scores;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

const CacheSchema = z.object({
  format: z.literal('kinship-age-directions'),
  key: z.string(),
  source: z.enum(['pool', 'mapping']),
  layers: z.array(z.number().int()),
  layerScores: z.array(z.number()),
  layerMethod: z.string(),
  counts: z.record(z.string(), z.array(z.number())),
  widened: z.array(z.string()),
  fingerprint: z.string(),
  /** Per key, the 9 means as float32 little-endian base64. */
  means: z.record(z.string(), z.array(z.string())),
  raceMeans: z.record(z.string(), z.array(z.string())).default({}),
  raceCounts: z.record(z.string(), z.array(z.number())).default({}),
});

function decodeMeans(list: readonly string[]): Float32Array[] | null {
  if (list.length !== AGE_GROUPS.length) return null;
  return list.map((b64) => {
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length !== WPLUS_LEN * 4) throw new Error('bad mean length');
    const out = new Float32Array(WPLUS_LEN);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  });
}

const encodeMeans = (ms: readonly Float32Array[]): string[] => ms.map((m) => Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString('base64'));

function readCache(file: string, key: string): AgeDirections | null {
  try {
    const c = CacheSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (c.key !== key) return null;
    const means = {} as Record<AgeMeanKey, Float32Array[]>;
    const counts = {} as Record<AgeMeanKey, number[]>;
    for (const k of AGE_MEAN_KEYS) {
      const list = c.means[k];
      if (!list || list.length !== AGE_GROUPS.length) return null;
      means[k] = list.map((b64) => {
        const bytes = Buffer.from(b64, 'base64');
        if (bytes.length !== WPLUS_LEN * 4) throw new Error('bad mean length');
        const out = new Float32Array(WPLUS_LEN);
        new Uint8Array(out.buffer).set(bytes);
        return out;
      });
      counts[k] = c.counts[k] ?? [];
    }
    const raceMeans: Partial<Record<RaceMeanKey, Float32Array[]>> = {};
    for (const [k, list] of Object.entries(c.raceMeans)) {
      const [g, r] = k.split('/');
      const m = decodeMeans(list);
      if (!m || !isGender(g) || !isRace(r)) return null;
      raceMeans[raceMeanKey(g, r)] = m;
    }
    const dirs: AgeDirections = {
      source: c.source, numWs: NUM_WS, wDim: W_DIM, layers: c.layers, layerScores: c.layerScores, layerMethod: c.layerMethod,
      means, counts, raceMeans, raceCounts: c.raceCounts as Partial<Record<RaceMeanKey, number[]>>, widened: c.widened, fingerprint: c.fingerprint,
    };
    // A cache edited by hand (or torn) must not steer children: the fingerprint covers means and layers.
    return directionsFingerprint(means, c.layers, raceMeans) === c.fingerprint ? dirs : null;
  } catch {
    return null; // unreadable cache: measure again
  }
}

function writeCache(file: string, key: string, d: AgeDirections): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const body = {
    format: 'kinship-age-directions',
    key,
    source: d.source,
    layers: d.layers,
    layerScores: d.layerScores,
    layerMethod: d.layerMethod,
    counts: d.counts,
    widened: d.widened,
    fingerprint: d.fingerprint,
    means: Object.fromEntries(AGE_MEAN_KEYS.map((k) => [k, encodeMeans(d.means[k])])),
    raceMeans: Object.fromEntries(Object.entries(d.raceMeans ?? {}).map(([k, ms]) => [k, encodeMeans(ms!)])),
    raceCounts: d.raceCounts ?? {},
  };
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(body));
  renameSync(tmp, file);
}
