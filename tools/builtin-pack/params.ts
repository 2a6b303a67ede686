/**
 * The drawing parameters each region's 15-dim slice carries. A parameter's position in
 * its region's list is its dim within the slice. Coarse ones are read from the mean of
 * layers 0–7 (identity: shapes, colours of skin, hair, eyes, clothes and background),
 * fine ones from the mean of layers 8–17 (colour grading and light only), because layer
 * fusion replaces layers 8–17 of every child by its parents' mean: whatever lives there is
 * shared by all siblings.
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

/** Attribute carriers the generator itself uses (age/gender); every region that changes with age has one. */
const AGE = c('age');
const GENDER = c('gender'); // 1 = male, 0 = female

export const PARAMS: Record<RegionName, readonly ParamSpec[]> = {
  background: [c('hue'), c('sat', 0.3, 1), c('value', 0.75, 1.02), c('pattern'), f('glow', 0.3, 1.2), f('tilt', -1, 1), f('grade', 0.94, 1.04)],
  // The head owns the face's one skin colour (tone, undertone): every skin surface uses it.
  head: [AGE, GENDER, c('raceX', -1, 1), c('raceY', -1, 1), c('width', 0.35, 0.45), c('height', 0.5, 0.57), c('cy', -0.11, -0.06), c('tone'), c('under'), f('flush')],
  cheek: [AGE, c('fullness'), c('blushX', 0.2, 0.25), c('blushY', 0.11, 0.16), c('blushR', 0.05, 0.08), c('blush'), c('bone'), f('glow'), c('x', 0.24, 0.28)],
  chin: [AGE, GENDER, c('width', 0.09, 0.17), c('bottom', 0.44, 0.57), c('point'), c('cleft'), f('hl')],
  ear: [AGE, c('size', 0.08, 0.105), c('stick', 0.02, 0.05), c('yOff', -0.03, 0.03), c('inner'), c('x', -0.05, 0.05)],
  'ear helix': [AGE, c('size', 0.85, 1.1), c('thick', 0.008, 0.016), c('dark'), c('x', -0.05, 0.05)],
  'ear lobule': [AGE, c('size', 0.02, 0.032), c('yOff', 0.06, 0.08), c('earring'), c('earringHue'), c('earringSize'), c('x', -0.05, 0.05)],
  'eye bottom lid': [AGE, c('curve', 0.026, 0.044), c('thick', 0.004, 0.008), c('bags'), c('dark'), c('half', 0.077, 0.113)],
  eyelashes: [AGE, GENDER, c('length'), c('thick'), c('flick'), c('half', 0.077, 0.113)],
  'eye iris': [AGE, c('r', 0.036, 0.044), c('gazeX', -0.007, 0.007), c('gazeY', -0.004, 0.004), c('hue'), c('light', 0.65, 1.2), f('ring')],
  'eye pupil': [AGE, c('r', 0.35, 0.5), c('hl'), f('hlStrength', 0.6, 1)],
  'eye sclera': [AGE, c('width', 0.072, 0.108), c('height', 0.042, 0.062), c('tilt', -0.12, 0.12), c('warm'), f('white', 0.9, 1)],
  'eye tear duct': [AGE, c('size', 0.011, 0.017), c('x'), c('pink'), c('half', 0.077, 0.113)],
  'eye top lid': [AGE, c('open', 0.016, 0.034), c('crease', 0.012, 0.026), c('tilt', -0.1, 0.1), c('thick', 0.006, 0.012), c('hood'), c('shadow'), c('half', 0.077, 0.113)],
  eyebrow: [AGE, GENDER, c('thick', 0.01, 0.022), c('arch'), c('length', 0.07, 0.098), c('tilt', -0.12, 0.12), c('y', -0.2, -0.13), c('grey'), c('light'), c('red'), c('gap', -0.015, 0.012)],
  forehead: [AGE, c('top', -0.58, -0.46), c('width', 0.27, 0.35), c('shine'), c('slope'), f('shineAmt')],
  frown: [AGE, c('depth'), c('len', 0.03, 0.05), c('gap', 0.018, 0.03)],
  hair: [AGE, GENDER, c('top'), c('width'), c('length'), c('curl'), c('fringe'), c('bun'), c('part', -1, 1), c('hairline'), c('bald'), c('grey'), c('light'), c('red'), f('sheen')],
  'hair sideburns': [AGE, GENDER, c('length'), c('width'), c('grey'), c('light'), c('red'), c('x', -0.05, 0.05)],
  jaw: [AGE, GENDER, c('width', 0.26, 0.37), c('angleY', 0.15, 0.29), c('square'), c('beard'), c('beardLen'), c('grey'), c('beardLight'), c('beardRed'), c('jowl')],
  moustache: [AGE, GENDER, c('density'), c('thick', 0.014, 0.026), c('width', 0.065, 0.09), c('grey'), c('droop'), c('light'), c('red')],
  'lip inferior': [AGE, GENDER, c('thick', 0.02, 0.034), c('width', 0.047, 0.09), c('y', -0.004, 0.008), c('rose'), f('shine')],
  'oral commissure': [AGE, c('smile', -0.5, 1), c('size', 0.016, 0.024), c('dimple'), c('x', 0.064, 0.106)],
  'lip superior': [AGE, GENDER, c('thick', 0.013, 0.024), c('width', 0.052, 0.095), c('bow'), c('y', -0.008, 0.004), c('rose')],
  teeth: [AGE, c('open'), c('width', 0.03, 0.058), f('white', 0.88, 1)],
  neck: [AGE, GENDER, c('width', 0.12, 0.155), c('shoulder', 0.62, 0.82), c('collar'), c('shirtHue'), c('shirtLight', 0.35, 1), c('shirtStyle'), c('stripe')],
  nose: [AGE, c('raceX', -1, 1), c('raceY', -1, 1), c('size', 0.85, 1.15), c('width', -0.4, 1.4), c('shade'), c('y', -0.03, 0.03)],
  'nose ala': [AGE, c('width', 0.03, 0.06), c('size', 0.014, 0.021), c('curve'), c('y', -0.03, 0.03)],
  // Glasses rest on the nose bridge: an inherited trait of this region.
  'nose bridge': [AGE, c('len'), c('width', 0.014, 0.022), c('curve', -1, 1), c('glasses'), c('frameShape'), c('frameHue'), c('frameSize', 0.06, 0.078), c('y', -0.03, 0.03)],
  'nose tip': [AGE, c('r', 0.02, 0.03), c('y', 0.135, 0.195), c('round'), f('hl')],
  nostril: [AGE, c('size', 0.012, 0.018), c('gap', 0.011, 0.026), c('flare'), c('y', -0.03, 0.03)],
  philtrum: [AGE, c('width', 0.016, 0.024), c('depth')],
  temple: [AGE, c('size', 0.05, 0.075), c('depth')],
  wrinkles: [AGE, c('amount'), c('forehead'), c('crows'), c('naso')],
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
