/**
 * Random founders from the pack's mapping network: z from the seeded generator,
 * w = mapping(z), truncation toward wAvg, broadcast to all 18 layers. A requested
 * age group or gender is met by drawing candidates (candidate k uses the
 * sub-stream (seed, k)) until the attributes model agrees, so the founder is
 * reproducible from (seed, request).
 */
import { childRng } from '../genes/rng';
import type { AgeGroup, Gender } from '../genes/regions';
import { decodeAttributes, type Attributes } from './attributes-decode';
import { NUM_WS, W_DIM, type PackRuntime, type StageOptions } from './pack-runtime';

export interface FounderRequest {
  seed: number;
  ageGroup?: AgeGroup;
  gender?: Gender;
  /** Truncation ψ (0 = the average face, 1 = untruncated). */
  psi?: number;
}

export interface Founder {
  seed: number;
  /** Which candidate of the seed's sub-streams matched the request (0 when unconstrained). */
  candidate: number;
  psi: number;
  wplus: Float32Array;
  attributes: Attributes | null;
}

export const DEFAULT_PSI = 0.7;
const CANDIDATE_BATCH = 32;
const MAX_CANDIDATES = 1024;

export function founderZ(seed: number, candidate: number): Float32Array {
  const rng = childRng(seed, candidate);
  const z = new Float32Array(W_DIM);
  for (let i = 0; i < W_DIM; i++) z[i] = rng.normal();
  return z;
}

/** w [B,512] → truncated W+ [B,18,512]. */
export function truncateToWplus(w: Float32Array, wAvg: readonly number[] | undefined, psi: number): Float32Array {
  const b = w.length / W_DIM;
  const out = new Float32Array(b * NUM_WS * W_DIM);
  for (let i = 0; i < b; i++) {
    const row = new Float32Array(W_DIM);
    for (let d = 0; d < W_DIM; d++) {
      const v = w[i * W_DIM + d]!;
      row[d] = wAvg ? wAvg[d]! + psi * (v - wAvg[d]!) : v;
    }
    for (let l = 0; l < NUM_WS; l++) out.set(row, (i * NUM_WS + l) * W_DIM);
  }
  return out;
}

export async function createFounders(runtime: PackRuntime, requests: FounderRequest[], opts: StageOptions = {}): Promise<Founder[]> {
  const out: Founder[] = new Array(requests.length);
  const free = requests.map((r, i) => ({ r, i })).filter(({ r }) => !r.ageGroup && !r.gender);
  // Unconstrained founders go through the graphs in one batch.
  if (free.length) {
    const z = new Float32Array(free.length * W_DIM);
    free.forEach(({ r }, k) => z.set(founderZ(r.seed, 0), k * W_DIM));
    const w = await runtime.mapping(z, { signal: opts.signal });
    const made = await finish(runtime, free.map(({ r }) => r), w, free.map(() => 0), opts.signal);
    free.forEach(({ i }, k) => (out[i] = made[k]!));
  }
  let done = free.length;
  opts.onProgress?.(done, requests.length);
  for (const [i, r] of requests.entries()) {
    if (out[i]) continue;
    out[i] = await constrainedFounder(runtime, r, opts.signal);
    opts.onProgress?.(++done, requests.length);
  }
  return out;
}

function matches(f: Founder, r: FounderRequest): boolean {
  return (!r.ageGroup || f.attributes?.ageGroup === r.ageGroup) && (!r.gender || f.attributes?.gender === r.gender);
}

async function finish(
  runtime: PackRuntime,
  reqs: FounderRequest[],
  w: Float32Array,
  candidates: number[],
  signal?: AbortSignal,
): Promise<Founder[]> {
  const wplusAll = new Float32Array(reqs.length * NUM_WS * W_DIM);
  reqs.forEach((r, i) => {
    const psi = r.psi ?? DEFAULT_PSI;
    wplusAll.set(truncateToWplus(w.subarray(i * W_DIM, (i + 1) * W_DIM), runtime.pack.manifest.wAvg, psi), i * NUM_WS * W_DIM);
  });
  const logits = runtime.has('attributes') && runtime.pack.manifest.io.attributesInput === 'wplus'
    ? await runtime.attributes({ wplus: wplusAll }, { signal })
    : null;
  return reqs.map((r, i) => ({
    seed: r.seed,
    candidate: candidates[i]!,
    psi: r.psi ?? DEFAULT_PSI,
    wplus: wplusAll.slice(i * NUM_WS * W_DIM, (i + 1) * NUM_WS * W_DIM),
    attributes: logits ? decodeAttributes(logits, i) : null,
  }));
}

async function constrainedFounder(runtime: PackRuntime, r: FounderRequest, signal?: AbortSignal): Promise<Founder> {
  if (!runtime.has('attributes') || runtime.pack.manifest.io.attributesInput !== 'wplus') {
    throw new Error(
      `The model pack '${runtime.pack.manifest.name}' cannot pick founders by age or gender (it has no latent attributes model).`,
    );
  }
  for (let start = 0; start < MAX_CANDIDATES; start += CANDIDATE_BATCH) {
    const z = new Float32Array(CANDIDATE_BATCH * W_DIM);
    for (let k = 0; k < CANDIDATE_BATCH; k++) z.set(founderZ(r.seed, start + k), k * W_DIM);
    const w = await runtime.mapping(z, { signal });
    const reqs = Array.from({ length: CANDIDATE_BATCH }, () => r);
    const cands = await finish(runtime, reqs, w, reqs.map((_, k) => start + k), signal);
    const hit = cands.find((f) => matches(f, r));
    if (hit) return hit;
  }
  throw new Error(
    `No founder with ${[r.ageGroup && `age ${r.ageGroup}`, r.gender].filter(Boolean).join(' and ')} was found in ${MAX_CANDIDATES} draws of seed ${r.seed}.`,
  );
}
