/**
 * Face-map modes: the click cycle, the effective override of a region (with the
 * reference's background default), colours after the paper's Fig. 5, labels and presets.
 * Pure functions only, so the component stays thin and the rules are unit-tested.
 */
import type { RegionOverride, RegionOverrides } from '../../../domain/breed-settings';
import {
  BACKGROUND_REGION,
  REGION_COUNT,
  REGION_GROUPS,
  REGION_NAMES,
  type RegionGroup,
} from '../../../domain/regions';

export type OverrideKind = RegionOverride['kind'];
/** The modes a click or the palette can set (donor needs a chosen person, so it is set elsewhere). */
export type PaintMode = 'father' | 'mother' | 'blend' | 'pool' | 'random';

/** Click order: father → mother → blend → pool → random → father. */
export const CYCLE_ORDER: readonly PaintMode[] = ['father', 'mother', 'blend', 'pool', 'random'];
export const DEFAULT_BLEND_ALPHA = 0.5;

export const MODE_LABELS: Readonly<Record<OverrideKind, string>> = {
  father: 'Father',
  mother: 'Mother',
  blend: 'Blend',
  pool: 'Pool',
  random: 'Random',
  donor: 'Donor',
};

/** Keyboard shortcut of each paint mode (keys F/M/B/P/R). */
export const MODE_KEYS: Readonly<Record<string, PaintMode>> = { f: 'father', m: 'mother', b: 'blend', p: 'pool', r: 'random' };

/** What a region does when the overrides have no entry for it (region 0, the background, comes from the father). */
export function defaultOverride(index: number): RegionOverride {
  return index === BACKGROUND_REGION ? { kind: 'father' } : { kind: 'random' };
}

export function effectiveOverride(value: RegionOverrides, index: number): RegionOverride {
  return value[index] ?? defaultOverride(index);
}

export function sameOverride(a: RegionOverride, b: RegionOverride): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'blend' && b.kind === 'blend') return Math.abs(a.alpha - b.alpha) < 1e-9;
  if (a.kind === 'donor' && b.kind === 'donor') return a.donorId === b.donorId;
  return true;
}

export function isDefaultOverride(index: number, o: RegionOverride): boolean {
  return sameOverride(o, defaultOverride(index));
}

/** True when both give every region the same effective override (sparse or explicit). */
export function sameOverrides(a: RegionOverrides, b: RegionOverrides): boolean {
  for (let i = 0; i < REGION_COUNT; i++) if (!sameOverride(effectiveOverride(a, i), effectiveOverride(b, i))) return false;
  return true;
}

export function clampAlpha(alpha: number): number {
  if (!Number.isFinite(alpha)) return DEFAULT_BLEND_ALPHA;
  // Two decimals: the slider's step, and stable values in stored settings.
  return Math.round(Math.min(1, Math.max(0, alpha)) * 100) / 100;
}

export function overrideForMode(mode: PaintMode, alpha: number = DEFAULT_BLEND_ALPHA): RegionOverride {
  return mode === 'blend' ? { kind: 'blend', alpha: clampAlpha(alpha) } : { kind: mode };
}

/** The next override of the click cycle; a donor region restarts the cycle at father. */
export function nextOverride(current: RegionOverride, alpha: number = DEFAULT_BLEND_ALPHA): RegionOverride {
  const at = CYCLE_ORDER.indexOf(current.kind as PaintMode);
  const next = at < 0 ? 'father' : CYCLE_ORDER[(at + 1) % CYCLE_ORDER.length]!;
  return overrideForMode(next, alpha);
}

/** The palette mode an override belongs to (donor paints as pool: both take a donor's genes). */
export function paintModeOf(o: RegionOverride): PaintMode {
  return o.kind === 'donor' ? 'pool' : o.kind;
}

// --- colours (paper Fig. 5: father red, mother blue, blends in between) -----------------

export const MODE_COLORS = {
  father: '#e5484d',
  mother: '#3b7cf6',
  pool: '#2fb37a',
  random: '#7d8596',
  donor: '#f0a431',
} as const;

type Rgb = [number, number, number];

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]: Rgb): string {
  const h = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** α = 1 is the father's red, 0 the mother's blue, 0.5 purple. */
export function blendColor(alpha: number): string {
  return rgbToHex(mixRgb(hexToRgb(MODE_COLORS.mother), hexToRgb(MODE_COLORS.father), clampAlpha(alpha)));
}

export function modeColor(o: RegionOverride): string {
  return o.kind === 'blend' ? blendColor(o.alpha) : MODE_COLORS[o.kind];
}

/**
 * Lightens (tone > 0, toward white) or darkens (tone < 0, toward black) a colour, so the
 * face stays readable when neighbouring regions share a mode.
 */
export function toneColor(hex: string, tone: number): string {
  const t = Math.min(1, Math.max(-1, tone));
  return rgbToHex(mixRgb(hexToRgb(hex), t >= 0 ? [255, 255, 255] : [0, 0, 0], Math.abs(t)));
}

// --- words --------------------------------------------------------------------------

/** "nose tip" → "Nose tip". */
export function regionLabel(index: number): string {
  const name = REGION_NAMES[index] ?? `region ${index}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** "from father", "blend 70% father · 30% mother", … (as read after a region's name). */
export function describeOverride(o: RegionOverride): string {
  switch (o.kind) {
    case 'father':
      return 'from father';
    case 'mother':
      return 'from mother';
    case 'blend':
      return `blend ${percent(o.alpha)} father · ${percent(1 - o.alpha)} mother`;
    case 'pool':
      return 'from the gene pool';
    case 'random':
      return 'random';
    case 'donor':
      return `from donor ${o.donorId}`;
  }
}

/** One line on what a mode does to the child's genes (the caption's second line). */
export function explainOverride(o: RegionOverride): string {
  switch (o.kind) {
    case 'father':
      return "copies the father's genes";
    case 'mother':
      return "copies the mother's genes";
    case 'blend':
      return 'mixes both parents, no pool share';
    case 'pool':
      return 'mutates from a gene-pool donor';
    case 'random':
      return 'crossover and mutation (γ, η)';
    case 'donor':
      return 'mutates from the chosen person';
  }
}

export type ReportSource = 'donor' | 'father' | 'mother' | 'pool' | 'blend' | 'other';

/** Where the last preview took a region's genes from; report modes are free text from the engine. */
export function reportSource(mode: string): ReportSource {
  const m = mode.toLowerCase();
  if (m.includes('donor')) return 'donor';
  if (m.includes('father')) return 'father';
  if (m.includes('mother')) return 'mother';
  if (m.includes('pool') || m.includes('mutat')) return 'pool';
  if (m.includes('blend') || m.includes('inherit') || m.includes('cross')) return 'blend';
  return 'other';
}

/** Words for the dot legend, one per source. */
export const REPORT_SOURCE_LABELS: Record<ReportSource, string> = {
  father: 'father',
  mother: 'mother',
  blend: 'blend of both',
  pool: 'pool / mutation',
  donor: 'chosen person',
  other: 'other',
};

/** The colour of a dot: what the last preview did in a region. */
export function reportColor(mode: string): string {
  const s = reportSource(mode);
  if (s === 'blend') return blendColor(0.5);
  if (s === 'other') return MODE_COLORS.random;
  return MODE_COLORS[s];
}

export function countModes(value: RegionOverrides): Record<OverrideKind, number> {
  const out: Record<OverrideKind, number> = { father: 0, mother: 0, blend: 0, pool: 0, random: 0, donor: 0 };
  for (let i = 0; i < REGION_COUNT; i++) out[effectiveOverride(value, i).kind]++;
  return out;
}

// --- presets ------------------------------------------------------------------------

export interface FaceMapPreset {
  id: string;
  label: string;
  /** One line for the button's tooltip. */
  title: string;
  overrides: RegionOverrides;
}

function all(o: RegionOverride): RegionOverrides {
  const out: Partial<Record<number, RegionOverride>> = {};
  for (let i = 0; i < REGION_COUNT; i++) if (!isDefaultOverride(i, o)) out[i] = o;
  return out;
}

function groups(spec: Partial<Record<RegionGroup, RegionOverride>>): RegionOverrides {
  const out: Partial<Record<number, RegionOverride>> = {};
  for (const [g, o] of Object.entries(spec) as Array<[RegionGroup, RegionOverride]>) {
    for (const i of REGION_GROUPS[g]) if (!isDefaultOverride(i, o)) out[i] = o;
  }
  return out;
}

const FATHER: RegionOverride = { kind: 'father' };
const MOTHER: RegionOverride = { kind: 'mother' };

export const PRESETS: readonly FaceMapPreset[] = [
  {
    id: 'all-random',
    label: 'All random',
    title: 'Every region random (crossover and mutation), the background too',
    overrides: all({ kind: 'random' }),
  },
  { id: 'all-father', label: 'All father', title: 'Every region copies the father', overrides: all(FATHER) },
  { id: 'all-mother', label: 'All mother', title: 'Every region copies the mother', overrides: all(MOTHER) },
  {
    id: 'all-blend',
    label: 'All blend 50/50',
    title: 'Every region is an even mix of both parents',
    overrides: all({ kind: 'blend', alpha: 0.5 }),
  },
  {
    id: 'eyes-father-mouth-mother',
    label: 'Eyes father, mouth mother',
    title: 'Eyes from father, mouth from mother, the rest random',
    overrides: groups({ eyes: FATHER, mouth: MOTHER }),
  },
  { id: 'nose-father', label: 'Nose from father', title: 'Nose regions from father, the rest random', overrides: groups({ nose: FATHER }) },
  { id: 'hair-mother', label: 'Hair from mother', title: 'Hair and sideburns from mother, the rest random', overrides: groups({ hair: MOTHER }) },
  {
    id: 'face-shape-father',
    label: 'Face shape from father',
    title: 'Head, cheeks, chin, jaw and moustache from father, the rest random',
    overrides: groups({ faceShape: FATHER }),
  },
];

/** The reference defaults (the Reset button): every region random, the background from father. */
export const REFERENCE_OVERRIDES: RegionOverrides = Object.freeze({});

export function findPreset(id: string): FaceMapPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset the overrides are equal to, if any (the UI marks it pressed). */
export function matchingPreset(value: RegionOverrides): FaceMapPreset | undefined {
  return PRESETS.find((p) => sameOverrides(p.overrides, value));
}
