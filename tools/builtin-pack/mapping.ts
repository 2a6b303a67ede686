/**
 * Mapping network of the built-in pack: z → w, a fixed function built from ops.
 *
 * A few z dims decide latent attribute codes (age uniform over 0..1, gender, race, hair
 * style) and race-conditioned person-wide values (skin tone, hair and eye colour…); the
 * mapping writes them consistently into the slices of every region that uses them, plus
 * per-parameter private noise from other z dims. Values are designed in u-space (0..1
 * across each parameter's range), written as x = 2u − 1, then spread by 1/ψ₀ around their
 * mean so that at the app's default truncation ψ₀ = 0.7 the designed values come back.
 */
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';
import { Ops } from './expr.js';
import { DESIGN_PSI, W_DIM } from './layout.js';
import { allParams } from './params.js';
import { raceAngle, RACES } from './attributes.js';
import { GEOMETRY_CODES, geometryCodeOf } from './geometry.js';

const NR = RACES.length;

/** Person-wide values drawn per race: [name, mean per race, sd per race] in u-space. */
const GLOBALS: ReadonlyArray<readonly [string, readonly number[], readonly number[]]> = [
  // order of RACES: White, Black, Latino, East Asian, SE Asian, Indian, Middle Eastern
  ['skinTone', [0.1, 0.8, 0.38, 0.17, 0.42, 0.56, 0.3], [0.08, 0.13, 0.13, 0.07, 0.11, 0.13, 0.1]],
  ['skinUnder', [0.45, 0.5, 0.6, 0.55, 0.6, 0.55, 0.6], [0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15]],
  ['hairLight', [0.42, 0.05, 0.12, 0.04, 0.05, 0.05, 0.1], [0.3, 0.04, 0.1, 0.03, 0.04, 0.04, 0.08]],
  ['hairRed', [0.2, 0.02, 0.05, 0.0, 0.0, 0.0, 0.05], [0.3, 0.02, 0.08, 0.02, 0.02, 0.02, 0.08]],
  ['irisHue', [0.45, 0.03, 0.12, 0.02, 0.03, 0.06, 0.15], [0.35, 0.03, 0.12, 0.02, 0.03, 0.08, 0.12]],
  ['irisLight', [0.5, 0.4, 0.5, 0.4, 0.4, 0.45, 0.5], [0.2, 0.15, 0.2, 0.15, 0.15, 0.15, 0.2]],
  ['lipRose', [0.6, 0.35, 0.5, 0.5, 0.45, 0.42, 0.5], [0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15]],
  ['greyProne', Array(NR).fill(0.6), Array(NR).fill(0.25)],
  ['baldProne', Array(NR).fill(0.45), Array(NR).fill(0.3)],
  // Face proportions (tools/builtin-pack/geometry.ts): one value per person for every region drawing that part.
  ...GEOMETRY_CODES.map((c) => [c.name, c.mean, Array(NR).fill(c.sd)] as const),
];

/**
 * Hair styles (u values of the hair region's shape params). bun: 0.5–0.75 top bun,
 * > 0.75 two puffs; curl: > 0.3 wavy, > 0.6 curly, > 0.88 locs.
 */
const STYLE_PARAMS = ['top', 'width', 'length', 'curl', 'fringe', 'bun', 'part', 'hairline'] as const;
const STYLES: ReadonlyArray<readonly [string, readonly number[], number, number]> = [
  // name, params, female bias, male bias
  ['buzz', [0.05, 0.05, 0.0, 0.2, 0.0, 0.0, 0.5, 0.5], -2.5, 1.0],
  ['crew', [0.35, 0.2, 0.08, 0.15, 0.2, 0.0, 0.5, 0.45], -2, 1.4],
  ['side part', [0.5, 0.3, 0.15, 0.1, 0.65, 0.0, 0.12, 0.45], -1, 1.2],
  ['short curls', [0.45, 0.35, 0.12, 0.75, 0.1, 0.0, 0.5, 0.5], -0.6, 0.8],
  ['afro', [0.95, 0.95, 0.35, 0.78, 0.0, 0.0, 0.5, 0.55], 0.2, 0.2],
  ['bob', [0.5, 0.45, 0.5, 0.15, 0.75, 0.0, 0.5, 0.5], 1.0, -2.5],
  ['long straight', [0.45, 0.4, 0.95, 0.05, 0.3, 0.0, 0.35, 0.5], 1.3, -2.5],
  ['long wavy', [0.6, 0.6, 0.85, 0.45, 0.25, 0.0, 0.7, 0.5], 1.1, -3],
  ['top bun', [0.35, 0.2, 0.1, 0.1, 0.1, 0.62, 0.5, 0.5], 0.6, -3],
  ['two puffs', [0.3, 0.2, 0.05, 0.72, 0.05, 0.9, 0.5, 0.55], 0.3, -3],
  ['locs', [0.55, 0.55, 0.9, 0.95, 0.1, 0.0, 0.5, 0.5], 0.4, 0.0],
  ['pixie', [0.4, 0.25, 0.1, 0.2, 0.95, 0.0, 0.25, 0.45], 0.4, -1],
  ['shoulder curls', [0.75, 0.75, 0.6, 0.75, 0.2, 0.0, 0.5, 0.5], 0.8, -2.5],
  ['swept', [0.6, 0.4, 0.3, 0.25, 0.5, 0.0, 0.85, 0.45], -0.5, 1.0],
];
export const HAIR_STYLE_NAMES = STYLES.map(([n]) => n);
/** The hair region's style parameters of a named style, in u-space (0..1). */
export function hairStyleU(name: string): Record<string, number> {
  const st = STYLES.find(([n]) => n === name);
  if (!st) throw new Error(`no hair style ${name}`);
  return Object.fromEntries(STYLE_PARAMS.map((p, i) => [p, st[1][i]]));
}
/** Race priors on styles (small; every style occurs for everyone). */
function styleRaceBias(style: string, race: number): number {
  const afroTextured = race === 1 ? 1.2 : race === 2 ? 0 : -1.5;
  if (['afro', 'two puffs', 'locs', 'short curls'].includes(style)) return afroTextured;
  if (['long straight', 'bob'].includes(style) && race === 1) return -0.8;
  return 0;
}

/** Features, in column order of F. */
const FEATURES = [
  'age',
  'male',
  ...RACES.map((_, k) => `race${k}`),
  ...GLOBALS.map(([n]) => n),
  ...STYLES.map((_, k) => `style${k}`),
];

interface Recipe {
  base: number;
  noise: number;
  terms: Record<string, number>;
}

const raceTerms = (fn: (k: number) => number): Record<string, number> =>
  Object.fromEntries(RACES.map((_, k) => [`race${k}`, fn(k)]));

/** u-space recipe of one parameter. */
function recipe(region: string, name: string): Recipe {
  const r = (base: number, noise: number, terms: Record<string, number> = {}): Recipe => ({ base, noise, terms });
  const g = (feature: string, coef = 1, noise = 0): Recipe => r(0, noise, { [feature]: coef });
  switch (name) {
    case 'age':
      return g('age');
    case 'gender':
      return g('male');
    case 'raceX':
      return r(0, 0, raceTerms((k) => 0.5 + 0.45 * Math.cos(raceAngle(k))));
    case 'raceY':
      return r(0, 0, raceTerms((k) => 0.5 + 0.45 * Math.sin(raceAngle(k))));
    case 'tone':
      return g('skinTone');
    case 'under':
      return g('skinUnder');
    case 'grey':
      return g('greyProne');
    case 'bald':
      return g('baldProne');
    case 'beardLight':
      return g('hairLight');
    case 'beardRed':
      return g('hairRed');
    case 'rose':
      return g('lipRose');
  }
  // A face proportion: the person's code, with a little private noise per region.
  const code = geometryCodeOf(region, name);
  if (code) return g(code.name, 1, 0.03);
  if (name === 'light' && ['hair', 'hair sideburns', 'moustache'].includes(region)) return g('hairLight');
  if (name === 'light' && region === 'eyebrow') return g('hairLight', 0.85);
  if (name === 'red' && ['hair', 'hair sideburns', 'moustache', 'eyebrow'].includes(region)) return g('hairRed');
  if (region === 'eye iris' && name === 'hue') return g('irisHue');
  if (region === 'eye iris' && name === 'light') return g('irisLight');
  if (region === 'hair') {
    const i = (STYLE_PARAMS as readonly string[]).indexOf(name);
    if (i >= 0) return r(0, 0.04, Object.fromEntries(STYLES.map((st, k) => [`style${k}`, st[1][i]])));
    if (name === 'sheen') return r(0.5, 0.25);
  }
  // Subtle, respectful feature priors by race (small shifts, wide overlap).
  if (region === 'lip inferior' && name === 'thick') return r(0.45, 0.2, raceTerms((k) => [0, 0.15, 0.05, 0, 0.05, 0.03, 0.03][k]));
  if (region === 'lip superior' && name === 'thick') return r(0.45, 0.2, raceTerms((k) => [0, 0.15, 0.05, 0, 0.05, 0.03, 0.03][k]));
  if (region === 'eye top lid' && name === 'crease') return r(0.5, 0.2, raceTerms((k) => [0, 0, 0, -0.2, -0.1, 0, 0][k]));
  const special: Record<string, Recipe> = {
    'eye top lid/open': r(0.55, 0.2),
    'oral commissure/smile': r(0.62, 0.22),
    'teeth/open': r(0.35, 0.3),
    'moustache/density': r(0.45, 0.3),
    'jaw/beard': r(0.4, 0.3),
    'ear lobule/earring': r(0.3, 0.4),
    'frown/depth': r(0.4, 0.3),
    'wrinkles/amount': r(0.6, 0.2),
    'cheek/blush': r(0.45, 0.2),
    'nose bridge/glasses': r(0.45, 0.35),
    'neck/stripe': r(0.4, 0.35),
    'chin/cleft': r(0.4, 0.35),
    'background/pattern': r(0.4, 0.35),
  };
  const s = special[`${region}/${name}`];
  if (s) return s;
  // Background, clothes and individual shape details: private noise only (wide for what
  // should differ at a glance between siblings).
  const wide = region === 'background' || name.startsWith('shirt') || name.startsWith('earring') || name.startsWith('frame');
  return r(0.5, wide ? 0.32 : 0.24);
}

/** First z dim used for private noise; 0..63 are attribute and global codes. */
const NOISE_Z0 = 64;
/** z dims of the person-wide globals and of the hair style logits (they must not overlap). */
const GLOBALS_Z0 = 16;
const STYLES_Z0 = 40;

/**
 * Build the mapping graph. With `mean` (the per-dim mean of the unspread output over a
 * seeded batch) the output is spread by 1/ψ₀ around it; without, the raw design values.
 */
export function buildMapping(mean: Float32Array | null): Uint8Array {
  const g = new GraphBuilder('builtin_mapping');
  const o = new Ops(g);
  const z = g.input('z', ['B', W_DIM]);
  const col = (a: number, b: number): string => o.slice(z, 1, a, b);

  const age = o.add(0.5, o.mul(0.5, g.node('Erf', [o.mul(col(0, 1), Math.SQRT1_2)]))); // uniform 0..1
  const male = o.mul(0.5, o.add(1, g.node('Sign', [col(1, 2)])));
  const oneHot = (logits: string): string => {
    const mx = g.node('ReduceMax', [logits], { axes: attr.ints([1]), keepdims: attr.int(1) });
    return g.node('Cast', [g.node('Equal', [logits, mx])], { to: attr.int(1) });
  };
  const race = oneHot(col(2, 2 + NR));
  const K = GLOBALS.length;
  if (GLOBALS_Z0 + K > STYLES_Z0 || STYLES_Z0 + STYLES.length > NOISE_Z0) throw new Error('mapping: z codes overlap');
  const gMean = g.constF(Float32Array.from(RACES.flatMap((_, k) => GLOBALS.map(([, m]) => m[k]))), [NR, K]);
  const gSd = g.constF(Float32Array.from(RACES.flatMap((_, k) => GLOBALS.map(([, , s]) => s[k]))), [NR, K]);
  const globals = o.add(o.matmul(race, gMean), o.mul(o.matmul(race, gSd), col(GLOBALS_Z0, GLOBALS_Z0 + K)));
  const nS = STYLES.length;
  const fem = STYLES.map(([, , f]) => f);
  const mal = STYLES.map(([, , , m]) => m);
  const styleLogits = o.add(
    col(STYLES_Z0, STYLES_Z0 + nS),
    g.constF(fem, [1, nS]),
    o.mul(male, g.constF(mal.map((m, i) => m - fem[i]), [1, nS])),
    o.matmul(race, g.constF(Float32Array.from(RACES.flatMap((_, k) => STYLES.map(([n]) => styleRaceBias(n, k)))), [NR, nS])),
  );
  const style = oneHot(styleLogits);
  const F = o.concat([age, male, race, globals, style], 1); // [B, nF]

  const nF = FEATURES.length;
  const Wf = new Float32Array(nF * W_DIM);
  const bias = new Float32Array(W_DIM).fill(0.5); // spare dims: u = 0.5 → x = 0
  const noiseSd = new Float32Array(W_DIM);
  const noiseIdx: number[] = [];
  for (let d = 0; d < W_DIM; d++) noiseIdx.push(NOISE_Z0 + (d % (W_DIM - NOISE_Z0)));
  for (const p of allParams()) {
    const rc = recipe(p.region, p.spec.name);
    bias[p.dim] = rc.base;
    noiseSd[p.dim] = rc.noise;
    for (const [feat, coef] of Object.entries(rc.terms)) {
      const fi = FEATURES.indexOf(feat);
      if (fi < 0) throw new Error(`mapping: unknown feature ${feat}`);
      Wf[fi * W_DIM + p.dim] = coef;
    }
  }
  const noise = o.mul(g.node('Gather', [z, g.constI(noiseIdx)], { axis: attr.int(1) }), g.constF(noiseSd, [1, W_DIM]));
  const u = o.add(o.matmul(F, g.initializer(Wf, [nF, W_DIM], 'feature_weights')), g.constF(bias, [1, W_DIM]), noise);
  let x = o.sub(o.mul(u, 2), 1);
  if (mean) {
    const m = g.constF(mean, [1, W_DIM]);
    x = o.add(m, o.mul(o.sub(x, m), 1 / DESIGN_PSI));
  }
  g.output('w', x, ['B', W_DIM]);
  return g.serialize();
}
