import { describe, expect, it } from 'vitest';
import {
  AGE_GROUPS,
  GENDERS,
  RACES,
  REGION_COUNT,
  REGION_GROUPS,
  REGION_GROUP_NAMES,
  REGION_NAMES,
  describeRegion,
  isRace,
  isRegionIndex,
  regionGroupOf,
} from '../../../src/core/genes/index.js';

describe('regions', () => {
  it('has the 34 regions in the reference order', () => {
    expect(REGION_COUNT).toBe(34);
    expect(REGION_NAMES[0]).toBe('background');
    expect(REGION_NAMES[9]).toBe('eye iris');
    expect(REGION_NAMES[17]).toBe('hair');
    expect(REGION_NAMES[18]).toBe('hair sideburns');
    expect(REGION_NAMES[24]).toBe('teeth');
    expect(REGION_NAMES[26]).toBe('nose');
    expect(REGION_NAMES[33]).toBe('wrinkles');
    expect(new Set(REGION_NAMES).size).toBe(34);
  });

  it('face-map groups partition the regions exactly as the StyleGene reference lists them', () => {
    const all = REGION_GROUP_NAMES.flatMap((g) => [...REGION_GROUPS[g]]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 34 }, (_, i) => i));
    expect(REGION_GROUPS.ears).toEqual([4, 5, 6]);
    expect(REGION_GROUPS.eyes).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(REGION_GROUPS.nose).toEqual([26, 27, 28, 29, 30]);
    expect(REGION_GROUPS.mouth).toEqual([21, 22, 23, 24, 31]);
    expect(REGION_GROUPS.faceShape).toEqual([1, 2, 3, 19, 20]);
    expect(REGION_GROUPS.hair).toEqual([17, 18]);
    expect(REGION_GROUPS.other).toEqual([0, 14, 15, 16, 25, 32, 33]);
    expect(regionGroupOf(31)).toBe('mouth');
    expect(regionGroupOf(0)).toBe('other');
    expect(() => regionGroupOf(34)).toThrow(RangeError);
  });

  it('names regions in messages and checks indices', () => {
    expect(describeRegion(14)).toBe('region 14 (eyebrow)');
    expect(isRegionIndex(33)).toBe(true);
    expect(isRegionIndex(34)).toBe(false);
    expect(isRegionIndex(1.5)).toBe(false);
  });
});

describe('attributes', () => {
  it('spells the FairFace labels exactly', () => {
    expect(AGE_GROUPS).toEqual(['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+']);
    expect(GENDERS).toEqual(['male', 'female']);
    expect(RACES).toEqual(['White', 'Black', 'Latino_Hispanic', 'East Asian', 'Southeast Asian', 'Indian', 'Middle Eastern']);
    expect(isRace('East Asian')).toBe(true);
    expect(isRace('East_Asian')).toBe(false);
  });
});
