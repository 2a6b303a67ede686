/**
 * Photo encoder of the built-in pack: face description [B,F] (src/domain/face-features.ts:
 * landmark shape measures, sampled skin, hair and iris colours, estimated age and gender)
 * → wplus [B,18,512], the same W+ in every layer, as a founder's.
 *  - shape: each face proportion (tools/builtin-pack/geometry.ts: face width and length, brow
 *    height, eye size, nose length and width, mouth width) from the shape measures (landmarks,
 *    eye whites, nose and mouth darkness profiles) and the estimated age, by the ridge
 *    regression fitted by tools/builtin-pack/encoder-fit.ts
 *    against the importer's own detector on rendered faces, into every region drawing that part;
 *  - colours: the nearest entry of a table of the generator's own colours over its colour
 *    parameters (skin tone × undertone, hair lightness × redness × grey, iris hue × lightness),
 *    a soft arg-min so the graph stays a plain function;
 *  - race label: the highest of linear race scores on the sampled colours (encoder-fit.ts),
 *    as the race code the mapping writes (an estimate the user can change in the inspector);
 *  - age: years to the pack's age scale (group k of AGE_GROUPS spans u = k/9 .. (k+1)/9), into
 *    every region's age carrier; gender likewise into every gender carrier;
 *  - everything else (hair style, clothes, backdrop): a template per gender, the mean founder
 *    of that gender with a plain hair style, no beard, glasses or earrings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';
import { faceFeatureIndex, FACE_COLOURS, FACE_FEATURES_LENGTH, FACE_GEOMETRY, type FaceFeatureName } from '../../src/domain/face-features.js';
import { raceAngle, RACES } from './attributes.js';
import { Ops, V } from './expr.js';
import { NUM_WS, W_DIM } from './layout.js';
import { hairStyleU } from './mapping.js';
import { HAIR, HAIR_GREY, HAIR_RED, IRIS, Rgb, SKIN } from './palettes.js';
import { allParams, carrierDims, paramDim, PARAMS } from './params.js';
import type { EncoderFit } from './encoder-fit.js';
import type { RegionName } from './layout.js';

/** Years at the start of each age group (AGE_GROUPS), and where the oldest group ends. */
const AGE_KNOTS = [0, 3, 10, 20, 30, 40, 50, 60, 70, 90];

export function readEncoderFit(): EncoderFit {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'encoder-fit.json'), 'utf8')) as EncoderFit;
}

/** Piecewise-linear colour ramp, as Canvas.ramp draws it. */
export function rampRgb(colors: readonly Rgb[], t: number): Rgb {
  const n = colors.length;
  const x = Math.max(0, Math.min(1, t)) * (n - 1);
  const k = Math.min(n - 2, Math.floor(x));
  const f = x - k;
  return [0, 1, 2].map((c) => colors[k]![c]! * (1 - f) + colors[k + 1]![c]! * f) as unknown as Rgb;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const ramp = (x: number, lo: number, hi: number) => clamp01((x - lo) / (hi - lo));
const lerp3 = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** look.ts's skinColor with flush at its middle. */
export function skinRgb(tone: number, under: number): Rgb {
  const b = rampRgb(SKIN, tone);
  return [b[0] + (under - 0.5) * 0.05, b[1] + (under - 0.5) * 0.005, b[2] - (under - 0.5) * 0.045];
}

/** look.ts's hairColor (grey = the amount of grey shown). */
export function hairRgb(light: number, red: number, grey: number): Rgb {
  const base = rampRgb(HAIR, light);
  const redAmt = ramp(red, 0.45, 0.85) * ramp(light, 0.08, 0.3) * 0.85;
  const k = 0.7 + light * 0.6;
  const warm = lerp3(base, [HAIR_RED[0] * k, HAIR_RED[1] * k, HAIR_RED[2] * k], redAmt);
  return lerp3(warm, HAIR_GREY, grey);
}

/** x-space value of region/name for a real parameter value v. */
function xOf(region: RegionName, name: string, v: number): number {
  const spec = PARAMS[region].find((p) => p.name === name)!;
  return 2 * clamp01((v - spec.lo) / (spec.hi - spec.lo)) - 1;
}

interface Table {
  colours: number[][]; // K × 3
  values: number[][]; // K × m (x-space)
  targets: number[][]; // m lists of W dims each value is written to
}

function grid(steps: number[][]): number[][] {
  return steps.reduce<number[][]>((acc, s) => acc.flatMap((a) => s.map((v) => [...a, v])), [[]]);
}
const steps = (n: number) => Array.from({ length: n }, (_, i) => i / (n - 1));

function skinTable(): Table {
  const pts = grid([steps(41), steps(5)]);
  return {
    colours: pts.map(([t, u]) => [...skinRgb(t!, u!)]),
    values: pts.map(([t, u]) => [2 * t! - 1, 2 * u! - 1]),
    targets: [[paramDim('head', 'tone')], [paramDim('head', 'under')]],
  };
}

function hairTable(): Table {
  const pts = grid([steps(21), steps(6), [0, 0.4, 0.7, 1]]);
  const hairDims = (name: string) => (['hair', 'hair sideburns', 'moustache'] as RegionName[]).map((r) => paramDim(r, name));
  return {
    colours: pts.map(([l, r, g]) => [...hairRgb(l!, r!, g!)]),
    // Grey shows as 0.35 + 0.65·grey once old (look.ts greyAmount); none is shown before 40 whatever the gene.
    values: pts.map(([l, r, g]) => [2 * l! - 1, 2 * r! - 1, g! === 0 ? -1 : 2 * clamp01((g! - 0.35) / 0.65) - 1, 2 * 0.85 * l! - 1]),
    targets: [
      [...hairDims('light'), paramDim('jaw', 'beardLight')],
      [...hairDims('red'), paramDim('eyebrow', 'red'), paramDim('jaw', 'beardRed')],
      [...hairDims('grey'), paramDim('eyebrow', 'grey'), paramDim('jaw', 'grey')],
      [paramDim('eyebrow', 'light')],
    ],
  };
}

function irisTable(): Table {
  const pts = grid([steps(26), steps(6)]);
  return {
    colours: pts.map(([h, l]) => {
      const v = 0.65 + l! * 0.55;
      return rampRgb(IRIS, h!).map((c) => c * v);
    }),
    values: pts.map(([h, l]) => [2 * h! - 1, 2 * l! - 1]),
    targets: [[paramDim('eye iris', 'hue')], [paramDim('eye iris', 'light')]],
  };
}

/** x-space template founders [2,512]: row 0 female, row 1 male. */
export function templates(mean: { female: Float32Array; male: Float32Array }): Float32Array {
  const out = new Float32Array(2 * W_DIM);
  const styles = ['bob', 'side part'];
  [mean.female, mean.male].forEach((m, k) => {
    const row = out.subarray(k * W_DIM, (k + 1) * W_DIM);
    row.set(m);
    for (const [name, u] of Object.entries(hairStyleU(styles[k]!))) row[paramDim('hair', name)] = 2 * u - 1;
    // Nothing the photo would have to show: no beard, moustache, glasses, earrings, baldness.
    const off: Array<[RegionName, string]> = [['jaw', 'beard'], ['moustache', 'density'], ['nose bridge', 'glasses'], ['ear lobule', 'earring'], ['hair', 'bald'], ['hair', 'bun'], ['neck', 'stripe'], ['background', 'pattern']];
    for (const [r, n] of off) row[paramDim(r, n)] = -1;
    row[paramDim('oral commissure', 'smile')] = xOf('oral commissure', 'smile', 0.5);
  });
  return out;
}

export function buildEncoder(fit: EncoderFit, tmpl: Float32Array): Uint8Array {
  const g = new GraphBuilder('builtin_encoder');
  const o = new Ops(g);
  const F = FACE_FEATURES_LENGTH;
  const G = FACE_GEOMETRY.length;
  const features = g.input('features', ['B', F]);
  const col = (name: FaceFeatureName, n = 1): V => o.slice(features, 1, faceFeatureIndex(name), faceFeatureIndex(name) + n);

  const mask = new Float32Array(W_DIM);
  const parts: V[] = [];
  /** values [B,m] written to `targets[j]` dims. */
  const place = (values: V, targets: number[][]): void => {
    const sel = new Float32Array(targets.length * W_DIM);
    targets.forEach((dims, j) => {
      for (const d of dims) {
        if (mask[d]) throw new Error(`encoder: dim ${d} written twice`);
        sel[j * W_DIM + d] = 1;
        mask[d] = 1;
      }
    });
    parts.push(o.matmul(values, g.constF(sel, [targets.length, W_DIM])));
  };

  // Shape from landmarks: each geometry code by the ridge regression on the measures and the
  // estimated youth (encoder-fit.ts), clipped to the range and written into every region
  // that draws that part of the face.
  const P = fit.params.length;
  const W = new Float32Array(G * P);
  fit.params.forEach((p, j) => p.coef.forEach((c, i) => (W[i * P + j] = c / fit.featureSd[i]!)));
  const bias = fit.params.map((p) => p.bias - p.coef.reduce((a, c, i) => a + (c * fit.featureMean[i]!) / fit.featureSd[i]!, 0));
  const youthW = fit.params.map((p) => p.youthCoef);
  const geo = o.slice(features, 1, 0, G);
  if (P > 0) {
    // Youth as the pack draws it: 1 for newborns, 0 from 20 years (face-api's age, years/100).
    const youth = o.clamp01(o.sub(1, o.mul(col('age'), 5)));
    const x = o.add(o.matmul(geo, g.constF(W, [G, P])), o.matmul(youth, g.constF(youthW, [1, P])), g.constF(bias, [1, P]));
    place(o.clip(x, -1, 1), fit.params.map((p) => p.targets));
  }

  // Colours: soft nearest entry (temperature: a colour step of 0.02 changes the weight e-fold ×2).
  const nearest = (colour: V, t: Table): void => {
    const K = t.colours.length;
    const m = t.values[0]!.length;
    const Tt = new Float32Array(3 * K);
    t.colours.forEach((c, k) => c.forEach((v, i) => (Tt[i * K + k] = v)));
    const t2 = t.colours.map((c) => c.reduce((a, v) => a + v * v, 0));
    const cross = o.matmul(colour, g.constF(Tt, [3, K])); // [B,K]
    const c2 = o.matmul(o.sq(colour), g.constF([1, 1, 1], [3, 1])); // [B,1]
    const d2 = o.add(o.sub(c2, o.mul(cross, 2)), g.constF(t2, [1, K]));
    const wts = g.node('Softmax', [o.mul(d2, -2500)], { axis: attr.int(1) });
    place(o.matmul(wts, g.constF(t.values.flat(), [K, m])), t.targets);
  };
  nearest(col('skinR', 3), skinTable());
  nearest(col('hairR', 3), hairTable());
  nearest(col('irisR', 3), irisTable());

  // Age: years → u = (k + fraction of group k)/9 → x.
  const years = o.mul(col('age'), 100);
  const nK = AGE_KNOTS.length - 1;
  const starts = g.constF(AGE_KNOTS.slice(0, nK), [1, nK]);
  const widths = g.constF(AGE_KNOTS.slice(1).map((v, i) => v - AGE_KNOTS[i]!), [1, nK]);
  const u = o.matmul(o.clamp01(o.div(o.sub(years, starts), widths)), g.constF(Array(nK).fill(1 / 9), [nK, 1]));
  place(o.sub(o.mul(u, 2), 1), [carrierDims('age')]);

  // Gender: the estimate sharpened (a 0.7 "male" reads as a man), into every carrier and the template choice.
  const male = o.sigmoid(o.mul(o.sub(col('male'), 0.5), 12));
  place(o.sub(o.mul(male, 2), 1), [carrierDims('gender')]);

  // Race label: the highest of the linear race scores on the sampled colours (encoder-fit.ts
  // fitRace), written as the code the mapping gives that race (0.9·(cos, sin) of its angle);
  // a sharp softmax keeps the graph a plain function.
  {
    const R = RACES.length;
    const C = FACE_COLOURS.length;
    const Wr = new Float32Array(C * R);
    fit.race.coef.forEach((row, k) => row.forEach((c, i) => (Wr[i * R + k] = c)));
    const scores = o.add(o.matmul(col(FACE_COLOURS[0], C), g.constF(Wr, [C, R])), g.constF(fit.race.bias, [1, R]));
    const wts = g.node('Softmax', [o.mul(scores, 20)], { axis: attr.int(1) });
    const code = (f: (a: number) => number) => g.constF(RACES.map((_, k) => 0.9 * f(raceAngle(k))), [R, 1]);
    place(o.matmul(wts, code(Math.cos)), [carrierDims('raceX')]);
    place(o.matmul(wts, code(Math.sin)), [carrierDims('raceY')]);
  }

  const rows = g.constF(tmpl, [2, W_DIM]);
  const pick = o.concat([o.sub(1, male), male], 1); // [B,2]
  const keep = g.constF(Float32Array.from(mask, (m) => 1 - m), [1, W_DIM]);
  const w = o.add(o.mul(o.matmul(pick, rows), keep), ...parts);
  const wplus = g.node('Expand', [o.reshape(w, [-1, 1, W_DIM]), g.constI([1, NUM_WS, 1])]);
  g.output('wplus', wplus, ['B', NUM_WS, W_DIM]);
  return g.serialize();
}

export { allParams };
