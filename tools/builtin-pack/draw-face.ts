/**
 * Background, neck, ears and the face surface (head, jaw, chin, cheeks, forehead, marks).
 * Every layer is opaque inside its shape (anti-aliased edge only); shading and marks are
 * colour fields that fade to the lit skin at their edge, so nothing is see-through.
 */
import { Canvas } from './canvas.js';
import { V } from './expr.js';
import { BACKGROUND, EARRING, LIP_ROSE, SHIRT } from './palettes.js';
import { adult, baby, gate, old, skinLit, skinMark, skinShade, youth } from './look.js';

export const EAR_X = 0.405;
export const EAR_Y = 0.02;

export function background(cv: Canvas): void {
  const o = cv.o;
  const p = cv.p('background');
  const { X, Y } = cv.grid;
  // Backdrops are not inherited either: the hue wraps 3 times, so the small differences
  // between a father's and his children's background genes show as different backdrops.
  const hue = cv.ramp(BACKGROUND, frac(cv, o.mul(p.hue, 3)));
  const col = o.mul(cv.mix(cv.rgb([0.85, 0.85, 0.86]), hue, p.sat), p.value, p.grade);
  const r2 = o.add(o.sq(X), o.sq(o.add(Y, 0.15)));
  const glow = cv.g.node('Exp', [o.neg(o.div(r2, o.sq(p.glow)))]);
  // pattern: from a flat backdrop to a diagonal two-tone split.
  const split = o.mul(o.ramp(p.pattern, 0.55, 0.75), o.sigmoid(o.mul(o.add(X, o.mul(Y, 0.6), -0.3), 6)), -0.12);
  const shade = o.add(0.93, o.mul(glow, 0.1), o.mul(p.tilt, X, 0.04), split);
  cv.draw('background', o.add(o.mul(X, 0), 1), o.mul(col, shade));
}

/** x − floor(x). */
function frac(cv: Canvas, x: V): V {
  return cv.o.sub(x, cv.g.node('Floor', [x]));
}

export function neck(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('neck');
  const y = youth(cv, p.age);
  const { X, Y } = cv.grid;
  const hw = o.mul(o.add(p.width, o.mul(p.gender, 0.018)), o.sub(1, o.mul(y, 0.25)));
  const neckSd = s.box(0, 0.62, hw, 0.36, 0.02);
  // Shadow under the chin, lighter further down.
  cv.solid('neck', neckSd, skinShade(cv, 0.8, o.sub(1, o.ramp(Y, 0.36, 0.6))));
  const sw = o.mul(o.add(p.shoulder, o.mul(p.gender, 0.07)), o.sub(1, o.mul(y, 0.3)));
  const sy = o.sub(1.1, o.mul(y, 0.06));
  const shirt = s.ellipse(0, sy, sw, 0.42);
  // Neckline: a round crew or a V, within the neck's width so only neck skin shows through.
  const vee = o.ramp(p.shirtStyle, 0.55, 0.65);
  const cutY = o.sub(0.69, o.mul(y, 0.06));
  const round = s.ellipse(0, cutY, o.mul(hw, o.add(0.8, o.mul(p.collar, 0.15))), o.add(0.05, o.mul(p.collar, 0.07)));
  const vSd = o.max(o.sub(o.add(o.mul(o.abs(X), 1.6), cutY, -0.1), Y), o.sub(o.abs(X), o.mul(hw, 0.9)));
  const cut = o.lerp(round, s.intersect(vSd, o.sub(Y, o.add(cutY, 0.14))), vee);
  // Clothes are not inherited: the hue wraps round the palette 4 times over the gene's
  // range, so siblings with slightly different genes wear different colours.
  const col = o.mul(cv.ramp(SHIRT, frac(cv, o.mul(p.shirtHue, 4))), o.add(0.35, o.mul(frac(cv, o.mul(p.shirtLight, 3)), 0.65)));
  const stripes = o.mul(o.ramp(p.stripe, 0.7, 0.72), o.ramp(o.sin(o.mul(Y, 70)), 0.2, 0.4), -0.22);
  const folds = o.add(0.92, o.mul(o.ramp(Y, 0.72, 1.0), 0.08), stripes);
  cv.solid('neck', s.subtract(shirt, cut), o.mul(col, folds));
}

export function ears(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('ear');
  const p = cv.p('ear');
  // x: the ear follows the face's width (geometry code faceWidth, tools/builtin-pack/geometry.ts).
  const cx = o.add(EAR_X - 0.02, p.stick, p.x);
  const cy = o.add(EAR_Y, p.yOff);
  const ear = s.ellipse(cx, cy, o.mul(p.size, 0.55), p.size, true, 0.12);
  cv.solid('ear', ear, skinLit(cv));
  const inner = s.ellipse(o.add(cx, 0.004), cy, o.mul(p.size, 0.3), o.mul(p.size, 0.62), true, 0.12);
  cv.solid('ear', inner, skinShade(cv, 0.7, o.mul(cv.inner(inner, 0.012), o.add(0.35, o.mul(p.inner, 0.4)))));

  const hs = cv.fs('ear helix');
  const h = cv.p('ear helix');
  const hsz = o.mul(h.size, 0.085);
  const hx = o.add(EAR_X, h.x);
  const ring = hs.ellipse(hx, EAR_Y - 0.005, o.mul(hsz, 0.5), hsz, true, 0.12);
  const rim = hs.intersect(o.sub(o.abs(ring), o.mul(h.thick, 0.5)), o.sub(o.sub(hx, 0.012), hs.grid.AX));
  cv.line('ear helix', rim, skinShade(cv, 0.82, o.add(0.3, o.mul(h.dark, 0.7))));

  const ls = cv.fs('ear lobule');
  const l = cv.p('ear lobule');
  const ly = o.add(EAR_Y, l.yOff);
  const lx = o.add(EAR_X + 0.004, l.x);
  const lobe = ls.ellipse(lx, ly, o.mul(l.size, 0.85), l.size, true);
  cv.solid('ear lobule', lobe, skinLit(cv));
  const on = o.mul(o.ramp(l.earring, 0.8, 0.82), adult(cv, l.age));
  const stud = ls.circle(lx, o.add(ly, o.mul(l.size, 0.6)), o.add(0.008, o.mul(l.earringSize, 0.008)), true);
  cv.solid('ear lobule', gate(cv, stud, on), cv.ramp(EARRING, l.earringHue));
}

export function head(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('head');
  const y = youth(cv, p.age);
  // A baby's cranium is large and round.
  const rx = o.mul(p.width, o.add(1, o.mul(y, 0.06)));
  const ry = o.mul(p.height, o.add(1, o.mul(y, 0.02)));
  cv.solid('head', s.ellipse(0, o.sub(p.cy, o.mul(y, 0.02)), rx, ry), skinLit(cv));
}

export function jawAndChin(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('jaw');
  const j = cv.p('jaw');
  const yj = youth(cv, j.age);
  const hw = o.add(j.width, o.mul(j.gender, 0.02), o.mul(yj, 0.03));
  // An ellipse blended towards a rounded box: squarer jaws for higher `square` and men.
  const bottom = o.add(j.angleY, 0.2);
  const round = s.ellipse(0, 0, hw, bottom);
  const top = -0.1;
  const box = s.box(0, o.mul(o.add(bottom, top), 0.5), hw, o.mul(o.sub(bottom, top), 0.5), 0.15);
  const k = o.mul(o.add(0.1, o.mul(j.square, 0.4), o.mul(j.gender, 0.2)), o.sub(1, yj));
  const jaw = o.lerp(round, box, k);
  // Jowls: a soft shade along the lower jaw with age.
  const jowl = o.mul(old(cv, j.age), o.add(0.3, o.mul(j.jowl, 0.7)), cv.o.ramp(s.grid.Y, 0.25, 0.42), o.ramp(s.grid.AX, 0.12, 0.26));
  cv.solid('jaw', jaw, skinShade(cv, 0.86, jowl));

  const cs = cv.fs('chin');
  const c = cv.p('chin');
  const yc = youth(cv, c.age);
  const crx = o.add(c.width, 0.06, o.mul(c.gender, 0.02), o.mul(yc, 0.03));
  const cry = o.add(0.13, o.mul(c.point, 0.04));
  const chin = cs.ellipse(0, o.sub(c.bottom, cry), crx, cry);
  // A soft highlight on the chin ball; a cleft for some.
  const ball = cs.ellipse(0, o.sub(c.bottom, 0.05), o.mul(c.width, 0.45), 0.035);
  const hl = o.mul(cv.inner(ball, 0.03), o.add(0.06, o.mul(c.hl, 0.1)));
  const cleft = cs.stroke(o.sub(c.bottom, 0.06), 0, 0.025, 0, 0, 0.006, { vertical: true, taper: 0.9 });
  const cleftAmt = o.mul(cv.inner(cleft, 0.004), o.ramp(c.cleft, 0.75, 0.85), 0.5, adult(cv, c.age));
  cv.solid('chin', chin, skinShade(cv, 0.7, cleftAmt));
  cv.solid('chin', ball, skinMark(cv, cv.rgb([1, 0.97, 0.93]), hl));
}

export function cheeks(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('cheek');
  const p = cv.p('cheek');
  const y = youth(cv, p.age);
  const full = o.add(0.06, o.mul(p.fullness, 0.035), o.mul(y, 0.035));
  const side = s.ellipse(p.x, 0.13, full, o.add(0.11, o.mul(y, 0.025)), true);
  cv.solid('cheek', side, skinLit(cv));
  // Blush: an opaque patch whose colour fades to the skin at its edge.
  const spot = s.ellipse(p.blushX, p.blushY, o.mul(p.blushR, 1.3), p.blushR, true);
  const amt = o.mul(cv.inner(spot, 0.05), o.add(0.08, o.mul(p.blush, 0.22), o.mul(y, 0.14), o.mul(p.glow, 0.06)));
  cv.solid('cheek', spot, skinMark(cv, cv.rgb(LIP_ROSE), amt));
  // Cheekbone: a faint highlight high on the cheek.
  const bone = s.ellipse(0.25, 0.04, 0.06, 0.022, true);
  cv.solid('cheek', bone, skinMark(cv, cv.rgb([1, 0.97, 0.93]), o.mul(cv.inner(bone, 0.02), o.add(0.03, o.mul(p.bone, 0.12)))));
}

export function forehead(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('forehead');
  const y = youth(cv, p.age);
  const ry = o.add(o.sub(-0.26, p.top), o.mul(y, 0.03));
  const sd = s.ellipse(0, -0.26, o.add(p.width, o.mul(p.slope, 0.02)), ry);
  const shine = s.ellipse(-0.03, -0.36, o.add(0.06, o.mul(p.shine, 0.06)), 0.045);
  const amt = o.mul(cv.inner(shine, 0.04), o.add(0.05, o.mul(p.shineAmt, 0.12)));
  cv.solid('forehead', sd, skinMark(cv, cv.rgb([1, 0.98, 0.95]), amt));
}

export function temples(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('temple');
  const spot = s.ellipse(0.3, -0.2, o.mul(p.size, 0.6), p.size, true);
  const amt = o.mul(cv.inner(spot, 0.04), o.add(0.15, o.mul(p.depth, 0.3), o.mul(old(cv, p.age), 0.4)));
  cv.solid('temple', spot, skinShade(cv, 0.88, amt));
}

export function wrinkles(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('wrinkles');
  const k = o.mul(old(cv, p.age), o.add(0.5, o.mul(p.amount, 0.5)));
  // Lines appear with age (the shape grows in; nothing is drawn on young faces).
  const on = o.ramp(k, 0.02, 0.04);
  const line = skinShade(cv, 0.62, o.add(0.5, o.mul(k, 0.5)));
  const f = (y: number, half: number) => s.stroke(0, y, half, -0.012, 0, 0.006, { taper: 0.9 });
  const fon = o.mul(on, o.ramp(p.forehead, 0.15, 0.3));
  cv.solid('wrinkles', gate(cv, s.union(f(-0.34, 0.12), f(-0.39, 0.14), f(-0.44, 0.1)), fon), line);
  const cf = (dy: number, tilt: number) => s.stroke(0.3, -0.02 + dy, 0.022, 0, tilt, 0.0055, { mirror: true, taper: 0.9 });
  const con = o.mul(on, o.ramp(p.crows, 0.1, 0.25));
  cv.solid('wrinkles', gate(cv, s.union(cf(-0.015, -0.5), cf(0.005, 0), cf(0.025, 0.5)), con), line);
  const n = s.stroke(0.25, 0.105, 0.075, 0.02, 0.25, 0.007, { mirror: true, vertical: true, taper: 0.9 });
  cv.solid('wrinkles', gate(cv, n, o.mul(on, o.ramp(p.naso, 0.05, 0.2))), line);
}

export function frown(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('frown');
  // A soft glabella shadow between the brows, and frown lines that come with age.
  const glabella = s.ellipse(0, -0.13, o.add(p.gap, 0.012), o.mul(p.len, 1.2));
  cv.solid('frown', glabella, skinShade(cv, 0.92, o.mul(cv.inner(glabella, 0.03), o.add(0.2, o.mul(p.depth, 0.5)))));
  const st = s.stroke(-0.12, p.gap, p.len, 0.004, 0, 0.008, { mirror: true, vertical: true, taper: 0.9 });
  const on = o.mul(o.ramp(p.age, 0.45, 0.6), o.ramp(p.depth, 0.3, 0.45));
  cv.solid('frown', gate(cv, st, on), skinShade(cv, 0.7, 1));
}

export { adult, baby };
