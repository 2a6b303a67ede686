/** Shared looks: skin colour and lighting, hair colour, age curves. */
import { Canvas, Params } from './canvas.js';
import { Num, V } from './expr.js';
import { HAIR, HAIR_GREY, HAIR_RED, SKIN } from './palettes.js';

/** 1 for babies, 0 from about 20 years (age scale 0..1 ≈ groups 0..8). */
export function youth(cv: Canvas, age: V): V {
  return cv.o.clamp01(cv.o.mul(cv.o.sub(0.36, age), 1 / 0.28));
}

/** 0 until about 50 years, 1 at the oldest. */
export function old(cv: Canvas, age: V): V {
  return cv.o.ramp(age, 0.52, 0.95);
}

/** 0 for children, 1 for adults. */
export function adult(cv: Canvas, age: V): V {
  return cv.o.ramp(age, 0.24, 0.34);
}

/** Skin colour [B,3,1,1] from a region's own `tone` and `under`. */
export function skinColor(cv: Canvas, p: Params): V {
  const base = cv.ramp(SKIN, p.tone);
  if (!p.under) return base;
  const warm = cv.o.mul(cv.o.sub(p.under, 0.5), cv.g.constF([0.05, 0.005, -0.045], [1, 3, 1, 1]));
  return cv.o.add(base, warm);
}

/**
 * The same light on every skin region: brighter towards lightX, slightly darker towards
 * the bottom. Because it depends only on the pixel and the region's own light genes,
 * neighbouring regions with equal genes meet seamlessly.
 */
export function lit(cv: Canvas, p: Params, color: V, extra: Num = 0): V {
  const o = cv.o;
  const { X, Y } = cv.grid;
  const shade = o.add(1, o.mul(p.lightS, o.sub(o.mul(p.lightX, X, 0.14), o.mul(Y, 0.06))), extra);
  return o.mul(color, shade);
}

/** Skin colour darkened by factor k (shadows, lines). */
export function skinShade(cv: Canvas, p: Params, k: number): V {
  return cv.o.mul(skinColor(cv, p), k);
}

/** Hair colour from lightness, redness and an amount of grey. */
export function hairColor(cv: Canvas, light: V, red: V, grey: V): V {
  const o = cv.o;
  const base = cv.ramp(HAIR, light);
  const redAmt = o.mul(o.ramp(red, 0.35, 0.8), o.ramp(light, 0.08, 0.3), 0.85);
  const warm = cv.mix(base, o.mul(cv.rgb(HAIR_RED), o.add(0.7, o.mul(light, 0.6))), redAmt);
  return cv.mix(warm, cv.rgb(HAIR_GREY), grey);
}
