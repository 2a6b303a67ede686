/** The breeding form's values, kept in the studio store so "Breed again" can fill them. */
import { DEFAULT_AGE_STRENGTH, type RegionOverrides } from '../../../domain/breed-settings';
import type { TargetDto } from '../../../shared/dto';

export interface BreedDraft {
  count: number;
  seed: number;
  gamma: number;
  eta: number;
  fusionLayer: number;
  temperature: number;
  overrides: RegionOverrides;
  target: TargetDto | null;
  /** How far children are moved to the child age (0 = as in the paper). */
  ageStrength: number;
}

export const DEFAULT_DRAFT: BreedDraft = {
  count: 8,
  seed: 1,
  gamma: 0.47,
  eta: 0.4,
  fusionLayer: 8,
  temperature: 1,
  overrides: {},
  target: null,
  ageStrength: DEFAULT_AGE_STRENGTH,
};

export function draftSettings(d: BreedDraft) {
  return {
    gamma: d.gamma, eta: d.eta, fusionLayer: d.fusionLayer, temperature: d.temperature, overrides: d.overrides as Record<string, unknown>,
    ...(d.target ? { age: { target: d.target.ageGroup, strength: d.ageStrength } } : {}),
  };
}

/** A fresh 32-bit seed for the UI's dice buttons (not gene math: that takes its RNG as argument). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff);
}
