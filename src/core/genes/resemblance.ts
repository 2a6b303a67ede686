/**
 * How much of each parent a child carries, and how different siblings are
 * (docs/ARCHITECTURE.md "Resemblance and sibling diversity"). Pure: reports and
 * tensors in, shares out.
 *
 * Two independent readings of one child:
 * - **Crossover share**: from what the crossover actually did per region (the stored
 *   region report): an inherited region gives α to the father, β to the mother and γ
 *   to its donor; a mutated region gives all of it to its donor; fixed overrides to the
 *   parent they name. A donor that is one of the parents (no gene pool) counts for that
 *   parent, any other donor for "pool". Every face region counts once; the background
 *   (region 0, not part of the face) is left out.
 * - **Gene distance**: the Euclidean distance between the child's region genes (mu) and
 *   each parent's, per region group and overall; the father's share is
 *   d(mother) / (d(father) + d(mother)), so a child equal to its father reads 100 %.
 *   It sees what the crossover report cannot: layer fusion, sampling noise, the age shift.
 */
import { BACKGROUND_REGION, REGION_GROUPS, REGION_GROUP_NAMES, type RegionGroup } from './regions.js';
import type { GeneShape } from './shape.js';

/** Fractions that add up to 1. */
export interface ParentShare {
  father: number;
  mother: number;
  pool: number;
}

/** One region of a stored region report (src/shared RegionReportDto has this shape). */
export interface RegionRecipe {
  readonly region: number;
  readonly mode: string;
  readonly alpha?: number;
  readonly beta?: number;
  readonly donorId?: string;
}

export interface CrossoverResemblance {
  overall: ParentShare;
  groups: Record<RegionGroup, ParentShare | null>;
}

export interface DistanceReading {
  /** Distance of the child's genes to the father's and to the mother's. */
  toFather: number;
  toMother: number;
  /** d(mother) / (d(father) + d(mother)); 0.5 when both are 0. */
  fatherShare: number;
}

export interface GeneDistanceResemblance {
  overall: DistanceReading;
  groups: Record<RegionGroup, DistanceReading | null>;
}

const ZERO: ParentShare = { father: 0, mother: 0, pool: 0 };

function donorShare(donorId: string | undefined, ids: { fatherId: string; motherId: string }, w: number): ParentShare {
  if (donorId === ids.fatherId) return { father: w, mother: 0, pool: 0 };
  if (donorId === ids.motherId) return { father: 0, mother: w, pool: 0 };
  return { father: 0, mother: 0, pool: w };
}

function add(a: ParentShare, b: ParentShare): ParentShare {
  return { father: a.father + b.father, mother: a.mother + b.mother, pool: a.pool + b.pool };
}

function need(v: number | undefined, what: string, r: RegionRecipe): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new Error(`region ${r.region} (${r.mode}): ${what} must be a number in [0, 1], got ${String(v)}`);
  return v;
}

/** What one region of the child took from father, mother and donors. */
export function regionShare(r: RegionRecipe, ids: { fatherId: string; motherId: string }): ParentShare {
  switch (r.mode) {
    case 'background':
    case 'father':
      return { father: 1, mother: 0, pool: 0 };
    case 'mother':
      return { father: 0, mother: 1, pool: 0 };
    case 'blend': {
      const a = need(r.alpha, 'alpha', r);
      return { father: a, mother: 1 - a, pool: 0 };
    }
    case 'inherited': {
      const a = need(r.alpha, 'alpha', r);
      const b = need(r.beta, 'beta', r);
      const gamma = Math.max(0, 1 - a - b);
      return add({ father: a, mother: b, pool: 0 }, donorShare(r.donorId, ids, gamma));
    }
    case 'mutated':
    case 'pool':
    case 'donor':
      return donorShare(r.donorId, ids, 1);
    default:
      throw new Error(`region ${r.region}: unknown crossover mode '${r.mode}'`);
  }
}

function mean(shares: ParentShare[]): ParentShare | null {
  if (shares.length === 0) return null;
  const s = shares.reduce(add, ZERO);
  return { father: s.father / shares.length, mother: s.mother / shares.length, pool: s.pool / shares.length };
}

/** The crossover share per region group and over all face regions (background left out). */
export function crossoverResemblance(regions: readonly RegionRecipe[], ids: { fatherId: string; motherId: string }): CrossoverResemblance {
  const byRegion = new Map<number, ParentShare>();
  for (const r of regions) if (r.region !== BACKGROUND_REGION) byRegion.set(r.region, regionShare(r, ids));
  const overall = mean([...byRegion.values()]);
  if (overall === null) throw new Error('resemblance: the region report lists no face regions');
  const groups = {} as Record<RegionGroup, ParentShare | null>;
  for (const g of REGION_GROUP_NAMES) groups[g] = mean(REGION_GROUPS[g].flatMap((r) => byRegion.get(r) ?? []));
  return { overall, groups };
}

function reading(sqF: number, sqM: number): DistanceReading {
  const toFather = Math.sqrt(sqF);
  const toMother = Math.sqrt(sqM);
  const sum = toFather + toMother;
  return { toFather, toMother, fatherShare: sum > 0 ? toMother / sum : 0.5 };
}

/**
 * Distance of the child's region genes to each parent's ([layer][region][dim] tensors of
 * `shape`), per region group and over all face regions (background left out).
 */
export function geneDistanceResemblance(child: Float32Array, father: Float32Array, mother: Float32Array, shape: GeneShape): GeneDistanceResemblance {
  const { numWs, regions: R, wDim } = shape;
  const len = numWs * R * wDim;
  for (const [what, t] of [['child', child], ['father', father], ['mother', mother]] as const) {
    if (t.length !== len) throw new Error(`resemblance: ${what} genes have ${t.length} values, expected ${len}`);
  }
  const sqF = new Float64Array(R);
  const sqM = new Float64Array(R);
  for (let l = 0; l < numWs; l++) {
    for (let r = 0; r < R; r++) {
      const off = (l * R + r) * wDim;
      let f = 0;
      let m = 0;
      for (let d = 0; d < wDim; d++) {
        const c = child[off + d]!;
        f += (c - father[off + d]!) ** 2;
        m += (c - mother[off + d]!) ** 2;
      }
      sqF[r]! += f;
      sqM[r]! += m;
    }
  }
  const sum = (rs: readonly number[]): [number, number] => rs.reduce<[number, number]>((a, r) => [a[0] + sqF[r]!, a[1] + sqM[r]!], [0, 0]);
  const face = Array.from({ length: R }, (_, r) => r).filter((r) => r !== BACKGROUND_REGION);
  const groups = {} as Record<RegionGroup, DistanceReading | null>;
  for (const g of REGION_GROUP_NAMES) {
    const rs = REGION_GROUPS[g].filter((r) => r < R && r !== BACKGROUND_REGION);
    groups[g] = rs.length ? reading(...sum(rs)) : null;
  }
  return { overall: reading(...sum(face)), groups };
}

/** Euclidean distance between two latents of equal length. */
export function latentDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`latent distance: lengths differ (${a.length} and ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Mean distance over all unordered pairs; null with fewer than two latents. */
export function meanPairwiseDistance(latents: readonly Float32Array[]): number | null {
  if (latents.length < 2) return null;
  let s = 0;
  let n = 0;
  for (let i = 0; i < latents.length; i++) {
    for (let j = i + 1; j < latents.length; j++) {
      s += latentDistance(latents[i]!, latents[j]!);
      n++;
    }
  }
  return s / n;
}

export interface SiblingDiversity {
  /** Mean pairwise W+ distance among the siblings. */
  siblings: number;
  /** Mean pairwise W+ distance among unrelated persons (the reference). */
  unrelated: number;
  /** siblings / unrelated: 1 = as different as strangers, 0 = identical. */
  ratio: number;
}

/** Sibling diversity of a batch against unrelated pairs; null with fewer than two of either. */
export function siblingDiversity(siblings: readonly Float32Array[], unrelated: readonly Float32Array[]): SiblingDiversity | null {
  const s = meanPairwiseDistance(siblings);
  const u = meanPairwiseDistance(unrelated);
  if (s === null || u === null || !(u > 0)) return null;
  return { siblings: s, unrelated: u, ratio: s / u };
}
