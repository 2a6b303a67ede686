import { describe, expect, it } from 'vitest';
import type { RegionOverrides } from '../../../src/core/genes/settings';
import { REGION_GROUPS } from '../../../src/core/genes/regions';
import {
  allHave,
  applyMode,
  applyOverride,
  applyToGroup,
  cycleRegion,
  normalizeOverrides,
  resetRegions,
  setBlendAlpha,
  setRegionOverride,
} from '../../../src/renderer/src/facemap/paint';
import { effectiveOverride } from '../../../src/renderer/src/facemap/modes';

describe('face-map paint', () => {
  it('applies a mode to several regions without touching the input', () => {
    const before: RegionOverrides = Object.freeze({ 3: Object.freeze({ kind: 'pool' as const }) });
    const after = applyMode(before, [1, 2, 3], 'mother');
    expect(before).toEqual({ 3: { kind: 'pool' } });
    expect(after).toEqual({ 1: { kind: 'mother' }, 2: { kind: 'mother' }, 3: { kind: 'mother' } });
    expect(applyMode({}, [5], 'blend', 0.25)).toEqual({ 5: { kind: 'blend', alpha: 0.25 } });
  });

  it('stays sparse: defaults are dropped, the background keeps an explicit random', () => {
    expect(applyMode({ 4: { kind: 'father' } }, [4], 'random')).toEqual({});
    expect(applyMode({}, [0], 'father')).toEqual({});
    expect(applyMode({}, [0], 'random')).toEqual({ 0: { kind: 'random' } });
    expect(normalizeOverrides({ 0: { kind: 'father' }, 1: { kind: 'random' }, 2: { kind: 'pool' }, 99: { kind: 'pool' } })).toEqual({ 2: { kind: 'pool' } });
  });

  it('returns the same object when nothing changes', () => {
    const v: RegionOverrides = { 7: { kind: 'mother' } };
    expect(applyOverride(v, [7], { kind: 'mother' })).toBe(v);
    expect(applyOverride(v, [], { kind: 'father' })).toBe(v);
    expect(applyOverride(v, [-1, 34, 1.5], { kind: 'father' })).toBe(v);
    expect(resetRegions(v, [8])).toBe(v);
    expect(setBlendAlpha(v, [7], 0.2)).toBe(v);
    expect(normalizeOverrides(v)).toBe(v);
  });

  it('cycles one region through the five modes and back', () => {
    let v: RegionOverrides = {};
    const kinds: string[] = [];
    for (let k = 0; k < 5; k++) {
      v = cycleRegion(v, 29, 0.6);
      kinds.push(effectiveOverride(v, 29).kind);
    }
    expect(kinds).toEqual(['father', 'mother', 'blend', 'pool', 'random']);
    expect(v).toEqual({});
    expect(cycleRegion(cycleRegion({}, 29), 29)).toEqual({ 29: { kind: 'mother' } });
    // The background starts at father, so its first click gives mother.
    expect(cycleRegion({}, 0)).toEqual({ 0: { kind: 'mother' } });
  });

  it('applies to a whole group, and knows when a group is all one mode', () => {
    const v = applyToGroup({}, 'eyes', { kind: 'father' });
    expect(Object.keys(v).map(Number).sort((a, b) => a - b)).toEqual([...REGION_GROUPS.eyes]);
    expect(allHave(v, REGION_GROUPS.eyes, { kind: 'father' })).toBe(true);
    expect(allHave(v, REGION_GROUPS.nose, { kind: 'father' })).toBe(false);
    expect(resetRegions(v, REGION_GROUPS.eyes)).toEqual({});
  });

  it('changes α of blend regions only, clamped to [0, 1]', () => {
    const v: RegionOverrides = { 1: { kind: 'blend', alpha: 0.5 }, 2: { kind: 'father' } };
    expect(setBlendAlpha(v, [1, 2, 3], 0.8)).toEqual({ 1: { kind: 'blend', alpha: 0.8 }, 2: { kind: 'father' } });
    expect(setBlendAlpha(v, [1], 1.7)).toEqual({ 1: { kind: 'blend', alpha: 1 }, 2: { kind: 'father' } });
    expect(setRegionOverride({}, 3, { kind: 'blend', alpha: -2 })).toEqual({ 3: { kind: 'blend', alpha: 0 } });
  });
});
