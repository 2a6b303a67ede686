/**
 * Calibrates the built-in pack's photo encoder against the importer's own face detector:
 * `npx tsx tools/builtin-pack/encoder-fit.ts [--pack dir] [--bases 2] [--seed 31]`.
 * Renders founders with one shape parameter swept at a time, finds their 68 landmarks with
 * face-api (as photo import does), measures the face description
 * (src/core/faces/face-features.ts) and inverts the measured response (see fitEncoder). Writes
 * tools/builtin-pack/encoder-fit.json, which the pack build reads (the build itself never
 * runs the detector, so it stays fast and deterministic).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACE_FEATURE_NAMES, FACE_GEOMETRY } from '../../src/domain/face-features.js';
import { faceApiDetector } from '../../src/core/faces/detector.js';
import { faceFeatures } from '../../src/core/faces/face-features.js';
import { NUM_WS, W_DIM, type RegionName } from './layout.js';
import { allParams, type ParamRef } from './params.js';
import { foundersFromSeed, openPack, render, toRgb8 } from './runtime.js';

/**
 * Smallest full-sweep response (eye distances per unit x) the encoder relies on. Responses
 * of a parameter in a measure it cannot move (the lid's opening in the jaw line) reach 0.023
 * on two founders: detector noise, so the bar sits above it.
 */
export const MIN_RESPONSE = 0.03;
const RIDGE = 1e-3;

/**
 * Shape parameters the landmarks might see: the face outline, brows, eyes, nose and mouth.
 * (A first sweep over all 61 coarse shape parameters of these regions found cheek, iris,
 * nostril and most nose shapes at or under 0.017 — hidden under other shapes or too small
 * for the detector — so the sweep runs over these.)
 */
const CANDIDATES: Array<[RegionName, string]> = [
  ['head', 'width'], ['chin', 'bottom'], ['chin', 'width'], ['jaw', 'angleY'], ['jaw', 'width'], ['forehead', 'top'],
  ['eyebrow', 'y'], ['eyebrow', 'length'], ['eyebrow', 'arch'], ['eyebrow', 'tilt'], ['eyebrow', 'gap'], ['eyebrow', 'thick'],
  ['eye top lid', 'open'], ['eye sclera', 'width'], ['eye sclera', 'height'], ['eye sclera', 'tilt'],
  ['nose tip', 'y'], ['nose ala', 'width'], ['nose bridge', 'len'],
  ['lip superior', 'width'], ['lip inferior', 'width'], ['lip superior', 'thick'], ['lip inferior', 'thick'], ['oral commissure', 'smile'], ['teeth', 'open'],
];

export function shapeCandidates(): ParamRef[] {
  return CANDIDATES.map(([r, n]) => allParams().find((p) => p.region === r && p.spec.name === n)!);
}

export interface EncoderFit {
  /** Mean and sd of each geometry feature over the calibration faces. */
  featureMean: number[];
  featureSd: number[];
  /** coef: x = Σ coef·(f − featureMean)/featureSd + bias; strength: the strongest measure's change per unit x; response: every measure's. */
  params: Array<{ region: string; name: string; dim: number; coef: number[]; bias: number; strength: number; response?: number[] }>;
  count: number;
  seed: number;
}



/**
 * Sweep calibration: for each candidate parameter, two founders are rendered with it at −1
 * and +1 (everything else theirs), their landmark measures give the response of every
 * measure to the parameter (a column of the Jacobian J). A regression over random founders
 * was tried first and found nothing (held-out R² ≤ 0.25 for every parameter, 186 faces): a
 * founder's own variation is below the detector's landmark noise, while a full sweep is not.
 * Parameters whose strongest response is below MIN_RESPONSE (the detector cannot see them,
 * often because another shape covers them) are left to the template. The encoder inverts
 * the linearised response: x = (JᵀJ + λI)⁻¹ Jᵀ (f − f₀).
 */
export async function fitEncoder(packDir: string, bases: number, seed: number, log = console.log, only?: string[]): Promise<EncoderFit> {
  const pack = await openPack(packDir);
  const detector = faceApiDetector();
  const G = FACE_GEOMETRY.length;
  const S = NUM_WS * W_DIM;
  const measure = async (batch: Float32Array): Promise<number[][]> => {
    const n = batch.length / S;
    const img = await render(pack, batch, n);
    const out: number[][] = [];
    for (let b = 0; b < n; b++) {
      const rgb = { data: toRgb8(img.image, b, pack.resolution), width: pack.resolution, height: pack.resolution };
      const [face] = await detector.detect(rgb, { ageGender: true });
      if (!face) throw new Error('a calibration face was not detected');
      out.push(Array.from(faceFeatures(rgb, face).subarray(0, G)));
    }
    return out;
  };
  const cands = shapeCandidates().filter((p) => !only || only.includes(`${p.region}/${p.spec.name}`));
  const cols: number[][] = [];
  let f0 = new Array<number>(G).fill(0);
  try {
    // Adults of both genders: the baby proportions move everything at once.
    const pool = await foundersFromSeed(pack, seed, 64);
    const picks: number[] = [];
    for (let i = 0; i < 64 && picks.length < bases; i++) {
      const age = pool[i * S + allParams().find((p) => p.region === 'head' && p.spec.name === 'age')!.dim]!;
      if (age > -0.2 && age < 0.3) picks.push(i);
    }
    const centre = new Float32Array(picks.length * S);
    picks.forEach((i, k) => centre.set(pool.subarray(i * S, (i + 1) * S), k * S));
    const fc = await measure(centre);
    f0 = f0.map((_, j) => fc.reduce((a, f) => a + f[j]!, 0) / fc.length);
    for (const p of cands) {
      const batch = new Float32Array(2 * picks.length * S);
      picks.forEach((i, k) => {
        for (const [h, v] of [[0, -1], [1, 1]] as const) {
          const o = (2 * k + h) * S;
          batch.set(pool.subarray(i * S, (i + 1) * S), o);
          for (let l = 0; l < NUM_WS; l++) batch[o + l * W_DIM + p.dim] = v;
        }
      });
      const f = await measure(batch);
      const col = Array.from({ length: G }, (_, j) => picks.reduce((a, _i, k) => a + (f[2 * k + 1]![j]! - f[2 * k]![j]!) / 2, 0) / picks.length);
      const strongest = Math.max(...col.map(Math.abs));
      log(`  ${p.region}/${p.spec.name}: strongest response ${strongest.toFixed(3)} (${FACE_GEOMETRY[col.map(Math.abs).indexOf(strongest)]})`);
      cols.push(col);
    }
  } finally {
    await pack.release();
  }
  const keep = cands.map((_, i) => i).filter((i) => Math.max(...cols[i]!.map(Math.abs)) >= MIN_RESPONSE);
  // M = (JᵀJ + λI)⁻¹ Jᵀ over the kept columns: one row of coefficients per parameter.
  const K = keep.length;
  const JtJ = keep.map((a) => keep.map((b, j) => cols[a]!.reduce((s, v, r) => s + v * cols[b]![r]!, 0) + (keep[j] === a ? RIDGE : 0)));
  const inv = invert(JtJ);
  const params: EncoderFit['params'] = keep.map((ci, i) => {
    const coef = Array.from({ length: G }, (_, r) => keep.reduce((s, cj, j) => s + inv[i]![j]! * cols[cj]![r]!, 0));
    const p = cands[ci]!;
    return { region: p.region, name: p.spec.name, dim: p.dim, coef: coef.map((c) => Number(c.toPrecision(6))), bias: 0, strength: Number(Math.max(...cols[ci]!.map(Math.abs)).toFixed(4)), response: cols[ci]!.map((v) => Number(v.toPrecision(4))) };
  });
  log(`  kept ${K} of ${cands.length} parameters`);
  return { featureMean: f0.map((v) => Number(v.toPrecision(6))), featureSd: new Array(G).fill(1), params, count: bases, seed };
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
  // --only head/width,chin/bottom: sweep just these (a rerun after a full sweep found them).
  const only = argv.includes('--only') ? opt('--only', '').split(',') : undefined;
  const fit = await fitEncoder(opt('--pack', 'resources/models/builtin'), Number(opt('--bases', '2')), Number(opt('--seed', '31')), console.log, only);
  const out = join(import.meta.dirname, 'encoder-fit.json');
  writeFileSync(out, JSON.stringify({ note: 'generated by tools/builtin-pack/encoder-fit.ts; read by the pack build', features: FACE_GEOMETRY, ...fit }, null, 1) + '\n');
  console.log(`wrote ${out}: ${fit.params.length} shape parameters from sweeps of ${fit.count} founders (${FACE_FEATURE_NAMES.length} features)`);
}
