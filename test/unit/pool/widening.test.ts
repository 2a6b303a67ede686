import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/genes/rng';
import { sampleDonors } from '../../../src/core/pool/donor-sampler';
import { wideningSteps } from '../../../src/core/pool/widening';
import { openWith, row, tempPoolPath } from './pool-fixtures';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import { PACK_A } from './pool-fixtures';

describe('widening rules', () => {
  it('orders the filters: exact, ages ±1, any race, then any race over ever wider ages', () => {
    const steps = wideningSteps({ ageGroup: '3-9', gender: 'male', races: ['East Asian', 'White'] });
    expect(steps.map((s) => s.label)).toEqual([
      'exact group',
      'neighbouring ages 0-2 to 10-19',
      'any race',
      'any race, ages 0-2 to 10-19',
      'any race, ages 0-2 to 20-29',
      'any race, ages 0-2 to 30-39',
      'any race, ages 0-2 to 40-49',
      'any race, ages 0-2 to 50-59',
      'any race, ages 0-2 to 60-69',
      'any race, ages 0-2 to 70+',
    ]);
    expect(steps.every((s) => s.filter.gender === 'male')).toBe(true);
    // No parent race known: the exact step already means any race.
    const anyRace = wideningSteps({ ageGroup: '70+', gender: 'female', races: [] });
    expect(anyRace[0]!.filter.races).toBeNull();
    expect(anyRace.map((s) => s.label)[1]).toBe('any race, ages 60-69 to 70+');
  });

  it('uses the exact group when it has entries (union of the parents’ races)', () => {
    const index = openWith([row('a', '0-2', 'male', 'White'), row('b', '0-2', 'male', 'Black'), row('c', '0-2', 'male', 'Indian')]);
    const s = sampleDonors(index, { ageGroup: '0-2', gender: 'male', races: ['White', 'Black'], k: 10, rng: createRng(1) });
    expect(s.entries.map((e) => e.sourceRef).sort()).toEqual(['a', 'b']);
    expect(s.report).toMatchObject({ used: 'age 0-2 male White or Black', widened: [], candidates: 2, empty: false });
  });

  it('widens to neighbouring ages, then any race, then farther ages, reporting each step', () => {
    const index = openWith([row('teen', '10-19', 'male', 'Black'), row('baby-w', '0-2', 'male', 'White'), row('old', '70+', 'male', 'East Asian')]);
    const neighbour = sampleDonors(index, { ageGroup: '3-9', gender: 'male', races: ['Black'], k: 4, rng: createRng(1) });
    expect(neighbour.entries.map((e) => e.sourceRef)).toEqual(['teen']);
    expect(neighbour.report.widened).toEqual(['no age 3-9 male Black entries; widened to neighbouring ages 0-2 to 10-19']);

    const anyRace = sampleDonors(index, { ageGroup: '0-2', gender: 'male', races: ['Indian'], k: 4, rng: createRng(1) });
    expect(anyRace.entries.map((e) => e.sourceRef)).toEqual(['baby-w']);
    expect(anyRace.report.widened).toEqual([
      'no age 0-2 male Indian entries; widened to neighbouring ages 0-2 to 3-9',
      'no ages 0-2 to 3-9 male Indian entries; widened to any race',
    ]);

    const far = sampleDonors(index, { ageGroup: '50-59', gender: 'male', races: ['Latino_Hispanic'], k: 4, rng: createRng(1) });
    expect(far.entries.map((e) => e.sourceRef)).toEqual(['old']);
    expect(far.report.used).toBe('ages 30-39 to 70+ male any race');
    expect(far.report.widened.at(-1)).toBe('no ages 40-49 to 60-69 male any race entries; widened to any race, ages 30-39 to 70+');
  });

  it('never widens gender, and an empty pool gives no donors (the parents donate)', () => {
    const index = openWith([row('m', '20-29', 'male', 'White')]);
    const s = sampleDonors(index, { ageGroup: '20-29', gender: 'female', races: ['White'], k: 3, rng: createRng(1) });
    expect(s.entries).toEqual([]);
    expect(s.report.empty).toBe(true);
    expect(s.report.widened.at(-1)).toMatch(/the parents are the donors/);
    const empty = PoolIndex.open(tempPoolPath(), PACK_A);
    expect(sampleDonors(empty, { ageGroup: '0-2', gender: 'male', races: [], k: 3, rng: createRng(1) }).entries).toEqual([]);
  });

  it('is deterministic under the rng and draws k distinct entries', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row(`r${i}`, '20-29', i % 2 ? 'female' : 'male', i % 3 ? 'White' : 'Black'));
    const index = openWith(rows);
    const q = { ageGroup: '20-29' as const, gender: 'female' as const, races: ['White' as const, 'Black' as const], k: 7 };
    const a = sampleDonors(index, { ...q, rng: createRng(42).fork('pool') }).entries.map((e) => e.id);
    const b = sampleDonors(index, { ...q, rng: createRng(42).fork('pool') }).entries.map((e) => e.id);
    const c = sampleDonors(index, { ...q, rng: createRng(43).fork('pool') }).entries.map((e) => e.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBe(7);
    // A pool reopened or rebuilt with the same rows gives the same draw.
    const again = openWith(rows);
    expect(sampleDonors(again, { ...q, rng: createRng(42).fork('pool') }).entries.map((e) => e.id)).toEqual(a);
  });
});
