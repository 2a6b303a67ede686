/**
 * The drawing parameters each region's 15-dim slice carries. A parameter's position in
 * its region's list is its dim within the slice. Coarse ones are read from the mean of
 * layers 0–7 (shape), fine ones from the mean of layers 8–17 (colour, lighting).
 * The generator maps x → lo + (hi − lo)·clamp(0.5 + 0.5x, 0, 1); the mapping writes x.
 */
import { NUM_REGIONS, REGION_NAMES, RegionName, SLICE, sliceStart } from './layout.js';

export type LayerKind = 'coarse' | 'fine';

export interface ParamSpec {
  readonly name: string;
  readonly layer: LayerKind;
  readonly lo: number;
  readonly hi: number;
}

const c = (name: string, lo = 0, hi = 1): ParamSpec => ({ name, layer: 'coarse', lo, hi });
const f = (name: string, lo = 0, hi = 1): ParamSpec => ({ name, layer: 'fine', lo, hi });

/** Attribute carriers the generator itself uses (age/gender), and the race code. */
const AGE = c('age');
const GENDER = c('gender'); // 1 = male, 0 = female
const SKIN = [f('tone'), f('under'), f('lightX', -1, 1), f('lightS')];

export const PARAMS: Record<RegionName, readonly ParamSpec[]> = {
  background: [c('glow', 0.3, 1.2), c('tilt', -1, 1), f('hue'), f('light', 0.82, 1.04), f('sat', 0.35, 1)],
  head: [AGE, GENDER, c('raceX', -1, 1), c('raceY', -1, 1), c('width', 0.365, 0.425), c('height', 0.5, 0.57), c('cy', -0.11, -0.05), ...SKIN],
  cheek: [AGE, c('fullness'), c('blushX', 0.2, 0.27), c('blushY', 0.1, 0.17), c('blushR', 0.055, 0.09), ...SKIN, f('blush')],
  chin: [AGE, GENDER, c('width', 0.1, 0.16), c('bottom', 0.48, 0.55), c('point'), ...SKIN],
  ear: [AGE, c('size', 0.08, 0.105), c('stick', 0.025, 0.055), c('yOff', -0.03, 0.03), ...SKIN],
  'ear helix': [c('size', 0.85, 1.1), c('thick', 0.008, 0.018), f('tone'), f('under'), f('dark')],
  'ear lobule': [c('size', 0.022, 0.036), c('yOff', 0.06, 0.085), c('earring'), f('tone'), f('under'), f('lightS'), f('earringHue')],
  'eye bottom lid': [AGE, c('curve', 0.026, 0.046), c('thick', 0.004, 0.009), c('bags'), ...SKIN, f('dark')],
  eyelashes: [AGE, GENDER, c('length'), c('thick'), c('flick'), f('dark', 0.6, 1)],
  'eye iris': [AGE, c('r', 0.036, 0.045), c('gazeX', -0.008, 0.008), c('gazeY', -0.005, 0.005), f('hue'), f('light', 0.6, 1.25), f('ring')],
  'eye pupil': [AGE, c('r', 0.35, 0.55), c('hl'), f('hlStrength', 0.5, 1)],
  'eye sclera': [AGE, c('width', 0.082, 0.1), c('height', 0.045, 0.06), c('tilt', -0.12, 0.12), f('white', 0.86, 1), f('warm')],
  'eye tear duct': [c('size', 0.011, 0.018), c('x'), f('pink'), f('tone')],
  'eye top lid': [AGE, c('open', 0.016, 0.036), c('crease', 0.012, 0.028), c('tilt', -0.1, 0.1), c('thick', 0.006, 0.013), ...SKIN, f('dark', 0.65, 1), f('shadow')],
  eyebrow: [AGE, GENDER, c('thick', 0.009, 0.02), c('arch'), c('length', 0.07, 0.1), c('tilt', -0.12, 0.12), c('y', -0.185, -0.145), c('grey'), f('light'), f('red'), f('dark', 0.7, 1)],
  forehead: [AGE, c('top', -0.58, -0.46), c('width', 0.3, 0.37), c('shine'), ...SKIN, f('shineAmt')],
  frown: [AGE, c('depth'), c('len', 0.035, 0.06), c('gap', 0.018, 0.032), f('tone')],
  hair: [AGE, c('top'), c('width'), c('length'), c('curl'), c('fringe'), c('bun'), c('part', -1, 1), c('hairline'), c('grey'), c('density'), f('light'), f('red'), f('sheen')],
  'hair sideburns': [AGE, GENDER, c('length'), c('width'), c('grey'), f('light'), f('red')],
  jaw: [AGE, GENDER, c('width', 0.27, 0.36), c('angleY', 0.17, 0.28), c('square'), c('beard'), c('beardLen'), c('grey'), ...SKIN, f('beardLight'), f('beardRed')],
  moustache: [AGE, GENDER, c('density'), c('thick', 0.014, 0.028), c('width', 0.065, 0.095), c('grey'), c('droop'), f('light'), f('red')],
  'lip inferior': [AGE, c('thick', 0.02, 0.036), c('width', 0.055, 0.082), c('y', -0.004, 0.008), f('tone'), f('rose'), f('shine')],
  'oral commissure': [AGE, c('smile', -0.6, 1), c('size', 0.016, 0.026), c('dimple'), f('tone')],
  'lip superior': [AGE, c('thick', 0.013, 0.026), c('width', 0.06, 0.087), c('bow'), c('y', -0.008, 0.004), f('tone'), f('rose')],
  teeth: [AGE, c('open'), c('width', 0.035, 0.055), f('white', 0.85, 1)],
  neck: [AGE, GENDER, c('width', 0.12, 0.16), c('shoulder', 0.62, 0.84), c('collar'), ...SKIN, f('shirtHue'), f('shirtLight', 0.35, 1)],
  nose: [AGE, c('raceX', -1, 1), c('raceY', -1, 1), c('size', 0.85, 1.15), c('width'), c('shade'), f('tone'), f('lightX', -1, 1)],
  'nose ala': [AGE, c('width', 0.036, 0.056), c('size', 0.014, 0.022), c('curve'), f('tone')],
  'nose bridge': [AGE, c('len'), c('width', 0.014, 0.024), c('curve', -1, 1), f('tone'), f('lightX', -1, 1)],
  'nose tip': [AGE, c('r', 0.02, 0.032), c('y', 0.15, 0.185), c('round'), f('tone'), f('hl')],
  nostril: [AGE, c('size', 0.013, 0.019), c('gap', 0.014, 0.024), c('flare'), f('tone')],
  philtrum: [AGE, c('width', 0.016, 0.025), c('depth'), f('tone')],
  temple: [AGE, c('size', 0.06, 0.095), c('depth'), f('tone'), f('under')],
  wrinkles: [AGE, c('amount'), c('forehead'), c('crows'), c('naso'), f('tone')],
};

for (const r of REGION_NAMES) {
  if (PARAMS[r].length > SLICE) throw new Error(`region ${r} has ${PARAMS[r].length} params > ${SLICE}`);
}

/** Global W dim of region r's parameter `name`. */
export function paramDim(region: RegionName, name: string): number {
  const i = PARAMS[region].findIndex((p) => p.name === name);
  if (i < 0) throw new Error(`no param ${name} in region ${region}`);
  return sliceStart(REGION_NAMES.indexOf(region)) + i;
}

export interface ParamRef {
  readonly region: RegionName;
  readonly regionIndex: number;
  readonly spec: ParamSpec;
  readonly dim: number;
}

/** Every parameter, in region order. */
export function allParams(): ParamRef[] {
  const out: ParamRef[] = [];
  for (let r = 0; r < NUM_REGIONS; r++) {
    const region = REGION_NAMES[r];
    PARAMS[region].forEach((spec, k) => out.push({ region, regionIndex: r, spec, dim: sliceStart(r) + k }));
  }
  return out;
}

/** Dims of every region's parameter of this name (e.g. all `age` carriers). */
export function carrierDims(name: string): number[] {
  return allParams()
    .filter((p) => p.spec.name === name && p.spec.layer === 'coarse')
    .map((p) => p.dim);
}
