/**
 * Immutable edits of sparse RegionOverrides. Every function returns the same object when
 * nothing changes (so React skips re-renders and onChange is not called for no-ops) and
 * stores only non-default entries (region 0 "father" and other regions "random" are
 * dropped), so equal maps serialise equally.
 */
import type { RegionOverride, RegionOverrides } from '../../../domain/breed-settings';
import { REGION_GROUPS, isRegionIndex, type RegionGroup } from '../../../domain/regions';
import {
  clampAlpha,
  effectiveOverride,
  isDefaultOverride,
  nextOverride,
  overrideForMode,
  sameOverride,
  type PaintMode,
} from './modes';

type Mutable = Partial<Record<number, RegionOverride>>;

/** Drops default entries and keys that are not region indices. */
export function normalizeOverrides(value: RegionOverrides): RegionOverrides {
  const out: Mutable = {};
  let changed = false;
  for (const [key, o] of Object.entries(value)) {
    const i = Number(key);
    if (!isRegionIndex(i) || o === undefined || isDefaultOverride(i, o)) {
      changed = true;
      continue;
    }
    out[i] = o;
  }
  return changed ? out : value;
}

/** Sets one override per region; `pick(index, current)` returns the new override or undefined to keep. */
function edit(value: RegionOverrides, regions: Iterable<number>, pick: (i: number, current: RegionOverride) => RegionOverride | undefined): RegionOverrides {
  let out: Mutable | null = null;
  for (const i of regions) {
    if (!isRegionIndex(i)) continue;
    const current = effectiveOverride(out ?? value, i);
    const next = pick(i, current);
    if (next === undefined || sameOverride(current, next)) continue;
    out ??= { ...value };
    if (isDefaultOverride(i, next)) delete out[i];
    else out[i] = next.kind === 'blend' ? { kind: 'blend', alpha: clampAlpha(next.alpha) } : next;
  }
  return out ?? value;
}

export function setRegionOverride(value: RegionOverrides, index: number, override: RegionOverride): RegionOverrides {
  return edit(value, [index], () => override);
}

export function applyOverride(value: RegionOverrides, regions: Iterable<number>, override: RegionOverride): RegionOverrides {
  return edit(value, regions, () => override);
}

export function applyMode(value: RegionOverrides, regions: Iterable<number>, mode: PaintMode, alpha?: number): RegionOverrides {
  return applyOverride(value, regions, overrideForMode(mode, alpha));
}

export function applyToGroup(value: RegionOverrides, group: RegionGroup, override: RegionOverride): RegionOverrides {
  return applyOverride(value, REGION_GROUPS[group], override);
}

/** Puts regions back to their defaults (random; background: father). */
export function resetRegions(value: RegionOverrides, regions: Iterable<number>): RegionOverrides {
  let out: Mutable | null = null;
  for (const i of regions) {
    if (value[i] === undefined) continue;
    out ??= { ...value };
    delete out[i];
  }
  return out ?? value;
}

/** One click: the region's next mode in the cycle; `alpha` is used when the next mode is blend. */
export function cycleRegion(value: RegionOverrides, index: number, alpha?: number): RegionOverrides {
  return edit(value, [index], (_i, current) => nextOverride(current, alpha));
}

/** Changes α of the given regions that are blends; other regions are left alone. */
export function setBlendAlpha(value: RegionOverrides, regions: Iterable<number>, alpha: number): RegionOverrides {
  return edit(value, regions, (_i, current) => (current.kind === 'blend' ? { kind: 'blend', alpha } : undefined));
}

/** True when every region of `regions` has `override` (a group quick-toggle shows pressed). */
export function allHave(value: RegionOverrides, regions: Iterable<number>, override: RegionOverride): boolean {
  for (const i of regions) if (!sameOverride(effectiveOverride(value, i), override)) return false;
  return true;
}
