/**
 * One person at all 9 age groups (the "grow-up strip", docs/ARCHITECTURE.md "Age
 * control"): the same latent moved to each group's mean along the measured age
 * directions; only the age layers' position on the age curve changes, so the identity
 * (everything off the curve) is the same in every cell.
 */
import { AGE_GROUPS, type AgeGroup, type Gender, type Race } from '../genes/regions';
import type { AgeDirections } from '../genes/age-directions';
import { ageCoordinate, ageGroupAt, ageKey, shiftAge } from '../genes/age-shift';
import { latentDistance } from '../genes/resemblance';
import { WPLUS_LEN } from './pack-runtime';

export interface GrowUpLatents {
  /** [9 × 18 × 512]: the person at each age group, youngest first. */
  latents: Float32Array;
  /** The age group the latent sits at now (on the age curve). */
  own: AgeGroup;
  /** W+ distance between the cells of neighbouring ages (8 values). */
  neighbourDistances: number[];
}

export function growUpLatents(latent: Float32Array, dirs: AgeDirections, opts: { gender: Gender | null; race?: Race | null; strength: number }): GrowUpLatents {
  const latents = new Float32Array(AGE_GROUPS.length * WPLUS_LEN);
  AGE_GROUPS.forEach((target, k) => latents.set(shiftAge(latent, dirs, { target, strength: opts.strength, gender: opts.gender, race: opts.race }).wplus, k * WPLUS_LEN));
  const cell = (k: number): Float32Array => latents.subarray(k * WPLUS_LEN, (k + 1) * WPLUS_LEN);
  const neighbourDistances = AGE_GROUPS.slice(1).map((_, k) => latentDistance(cell(k), cell(k + 1)));
  const own = ageGroupAt(ageCoordinate(latent, dirs, ageKey(opts.gender, opts.race, dirs)));
  return { latents, own, neighbourDistances };
}
