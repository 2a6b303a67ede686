import { describe, expect, it } from 'vitest';
import { AgeMeanAccumulator, chooseAgeLayers, layerScoresFromMeans } from '../../../src/core/genes/age-directions';
import { ageCoordinate, shiftAge } from '../../../src/core/genes/age-shift';
import { createRng } from '../../../src/core/genes/rng';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender } from '../../../src/core/genes/regions';
import { parseBreedSettings } from '../../../src/core/genes/settings';

// A small latent layout keeps the tests fast; the math does not depend on its size.
const NUM_WS = 6;
const W_DIM = 16;
const LEN = NUM_WS * W_DIM;
const AGE_LAYERS = [1, 2]; // the planted axis lives here only

/**
 * Synthetic people: identity noise everywhere, plus age · axis on layers 1–2 and a
 * gender offset on layer 0. The axis is known, so the estimate can be checked against it.
 */
function planted(seed: number) {
  const rng = createRng(seed);
  const axis = new Float32Array(LEN);
  for (const l of AGE_LAYERS) for (let d = 0; d < W_DIM; d++) axis[l * W_DIM + d] = rng.normal();
  const person = (age: number, gender: Gender, r = rng): Float32Array => {
    const x = new Float32Array(LEN);
    for (let i = 0; i < LEN; i++) x[i] = 0.5 * r.normal() + age * axis[i]!;
    for (let d = 0; d < W_DIM; d++) x[d]! += gender === 'male' ? 0.8 : -0.8;
    return x;
  };
  return { axis, person };
}

function build(seed: number, perGroup: (a: number, g: Gender) => number) {
  const { axis, person } = planted(seed);
  const acc = new AgeMeanAccumulator(NUM_WS, W_DIM);
  const rng = createRng(seed + 1);
  AGE_GROUPS.forEach((group, a) => {
    for (const g of GENDERS) {
      const n = perGroup(a, g);
      const lat = new Float32Array(n * LEN);
      for (let k = 0; k < n; k++) lat.set(person(a + rng.uniform(0, 1) - 0.5, g, rng), k * LEN);
      acc.add(lat, Array.from({ length: n }, () => ({ ageGroup: group as AgeGroup, gender: g })));
    }
  });
  return { acc, axis, person };
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

describe('age directions (planted age axis)', () => {
  it('recovers the planted axis from the group means and finds the layers it lives on', () => {
    const { acc, axis } = build(3, () => 40);
    const rough = acc.finish({ source: 'pool', minCount: 10, layers: [0, 1, 2, 3, 4, 5], layerScores: [], layerMethod: 'test' });
    // Oldest minus youngest mean points along the planted axis (on the age layers).
    for (const key of ['male', 'female', 'any'] as const) {
      const d = rough.means[key][8]!.map((v, i) => v - rough.means[key][0]![i]!);
      const onAge = (v: Float32Array) => AGE_LAYERS.flatMap((l) => Array.from(v.subarray(l * W_DIM, (l + 1) * W_DIM)));
      expect(cos(onAge(d), onAge(axis))).toBeGreaterThan(0.98);
    }
    // Data-only layer scores: layers 1 and 2 carry the spread, nothing else.
    const scores = layerScoresFromMeans(rough.means.any, NUM_WS, W_DIM);
    expect(chooseAgeLayers(scores, 0.9)).toEqual(AGE_LAYERS);
  });

  it('reads a person’s age back as a fractional group index', () => {
    const { acc, person } = build(5, () => 40);
    const dirs = acc.finish({ source: 'pool', minCount: 10, layers: AGE_LAYERS, layerScores: [], layerMethod: 'test' });
    const r = createRng(77);
    for (const age of [0, 2.5, 4, 7.2, 8]) {
      const got = ageCoordinate(person(age, 'female', r), dirs, 'female');
      expect(Math.abs(got - age)).toBeLessThan(0.6);
    }
  });

  it('widens sparse groups (both genders, then neighbouring ages) and says so', () => {
    const { acc } = build(9, (a, g) => (a === 0 && g === 'female' ? 2 : a === 8 ? 0 : 30));
    const dirs = acc.finish({ source: 'pool', minCount: 10, layers: AGE_LAYERS, layerScores: [], layerMethod: 'test' });
    expect(dirs.counts.female[0]).toBe(2);
    expect(dirs.widened.some((w) => w.startsWith('0-2 female: 2 entries, widened to both genders'))).toBe(true);
    expect(dirs.widened.some((w) => w.startsWith('70+ male: 0 entries') && w.includes('±1'))).toBe(true);
    expect(dirs.means.male[8]!.every(Number.isFinite)).toBe(true);
  });

  it('refuses data of a single age group as unsupported (a user-facing code, not an internal error)', () => {
    const { acc } = build(11, (a) => (a === 3 ? 20 : 0));
    const finish = () => acc.finish({ source: 'pool', minCount: 10, layers: AGE_LAYERS, layerScores: [], layerMethod: 'test' });
    expect(finish).toThrow(/at least two age groups/);
    expect(finish).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });

  it('chooses the fewest layers that carry the share, and refuses an effect-free pack', () => {
    expect(chooseAgeLayers([0, 5, 5, 0.1, 0, 0], 0.9)).toEqual([1, 2]);
    expect(chooseAgeLayers([1, 1, 1, 1], 0.5)).toEqual([0, 1]);
    expect(() => chooseAgeLayers([0, 0, -1], 0.9)).toThrow(/no layer changes the age/);
  });
});

describe('age shift', () => {
  const { acc, person, axis } = build(21, () => 40);
  const dirs = acc.finish({ source: 'pool', minCount: 10, layers: AGE_LAYERS, layerScores: [], layerMethod: 'test' });

  it('strength 0 leaves the latent bit-identical', () => {
    const x = person(4.2, 'male', createRng(1));
    const r = shiftAge(x, dirs, { target: '0-2', strength: 0, gender: 'male' });
    expect(Buffer.from(r.wplus.buffer).equals(Buffer.from(x.buffer))).toBe(true);
    expect(r.wplus).not.toBe(x); // a copy: the caller's latent is never modified
  });

  it('strength 1 lands on the target group and moves only the age layers', () => {
    const rng = createRng(2);
    for (const [from, target] of [[5, '0-2'], [1, '70+'], [3.3, '3-9']] as const) {
      const x = person(from, 'female', rng);
      const r = shiftAge(x, dirs, { target, strength: 1, gender: 'female' });
      expect(Math.abs(ageCoordinate(r.wplus, dirs, 'female') - AGE_GROUPS.indexOf(target))).toBeLessThan(0.35);
      for (let l = 0; l < NUM_WS; l++) {
        if (AGE_LAYERS.includes(l)) continue;
        for (let d = 0; d < W_DIM; d++) expect(r.wplus[l * W_DIM + d]).toBe(x[l * W_DIM + d]);
      }
      // The move is mostly along the planted axis: identity (off-axis) stays put.
      const delta = Array.from(r.wplus, (v, i) => v - x[i]!);
      expect(Math.abs(cos(delta, axis))).toBeGreaterThan(0.9);
    }
  });

  it('is deterministic and rejects bad strength and targets', () => {
    const x = person(2, 'male', createRng(4));
    const a = shiftAge(x, dirs, { target: '40-49', strength: 0.7, gender: 'male' });
    const b = shiftAge(x, dirs, { target: '40-49', strength: 0.7, gender: 'male' });
    expect(Buffer.from(a.wplus.buffer).equals(Buffer.from(b.wplus.buffer))).toBe(true);
    expect(() => shiftAge(x, dirs, { target: '40-49', strength: -1 })).toThrow(/age strength/);
    expect(() => shiftAge(x, dirs, { target: 'old' as AgeGroup, strength: 1 })).toThrow(/age target/);
  });

  it('age settings parse with a default strength and reject bad values by name', () => {
    expect(parseBreedSettings({ age: { target: '3-9' } }).age).toEqual({ target: '3-9', strength: 1 });
    expect(parseBreedSettings({}).age).toBeUndefined();
    expect(() => parseBreedSettings({ age: { target: '3-9', strength: 9 } })).toThrow(/age strength must be between 0 and 3, got 9/);
    expect(() => parseBreedSettings({ age: { target: 'kid' } })).toThrow(/age target must be one of/);
  });
});
