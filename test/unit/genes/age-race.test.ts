/**
 * Per-race age means: a (gender, race) pair with enough entries in every age group gets
 * its own age curve (a planted race-specific axis is recovered and the shift follows
 * it); a sparse pair is widened to all races of its gender, and says so.
 */
import { describe, expect, it } from 'vitest';
import { AgeMeanAccumulator, directionsFingerprint } from '../../../src/core/genes/age-directions';
import { shiftAge } from '../../../src/core/genes/age-shift';
import { createRng } from '../../../src/core/genes/rng';
import { AGE_GROUPS, GENDERS, type Race } from '../../../src/core/genes/regions';

const NUM_WS = 4;
const W_DIM = 12;
const LEN = NUM_WS * W_DIM;
const LAYERS = [1, 2];

function axisFrom(seed: number): Float32Array {
  const r = createRng(seed);
  const a = new Float32Array(LEN);
  for (const l of LAYERS) for (let d = 0; d < W_DIM; d++) a[l * W_DIM + d] = r.normal();
  return a;
}
const cos = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

// Two races age along different planted axes; a third is sparse (3 per group).
const AXES: Partial<Record<Race, Float32Array>> = { White: axisFrom(1), Black: axisFrom(2), Indian: axisFrom(3) };
const PER_GROUP: Partial<Record<Race, number>> = { White: 30, Black: 30, Indian: 3 };

function accumulate(withRace: boolean): AgeMeanAccumulator {
  const acc = new AgeMeanAccumulator(NUM_WS, W_DIM);
  const rng = createRng(9);
  for (const race of Object.keys(AXES) as Race[]) {
    AGE_GROUPS.forEach((ageGroup, a) => {
      for (const gender of GENDERS) {
        const n = PER_GROUP[race]!;
        const lat = new Float32Array(n * LEN);
        for (let k = 0; k < n; k++) for (let i = 0; i < LEN; i++) lat[k * LEN + i] = 0.3 * rng.normal() + a * AXES[race]![i]!;
        acc.add(lat, Array.from({ length: n }, () => ({ ageGroup, gender, ...(withRace ? { race } : {}) })));
      }
    });
  }
  return acc;
}

const finish = (acc: AgeMeanAccumulator) => acc.finish({ source: 'pool', minCount: 12, layers: LAYERS, layerScores: [], layerMethod: 'test' });

describe('per-race age means', () => {
  const dirs = finish(accumulate(true));

  it('keeps races with enough entries in every group and widens the sparse one', () => {
    expect(Object.keys(dirs.raceMeans!).sort()).toEqual(['female/Black', 'female/White', 'male/Black', 'male/White']);
    expect(dirs.raceCounts!['male/Indian']).toEqual(AGE_GROUPS.map(() => 3));
    expect(dirs.widened).toContain('Indian male: 3 entries in 0-2 (fewer than 12), uses the male means of all races');
  });

  it('recovers each race’s own age axis; the pooled means mix them', () => {
    const span = (ms: readonly Float32Array[]) => ms[8]!.map((v, i) => v - ms[0]![i]!);
    expect(cos(span(dirs.raceMeans!['male/Black']!), AXES.Black!)).toBeGreaterThan(0.99);
    expect(cos(span(dirs.raceMeans!['female/White']!), AXES.White!)).toBeGreaterThan(0.99);
    expect(cos(span(dirs.means.male), AXES.Black!)).toBeLessThan(0.9);
  });

  it('shifts along the race’s own curve where there is one, else the gender’s', () => {
    const x = new Float32Array(LEN);
    const black = shiftAge(x, dirs, { target: '70+', strength: 1, gender: 'male', race: 'Black' });
    expect(black.key).toBe('male/Black');
    expect(cos(black.wplus, AXES.Black!)).toBeGreaterThan(0.95);
    expect(shiftAge(x, dirs, { target: '70+', strength: 1, gender: 'male', race: 'Indian' }).key).toBe('male');
    expect(shiftAge(x, dirs, { target: '70+', strength: 1, gender: null, race: 'Black' }).key).toBe('any');
  });

  it('directions without race labels keep the fingerprint they had before race means existed', () => {
    const plain = finish(accumulate(false));
    expect(plain.raceMeans).toEqual({});
    expect(plain.fingerprint).toBe(directionsFingerprint(plain.means, plain.layers));
    expect(dirs.fingerprint).not.toBe(directionsFingerprint(dirs.means, dirs.layers));
  });
});
