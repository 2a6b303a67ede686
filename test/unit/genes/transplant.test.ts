import { describe, expect, it } from 'vitest';
import { describeTransplant, transplantRegions } from '../../../src/core/genes/index.js';
import { SMALL, makeGenes, regionValues } from './helpers.js';

const A = makeGenes(SMALL, (l, r, d) => l * 1000 + r * 10 + d, (l, r) => -r);
const B = makeGenes(SMALL, (l, r, d) => -(l * 1000 + r * 10 + d) - 1, (l, r) => r + 0.5);

describe('transplantRegions', () => {
  it('replaces exactly the chosen regions, mu and logvar, on every layer', () => {
    const out = transplantRegions(A, B, [17, 26], SMALL);
    for (let r = 0; r < 34; r++) {
      const src = r === 17 || r === 26 ? B : A;
      expect(regionValues(out.mu, SMALL, r)).toEqual(regionValues(src.mu, SMALL, r));
      expect(regionValues(out.logvar, SMALL, r)).toEqual(regionValues(src.logvar, SMALL, r));
    }
  });

  it('copies; inputs are untouched; an empty set returns A', () => {
    const before = Float32Array.from(A.mu);
    const out = transplantRegions(A, B, [], SMALL);
    expect(out.mu).not.toBe(A.mu);
    expect(out.mu).toEqual(A.mu);
    expect(out.logvar).toEqual(A.logvar);
    transplantRegions(A, B, [0, 1, 2], SMALL);
    expect(A.mu).toEqual(before);
  });

  it('refuses bad regions and bad genes', () => {
    expect(() => transplantRegions(A, B, [34], SMALL)).toThrow('transplant region must be an integer 0..33, got 34');
    const bad = { mu: Float32Array.from(B.mu), logvar: B.logvar };
    bad.mu[3] = Number.NaN;
    expect(() => transplantRegions(A, bad, [1], SMALL)).toThrow('B.mu contains NaN at index 3');
  });

  it('describes a transplant by region names', () => {
    expect(describeTransplant([17, 26])).toBe('region 17 (hair), region 26 (nose)');
  });
});
