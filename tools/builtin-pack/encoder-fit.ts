/**
 * Calibrates the built-in pack's photo encoder against the importer's own face detector:
 * `npx tsx tools/builtin-pack/encoder-fit.ts [--pack dir] [--bases 2] [--seed 31] [--randoms 200]`.
 * Renders founders with one geometry code (tools/builtin-pack/geometry.ts) swept at a time and
 * random founders of every age, finds their 68 landmarks with face-api (as photo import does),
 * measures the face description (src/core/faces/face-features.ts: landmark shape and the
 * pixel profiles of eyes, nose and mouth in the landmarks' frame) and fits the inverse (see
 * fitEncoder). Writes tools/builtin-pack/encoder-fit.json, which the pack build reads (the
 * build itself never runs the detector, so it stays fast and deterministic). With
 * KINSHIP_FIT_DUMP=file it also writes the raw measures (sweep responses, random founders'
 * measures, youth and true codes) there, to try other fits without detecting again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACE_COLOURS, FACE_FEATURE_NAMES, FACE_GEOMETRY } from '../../src/domain/face-features.js';
import { generatorAttributes, RACES } from './attributes.js';
import { faceApiDetector } from '../../src/core/faces/detector.js';
import { faceFeatures } from '../../src/core/faces/face-features.js';
import { NUM_WS, W_DIM } from './layout.js';
import { GEOMETRY_CODES } from './geometry.js';
import { allParams, paramDim } from './params.js';
import { foundersFromSeed, openPack, render, toRgb8 } from './runtime.js';

/** Ridge strengths on standardised measures tried; the fit keeps the best held out (6-fold). */
const RIDGES = [0.01, 0.03, 0.1, 0.3];

export interface EncoderFit {
  /** Mean and sd of each geometry measure over the calibration founders (the inputs are standardised). */
  featureMean: number[];
  featureSd: number[];
  /**
   * One entry per geometry code: x = Σ coef·(f − featureMean)/featureSd + youthCoef·youth + bias,
   * youth = clamp01(1 − years/20) from face-api's age, written into every dim of `targets`;
   * `dim` is the reference target (tests compare it). strength: the strongest landmark
   * measure's change (eye distances) over the code's whole range (x −1 → 1) on the swept
   * adults; response: every measure's (pixel measures included), per unit x.
   */
  params: Array<{ region: string; name: string; code: string; dim: number; targets: number[]; coef: number[]; youthCoef: number; bias: number; strength: number; response?: number[] }>;
  count: number;
  randoms: number;
  /**
   * Race scores (RACES order) = coef[k] · colours + bias[k] on the sampled colours
   * (FACE_COLOURS), the label the highest (fitRace); heldOut: share of random founders whose
   * race is the highest score held out (6-fold); commonest: the commonest race's share.
   */
  race: { coef: number[][]; bias: number[]; heldOut: number; commonest: number };
  /** Share of codes recovered within ±0.5 on held-out random founders (6-fold), and the template's. */
  heldOut: number;
  template: number;
  /** The ridge strength kept. */
  ridge: number;
  seed: number;
}

const youthOf = (ageFeature: number) => Math.max(0, Math.min(1, 1 - (ageFeature * 100) / 20));

/**
 * Calibration: random founders of every age (`randoms`, another seed than the tests') are
 * rendered and measured; with their true codes known, each code is regressed (ridge) on the
 * shape measures (landmarks and pixel profiles) and the estimated youth. The landmarks alone
 * recovered 81 % held out (eye size, nose and mouth width near the population mean's 70 %):
 * face-api's landmarks barely move with them; the eye whites and the nose and mouth
 * darkness profiles do. Sweeps of `bases` adults (each code from −1 to
 * +1, everything else theirs) report how far each code moves the landmarks (strength). An
 * inverse of the swept response alone was tried first and did no better than the template
 * (70.5 % against 70.5 %): the detector's response to a code depends on the rest of the face
 * (0.24 eye distances on one pair of adults, 0.12 on another), so one Jacobian does not carry
 * over; the regression learns the average response over the faces it will meet.
 */
export async function fitEncoder(packDir: string, bases: number, seed: number, randoms: number, log = console.log): Promise<EncoderFit> {
  const pack = await openPack(packDir);
  const detector = faceApiDetector();
  const G = FACE_GEOMETRY.length;
  const S = NUM_WS * W_DIM;
  const ageIndex = FACE_FEATURE_NAMES.indexOf('age');
  const colourIndex = FACE_FEATURE_NAMES.indexOf(FACE_COLOURS[0]);
  const measure = async (batch: Float32Array, allowMiss = false): Promise<Array<{ geo: number[]; colours: number[]; youth: number } | null>> => {
    const n = batch.length / S;
    const img = await render(pack, batch, 8);
    const out: Array<{ geo: number[]; colours: number[]; youth: number } | null> = [];
    for (let b = 0; b < n; b++) {
      const rgb = { data: toRgb8(img.image, b, pack.resolution), width: pack.resolution, height: pack.resolution };
      const [face] = await detector.detect(rgb, { ageGender: true });
      if (!face) {
        if (!allowMiss) throw new Error('a calibration face was not detected');
        out.push(null);
        continue;
      }
      const f = faceFeatures(rgb, face);
      out.push({ geo: Array.from(f.subarray(0, G)), colours: Array.from(f.subarray(colourIndex, colourIndex + FACE_COLOURS.length)), youth: youthOf(f[ageIndex]!) });
    }
    return out;
  };
  const codes = GEOMETRY_CODES.map((c) => ({ code: c, dims: c.targets.map(([r, n]) => paramDim(r, n)) }));
  const clamp = (x: number) => Math.max(-1, Math.min(1, x));
  const cols: number[][] = [];
  const rows: Array<{ geo: number[]; colours: number[]; youth: number; x: number[]; race: number }> = [];
  try {
    const ageDim = allParams().find((p) => p.region === 'head' && p.spec.name === 'age')!.dim;
    const pool = await foundersFromSeed(pack, seed, 64);
    const picks: number[] = [];
    for (let i = 0; i < 64 && picks.length < bases; i++) {
      const age = pool[i * S + ageDim]!;
      if (age > -0.2 && age < 0.3) picks.push(i);
    }
    for (const { code, dims } of codes) {
      const batch = new Float32Array(2 * picks.length * S);
      picks.forEach((i, k) => {
        for (const [h, v] of [[0, -1], [1, 1]] as const) {
          const o = (2 * k + h) * S;
          batch.set(pool.subarray(i * S, (i + 1) * S), o);
          for (const d of dims) for (let l = 0; l < NUM_WS; l++) batch[o + l * W_DIM + d] = v;
        }
      });
      const f = (await measure(batch)) as Array<{ geo: number[] }>;
      const col = Array.from({ length: G }, (_, j) => picks.reduce((a, _i, k) => a + (f[2 * k + 1]!.geo[j]! - f[2 * k]!.geo[j]!) / 2, 0) / picks.length);
      // Landmark measures are in eye distances, the pixel measures (eyeWhite onwards) in their own units.
      const L = FACE_GEOMETRY.indexOf('eyeWhite');
      const top = (from: number, to: number) => {
        const a = col.slice(from, to).map(Math.abs);
        const k = a.indexOf(Math.max(...a));
        return `${(2 * a[k]!).toFixed(3)} (${FACE_GEOMETRY[from + k]})`;
      };
      log(`  ${code.name}: strongest response over its range: landmarks ${top(0, L)} eye distances, pixels ${top(L, G)}`);
      cols.push(col);
    }
    const rand = await foundersFromSeed(pack, seed + 1, randoms);
    const fr = await measure(rand, true);
    fr.forEach((m, i) => {
      if (m) rows.push({ ...m, x: codes.map(({ dims }) => clamp(rand[i * S + dims[0]!]!)), race: generatorAttributes(rand, i).race });
    });
    log(`  ${rows.length} of ${randoms} random founders detected`);
    if (process.env.KINSHIP_FIT_DUMP) writeFileSync(process.env.KINSHIP_FIT_DUMP, JSON.stringify({ cols, rows }));
  } finally {
    await pack.release();
  }
  const K = codes.length;
  const fitRows = (train: typeof rows, lambda: number) => ridge(train.map((r) => [...r.geo, r.youth]), train.map((r) => r.x), lambda);
  // Held-out figure: 6-fold cross-validation over the random founders, for each ridge
  // strength; the best is kept (its figure is a little optimistic for having been chosen).
  const n = rows.length;
  let best = { lambda: RIDGES[0]!, within: -1, base: 0 };
  for (const lambda of RIDGES) {
    let within = 0;
    let base = 0;
    for (let fold = 0; fold < 6; fold++) {
      const m = fitRows(rows.filter((_, i) => i % 6 !== fold), lambda);
      rows.forEach((r, i) => {
        if (i % 6 !== fold) return;
        const x = m.predict([...r.geo, r.youth]);
        for (let k = 0; k < K; k++) {
          if (Math.abs(clamp(x[k]!) - r.x[k]!) <= 0.5) within++;
          if (Math.abs(r.x[k]!) <= 0.5) base++;
        }
      });
    }
    log(`  ridge ${lambda}: held out (6-fold over the random founders) ${((100 * within) / (n * K)).toFixed(1)}% of codes within ±0.5, the template ${((100 * base) / (n * K)).toFixed(1)}%`);
    if (within > best.within) best = { lambda, within, base };
  }
  const { within, base, lambda } = best;
  const m = fitRows(rows, lambda);
  const race = fitRace(rows, log);
  const r6 = (v: number[]) => v.map((x) => Number(x.toPrecision(6)));
  const params: EncoderFit['params'] = codes.map(({ code, dims }, k) => {
    const [region, name] = code.targets[0]!;
    return {
      region,
      name,
      code: code.name,
      dim: dims[0]!,
      targets: dims,
      coef: r6(m.coef[k]!.slice(0, G)),
      youthCoef: Number((m.coef[k]![G]! / m.sd[G]!).toPrecision(6)),
      bias: Number((m.centre[k]! - (m.coef[k]![G]! * m.mean[G]!) / m.sd[G]!).toPrecision(6)),
      strength: Number((2 * Math.max(...cols[k]!.slice(0, FACE_GEOMETRY.indexOf('eyeWhite')).map(Math.abs))).toFixed(4)),
      response: cols[k]!.map((v) => Number(v.toPrecision(4))),
    };
  });
  return { featureMean: r6(m.mean.slice(0, G)), featureSd: r6(m.sd.slice(0, G)), params, race, count: bases, randoms: n, heldOut: Number((within / (n * K)).toFixed(4)), template: Number((base / (n * K)).toFixed(4)), ridge: lambda, seed };
}

/**
 * The race label's estimate. The pack's races differ in its drawings mostly by their skin,
 * hair and eye colour priors (tools/builtin-pack/mapping.ts), so: linear discriminant
 * analysis on the sampled colours (class means, one pooled covariance, class shares as
 * priors), a linear score per race, the class the highest. Without it every photo founder
 * carried its gender template's race code and read as whichever race that mean fell
 * nearest (the astronaut: "Indian"). Tried on these founders: a one-hot ridge on the same
 * colours was right for 47 % held out, and naive Bayes on colours mapped back to the
 * mapping's own priors for 19 % (the sampled colours do not land on the priors' scale).
 */
function fitRace(rows: Array<{ colours: number[]; race: number }>, log: (s: string) => void): EncoderFit['race'] {
  const R = RACES.length;
  const D = rows[0]!.colours.length;
  const lda = (train: typeof rows) => {
    const share = Array.from({ length: R }, (_, k) => Math.max(1, train.filter((r) => r.race === k).length) / train.length);
    const mu = Array.from({ length: R }, (_, k) => {
      const rs = train.filter((r) => r.race === k);
      return Array.from({ length: D }, (_, j) => rs.reduce((a, r) => a + r.colours[j]!, 0) / Math.max(1, rs.length));
    });
    const cov = Array.from({ length: D }, (_, a) => Array.from({ length: D }, (_, b) => train.reduce((s, r) => s + (r.colours[a]! - mu[r.race]![a]!) * (r.colours[b]! - mu[r.race]![b]!), 0) / train.length));
    const inv = invert(cov);
    // score_k(x) = x·Σ⁻¹μ_k − ½ μ_k·Σ⁻¹μ_k + log share_k
    const coef = mu.map((m) => Array.from({ length: D }, (_, a) => m.reduce((s, v, b) => s + inv[a]![b]! * v, 0)));
    const bias = mu.map((m, k) => -0.5 * m.reduce((s, v, a) => s + v * coef[k]![a]!, 0) + Math.log(share[k]!));
    const classify = (x: number[]) => {
      const sc = coef.map((w, k) => w.reduce((s, c, j) => s + c * x[j]!, bias[k]!));
      return sc.indexOf(Math.max(...sc));
    };
    return { coef, bias, classify };
  };
  let right = 0;
  for (let fold = 0; fold < 6; fold++) {
    const m = lda(rows.filter((_, i) => i % 6 !== fold));
    rows.forEach((r, i) => {
      if (i % 6 === fold && m.classify(r.colours) === r.race) right++;
    });
  }
  const commonest = Math.max(...Array.from({ length: R }, (_, k) => rows.filter((r) => r.race === k).length)) / rows.length;
  log(`  race from the sampled colours (LDA): held out (6-fold) ${((100 * right) / rows.length).toFixed(1)}% right, the commonest race ${(100 * commonest).toFixed(1)}%, chance ${(100 / R).toFixed(1)}%`);
  const m = lda(rows);
  const r6 = (v: number[]) => v.map((x) => Number(x.toPrecision(6)));
  return { coef: m.coef.map(r6), bias: r6(m.bias), heldOut: Number((right / rows.length).toFixed(4)), commonest: Number(commonest.toFixed(4)) };
}

/**
 * Ridge regression of targets on standardised inputs (λ·n on every weight, none on the
 * centre): coef[k] are the weights of target k on (input − mean)/sd.
 */
function ridge(inputs: number[][], targets: number[][], lambda: number) {
  const n = inputs.length;
  const D = inputs[0]!.length;
  const K = targets[0]!.length;
  const mean = Array.from({ length: D }, (_, j) => inputs.reduce((a, r) => a + r[j]!, 0) / n);
  const sd = Array.from({ length: D }, (_, j) => Math.sqrt(inputs.reduce((a, r) => a + (r[j]! - mean[j]!) ** 2, 0) / n) || 1);
  const Z = inputs.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
  const centre = Array.from({ length: K }, (_, k) => targets.reduce((a, t) => a + t[k]!, 0) / n);
  const ZtZ = Array.from({ length: D }, (_, a) => Array.from({ length: D }, (_, b) => Z.reduce((s, z) => s + z[a]! * z[b]!, 0) + (a === b ? lambda * n : 0)));
  const inv = invert(ZtZ);
  const coef = Array.from({ length: K }, (_, k) => {
    const zty = Array.from({ length: D }, (_, a) => Z.reduce((s, z, i) => s + z[a]! * (targets[i]![k]! - centre[k]!), 0));
    return Array.from({ length: D }, (_, a) => inv[a]!.reduce((s, v, b) => s + v * zty[b]!, 0));
  });
  const predict = (input: number[]) => coef.map((w, k) => centre[k]! + w.reduce((s, c, j) => s + (c * (input[j]! - mean[j]!)) / sd[j]!, 0));
  return { mean, sd, centre, coef, predict };
}

function invert(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const d = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row) => row.slice(n));
}

if (process.argv[1]?.endsWith('encoder-fit.ts')) {
  const argv = process.argv.slice(2);
  const opt = (name: string, def: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : def;
  };
  const fit = await fitEncoder(opt('--pack', 'resources/models/builtin'), Number(opt('--bases', '2')), Number(opt('--seed', '31')), Number(opt('--randoms', '200')));
  const out = join(import.meta.dirname, 'encoder-fit.json');
  writeFileSync(out, JSON.stringify({ note: 'generated by tools/builtin-pack/encoder-fit.ts; read by the pack build', features: FACE_GEOMETRY, ...fit }, null, 1) + '\n');
  console.log(`wrote ${out}: ${fit.params.length} geometry codes from sweeps of ${fit.count} founders and ${fit.randoms} random founders (${FACE_FEATURE_NAMES.length} features)`);
}
