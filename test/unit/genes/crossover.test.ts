import { describe, expect, it } from 'vitest';
import {
  type BreedInput,
  type BreedSettingsInput,
  type Genes,
  type RegionReport,
  CrossoverScratch,
  DEFAULT_GENE_SHAPE,
  breedChildGenes,
  breedChildren,
  childRng,
  createRng,
  geneLength,
  inheritedDrawCount,
} from '../../../src/core/genes/index.js';
import { SMALL, constGenes, donor, makeGenes, regionValues } from './helpers.js';

const R = 34;
// Distinct, recognisable values per person so a value tells which source it came from.
const F = makeGenes(SMALL, (l, r, d) => 1 + l * 0.1 + r * 0.01 + d * 0.001, (l, r) => -1 - 0.01 * r);
const M = makeGenes(SMALL, (l, r, d) => -2 - l * 0.1 - r * 0.01 - d * 0.001, (l) => -0.5 - 0.1 * l);
const P1 = makeGenes(SMALL, (l, r, d) => 10 + l + r * 0.1 + d * 0.01, () => -2);
const P2 = makeGenes(SMALL, (l, r, d) => -10 - l - r * 0.1 - d * 0.01, () => -3);
const P3 = makeGenes(SMALL, (l, r, d) => 100 + d, () => 0.5);
const POOL = [donor('p1', P1), donor('p2', P2), donor('p3', P3)];
const BY_ID: Record<string, Genes> = { p1: P1, p2: P2, p3: P3 };

const input = (extra: Partial<BreedInput> = {}): BreedInput => ({ father: F, mother: M, donors: POOL, shape: SMALL, ...extra });
const breed = (settings: BreedSettingsInput, seed = 1, extra: Partial<BreedInput> = {}) =>
  breedChildGenes(input(extra), settings, createRng(seed));
const report = (res: { regions: readonly RegionReport[] }, r: number) => res.regions[r] as RegionReport;
const donorGenes = (id: string): Genes => BY_ID[id] ?? (id === 'father' ? F : id === 'mother' ? M : (undefined as never));

/** mu_c of region r by the equation, from a report (the test's own implementation of step 4). */
function expectedMean(rep: RegionReport, i: number, pick: (id: string) => Genes = donorGenes): { mu: number; lv: number } {
  const f = (g: Genes) => ({ mu: g.mu[i] as number, lv: g.logvar[i] as number });
  switch (rep.mode) {
    case 'background':
    case 'father':
      return f(F);
    case 'mother':
      return f(M);
    case 'blend':
      return { mu: rep.alpha * f(F).mu + (1 - rep.alpha) * f(M).mu, lv: rep.alpha * f(F).lv + (1 - rep.alpha) * f(M).lv };
    case 'inherited': {
      const p = f(pick(rep.donorId));
      return {
        mu: rep.alpha * f(F).mu + rep.beta * f(M).mu + rep.gamma * p.mu,
        lv: rep.alpha * f(F).lv + rep.beta * f(M).lv + rep.gamma * p.lv,
      };
    }
    case 'mutated':
    case 'pool':
    case 'donor':
      return f(pick(rep.donorId));
  }
}

function forEachIndex(r: number, fn: (i: number) => void) {
  for (let l = 0; l < SMALL.numWs; l++) for (let d = 0; d < SMALL.wDim; d++) fn((l * R + r) * SMALL.wDim + d);
}

describe('step 4 with default settings', () => {
  it('τ = 0 gives exactly the mean child of every region', () => {
    for (const seed of [1, 2, 3]) {
      const res = breed({ temperature: 0 }, seed);
      for (let r = 0; r < R; r++) {
        const rep = report(res, r);
        forEachIndex(r, (i) => expect(res.genes[i]).toBeCloseTo(expectedMean(rep, i).mu, 5));
      }
    }
  });

  it('τ = 1 adds exp(0.5·logvar_c)·ε and τ scales ε linearly', () => {
    const mean = breed({ temperature: 0 }, 7);
    const one = breed({ temperature: 1 }, 7);
    const two = breed({ temperature: 2 }, 7);
    // Same seed: same subset, α and donors whatever τ.
    expect(one.regions).toEqual(mean.regions);
    expect(two.regions).toEqual(mean.regions);
    let moved = 0;
    for (let r = 0; r < R; r++) {
      forEachIndex(r, (i) => {
        const d1 = (one.genes[i] as number) - (mean.genes[i] as number);
        const d2 = (two.genes[i] as number) - (mean.genes[i] as number);
        expect(d2).toBeCloseTo(2 * d1, 3);
        if (Math.abs(d1) > 1e-3) moved++;
      });
    }
    expect(moved).toBeGreaterThan(0.9 * SMALL.numWs * R * SMALL.wDim);
  });

  it('for inherited regions α + β = 1 − γ and α ∈ [0, 1−γ] (report)', () => {
    for (const gamma of [0.47, 0.2, 0, 1]) {
      const res = breed({ gamma }, 11);
      const inherited = res.regions.filter((x) => x.mode === 'inherited');
      expect(inherited.length).toBeGreaterThan(0);
      for (const x of inherited) {
        if (x.mode !== 'inherited') continue;
        expect(x.gamma).toBe(gamma);
        expect(x.alpha + x.beta).toBeCloseTo(1 - gamma, 12);
        expect(x.alpha).toBeGreaterThanOrEqual(0);
        expect(x.alpha).toBeLessThanOrEqual(1 - gamma);
      }
      // α is drawn, not fixed.
      if (gamma < 1) expect(new Set(inherited.map((x) => (x.mode === 'inherited' ? x.alpha : 0))).size).toBeGreaterThan(1);
    }
  });

  it('α, β, γ read back from the values (τ = 0, unit parents and donors) add up to 1 − γ + γ', () => {
    const one = constGenes(SMALL, 1);
    const zero = constGenes(SMALL, 0);
    const zeroPool = [donor('q1', zero), donor('q2', zero)];
    const onePool = [donor('q1', one), donor('q2', one)];
    const gamma = 0.3;
    const s = { temperature: 0, gamma };
    const a = breedChildGenes({ father: one, mother: zero, donors: zeroPool, shape: SMALL }, s, createRng(5));
    const b = breedChildGenes({ father: zero, mother: one, donors: zeroPool, shape: SMALL }, s, createRng(5));
    const c = breedChildGenes({ father: zero, mother: zero, donors: onePool, shape: SMALL }, s, createRng(5));
    for (const r of a.inheritedRegions) {
      const rep = report(a, r);
      if (rep.mode !== 'inherited') throw new Error('expected inherited');
      const alpha = a.genes[(0 * R + r) * SMALL.wDim] as number;
      const beta = b.genes[(0 * R + r) * SMALL.wDim] as number;
      const g = c.genes[(0 * R + r) * SMALL.wDim] as number;
      expect(alpha).toBeCloseTo(rep.alpha, 6);
      expect(beta).toBeCloseTo(rep.beta, 6);
      expect(alpha + beta).toBeCloseTo(1 - gamma, 6);
      expect(g).toBeCloseTo(gamma, 6);
    }
    // Mutated regions take nothing from the parents and everything from a donor.
    for (const r of a.mutatedRegions) {
      expect(regionValues(a.genes, SMALL, r).every((v) => v === 0)).toBe(true);
      expect(regionValues(b.genes, SMALL, r).every((v) => v === 0)).toBe(true);
      expect(regionValues(c.genes, SMALL, r).every((v) => v === 1)).toBe(true);
    }
  });

  it('the std is exp(0.5·logvar_c): the mixed logvar sets the noise scale', () => {
    // Father-only region with logvar 0 reveals ε; a blend with known logvars must scale it.
    const fLv0 = makeGenes(SMALL, () => 0, () => 0);
    const mLv = makeGenes(SMALL, () => 0, () => Math.log(9)); // std_M = 3
    const eps = breedChildGenes({ father: fLv0, mother: mLv, shape: SMALL }, { overrides: { 5: { kind: 'father' } } }, createRng(9));
    const mixed = breedChildGenes(
      { father: fLv0, mother: mLv, shape: SMALL },
      { overrides: { 5: { kind: 'blend', alpha: 0.5 } } },
      createRng(9),
    );
    const mother = breedChildGenes({ father: fLv0, mother: mLv, shape: SMALL }, { overrides: { 5: { kind: 'mother' } } }, createRng(9));
    forEachIndex(5, (i) => {
      const e = eps.genes[i] as number;
      expect(mother.genes[i]).toBeCloseTo(3 * e, 4); // exp(0.5·ln 9) = 3
      expect(mixed.genes[i]).toBeCloseTo(Math.sqrt(3) * e, 4); // exp(0.5·0.5·ln 9) = √3
    });
  });
});

describe('how many regions η mutates', () => {
  /** The reference's k = int(34·(1−η)), written out independently of the code under test. */
  const refK = (n: number, eta: number) => Math.trunc(n * (1 - eta));

  it.each([0, 0.1, 0.25, 0.4, 0.5, 0.75, 0.9, 1])('η = %s with no overrides: k or k − 1 of the 33 inherited, background never mutates', (eta) => {
    const k = refK(34, eta);
    for (const seed of [1, 2, 3, 4]) {
      const res = breed({ eta }, seed);
      expect(res.randomRegions).toHaveLength(33);
      // k slots over all 34; the background can take one of them and is then set apart.
      expect([Math.min(k, 33), k - 1]).toContain(res.inheritedRegions.length);
      expect(res.inheritedRegions.length + res.mutatedRegions.length).toBe(33);
      expect(res.regions.filter((x) => x.mode === 'mutated')).toHaveLength(res.mutatedRegions.length);
      expect(res.mutatedRegions).not.toContain(0);
      expect(report(res, 0).mode).toBe('background');
    }
  });

  /**
   * Known answer: k regions drawn uniformly from 34 include the background with
   * probability k/34, so the number of inherited non-background regions is k − X with
   * X ~ Bernoulli(k/34): mean k·33/34, values k − 1 and k only, standard deviation
   * √(p(1−p)) ≈ 0.49. Over 2000 children the standard error of the mean is ≈ 0.011; the
   * bound 0.05 is 4.5 standard errors (the old "always k − 1" rule is off by k/34 ≥ 0.5).
   * Each non-background region is inherited with probability k/34 (standard error ≈ 0.011
   * over 2000 children; bound 0.055, 5 standard errors over 33 regions).
   */
  it.each([
    [0.4, 20, 19.41],
    [0.5, 17, 16.5],
  ])('η = %s: k = %s and the inherited count has mean k·33/34 ≈ %s over 2000 children', (eta, k, approxMean) => {
    expect(refK(34, eta)).toBe(k);
    const N = 2000;
    // One layer, one dim: the draw does not depend on the tensor size, and this keeps the loop fast.
    const shape = { numWs: 1, regions: 34, wDim: 1 };
    const tiny: BreedInput = { father: constGenes(shape, 1), mother: constGenes(shape, -1), shape };
    const counts = new Map<number, number>();
    const perRegion = new Array<number>(R).fill(0);
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const res = breedChildGenes(tiny, { eta, temperature: 0 }, childRng(777, i));
      const n = res.inheritedRegions.length;
      sum += n;
      counts.set(n, (counts.get(n) ?? 0) + 1);
      for (const r of res.inheritedRegions) perRegion[r] = (perRegion[r] as number) + 1;
    }
    const mean = sum / N;
    expect(k * 33 / 34).toBeCloseTo(approxMean, 2);
    expect(Math.abs(mean - (k * 33) / 34)).toBeLessThan(0.05);
    expect([...counts.keys()].sort()).toEqual([k - 1, k]);
    // P(count = k − 1) = P(background drawn) = k/34.
    expect(Math.abs((counts.get(k - 1) ?? 0) / N - k / 34)).toBeLessThan(0.05);
    expect(perRegion[0]).toBe(0);
    for (let r = 1; r < R; r++) expect(Math.abs((perRegion[r] as number) / N - k / 34)).toBeLessThan(0.055);
  });

  it('the subset changes with the seed', () => {
    const sets = new Set([1, 2, 3, 4, 5].map((seed) => breed({}, seed).mutatedRegions.join(',')));
    expect(sets.size).toBeGreaterThan(1);
  });

  it('region 0 overridden to random: the reference draw over all 34, region 0 an ordinary candidate', () => {
    for (const eta of [0, 0.4, 1]) {
      const res = breed({ eta, overrides: { 0: { kind: 'random' } } }, 3);
      expect(res.randomRegions).toHaveLength(34);
      expect(res.inheritedRegions).toHaveLength(refK(34, eta));
      expect(res.mutatedRegions).toHaveLength(34 - refK(34, eta));
    }
    // Region 0 can then mutate.
    const mutatedBackground = [...Array(40).keys()].some(
      (seed) => breed({ overrides: { 0: { kind: 'random' } } }, seed).mutatedRegions.includes(0),
    );
    expect(mutatedBackground).toBe(true);
  });

  it('region 0 overridden to father still takes part in the draw (and never mutates)', () => {
    const lengths = new Set<number>();
    for (let seed = 0; seed < 60; seed++) {
      const res = breed({ overrides: { 0: { kind: 'father' } } }, seed);
      expect(report(res, 0).mode).toBe('father');
      lengths.add(res.inheritedRegions.length);
    }
    expect([...lengths].sort()).toEqual([19, 20]);
  });

  it('with other overrides η acts on the random regions only (the background still a candidate)', () => {
    const overrides = { 1: { kind: 'father' }, 2: { kind: 'mother' }, 3: { kind: 'pool' }, 4: { kind: 'blend', alpha: 0.5 } } as const;
    for (const eta of [0, 0.4, 1]) {
      // 29 random regions + the background = 30 candidates, k = int(30·(1−η)).
      const k = refK(30, eta);
      const lengths = new Set<number>();
      for (let seed = 0; seed < 40; seed++) {
        const res = breed({ eta, overrides }, seed);
        expect(res.randomRegions).toHaveLength(29);
        lengths.add(res.inheritedRegions.length);
        for (const r of [1, 2, 3, 4]) {
          expect(res.mutatedRegions).not.toContain(r);
          expect(res.inheritedRegions).not.toContain(r);
          expect(report(res, r).mode).toBe(overrides[r as 1 | 2 | 3 | 4].kind);
        }
      }
      const expected = k === 0 ? [0] : k === 30 ? [29] : [k - 1, k];
      expect([...lengths].sort((a, b) => a - b)).toEqual(expected);
    }
    expect(inheritedDrawCount(34, 0.4)).toBe(20);
    expect(inheritedDrawCount(34, 0.5)).toBe(17);
    expect(inheritedDrawCount(30, 0.4)).toBe(18);
    expect(inheritedDrawCount(1, 0.4)).toBe(0);
  });
});

describe('overrides', () => {
  it('father and mother copy that parent exactly (τ = 0) and report no pool share', () => {
    const res = breed({ temperature: 0, overrides: { 9: { kind: 'father' }, 10: { kind: 'mother' } } });
    expect(report(res, 9)).toEqual({ region: 9, name: 'eye iris', mode: 'father', t: 0 });
    expect(report(res, 10)).toEqual({ region: 10, name: 'eye pupil', mode: 'mother', t: 0 });
    forEachIndex(9, (i) => expect(res.genes[i]).toBe(F.mu[i]));
    forEachIndex(10, (i) => expect(res.genes[i]).toBe(M.mu[i]));
  });

  it('father with τ = 1 samples mu_F + std_F·ε', () => {
    const mean = breed({ temperature: 0, overrides: { 9: { kind: 'father' } } }, 4);
    const eps = breedChildGenes(
      { father: makeGenes(SMALL, () => 0), mother: M, donors: POOL, shape: SMALL },
      { overrides: { 9: { kind: 'father' } } },
      createRng(4),
    );
    const sampled = breed({ overrides: { 9: { kind: 'father' } } }, 4);
    forEachIndex(9, (i) => {
      const stdF = Math.exp(0.5 * (F.logvar[i] as number));
      expect(sampled.genes[i]).toBeCloseTo((mean.genes[i] as number) + stdF * (eps.genes[i] as number), 5);
    });
  });

  it('blend(α) gives α·F + (1−α)·M exactly, with no pool share', () => {
    for (const alpha of [0, 0.25, 0.5, 1]) {
      const res = breed({ temperature: 0, overrides: { 26: { kind: 'blend', alpha } } });
      expect(report(res, 26)).toEqual({ region: 26, name: 'nose', mode: 'blend', t: 0, alpha });
      forEachIndex(26, (i) => {
        const want = alpha * (F.mu[i] as number) + (1 - alpha) * (M.mu[i] as number);
        expect(res.genes[i]).toBeCloseTo(want, 6);
      });
    }
    const exact = breed({ temperature: 0, overrides: { 26: { kind: 'blend', alpha: 0.25 } } });
    forEachIndex(26, (i) => expect(exact.genes[i]).toBe(Math.fround(0.25 * (F.mu[i] as number) + 0.75 * (M.mu[i] as number))));
  });

  it('pool mutates from a pool donor (t = 1) and the donor varies with the seed', () => {
    const ids = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const res = breed({ temperature: 0, eta: 0, overrides: { 17: { kind: 'pool' } } }, seed);
      const rep = report(res, 17);
      if (rep.mode !== 'pool') throw new Error('expected pool');
      expect(rep.t).toBe(1);
      expect(rep.donorSource).toBe('pool');
      ids.add(rep.donorId);
      forEachIndex(17, (i) => expect(res.genes[i]).toBe(donorGenes(rep.donorId).mu[i]));
      // η = 0: nothing else mutates.
      expect(res.mutatedRegions).toHaveLength(0);
    }
    expect(ids.size).toBeGreaterThan(1);
  });

  it('donor(id) takes the chosen entry from donorById (Map or record), the pool list, or a parent id', () => {
    const X = makeGenes(SMALL, (l, r, d) => 42 + d, () => 0);
    const viaMap = breed({ temperature: 0, overrides: { 14: { kind: 'donor', donorId: 'x' } } }, 1, { donorById: new Map([['x', X]]) });
    const viaRecord = breed({ temperature: 0, overrides: { 14: { kind: 'donor', donorId: 'x' } } }, 1, { donorById: { x: X } });
    const viaList = breed({ temperature: 0, overrides: { 14: { kind: 'donor', donorId: 'p3' } } }, 1);
    const viaParent = breed({ temperature: 0, overrides: { 14: { kind: 'donor', donorId: 'dad' } } }, 1, {
      father: { ...F, id: 'dad' },
    });
    expect(report(viaMap, 14)).toEqual({ region: 14, name: 'eyebrow', mode: 'donor', t: 1, donorId: 'x', donorSource: 'chosen' });
    forEachIndex(14, (i) => {
      expect(viaMap.genes[i]).toBe(X.mu[i]);
      expect(viaRecord.genes[i]).toBe(X.mu[i]);
      expect(viaList.genes[i]).toBe(P3.mu[i]);
      expect(viaParent.genes[i]).toBe(F.mu[i]);
    });
  });

  it('an unknown donor id is a clear error', () => {
    expect(() => breed({ overrides: { 14: { kind: 'donor', donorId: 'nope' } } })).toThrow(
      'region 14 (eyebrow): unknown donor id "nope"',
    );
    expect(() => breed({ overrides: { 14: { kind: 'donor', donorId: 'toString' } } }, 1, { donorById: {} })).toThrow(/unknown donor id/);
  });

  it('an override changes only its own region', () => {
    const base = breed({}, 12);
    const changed = breed({ overrides: { 20: { kind: 'mother' }, 21: { kind: 'pool' } } }, 12);
    for (let r = 0; r < R; r++) {
      if (r === 20 || r === 21) continue;
      const a = report(base, r);
      const b = report(changed, r);
      // η re-splits the remaining random regions, so compare only where the mode survived.
      if (a.mode !== b.mode) continue;
      expect(b).toEqual(a);
      expect(regionValues(changed.genes, SMALL, r)).toEqual(regionValues(base.genes, SMALL, r));
    }
  });
});

describe('background (region 0)', () => {
  it('defaults to the father, sampled: g_0 = mu_F,0 + std_F,0 ⊙ ε', () => {
    const mean = breed({ temperature: 0 }, 6);
    expect(report(mean, 0)).toEqual({ region: 0, name: 'background', mode: 'background', t: 0 });
    forEachIndex(0, (i) => expect(mean.genes[i]).toBe(F.mu[i]));
    const sampled = breed({}, 6);
    const eps = breedChildGenes({ father: makeGenes(SMALL, () => 0), mother: M, donors: POOL, shape: SMALL }, {}, createRng(6));
    forEachIndex(0, (i) => {
      expect(sampled.genes[i]).toBeCloseTo((F.mu[i] as number) + Math.exp(0.5 * (F.logvar[i] as number)) * (eps.genes[i] as number), 5);
      expect(sampled.genes[i]).not.toBe(F.mu[i]);
    });
  });

  it('follows a user override', () => {
    const res = breed({ temperature: 0, overrides: { 0: { kind: 'mother' } } });
    expect(report(res, 0).mode).toBe('mother');
    forEachIndex(0, (i) => expect(res.genes[i]).toBe(M.mu[i]));
  });
});

describe('donors', () => {
  it('an empty donor list makes the parents the donors', () => {
    for (const donors of [[], undefined]) {
      const res = breed({ temperature: 0, eta: 1 }, 3, { donors, father: { ...F, id: 'anna' }, mother: { ...M, id: 'bo' } });
      expect(res.donorsAreParents).toBe(true);
      const seen = new Set<string>();
      for (const r of res.mutatedRegions) {
        const rep = report(res, r);
        if (rep.mode !== 'mutated') throw new Error('expected mutated');
        expect(rep.donorSource).toBe('parent');
        expect(['anna', 'bo']).toContain(rep.donorId);
        seen.add(rep.donorId);
        forEachIndex(r, (i) => expect(res.genes[i]).toBe((rep.donorId === 'anna' ? F : M).mu[i]));
      }
      expect(seen.size).toBe(2);
    }
    const unnamed = breed({ eta: 1 }, 3, { donors: [] });
    expect(new Set(unnamed.regions.flatMap((x) => ('donorId' in x ? [x.donorId] : [])))).toEqual(new Set(['father', 'mother']));
  });

  it('with a pool, donors come from the pool only and all entries get used', () => {
    const res = breed({ eta: 1 }, 8);
    expect(res.donorsAreParents).toBe(false);
    const ids = new Set(res.regions.flatMap((x) => ('donorId' in x ? [x.donorId] : [])));
    expect(ids).toEqual(new Set(['p1', 'p2', 'p3']));
  });
});

describe('reproducibility', () => {
  const settings = { overrides: { 3: { kind: 'pool' }, 7: { kind: 'blend', alpha: 0.3 } } } as const;

  it('same seed gives a bit-identical child; the rng passed in is not consumed', () => {
    const rng = createRng(99);
    const a = breedChildGenes(input(), settings, rng);
    const b = breedChildGenes(input(), settings, rng);
    const c = breedChildGenes(input(), settings, createRng(99));
    expect(Buffer.from(a.genes.buffer).equals(Buffer.from(b.genes.buffer))).toBe(true);
    expect(Buffer.from(a.genes.buffer).equals(Buffer.from(c.genes.buffer))).toBe(true);
    expect(a.regions).toEqual(c.regions);
  });

  it('different seeds differ', () => {
    const a = breedChildGenes(input(), settings, createRng(1));
    const b = breedChildGenes(input(), settings, createRng(2));
    let same = 0;
    for (let i = 0; i < a.genes.length; i++) if (a.genes[i] === b.genes[i]) same++;
    expect(same).toBeLessThan(a.genes.length * 0.1);
    expect(a.mutatedRegions).not.toEqual(b.mutatedRegions);
  });

  it('child k of a batch equals child k bred alone', () => {
    const batch = breedChildren(input(), settings, 1234, 6);
    expect(batch).toHaveLength(6);
    for (const k of [0, 3, 5]) {
      const alone = breedChildGenes(input(), settings, childRng(1234, k));
      expect(Buffer.from(batch[k]!.genes.buffer).equals(Buffer.from(alone.genes.buffer))).toBe(true);
    }
    const smaller = breedChildren(input(), settings, 1234, 2);
    expect(smaller[1]!.genes).toEqual(batch[1]!.genes);
    expect(batch[0]!.genes).not.toEqual(batch[1]!.genes);
  });

  it('breedChildren validates seed and count', () => {
    expect(() => breedChildren(input(), {}, 1, 0)).toThrow('childCount must be an integer between 1 and 64, got 0');
    expect(() => breedChildren(input(), {}, 1, 65)).toThrow('childCount must be an integer between 1 and 64, got 65');
    expect(() => breedChildren(input(), {}, -3, 1)).toThrow('seed must be an integer between 0 and 4294967295, got -3');
  });

  it('runs at full size (18 × 34 × 512) and returns a finite tensor of the right length', () => {
    const n = geneLength(DEFAULT_GENE_SHAPE);
    const full = (v: number): Genes => ({ mu: new Float32Array(n).fill(v), logvar: new Float32Array(n).fill(-4) });
    const res = breedChildGenes({ father: full(1), mother: full(-1) }, {}, childRng(5, 0));
    expect(res.genes).toHaveLength(18 * 34 * 512);
    expect(res.genes.every(Number.isFinite)).toBe(true);
    expect(res.mutatedRegions).toHaveLength(14);
  });
});

describe('bad input', () => {
  const withValue = (g: Genes, which: 'mu' | 'logvar', i: number, v: number): Genes => {
    const copy = { mu: Float32Array.from(g.mu), logvar: Float32Array.from(g.logvar) };
    copy[which][i] = v;
    return copy;
  };

  it('NaN or infinite parent genes name the tensor and the position', () => {
    expect(() => breed({}, 1, { father: withValue(F, 'mu', 123, Number.NaN) })).toThrow(
      'father.mu contains NaN at index 123 (layer 1, region 7 (eye bottom lid), dim 0)',
    );
    expect(() => breed({}, 1, { mother: withValue(M, 'logvar', 5, Infinity) })).toThrow('mother.logvar contains Infinity at index 5');
    expect(() => breed({}, 1, { mother: withValue(M, 'mu', 0, -Infinity) })).toThrow('mother.mu contains -Infinity at index 0');
  });

  it('a bad donor that is used is refused by id', () => {
    const bad = withValue(P1, 'mu', 7, Number.NaN);
    expect(() => breed({ overrides: { 4: { kind: 'donor', donorId: 'bad' } } }, 1, { donorById: { bad } })).toThrow(
      'donor "bad".mu contains NaN at index 7',
    );
  });

  it('a batch scratch checks each tensor once, but still every new tensor and every new shape', () => {
    const scratch = new CrossoverScratch();
    breedChildGenes(input(), {}, createRng(1), scratch);
    // A donor first used by a later child of the batch is checked then.
    const bad = withValue(P1, 'logvar', 9, Number.NaN);
    expect(() => breedChildGenes(input({ donorById: { bad } }), { overrides: { 4: { kind: 'donor', donorId: 'bad' } } }, createRng(2), scratch)).toThrow(
      'donor "bad".logvar contains NaN at index 9',
    );
    // Tensors that passed at one shape are checked again at another.
    expect(() => breedChildGenes({ father: F, mother: M }, {}, createRng(3), scratch)).toThrow(/father.mu has length 408, expected 313344/);
  });

  it('wrong lengths and types are refused', () => {
    const short = { mu: new Float32Array(10), logvar: new Float32Array(10) };
    expect(() => breed({}, 1, { father: short })).toThrow('father.mu has length 10, expected 408 (4 layers × 34 regions × 3 dims)');
    expect(() => breedChildGenes({ father: F, mother: M }, {}, createRng(1))).toThrow(/father.mu has length 408, expected 313344/);
    const notTyped = { mu: Array.from(F.mu), logvar: F.logvar } as unknown as Genes;
    expect(() => breed({}, 1, { father: notTyped })).toThrow('father.mu must be a Float32Array');
    expect(() => breed({}, 1, { shape: { numWs: 0, regions: 34, wDim: 3 } })).toThrow('gene shape numWs must be a positive integer, got 0');
  });

  it('γ, η and τ out of range are refused before anything runs', () => {
    expect(() => breed({ gamma: 1.5 })).toThrow('gamma must be between 0 and 1, got 1.5');
    expect(() => breed({ eta: -0.1 })).toThrow('eta must be between 0 and 1, got -0.1');
    expect(() => breed({ temperature: 4 })).toThrow('temperature must be between 0 and 3, got 4');
  });

  it('an override beyond the shape is refused', () => {
    const tiny = { numWs: 1, regions: 2, wDim: 1 };
    const g = constGenes(tiny, 0);
    expect(() => breedChildGenes({ father: g, mother: g, shape: tiny }, { overrides: { 5: { kind: 'father' } } }, createRng(1))).toThrow(
      'override for region 5 but the gene shape has only 2 regions',
    );
  });

  it('a logvar so large that std overflows is refused', () => {
    const huge = withValue(F, 'logvar', 0, 3e38);
    expect(() => breed({}, 1, { father: huge })).toThrow(/child genes contains Infinity at index 0/);
  });
});
