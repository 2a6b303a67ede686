/** Background, neck, ears and the face surface (head, jaw, chin, cheeks, forehead, marks). */
import { Canvas } from './canvas.js';
import { V } from './expr.js';
import { BACKGROUND, EARRING, LIP_ROSE, SHIRT } from './palettes.js';
import { adult, lit, old, skinColor, youth } from './look.js';

export const EAR_X = 0.405;
export const EAR_Y = 0.02;

export function background(cv: Canvas): void {
  const o = cv.o;
  const p = cv.p('background');
  const { X, Y } = cv.grid;
  const hue = cv.ramp(BACKGROUND, p.hue);
  const col = o.mul(cv.mix(cv.rgb([0.86, 0.86, 0.86]), hue, p.sat), p.light);
  const r2 = o.add(o.sq(X), o.sq(o.add(Y, 0.15)));
  const glow = g1(cv, o.div(r2, o.sq(p.glow)));
  const shade = o.add(0.93, o.mul(glow, 0.1), o.mul(p.tilt, X, 0.04));
  cv.draw('background', o.add(o.mul(X, 0), 1), o.mul(col, shade));
}

/** exp(−x) */
function g1(cv: Canvas, x: V): V {
  return cv.g.node('Exp', [cv.o.neg(x)]);
}

export function neck(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('neck');
  const y = youth(cv, p.age);
  const { Y } = cv.grid;
  const hw = o.mul(o.add(p.width, o.mul(p.gender, 0.015)), o.sub(1, o.mul(y, 0.3)));
  const neckSd = s.box(0, 0.62, hw, 0.36, 0.02);
  // Shadow under the chin, lighter further down.
  const shade = o.add(-0.16, o.mul(o.ramp(Y, 0.36, 0.58), 0.14));
  cv.draw('neck', s.cover(neckSd), lit(cv, p, skinColor(cv, p), shade));
  const sw = o.mul(o.add(p.shoulder, o.mul(p.gender, 0.06)), o.sub(1, o.mul(y, 0.3)));
  const shirt = s.ellipse(0, o.sub(1.1, o.mul(y, 0.08)), sw, 0.42);
  // The neckline stays inside the neck's width so only neck skin shows through it.
  const cut = s.ellipse(0, o.sub(0.69, o.mul(y, 0.08)), o.mul(hw, o.add(0.8, o.mul(p.collar, 0.15))), o.add(0.05, o.mul(p.collar, 0.09)));
  const col = o.mul(cv.ramp(SHIRT, p.shirtHue), p.shirtLight);
  const folds = o.add(0.92, o.mul(o.ramp(Y, 0.72, 1.0), 0.08));
  cv.draw('neck', s.cover(s.subtract(shirt, cut)), o.mul(col, folds));
}

export function ears(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('ear');
  const cx = o.add(EAR_X - 0.02, p.stick);
  const cy = o.add(EAR_Y, p.yOff);
  const sz = o.mul(p.size, o.sub(1, o.mul(youth(cv, p.age), 0.1)));
  const ear = s.ellipse(cx, cy, o.mul(sz, 0.55), sz, true, 0.12);
  const skin = skinColor(cv, p);
  cv.draw('ear', s.cover(ear), lit(cv, p, skin));
  const inner = s.ellipse(o.add(cx, 0.004), cy, o.mul(sz, 0.3), o.mul(sz, 0.62), true, 0.12);
  cv.draw('ear', o.mul(s.cover(inner, 0.01), 0.45), o.mul(skin, 0.72));

  const h = cv.p('ear helix');
  const hs = o.mul(h.size, 0.085);
  const ring = s.ellipse(EAR_X, EAR_Y - 0.005, o.mul(hs, 0.5), hs, true, 0.12);
  const rim = s.intersect(o.sub(o.abs(ring), o.mul(h.thick, 0.5)), o.sub(EAR_X - 0.012, cv.grid.AX));
  cv.draw('ear helix', s.cover(rim), o.mul(skinColor(cv, h), o.sub(0.92, o.mul(h.dark, 0.2))));

  const l = cv.p('ear lobule');
  const ly = o.add(EAR_Y, l.yOff);
  const lobe = s.ellipse(EAR_X + 0.004, ly, o.mul(l.size, 0.85), l.size, true);
  const lskin = skinColor(cv, l);
  cv.draw('ear lobule', s.cover(lobe), o.mul(lskin, o.add(0.97, o.mul(l.lightS, 0.04))));
  const ring2 = s.circle(EAR_X + 0.004, o.add(ly, o.mul(l.size, 0.6)), 0.011, true);
  const ea = o.mul(s.cover(ring2), o.ramp(l.earring, 0.72, 0.8));
  cv.draw('ear lobule', ea, cv.ramp(EARRING, l.earringHue));
}

export function head(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('head');
  const y = youth(cv, p.age);
  const rx = o.mul(p.width, o.add(1, o.mul(y, 0.07)));
  const ry = o.mul(p.height, o.sub(1, o.mul(y, 0.03)));
  const sd = s.ellipse(0, p.cy, rx, ry);
  cv.draw('head', s.cover(sd), lit(cv, p, skinColor(cv, p)));
}

export function jawAndChin(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const j = cv.p('jaw');
  const yj = youth(cv, j.age);
  const hw = o.mul(o.add(j.width, o.mul(j.gender, 0.02)), o.sub(1, o.mul(yj, 0.16)));
  // An ellipse blended towards a rounded box: squarer jaws for higher `square` and men.
  const bottom = o.sub(o.add(j.angleY, 0.2), o.mul(yj, 0.08));
  const round = s.ellipse(0, 0, hw, bottom);
  const top = -0.1;
  const box = s.box(0, o.mul(o.add(bottom, top), 0.5), hw, o.mul(o.sub(bottom, top), 0.5), 0.15);
  const k = o.mul(o.add(0.15, o.mul(j.square, 0.35), o.mul(j.gender, 0.15)), o.sub(1, yj));
  const jaw = o.lerp(round, box, k);
  cv.draw('jaw', s.cover(jaw), lit(cv, j, skinColor(cv, j)));

  const c = cv.p('chin');
  const yc = youth(cv, c.age);
  const cb = o.sub(c.bottom, o.mul(yc, 0.07));
  const crx = o.add(c.width, 0.06, o.mul(c.gender, 0.02), o.mul(yc, 0.03));
  const cry = o.add(0.13, o.mul(c.point, 0.04));
  const chin = s.ellipse(0, o.sub(cb, cry), crx, cry);
  cv.draw('chin', s.cover(chin), lit(cv, c, skinColor(cv, c)));
  // A soft highlight on the chin ball.
  const ball = s.ellipse(0, o.sub(cb, 0.05), o.mul(c.width, 0.45), 0.03);
  cv.draw('chin', o.mul(s.cover(ball, 0.02), 0.12), cv.rgb([1, 0.97, 0.93]));
}

export function cheeks(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('cheek');
  const y = youth(cv, p.age);
  const full = o.add(0.06, o.mul(p.fullness, 0.035), o.mul(y, 0.03));
  const side = s.ellipse(0.26, 0.13, full, o.add(0.11, o.mul(y, 0.02)), true);
  cv.draw('cheek', s.cover(side), lit(cv, p, skinColor(cv, p)));
}

export function blush(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('cheek');
  const y = youth(cv, p.age);
  const spot = s.ellipse(p.blushX, p.blushY, o.mul(p.blushR, 1.3), p.blushR, true);
  const a = o.mul(s.cover(spot, 0.035), o.add(0.12, o.mul(p.blush, 0.3), o.mul(y, 0.12)), o.sub(1, o.mul(p.tone, 0.5)));
  cv.draw('cheek', a, cv.mix(skinColor(cv, p), cv.rgb(LIP_ROSE), 0.7));
}

export function forehead(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('forehead');
  const y = youth(cv, p.age);
  const ry = o.add(o.sub(-0.26, p.top), o.mul(y, 0.03));
  const sd = s.ellipse(0, -0.26, p.width, ry);
  cv.draw('forehead', s.cover(sd), lit(cv, p, skinColor(cv, p)));
  const shine = s.ellipse(o.mul(p.lightX, 0.06), -0.36, o.add(0.06, o.mul(p.shine, 0.06)), 0.04);
  cv.draw('forehead', o.mul(s.cover(shine, 0.03), o.add(0.05, o.mul(p.shineAmt, 0.14))), cv.rgb([1, 0.98, 0.95]));
}

export function temples(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('temple');
  const spot = s.ellipse(0.34, -0.2, o.mul(p.size, 0.7), p.size, true);
  const a = o.mul(s.cover(spot, 0.03), o.add(0.1, o.mul(p.depth, 0.2), o.mul(old(cv, p.age), 0.1)));
  cv.draw('temple', a, o.mul(skinColor(cv, p), 0.8));
}

export function wrinkles(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('wrinkles');
  const k = o.mul(old(cv, p.age), o.add(0.5, o.mul(p.amount, 0.5)));
  const line = o.mul(skinColor(cv, p), 0.62);
  // Forehead lines.
  const f = (y: number, half: number) => s.stroke(0, y, half, -0.012, 0, 0.0055, { taper: 0.9 });
  const fa = o.mul(s.cover(s.union(f(-0.34, 0.12), f(-0.39, 0.14), f(-0.44, 0.1))), k, o.add(0.25, o.mul(p.forehead, 0.45)));
  cv.draw('wrinkles', fa, line);
  // Crow's feet.
  const cf = (dy: number, tilt: number) => s.stroke(0.305, -0.02 + dy, 0.025, 0, tilt, 0.005, { mirror: true, taper: 0.9 });
  const ca = o.mul(s.cover(s.union(cf(-0.015, -0.5), cf(0.005, 0), cf(0.025, 0.5))), k, o.add(0.2, o.mul(p.crows, 0.5)));
  cv.draw('wrinkles', ca, line);
  // Nasolabial folds (vertical strokes bending outwards).
  const n = s.stroke(0.25, 0.105, 0.075, 0.02, 0.25, 0.007, { mirror: true, vertical: true, taper: 0.9 });
  const na = o.mul(s.cover(n), o.add(o.mul(k, o.add(0.25, o.mul(p.naso, 0.5))), 0.0));
  cv.draw('wrinkles', na, line);
  // Young faces keep a faint smile fold so the region is never empty.
  cv.draw('wrinkles', o.mul(s.cover(n), 0.06, p.naso), line);
}

export function frown(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('frown');
  const skin = skinColor(cv, p);
  // A soft glabella shadow between the brows, and frown lines that deepen with age.
  const glabella = s.ellipse(0, -0.13, o.add(p.gap, 0.012), o.mul(p.len, 1.2));
  cv.draw('frown', o.mul(s.cover(glabella, 0.02), o.add(0.06, o.mul(p.depth, 0.1))), o.mul(skin, 0.82));
  const st = s.stroke(-0.12, p.gap, p.len, 0.004, 0, 0.01, { mirror: true, vertical: true, taper: 0.9 });
  const a = o.mul(s.cover(st), o.add(0.06, o.mul(o.ramp(p.age, 0.3, 0.8), 0.55)), o.add(0.25, o.mul(p.depth, 0.75)));
  cv.draw('frown', a, o.mul(skin, 0.66));
}

export { adult };
