/** Shared looks: the face's one skin colour and light, hair colour, age curves. */
import { Canvas, Params } from './canvas.js';
import { Num, V } from './expr.js';
import { HAIR, HAIR_GREY, HAIR_RED, SKIN } from './palettes.js';

/** 1 for newborns, 0 from about 20 years (age scale 0..1 ≈ groups 0..8). */
export function youth(cv: Canvas, age: V): V {
  return cv.o.clamp01(cv.o.mul(cv.o.sub(0.34, age), 1 / 0.3));
}

/** 1 for babies (0–2), 0 from about 5 years. */
export function baby(cv: Canvas, age: V): V {
  return cv.o.ramp(cv.o.neg(age), -0.15, -0.07);
}

/** 0 until about 50 years, 1 at the oldest. */
export function old(cv: Canvas, age: V): V {
  return cv.o.ramp(age, 0.52, 0.95);
}

/** 0 for children, 1 for adults. */
export function adult(cv: Canvas, age: V): V {
  return cv.o.ramp(age, 0.25, 0.34);
}

/** The face's skin colour [B,3,1,1]: the head region's tone and undertone. */
export function skinColor(cv: Canvas): V {
  return cv.memo('skinColor', () => skinColorOf(cv));
}

function skinColorOf(cv: Canvas): V {
  const p = cv.p('head');
  const base = cv.ramp(SKIN, p.tone);
  const warm = cv.o.mul(cv.o.sub(p.under, 0.5), cv.g.constF([0.05, 0.005, -0.045], [1, 3, 1, 1]));
  // flush (fine layers): a slight grading of the whole skin, shared by siblings.
  return cv.o.mul(cv.o.add(base, warm), cv.o.add(0.985, cv.o.mul(p.flush, 0.03)));
}

/**
 * Fixed soft key light from the upper left, the same for every face and every skin
 * surface, so surfaces of one skin colour meet without a seam.
 */
export function light(cv: Canvas): V {
  return cv.memo('light', () => lightOf(cv));
}

function lightOf(cv: Canvas): V {
  const o = cv.o;
  const { X, Y } = cv.grid;
  return o.sub(1.02, o.add(o.mul(X, 0.05), o.mul(Y, 0.06)));
}

/** The lit skin at every pixel [B,3,R,R]: what every skin surface shows where nothing marks it. */
export function skinLit(cv: Canvas): V {
  return cv.memo('skinLit', () => cv.o.mul(skinColor(cv), light(cv)));
}

/** Lit skin moved toward `toward` by `amount` (a field that is 0 at the mark's edge). */
export function skinMark(cv: Canvas, toward: V, amount: Num): V {
  const s = skinLit(cv);
  return cv.o.add(s, cv.o.mul(cv.o.sub(toward, s), amount));
}

/** Lit skin darkened by factor k where `amount` is 1. */
export function skinShade(cv: Canvas, k: number, amount: Num): V {
  return cv.o.mul(skinLit(cv), cv.o.sub(1, cv.o.mul(amount, 1 - k)));
}

/** Hair colour from lightness, redness and an amount of grey. */
export function hairColor(cv: Canvas, lightness: V, red: V, grey: V): V {
  const o = cv.o;
  const base = cv.ramp(HAIR, lightness);
  const redAmt = o.mul(o.ramp(red, 0.45, 0.85), o.ramp(lightness, 0.08, 0.3), 0.85);
  const warm = cv.mix(base, o.mul(cv.rgb(HAIR_RED), o.add(0.7, o.mul(lightness, 0.6))), redAmt);
  return cv.mix(warm, cv.rgb(HAIR_GREY), grey);
}

/** A shape that is there when `on` is 1 and wholly gone (pushed 1.5 outside, more than any shape's depth) when 0: no see-through. */
export function gate(cv: Canvas, sd: V, on: V): V {
  return cv.o.add(sd, cv.o.mul(cv.o.sub(1, on), 1.5));
}

/** Grey hair: none before 40 (age 0.47 on the 0..1 scale), then more with age and proneness. */
export function greyAmount(cv: Canvas, p: Params): V {
  return cv.o.mul(cv.o.ramp(p.age, 0.48, 0.9), cv.o.add(0.35, cv.o.mul(p.grey, 0.65)));
}
