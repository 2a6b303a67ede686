/**
 * Pixel measures for the built-in pack's tests, written from what a viewer sees (image
 * pixels and the generator's visible-coverage masks), not from the pack's own formulas.
 * Images are [B,3,R,R] in [−1,1], masks [B,34,R,R].
 */
export const REGION = {
  background: 0, head: 1, cheek: 2, chin: 3, ear: 4, iris: 9, pupil: 10, sclera: 11, forehead: 15,
  hair: 17, jaw: 19, teeth: 24, neck: 25, temple: 32, eyelashes: 8, eyebrow: 14,
} as const;
const NR = 34;

export interface FaceView {
  image: Float32Array;
  masks: Float32Array;
  R: number;
  b: number;
}

const rgb = (f: FaceView, c: number, i: number): number => (f.image[(f.b * 3 + c) * f.R * f.R + i] + 1) / 2;
const mask = (f: FaceView, r: number, i: number): number => f.masks[(f.b * NR + r) * f.R * f.R + i];

export interface Cleanliness {
  /** Largest |Σ masks − 1| over the image. */
  partitionError: number;
  /** Fraction of head pixels (not background or neck/shirt) in mixed areas wider than an anti-aliased edge. */
  seeThrough: number;
  /** Fraction of plain-skin pixels whose colour is within 0.06 (mean |Δ| per channel) of the face's median skin colour. */
  toneCoherence: number;
  skinPixels: number;
}

/** Skin surfaces that show the plain skin colour (the jaw is left out: beards are drawn in it). */
const SKIN = [REGION.head, REGION.cheek, REGION.chin, REGION.forehead, REGION.temple, REGION.ear];
/** Where lines and wrinkles show: the skin surfaces plus the wrinkle and frown regions. */
const LINED = [...SKIN, 16, 33];

export function cleanliness(f: FaceView, flagged?: number[]): Cleanliness {
  const { R } = f;
  const px = R * R;
  let partitionError = 0;
  const m1 = new Float32Array(px);
  for (let i = 0; i < px; i++) {
    let s = 0;
    let best = 0;
    for (let r = 0; r < NR; r++) {
      const m = mask(f, r, i);
      s += m;
      best = Math.max(best, m);
    }
    partitionError = Math.max(partitionError, Math.abs(s - 1));
    m1[i] = best;
  }
  // A pixel is mixed when no region covers ≥ 0.9 of it. An anti-aliased edge is a band of
  // mixed pixels one to three pixels wide, so a mixed pixel whose whole 5×5 neighbourhood
  // is mixed lies in a see-through area (or where features are under a pixel apart).
  const mixed = (i: number): boolean => m1[i] < 0.9;
  const plateau = (y: number, x: number): boolean => {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || yy >= R || xx < 0 || xx >= R) continue;
        if (!mixed(yy * R + xx)) return false;
      }
    }
    return true;
  };
  let zone = 0;
  let bad = 0;
  const skinIdx: number[] = [];
  for (let i = 0; i < px; i++) {
    const outside = mask(f, REGION.background, i) + mask(f, REGION.neck, i);
    if (outside > 0.5) continue;
    zone++;
    const y = Math.floor(i / R);
    const x = i % R;
    if (mixed(i) && plateau(y, x)) {
      bad++;
      flagged?.push(i);
    }
    let sk = 0;
    for (const r of SKIN) sk += mask(f, r, i);
    if (sk >= 0.99) skinIdx.push(i);
  }
  let toneCoherence = 1;
  if (skinIdx.length > 0) {
    const med = [0, 1, 2].map((c) => {
      const v = skinIdx.map((i) => rgb(f, c, i)).sort((p, q) => p - q);
      return v[Math.floor(v.length / 2)];
    });
    let near = 0;
    for (const i of skinIdx) {
      const d = (Math.abs(rgb(f, 0, i) - med[0]) + Math.abs(rgb(f, 1, i) - med[1]) + Math.abs(rgb(f, 2, i) - med[2])) / 3;
      if (d <= 0.06) near++;
    }
    toneCoherence = near / skinIdx.length;
  }
  return { partitionError, seeThrough: zone ? bad / zone : 0, toneCoherence, skinPixels: skinIdx.length };
}

/** Box-downsampled thumbnail (T×T×3, 0..1) of one face. */
export function thumbnail(f: FaceView, T: number): Float32Array {
  const k = f.R / T;
  const out = new Float32Array(T * T * 3);
  for (let y = 0; y < f.R; y++) {
    for (let x = 0; x < f.R; x++) {
      const t = (Math.floor(y / k) * T + Math.floor(x / k)) * 3;
      for (let c = 0; c < 3; c++) out[t + c] += rgb(f, c, y * f.R + x) / (k * k);
    }
  }
  return out;
}

/** Mean absolute difference of two thumbnails. */
export function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

export interface AgeLook {
  /** Eye height within the face: 0 at the top of the head skin, 1 at the bottom of the chin. */
  eyeLevel: number;
  /** Eye area (sclera, iris, pupil) over the square of the face's width (its widest row of skin). */
  eyeShare: number;
  /** Fraction of clearly-hair pixels that are grey or white (low chroma, light). */
  greyHair: number;
  /** Mean |Laplacian| of luminance over the skin and its lines (wrinkles raise it). */
  skinTexture: number;
}

export function ageLook(f: FaceView): AgeLook {
  const { R } = f;
  const px = R * R;
  let top = R;
  let bottom = -1;
  let skin = 0;
  let eyeY = 0;
  let eye = 0;
  let hair = 0;
  let grey = 0;
  const lum = (i: number) => 0.3 * rgb(f, 0, i) + 0.59 * rgb(f, 1, i) + 0.11 * rgb(f, 2, i);
  const plain = new Uint8Array(px);
  const rowSkin = new Float64Array(R);
  for (let i = 0; i < px; i++) {
    const y = Math.floor(i / R);
    let sk = 0;
    for (const r of SKIN) if (r !== REGION.ear) sk += mask(f, r, i);
    if (sk > 0.5) {
      skin++;
      rowSkin[y]++;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
    let li = 0;
    for (const r of LINED) li += mask(f, r, i);
    if (li >= 0.99) plain[i] = 1;
    const e = mask(f, REGION.sclera, i) + mask(f, REGION.iris, i) + mask(f, REGION.pupil, i);
    eye += e;
    eyeY += e * y;
    if (mask(f, REGION.hair, i) >= 0.95) {
      hair++;
      const c = [rgb(f, 0, i), rgb(f, 1, i), rgb(f, 2, i)];
      if (Math.max(...c) - Math.min(...c) < 0.08 && lum(i) > 0.45) grey++;
    }
  }
  let tex = 0;
  let nTex = 0;
  for (let y = 1; y < R - 1; y++) {
    for (let x = 1; x < R - 1; x++) {
      const i = y * R + x;
      if (!(plain[i] && plain[i - 1] && plain[i + 1] && plain[i - R] && plain[i + R])) continue;
      tex += Math.abs(4 * lum(i) - lum(i - 1) - lum(i + 1) - lum(i - R) - lum(i + R));
      nTex++;
    }
  }
  return {
    eyeLevel: eye > 0 && bottom > top ? (eyeY / eye - top) / (bottom - top) : NaN,
    eyeShare: skin > 0 ? eye / Math.max(...rowSkin) ** 2 : 0,
    greyHair: hair > 20 ? grey / hair : 0,
    skinTexture: nTex ? tex / nTex : 0,
  };
}
