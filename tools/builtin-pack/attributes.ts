/**
 * Attributes of the built-in pack, read from the latent. "The generator's own attribute
 * parameters" are defined here: the generator draws each region from its own `age`
 * (and `gender`) parameter, so a face's age is the mean of the `age` carriers over the
 * coarse layers (0–7), its gender the mean of the `gender` carriers; race is the 2-d
 * race code (`raceX`, `raceY` in head and nose) the mapping wrote and from which it drew
 * the skin, hair and feature priors. The ONNX graph and `generatorAttributes` compute the
 * same thing, so they agree by construction (up to float rounding at bin edges).
 */
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';
import { COARSE_LAYERS, NUM_WS, W_DIM } from './layout.js';
import { carrierDims } from './params.js';
import { Ops } from './expr.js';

export const RACES = ['White', 'Black', 'Latino_Hispanic', 'East Asian', 'Southeast Asian', 'Indian', 'Middle Eastern'] as const;
export const GENDERS = ['male', 'female'] as const;
export const AGE_GROUPS = ['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+'] as const;

/** Angle of race k's code on the unit circle. */
export function raceAngle(k: number): number {
  return (2 * Math.PI * k) / RACES.length;
}

export interface LatentAttributes {
  /** 0..1, the generator's age scale (0 newborn, 1 oldest). */
  age: number;
  ageGroup: number;
  /** 0..1, 1 = male. */
  male: number;
  gender: 0 | 1; // index into GENDERS
  race: number; // index into RACES
}

function mean(vals: number[]): number {
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

/** Attributes of sample `b` of a [B,18,512] wplus. */
export function generatorAttributes(wplus: Float32Array, b = 0): LatentAttributes {
  const base = b * NUM_WS * W_DIM;
  const coarse = (d: number): number => {
    let s = 0;
    for (let l = COARSE_LAYERS[0]; l < COARSE_LAYERS[1]; l++) s += wplus[base + l * W_DIM + d];
    return s / (COARSE_LAYERS[1] - COARSE_LAYERS[0]);
  };
  const age = 0.5 + 0.5 * mean(carrierDims('age').map(coarse));
  const ageGroup = Math.min(8, Math.max(0, Math.floor(age * 9)));
  const maleX = mean(carrierDims('gender').map(coarse));
  const rx = mean(carrierDims('raceX').map(coarse));
  const ry = mean(carrierDims('raceY').map(coarse));
  let race = 0;
  let best = -Infinity;
  for (let k = 0; k < RACES.length; k++) {
    const s = rx * Math.cos(raceAngle(k)) + ry * Math.sin(raceAngle(k));
    if (s > best) {
      best = s;
      race = k;
    }
  }
  return { age: Math.min(1, Math.max(0, age)), ageGroup, male: 0.5 + 0.5 * maleX, gender: maleX >= 0 ? 0 : 1, race };
}

/** wplus [B,18,512] → logits [B,18] = race 7 | gender 2 | age 9 (FairFace order). */
export function buildAttributes(): Uint8Array {
  const g = new GraphBuilder('builtin_attributes');
  const o = new Ops(g);
  const wplus = g.input('wplus', ['B', NUM_WS, W_DIM]);
  const coarse = o.reduceMean(o.slice(wplus, 1, COARSE_LAYERS[0], COARSE_LAYERS[1]), [1], false); // [B,512]
  const meanOf = (dims: number[]): string =>
    o.reduceMean(g.node('Gather', [coarse, g.constI(dims)], { axis: attr.int(1) }), [1], true); // [B,1]
  const age = o.add(0.5, o.mul(0.5, meanOf(carrierDims('age'))));
  const maleX = meanOf(carrierDims('gender'));
  const rx = meanOf(carrierDims('raceX'));
  const ry = meanOf(carrierDims('raceY'));
  // Race: cosine to each code direction (argmax = nearest code).
  const cosK = g.constF(RACES.map((_, k) => Math.cos(raceAngle(k))), [1, RACES.length]);
  const sinK = g.constF(RACES.map((_, k) => Math.sin(raceAngle(k))), [1, RACES.length]);
  const race = o.mul(o.add(o.mul(rx, cosK), o.mul(ry, sinK)), 8);
  // Gender: ±k·x (male first).
  const gender = o.mul(maleX, g.constF([8, -8], [1, 2]));
  // Age: −(9·age − centre_k)², argmax = the bin floor(9·age) clamped to 0..8.
  const centres = g.constF(AGE_GROUPS.map((_, k) => k + 0.5), [1, AGE_GROUPS.length]);
  const ageLogits = o.mul(o.sq(o.sub(o.mul(age, 9), centres)), -2);
  g.output('logits', o.concat([race, gender, ageLogits], 1), ['B', 18]);
  return g.serialize();
}
