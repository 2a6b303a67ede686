import { describe, expect, it } from 'vitest';
import {
  crossoverResemblance,
  geneDistanceResemblance,
  meanPairwiseDistance,
  regionShare,
  siblingDiversity,
} from '../../../src/core/genes/resemblance';
import { breedChildGenes } from '../../../src/core/genes/crossover';
import { childRng } from '../../../src/core/genes/rng';
import { REGION_COUNT, REGION_GROUPS } from '../../../src/core/genes/regions';
import { SMALL, constGenes, donor, makeGenes, regionValues } from './helpers';

const IDS = { fatherId: 'F', motherId: 'M' };
const all = (mode: string, extra: object = {}) => Array.from({ length: REGION_COUNT }, (_, region) => ({ region, mode, ...extra }));

describe('crossover share (known answers)', () => {
  it('all regions from the father: 100 % father', () => {
    const r = crossoverResemblance(all('father'), IDS);
    expect(r.overall).toEqual({ father: 1, mother: 0, pool: 0 });
    for (const g of Object.values(r.groups)) expect(g).toEqual({ father: 1, mother: 0, pool: 0 });
  });

  it('all regions from the mother: 100 % mother, even though the background stays the father’s', () => {
    const regions = all('mother');
    regions[0] = { region: 0, mode: 'background' };
    expect(crossoverResemblance(regions, IDS).overall).toEqual({ father: 0, mother: 1, pool: 0 });
  });

  it('inherited α, β, γ split; a pool donor counts for the pool, a parent donor for that parent', () => {
    expect(regionShare({ region: 3, mode: 'inherited', alpha: 0.25, beta: 0.5, donorId: 'pool:7' }, IDS)).toEqual({ father: 0.25, mother: 0.5, pool: 0.25 });
    expect(regionShare({ region: 3, mode: 'inherited', alpha: 0.25, beta: 0.5, donorId: 'M' }, IDS)).toEqual({ father: 0.25, mother: 0.75, pool: 0 });
    expect(regionShare({ region: 3, mode: 'mutated', donorId: 'F' }, IDS)).toEqual({ father: 1, mother: 0, pool: 0 });
    expect(regionShare({ region: 3, mode: 'mutated', donorId: 'x' }, IDS)).toEqual({ father: 0, mother: 0, pool: 1 });
    expect(regionShare({ region: 3, mode: 'blend', alpha: 0.3 }, IDS)).toEqual({ father: 0.3, mother: 0.7, pool: 0 });
  });

  it('each face region counts once: eyes from the father, everything else from the pool', () => {
    const regions = all('pool', { donorId: 'x' });
    for (const r of REGION_GROUPS.eyes) regions[r] = { region: r, mode: 'father' };
    const res = crossoverResemblance(regions, IDS);
    expect(res.groups.eyes).toEqual({ father: 1, mother: 0, pool: 0 });
    expect(res.groups.nose).toEqual({ father: 0, mother: 0, pool: 1 });
    expect(res.overall.father).toBeCloseTo(REGION_GROUPS.eyes.length / (REGION_COUNT - 1), 12);
  });

  it('refuses a report it cannot read', () => {
    expect(() => regionShare({ region: 2, mode: 'inherited', alpha: 2, beta: 0 }, IDS)).toThrow('region 2 (inherited): alpha must be a number in [0, 1], got 2');
    expect(() => regionShare({ region: 2, mode: 'sideways' }, IDS)).toThrow("unknown crossover mode 'sideways'");
  });

  // Second, independent reading: with father genes 1, mother 0 and donors 0 and no
  // sampling noise, each region's child gene *is* the father's weight; likewise for the mother.
  it('agrees with the genes the crossover actually mixed', () => {
    const one = constGenes(SMALL, 1);
    const zero = constGenes(SMALL, 0);
    const pool = [donor('p1', zero), donor('p2', zero)];
    for (let k = 0; k < 5; k++) {
      const settings = { gamma: 0.2, eta: 0.4, temperature: 0 };
      const asF = breedChildGenes({ father: { ...one, id: 'F' }, mother: { ...zero, id: 'M' }, donors: pool, shape: SMALL }, settings, childRng(11, k));
      const asM = breedChildGenes({ father: { ...zero, id: 'F' }, mother: { ...one, id: 'M' }, donors: pool, shape: SMALL }, settings, childRng(11, k));
      const share = crossoverResemblance(asF.regions, IDS);
      let f = 0;
      let m = 0;
      for (let r = 1; r < REGION_COUNT; r++) {
        f += regionValues(asF.genes, SMALL, r)[0]!;
        m += regionValues(asM.genes, SMALL, r)[0]!;
      }
      expect(share.overall.father).toBeCloseTo(f / (REGION_COUNT - 1), 6);
      expect(share.overall.mother).toBeCloseTo(m / (REGION_COUNT - 1), 6);
      expect(share.overall.pool).toBeCloseTo(1 - f / (REGION_COUNT - 1) - m / (REGION_COUNT - 1), 6);
    }
  });
});

describe('gene distance share', () => {
  const F = makeGenes(SMALL, (l, r, d) => Math.sin(l + 3 * r + 7 * d)).mu;
  const M = makeGenes(SMALL, (l, r, d) => Math.cos(2 * l + r - d)).mu;

  it('a child equal to its father reads 100 % father; equal to its mother 0 %; the midpoint 50 %', () => {
    expect(geneDistanceResemblance(F, F, M, SMALL).overall.fatherShare).toBe(1);
    expect(geneDistanceResemblance(M, F, M, SMALL).overall.fatherShare).toBe(0);
    const mid = F.map((v, i) => (v + M[i]!) / 2);
    const r = geneDistanceResemblance(mid, F, M, SMALL);
    expect(r.overall.fatherShare).toBeCloseTo(0.5, 6);
    for (const g of Object.values(r.groups)) expect(g!.fatherShare).toBeCloseTo(0.5, 6);
  });

  it('per group: the eyes copied from the mother, the rest from the father', () => {
    const child = F.slice();
    for (let l = 0; l < SMALL.numWs; l++)
      for (const r of REGION_GROUPS.eyes) for (let d = 0; d < SMALL.wDim; d++) child[(l * SMALL.regions + r) * SMALL.wDim + d] = M[(l * SMALL.regions + r) * SMALL.wDim + d]!;
    const res = geneDistanceResemblance(child, F, M, SMALL);
    expect(res.groups.eyes!.fatherShare).toBe(0);
    expect(res.groups.nose!.fatherShare).toBe(1);
    expect(res.overall.fatherShare).toBeGreaterThan(0);
    expect(res.overall.fatherShare).toBeLessThan(1);
  });

  it('refuses tensors of the wrong size', () => {
    expect(() => geneDistanceResemblance(new Float32Array(3), F, M, SMALL)).toThrow('child genes have 3 values');
  });
});

describe('sibling diversity', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  it('mean pairwise distance, and siblings against unrelated pairs', () => {
    expect(meanPairwiseDistance([v(0, 0), v(3, 4), v(0, 0)])).toBeCloseTo((5 + 0 + 5) / 3, 12);
    expect(meanPairwiseDistance([v(1)])).toBeNull();
    const d = siblingDiversity([v(0, 0), v(0, 1)], [v(0, 0), v(0, 4)])!;
    expect(d).toEqual({ siblings: 1, unrelated: 4, ratio: 0.25 });
    expect(siblingDiversity([v(0)], [v(0), v(1)])).toBeNull();
  });
});
