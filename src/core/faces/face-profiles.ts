/**
 * Pixel measures of a face in its landmark frame, for the proportions that face-api's 68
 * landmarks barely follow: on the built-in pack's faces the eye corners move 0.06 eye
 * distances over the eye-size code's whole range and the nostril points 0.02 over the nose
 * width's, so a landmark encoder recovers them no better than the population mean. What does
 * move is in the pixels: the white of the eyes, and where the nose's sides and the mouth's
 * corners darken the skin. The encoder's regression (tools/builtin-pack/encoder-fit.ts) learns
 * how these map to the proportions (docs/ARCHITECTURE.md, "Photo import").
 */
import { MOUTH_PROFILE_OFFSETS, NOSE_PROFILE_OFFSETS } from '../../domain/face-features';
import type { Point, RgbImage } from './types';

/** The face frame: origin midway between the eye centres, x along the eye line, unit = eye distance. */
export interface FaceFrame {
  origin: Point;
  /** Eye distance in pixels. */
  scale: number;
  cos: number;
  sin: number;
}

export interface FaceProfiles {
  eyeWhite: number;
  noseDark: number[];
  mouthDark: number[];
}

const lum = (r: number, g: number, b: number) => 0.3 * r + 0.59 * g + 0.11 * b;

/**
 * `at(u, v)` in frame units → pixel (bilinear, clamped at the border) as [r, g, b] in 0..1.
 * The frame's step is one pixel (1/scale), so a band is sampled at the image's own density.
 */
function sampler(img: RgbImage, f: FaceFrame): (u: number, v: number) => [number, number, number] {
  const { width: W, height: H, data } = img;
  return (u, v) => {
    const x = f.origin.x + (u * f.cos - v * f.sin) * f.scale;
    const y = f.origin.y + (u * f.sin + v * f.cos) * f.scale;
    const x0 = Math.max(0, Math.min(W - 2, Math.floor(x)));
    const y0 = Math.max(0, Math.min(H - 2, Math.floor(y)));
    const fx = Math.max(0, Math.min(1, x - x0));
    const fy = Math.max(0, Math.min(1, y - y0));
    const out: [number, number, number] = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const a = data[(y0 * W + x0) * 3 + k]!;
      const b = data[(y0 * W + x0 + 1) * 3 + k]!;
      const c = data[((y0 + 1) * W + x0) * 3 + k]!;
      const d = data[((y0 + 1) * W + x0 + 1) * 3 + k]!;
      out[k] = (a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy) / 255;
    }
    return out;
  };
}

/**
 * `eyes`: the two eye centres, `noseTip` (landmark 30), `noseBottom` (33), `mouth` (the lips'
 * middle), all in frame units.
 */
export function faceProfiles(img: RgbImage, f: FaceFrame, parts: { eyes: [Point, Point]; noseTip: Point; noseBottom: Point; mouth: Point }): FaceProfiles {
  const at = sampler(img, f);
  const step = 1 / Math.max(1, f.scale);
  const L = (u: number, v: number) => {
    const p = at(u, v);
    return lum(p[0], p[1], p[2]);
  };

  // Eye whites: bright and nearly grey, which skin of any tone, iris and lids are not.
  let white = 0;
  for (const e of parts.eyes) {
    for (let v = -0.2; v <= 0.2; v += step) {
      for (let u = -0.4; u <= 0.4; u += step) {
        const [r, g, b] = at(e.x + u, e.y + v);
        const lo = Math.min(r, g, b);
        if (lo > 0.72 && Math.max(r, g, b) - lo < 0.15) white++;
      }
    }
  }
  const eyeWhite = (white * step * step) / 2;

  /** The band's typical luminance: its 60th percentile (most of a band is skin; lines and nostrils are the dark tail). */
  const typical = (cx: number, v0: number, v1: number, half: number): number => {
    const all: number[] = [];
    for (let v = v0; v <= v1; v += step) for (let u = -half; u <= half; u += step) all.push(L(cx + u, v));
    all.sort((a, b) => a - b);
    return Math.max(1e-3, all[Math.floor(all.length * 0.6)] ?? 1);
  };
  /** Darkest (relative to the band's typical luminance `ref`) in rows v0..v1 of the column at cx ± u, mean of both sides. */
  const profile = (cx: number, v0: number, v1: number, offsets: readonly number[], ref: number): number[] => {
    const column = (u: number) => {
      let best = -Infinity;
      for (let v = v0; v <= v1 + 1e-9; v += step) best = Math.max(best, 1 - L(cx + u, v) / ref);
      return best;
    };
    return offsets.map((u) => (column(-u) + column(u)) / 2);
  };
  const { noseTip: n, noseBottom: nb, mouth: m } = parts;
  const noseDark = profile(n.x, n.y - 0.06, nb.y + 0.02, NOSE_PROFILE_OFFSETS, typical(n.x, n.y - 0.06, nb.y + 0.02, 0.4));
  // The mouth's reference band is taller than its profile rows, so that skin dominates it even where the lips are full.
  const mouthDark = profile(m.x, m.y - 0.05, m.y + 0.05, MOUTH_PROFILE_OFFSETS, typical(m.x, m.y - 0.15, m.y + 0.15, 0.8));
  return { eyeWhite, noseDark, mouthDark };
}
