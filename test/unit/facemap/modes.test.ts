import { describe, expect, it } from 'vitest';
import { REGION_COUNT, REGION_GROUPS } from '../../../src/core/genes/regions';
import { regionOverridesSchema } from '../../../src/core/genes/settings';
import {
  CYCLE_ORDER,
  MODE_COLORS,
  PRESETS,
  REFERENCE_OVERRIDES,
  blendColor,
  countModes,
  describeOverride,
  effectiveOverride,
  findPreset,
  matchingPreset,
  modeColor,
  nextOverride,
  overrideForMode,
  regionLabel,
  sameOverrides,
  toneColor,
} from '../../../src/renderer/src/facemap/modes';

describe('face-map modes', () => {
  it('cycles father → mother → blend → pool → random → father', () => {
    expect(CYCLE_ORDER).toEqual(['father', 'mother', 'blend', 'pool', 'random']);
    const seen: string[] = [];
    let o = overrideForMode('father');
    for (let k = 0; k < 5; k++) {
      seen.push(o.kind);
      o = nextOverride(o, 0.3);
    }
    expect(seen).toEqual(['father', 'mother', 'blend', 'pool', 'random']);
    expect(o).toEqual({ kind: 'father' });
    expect(nextOverride({ kind: 'mother' }, 0.3)).toEqual({ kind: 'blend', alpha: 0.3 });
    // A donor region restarts the cycle.
    expect(nextOverride({ kind: 'donor', donorId: 'p1' })).toEqual({ kind: 'father' });
  });

  it('defaults to random, and the background to father (background from the father)', () => {
    expect(effectiveOverride({}, 0)).toEqual({ kind: 'father' });
    for (let i = 1; i < REGION_COUNT; i++) expect(effectiveOverride({}, i)).toEqual({ kind: 'random' });
    expect(effectiveOverride({ 0: { kind: 'random' } }, 0)).toEqual({ kind: 'random' });
    expect(effectiveOverride({ 5: { kind: 'pool' } }, 5)).toEqual({ kind: 'pool' });
    expect(countModes({})).toEqual({ father: 1, mother: 0, blend: 0, pool: 0, random: 33, donor: 0 });
  });

  it('colours father red, mother blue and blends in between', () => {
    expect(modeColor({ kind: 'father' })).toBe(MODE_COLORS.father);
    expect(modeColor({ kind: 'mother' })).toBe(MODE_COLORS.mother);
    expect(blendColor(1)).toBe(MODE_COLORS.father);
    expect(blendColor(0)).toBe(MODE_COLORS.mother);
    const [r, g, b] = [1, 3, 5].map((k) => parseInt(blendColor(0.5).slice(k, k + 2), 16)) as [number, number, number];
    // Purple: red and blue both strong, green lowest.
    expect(r).toBeGreaterThan(g);
    expect(b).toBeGreaterThan(g);
    const kinds = [{ kind: 'father' }, { kind: 'mother' }, { kind: 'blend', alpha: 0.5 }, { kind: 'pool' }, { kind: 'random' }, { kind: 'donor', donorId: 'x' }] as const;
    expect(new Set(kinds.map((o) => modeColor(o))).size).toBe(kinds.length);
    expect(toneColor('#808080', 1)).toBe('#ffffff');
    expect(toneColor('#808080', -1)).toBe('#000000');
    expect(toneColor('#808080', 0)).toBe('#808080');
  });

  it('names regions and modes for captions', () => {
    expect(regionLabel(29)).toBe('Nose tip');
    expect(`${regionLabel(29)} — ${describeOverride({ kind: 'father' })}`).toBe('Nose tip — from father');
    expect(describeOverride({ kind: 'blend', alpha: 0.7 })).toBe('blend 70% father · 30% mother');
    expect(describeOverride({ kind: 'donor', donorId: 'ann' })).toContain('ann');
  });

  it('presets produce valid sparse overrides with the expected modes', () => {
    for (const p of PRESETS) {
      expect(regionOverridesSchema.safeParse(p.overrides).success, p.id).toBe(true);
      for (const o of Object.values(p.overrides)) expect(o).toBeDefined();
    }
    const mode = (id: string, i: number) => effectiveOverride(findPreset(id)!.overrides, i).kind;
    for (let i = 0; i < REGION_COUNT; i++) {
      expect(mode('all-father', i)).toBe('father');
      expect(mode('all-mother', i)).toBe('mother');
      expect(mode('all-random', i)).toBe('random');
      expect(effectiveOverride(findPreset('all-blend')!.overrides, i)).toEqual({ kind: 'blend', alpha: 0.5 });
    }
    // All father stays sparse: the background default already is father.
    expect(findPreset('all-father')!.overrides[0]).toBeUndefined();
    for (const i of REGION_GROUPS.eyes) expect(mode('eyes-father-mouth-mother', i)).toBe('father');
    for (const i of REGION_GROUPS.mouth) expect(mode('eyes-father-mouth-mother', i)).toBe('mother');
    expect(mode('eyes-father-mouth-mother', 26)).toBe('random');
    for (const i of REGION_GROUPS.nose) expect(mode('nose-father', i)).toBe('father');
    for (const i of REGION_GROUPS.hair) expect(mode('hair-mother', i)).toBe('mother');
    for (const i of REGION_GROUPS.faceShape) expect(mode('face-shape-father', i)).toBe('father');
    expect(mode('face-shape-father', 0)).toBe('father');
    expect(mode('face-shape-father', 9)).toBe('random');
  });

  it('recognises the preset a value equals, sparse or explicit', () => {
    expect(matchingPreset({})).toBeUndefined();
    expect(sameOverrides(REFERENCE_OVERRIDES, { 0: { kind: 'father' }, 3: { kind: 'random' } })).toBe(true);
    const explicit: Record<number, { kind: 'father' }> = {};
    for (let i = 0; i < REGION_COUNT; i++) explicit[i] = { kind: 'father' };
    expect(matchingPreset(explicit)?.id).toBe('all-father');
    expect(matchingPreset({ 26: { kind: 'father' }, 27: { kind: 'father' }, 28: { kind: 'father' }, 29: { kind: 'father' }, 30: { kind: 'father' } })?.id).toBe('nose-father');
  });
});
