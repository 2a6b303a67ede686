/**
 * Moving a W+ latent to another age along measured age directions (the studio's
 * addition to the method; docs/ARCHITECTURE.md "Age control").
 *
 * The 9 age-group means form a curve through W+ space. A latent's current age is its
 * position along that curve: its projection on the age axis (the least-squares slope
 * of the group means against the group index) read against the groups' own
 * projections, as a fractional group index 0..8. The shift moves the latent by
 *
 *     Δ = strength · (mean[target] − curve(current))     on the age layers only,
 *
 * so strength 1 puts its age coordinate on the target group's mean and leaves what
 * lies off the age curve (identity) where it was. Strength 0 returns the latent
 * unchanged, bit for bit ("as in the paper"). Pure: no RNG is needed.
 */
import type { AgeDirections, AgeMeanKey, RaceMeanKey } from './age-directions.js';
import { AGE_GROUP_COUNT, raceMeanKey } from './age-directions.js';
import { AGE_GROUPS, type AgeGroup, type Gender, type Race } from './regions.js';
import { MAX_AGE_STRENGTH_SETTING } from './settings.js';

export const MAX_AGE_STRENGTH = MAX_AGE_STRENGTH_SETTING;

/**
 * Which mean curve a person uses: its gender and race's where the directions have one
 * (enough entries in every age group), else its gender's, else both genders pooled.
 */
export function ageKey(gender: Gender | null | undefined, race?: Race | null, dirs?: AgeDirections): AgeMeanKey | RaceMeanKey {
  if (gender && race && dirs?.raceMeans?.[raceMeanKey(gender, race)]) return raceMeanKey(gender, race);
  return gender ?? 'any';
}

function meansOf(dirs: AgeDirections, key: AgeMeanKey | RaceMeanKey): readonly Float32Array[] {
  const m = key.includes('/') ? dirs.raceMeans?.[key as RaceMeanKey] : dirs.means[key as AgeMeanKey];
  if (!m) throw new Error(`age directions have no means for '${key}'`);
  return m;
}

interface Axis {
  /** Unit age axis over the age layers (length layers·wDim). */
  u: Float64Array;
  /** Centre (mean of the group means) over the age layers. */
  centre: Float64Array;
  /** Each group's coordinate on the axis, made non-decreasing. */
  coords: number[];
}

const axisCache = new WeakMap<readonly Float32Array[], Map<string, Axis>>();

function gather(m: Float32Array, layers: readonly number[], wDim: number): Float64Array {
  const out = new Float64Array(layers.length * wDim);
  layers.forEach((l, k) => {
    for (let d = 0; d < wDim; d++) out[k * wDim + d] = m[l * wDim + d]!;
  });
  return out;
}

function axisOf(dirs: AgeDirections, key: AgeMeanKey | RaceMeanKey): Axis {
  const means = meansOf(dirs, key);
  let byLayers = axisCache.get(means);
  if (!byLayers) axisCache.set(means, (byLayers = new Map()));
  const cacheKey = dirs.layers.join(',');
  const hit = byLayers.get(cacheKey);
  if (hit) return hit;
  const g = means.map((m) => gather(m, dirs.layers, dirs.wDim));
  const len = g[0]!.length;
  const centre = new Float64Array(len);
  for (const v of g) for (let i = 0; i < len; i++) centre[i]! += v[i]! / g.length;
  // Least-squares slope of the means against the group index: robust to one noisy group.
  const kBar = (AGE_GROUP_COUNT - 1) / 2;
  const u = new Float64Array(len);
  g.forEach((v, k) => {
    for (let i = 0; i < len; i++) u[i]! += (k - kBar) * (v[i]! - centre[i]!);
  });
  let sq = 0;
  for (let i = 0; i < len; i++) sq += u[i]! * u[i]!;
  const norm = Math.sqrt(sq);
  if (!(norm > 0)) throw new Error('the age-group means do not differ on the age layers: no age axis');
  for (let i = 0; i < len; i++) u[i]! /= norm;
  const raw = g.map((v) => dot(v, centre, u));
  // A non-monotone curve (noisy groups) would make the inverse ambiguous: keep it rising.
  const coords: number[] = [];
  raw.forEach((c, k) => coords.push(k === 0 ? c : Math.max(c, coords[k - 1]! + 1e-9)));
  const axis = { u, centre, coords };
  byLayers.set(cacheKey, axis);
  return axis;
}

function dot(v: Float64Array, centre: Float64Array, u: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - centre[i]!) * u[i]!;
  return s;
}

/** The latent's age as a fractional group index 0..8 (0 = "0-2", 8 = "70+"). */
export function ageCoordinate(wplus: Float32Array, dirs: AgeDirections, key: AgeMeanKey | RaceMeanKey): number {
  const axis = axisOf(dirs, key);
  const c = dot(gather(wplus, dirs.layers, dirs.wDim), axis.centre, axis.u);
  const cs = axis.coords;
  if (c <= cs[0]!) return 0;
  for (let k = 0; k < cs.length - 1; k++) {
    if (c <= cs[k + 1]!) return k + (c - cs[k]!) / (cs[k + 1]! - cs[k]!);
  }
  return cs.length - 1;
}

/** The nearest age group to a fractional index. */
export function ageGroupAt(coordinate: number): AgeGroup {
  return AGE_GROUPS[Math.min(AGE_GROUP_COUNT - 1, Math.max(0, Math.round(coordinate)))]!;
}

export interface AgeShift {
  wplus: Float32Array;
  /** Age coordinate before the shift (fractional group index). */
  from: number;
  /** Norm of the added offset. */
  offsetNorm: number;
  /** The mean curve used ("male", "any", "female/East Asian"). */
  key: AgeMeanKey | RaceMeanKey;
}

/**
 * `wplus` ([numWs·wDim]) moved toward `target`. Strength 0: an exact copy. Strength
 * above 1 overshoots (for packs whose faces read younger or older than their latent).
 */
export function shiftAge(wplus: Float32Array, dirs: AgeDirections, opts: { target: AgeGroup; strength: number; gender?: Gender | null; race?: Race | null }): AgeShift {
  const { strength } = opts;
  if (!Number.isFinite(strength) || strength < 0 || strength > MAX_AGE_STRENGTH) {
    throw new Error(`age strength must be between 0 and ${MAX_AGE_STRENGTH}, got ${strength}`);
  }
  const len = dirs.numWs * dirs.wDim;
  if (wplus.length !== len) throw new Error(`age shift: latent has ${wplus.length} values, expected ${len}`);
  const t = AGE_GROUPS.indexOf(opts.target);
  if (t < 0) throw new Error(`age target must be one of ${AGE_GROUPS.join(', ')}, got '${String(opts.target)}'`);
  const key = ageKey(opts.gender, opts.race, dirs);
  const from = ageCoordinate(wplus, dirs, key);
  const out = wplus.slice();
  if (strength === 0) return { wplus: out, from, offsetNorm: 0, key };
  const means = meansOf(dirs, key);
  const lo = Math.floor(from);
  const hi = Math.min(AGE_GROUP_COUNT - 1, lo + 1);
  const f = from - lo;
  let sq = 0;
  for (const l of dirs.layers) {
    for (let d = 0; d < dirs.wDim; d++) {
      const i = l * dirs.wDim + d;
      const here = (1 - f) * means[lo]![i]! + f * means[hi]![i]!;
      const delta = strength * (means[t]![i]! - here);
      out[i] = wplus[i]! + delta;
      sq += delta * delta;
    }
  }
  return { wplus: out, from, offsetNorm: Math.sqrt(sq), key };
}
