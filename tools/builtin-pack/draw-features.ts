/**
 * Eyes, brows, nose, mouth and glasses, each part from its own region's genes at fixed
 * anchors on that region's face grid (which scales with the region's age). Opaque layers
 * only; shading is a colour field that fades to the lit skin at the shape's edge.
 */
import { Canvas } from './canvas.js';
import { V } from './expr.js';
import { FRAMES, IRIS, LIP_ROSE } from './palettes.js';
import { adult, baby, gate, hairColor, old, skinColor, skinLit, skinMark, skinShade, youth } from './look.js';
import { Shapes } from './shapes.js';

export const EYE_X = 0.175;
export const EYE_Y = -0.02;
export const NOSE_Y = 0.17;
export const MOUTH_Y = 0.318;

/** Local coordinates of a mirrored pair that share one direction (gaze, catchlight). */
function pairLocal(cv: Canvas, s: Shapes, cx: number, cy: number, sx: V | number, sy: V | number): [V, V] {
  const o = cv.o;
  const { AX, SX, Y } = s.grid;
  return [o.sub(o.mul(o.sub(AX, cx), SX), sx), o.sub(Y, o.add(cy, sy))];
}

export function eyes(cv: Canvas): void {
  const o = cv.o;

  const scS = cv.fs('eye sclera');
  const sc = cv.p('eye sclera');
  const ys = youth(cv, sc.age);
  const sclera = scS.ellipse(EYE_X, EYE_Y, o.mul(sc.width, o.add(1, o.mul(ys, 0.35))), o.mul(sc.height, o.add(1, o.mul(ys, 0.8))), true, sc.tilt);
  const white = o.mul(cv.mix(cv.rgb([0.99, 0.99, 1]), cv.rgb([1, 0.95, 0.88]), sc.warm), sc.white);
  cv.solid('eye sclera', sclera, white);

  const irS = cv.fs('eye iris');
  const ir = cv.p('eye iris');
  const r = o.mul(ir.r, o.add(1, o.mul(youth(cv, ir.age), 0.55)));
  const [ix, iy] = pairLocal(cv, irS, EYE_X, EYE_Y, ir.gazeX, ir.gazeY);
  const d2 = o.add(o.sq(ix), o.sq(iy));
  const irisSd = o.sub(o.sqrt(d2), r);
  const base = o.mul(cv.ramp(IRIS, ir.hue), ir.light);
  const radial = o.sub(1.12, o.mul(o.div(d2, o.sq(r)), 0.42));
  // Limbal ring: darker toward the iris edge.
  const limbal = o.sub(1, o.mul(o.ramp(o.div(o.sqrt(d2), r), 0.78, 0.95), o.add(0.25, o.mul(ir.ring, 0.35))));
  cv.solid('eye iris', irisSd, o.mul(base, radial, limbal));

  const puS = cv.fs('eye pupil');
  const pu = cv.p('eye pupil');
  const pr = o.mul(pu.r, 0.042, o.add(1, o.mul(youth(cv, pu.age), 0.4)));
  cv.solid('eye pupil', puS.circle(EYE_X, EYE_Y, pr, true), cv.rgb([0.04, 0.035, 0.035]));
  const [hx, hy] = pairLocal(cv, puS, EYE_X, EYE_Y, -0.012, -0.012);
  const hl = o.sub(o.sqrt(o.add(o.sq(hx), o.sq(hy))), o.add(0.006, o.mul(pu.hl, 0.005)));
  cv.solid('eye pupil', hl, o.mul(cv.rgb([1, 1, 1]), pu.hlStrength));

  const tdS = cv.fs('eye tear duct');
  const td = cv.p('eye tear duct');
  // half: the eye's half width (geometry code eyeSize), so the duct sits in the inner corner.
  const duct = tdS.ellipse(o.add(EYE_X + 0.009, o.neg(td.half), o.mul(td.x, 0.008)), EYE_Y + 0.004, o.mul(td.size, 1.3), o.mul(td.size, 0.9), true);
  cv.solid('eye tear duct', duct, cv.mix(skinColor(cv), cv.rgb([0.9, 0.5, 0.52]), o.add(0.35, o.mul(td.pink, 0.45))));

  // Lower lid: skin below its curve, a lid line, and bags with age.
  const blS = cv.fs('eye bottom lid');
  const bl = cv.p('eye bottom lid');
  const yb = youth(cv, bl.age);
  const curve = o.mul(bl.curve, o.add(1, o.mul(yb, 0.6)));
  const t = o.div(o.sub(blS.grid.AX, EYE_X), bl.half);
  const yBot = o.add(EYE_Y, o.mul(curve, o.sub(1, o.sq(t))));
  const near = blS.ellipse(EYE_X, EYE_Y + 0.055, 0.13, 0.07, true);
  cv.solid('eye bottom lid', blS.intersect(o.sub(yBot, blS.grid.Y), near), skinLit(cv));
  const bline = blS.stroke(EYE_X, EYE_Y, o.mul(bl.half, 0.85), curve, 0, bl.thick, { mirror: true, taper: 0.9 });
  cv.line('eye bottom lid', bline, skinShade(cv, 0.55, o.add(0.3, o.mul(bl.dark, 0.5))));
  const bags = blS.stroke(EYE_X + 0.005, EYE_Y + 0.024, 0.055, o.add(curve, 0.012), 0, 0.005, { mirror: true, taper: 0.9 });
  cv.solid('eye bottom lid', gate(cv, bags, o.mul(old(cv, bl.age), o.ramp(bl.bags, 0.2, 0.4))), skinShade(cv, 0.72, 1));

  // Upper lid: skin above its curve (hides the top of the eye), shadow, crease, lid line.
  const tlS = cv.fs('eye top lid');
  const tl = cv.p('eye top lid');
  const yt = youth(cv, tl.age);
  const open = o.mul(tl.open, o.add(1, o.mul(yt, 0.9)), o.sub(1, o.mul(old(cv, tl.age), o.mul(tl.hood, 0.3))));
  const tilt = o.mul(tl.tilt, 0.3);
  const tt = o.div(o.sub(tlS.grid.AX, EYE_X), tl.half);
  const dx = o.sub(tlS.grid.AX, EYE_X);
  const yTop = o.add(EYE_Y, o.mul(open, o.sub(o.sq(tt), 1)), o.mul(tilt, dx));
  const nearT = tlS.ellipse(EYE_X, EYE_Y - 0.05, 0.13, 0.08, true);
  const lid = tlS.intersect(o.sub(tlS.grid.Y, yTop), nearT);
  const shadowBand = tlS.stroke(EYE_X, o.sub(EYE_Y - 0.008, tl.crease), o.mul(tl.half, 0.8), o.neg(open), tilt, o.add(tl.crease, 0.008), { mirror: true, taper: 0.8 });
  const shadowAmt = o.mul(cv.inner(o.max(shadowBand, o.neg(lid)), 0.012), o.add(0.15, o.mul(tl.shadow, 0.35)));
  cv.solid('eye top lid', lid, skinShade(cv, 0.82, shadowAmt));
  const crease = tlS.stroke(EYE_X, o.sub(EYE_Y, tl.crease), o.mul(tl.half, 0.8), o.mul(open, -1.1), tilt, 0.004, { mirror: true, taper: 0.9 });
  cv.solid('eye top lid', gate(cv, crease, o.sub(1, o.mul(yt, 0.8))), skinShade(cv, 0.72, 1));
  const lidLine = tlS.stroke(EYE_X, EYE_Y, tl.half, o.neg(open), tilt, tl.thick, { mirror: true, taper: 0.85, skew: 0.45 });
  cv.line('eye top lid', lidLine, cv.rgb([0.11, 0.08, 0.07]));

  // Lashes: a thicker outer lash line and a flick at the outer corner, longer for women.
  const laS = cv.fs('eyelashes');
  const la = cv.p('eyelashes');
  const fem = o.mul(o.sub(1, la.gender), adult(cv, la.age));
  // The lash line ends at the eye's outer corner (half: geometry code eyeSize).
  const band = laS.stroke(o.add(EYE_X - 0.05, la.half), EYE_Y - 0.026, 0.05, 0.004, 0.12, o.add(0.003, o.mul(la.thick, 0.003), o.mul(fem, 0.003)), { mirror: true, taper: 0.6, skew: 0.8 });
  const flickLen = o.add(0.006, o.mul(la.length, 0.01), o.mul(fem, 0.01));
  const flick = laS.stroke(o.add(EYE_X - 0.002, la.half, o.mul(flickLen, 0.6)), EYE_Y - 0.008, flickLen, 0, o.sub(-0.45, o.mul(la.flick, 0.5)), o.add(0.003, o.mul(la.thick, 0.003), o.mul(fem, 0.002)), { mirror: true, taper: 0.5, skew: -0.6 });
  cv.line('eyelashes', laS.union(band, flick), cv.rgb([0.07, 0.05, 0.05]));
}

export function brows(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('eyebrow');
  const b = cv.p('eyebrow');
  const y = youth(cv, b.age);
  const thick = o.mul(b.thick, o.add(1, o.mul(b.gender, 0.45), o.mul(old(cv, b.age), b.gender, 0.2)), o.sub(1, o.mul(y, 0.3)));
  const brow = s.stroke(o.add(0.178, b.gap), b.y, b.length, o.mul(b.arch, -0.024), o.mul(b.tilt, 0.3), thick, { mirror: true, taper: 0.75, skew: -0.35 });
  const grey = o.mul(o.ramp(b.age, 0.55, 0.95), o.add(0.2, o.mul(b.grey, 0.5)));
  // Babies' brows are faint: their colour moves toward the skin (the shape stays opaque).
  const col = cv.mix(o.mul(hairColor(cv, b.light, b.red, grey), 0.85), skinLit(cv), o.mul(baby(cv, b.age), 0.55));
  cv.line('eyebrow', brow, col);
}

export function nose(cv: Canvas): void {
  const o = cv.o;
  const ns0 = cv.fs('nose');
  const n = cv.p('nose');
  const yn = youth(cv, n.age);
  const size = o.mul(n.size, o.sub(1, o.mul(yn, 0.35)));
  // y: the nose's length (geometry code noseLength) moves every part of it together.
  const ny = o.add(NOSE_Y, n.y);
  const under = ns0.ellipse(0, o.add(ny, 0.03), o.mul(size, o.add(0.05, o.mul(n.width, 0.02))), 0.016);
  cv.solid('nose', under, skinShade(cv, 0.7, o.mul(cv.inner(under, 0.012), o.add(0.25, o.mul(n.shade, 0.3)))));
  // The side shade starts under the brows whatever the length: only its lower end follows y.
  const side = ns0.ellipse(-0.03, o.add(NOSE_Y - 0.07, o.mul(n.y, 0.5)), 0.018, o.add(o.mul(size, 0.085), o.mul(n.y, 0.5)));
  cv.solid('nose', side, skinShade(cv, 0.8, o.mul(cv.inner(side, 0.016), o.add(0.2, o.mul(n.shade, 0.3)))));

  const brS = cv.fs('nose bridge');
  const br = cv.p('nose bridge');
  const yb = youth(cv, br.age);
  // Its top stays between the eyes; y (the nose's length) moves its lower end.
  const half = o.add(o.mul(o.add(0.05, o.mul(br.len, 0.03)), o.sub(1, o.mul(yb, 0.35))), o.mul(br.y, 0.5));
  const bridge = brS.stroke(o.sub(o.add(NOSE_Y - 0.02, br.y), half), 0.026, half, o.mul(br.curve, 0.008), 0, br.width, { vertical: true, taper: 0.8 });
  cv.solid('nose bridge', bridge, skinShade(cv, 0.78, o.mul(cv.inner(bridge, 0.008), o.sub(0.8, o.mul(yb, 0.4)))));

  const alS = cv.fs('nose ala');
  const al = cv.p('nose ala');
  const ya = youth(cv, al.age);
  const ax = o.mul(al.width, o.sub(1, o.mul(ya, 0.25)));
  const asz = o.mul(al.size, o.sub(1, o.mul(ya, 0.2)));
  const ala = alS.ellipse(ax, o.add(NOSE_Y + 0.006, al.y), o.mul(asz, 1.15), o.mul(asz, 0.9), true);
  cv.solid('nose ala', ala, skinShade(cv, 0.96, 1));
  const outer = alS.intersect(o.sub(o.abs(ala), 0.0032), o.sub(o.add(ax, o.mul(asz, o.sub(o.mul(al.curve, 0.4), 0.3))), alS.grid.AX));
  cv.solid('nose ala', outer, skinShade(cv, 0.62, 1));

  const tpS = cv.fs('nose tip');
  const tp = cv.p('nose tip');
  const yt = youth(cv, tp.age);
  const tr = o.mul(tp.r, o.sub(1, o.mul(yt, 0.3)));
  const tipY = o.sub(tp.y, o.mul(yt, 0.01));
  const tip = tpS.ellipse(0, tipY, o.mul(tr, o.add(1, o.mul(tp.round, 0.3))), tr);
  const spark = tpS.ellipse(0.008, o.sub(tipY, o.mul(tr, 0.45)), o.mul(tr, 0.45), o.mul(tr, 0.3));
  cv.solid('nose tip', tip, skinMark(cv, cv.rgb([1, 0.98, 0.96]), o.mul(cv.inner(spark, 0.008), o.add(0.15, o.mul(tp.hl, 0.3)))));

  const nsS = cv.fs('nostril');
  const ns = cv.p('nostril');
  const yo = youth(cv, ns.age);
  const nsz = o.mul(ns.size, o.sub(1, o.mul(yo, 0.25)));
  const nostril = nsS.ellipse(o.mul(ns.gap, o.sub(1, o.mul(yo, 0.2))), o.add(NOSE_Y + 0.022, ns.y), o.mul(nsz, o.add(1, o.mul(ns.flare, 0.5))), o.mul(nsz, 0.62), true, 0.35);
  cv.solid('nostril', nostril, skinShade(cv, 0.4, 1));
}

function lipColor(cv: Canvas, rose: V, gender: V): V {
  const o = cv.o;
  const skin = skinColor(cv);
  // Rose scaled by the skin's lightness: on deeper skin, lips a deeper shade.
  const lum = o.reduceMean(skin, [1], true);
  const rosy = o.mul(cv.rgb(LIP_ROSE), o.add(0.45, o.mul(lum, 0.6)));
  return cv.mix(o.mul(skin, 0.8), rosy, o.mul(o.add(0.15, o.mul(rose, 0.35)), o.sub(1.15, o.mul(gender, 0.3))));
}

export function mouth(cv: Canvas): void {
  const o = cv.o;

  const phS = cv.fs('philtrum');
  const ph = cv.p('philtrum');
  const dip = phS.box(0, 0.262, ph.width, 0.03, 0.012);
  cv.solid('philtrum', dip, skinShade(cv, 0.86, o.mul(cv.inner(dip, 0.012), o.add(0.4, o.mul(ph.depth, 0.6)))));
  const groove = phS.stroke(0.26, ph.width, 0.03, 0.002, 0, 0.006, { mirror: true, vertical: true, taper: 0.6 });
  cv.solid('philtrum', groove, skinShade(cv, 0.8, o.mul(cv.inner(groove, 0.004), o.add(0.3, o.mul(ph.depth, 0.5)))));

  const teS = cv.fs('teeth');
  const te = cv.p('teeth');
  const yt = youth(cv, te.age);
  const iw = o.mul(te.width, 1.3, o.sub(1, o.mul(yt, 0.2)));
  const inside = teS.ellipse(0, MOUTH_Y + 0.002, iw, o.add(0.006, o.mul(te.open, 0.02)));
  cv.line('teeth', inside, cv.rgb([0.32, 0.1, 0.12]));
  // Babies show no teeth.
  const teeth = teS.intersect(teS.ellipse(0, MOUTH_Y - 0.006, o.mul(iw, 0.8), 0.011), inside);
  cv.line('teeth', gate(cv, teeth, o.sub(1, baby(cv, te.age))), o.mul(cv.rgb([0.98, 0.96, 0.9]), te.white));

  const liS = cv.fs('lip inferior');
  const li = cv.p('lip inferior');
  const yi = youth(cv, li.age);
  const ti = o.mul(li.thick, o.sub(1, o.mul(yi, 0.2)), o.sub(1, o.mul(old(cv, li.age), 0.25)), o.sub(1.08, o.mul(li.gender, 0.16)));
  const lw = o.mul(li.width, o.sub(1, o.mul(yi, 0.3)));
  const lcy = o.add(MOUTH_Y + 0.004, o.mul(ti, 0.5), li.y);
  const lower = liS.ellipse(0, lcy, lw, o.mul(ti, 0.5));
  const shine = liS.ellipse(0.01, o.sub(lcy, o.mul(ti, 0.1)), o.mul(lw, 0.35), o.mul(ti, 0.18));
  const lcol = o.mul(lipColor(cv, li.rose, li.gender), 1.04);
  cv.line('lip inferior', lower, cv.mix(lcol, cv.rgb([1, 0.95, 0.95]), o.mul(cv.inner(shine, 0.006), o.add(0.1, o.mul(li.shine, 0.25)))));

  const lsS = cv.fs('lip superior');
  const ls = cv.p('lip superior');
  const ys = youth(cv, ls.age);
  const tu = o.mul(ls.thick, o.sub(1, o.mul(ys, 0.2)), o.sub(1, o.mul(old(cv, ls.age), 0.3)), o.sub(1.08, o.mul(ls.gender, 0.16)));
  const uw = o.mul(ls.width, o.sub(1, o.mul(ys, 0.3)));
  const ucy = o.add(MOUTH_Y - 0.001, o.mul(tu, -0.5), ls.y);
  const upper = lsS.ellipse(0, ucy, uw, o.mul(tu, 0.5));
  const notch = lsS.circle(0, o.sub(ucy, o.mul(tu, 0.62)), o.add(0.003, o.mul(ls.bow, 0.006)));
  cv.line('lip superior', lsS.subtract(upper, notch), o.mul(lipColor(cv, ls.rose, ls.gender), 0.9));

  const ocS = cv.fs('oral commissure');
  const oc = cv.p('oral commissure');
  const cy = o.sub(MOUTH_Y + 0.002, o.mul(oc.smile, 0.005));
  // x: the mouth's corners follow its width (geometry code mouthWidth).
  const pocket = ocS.ellipse(oc.x, cy, oc.size, o.mul(oc.size, 0.6), true);
  cv.solid('oral commissure', pocket, skinShade(cv, 0.75, o.mul(cv.inner(pocket, 0.008), 0.6)));
  const corner = ocS.stroke(o.sub(oc.x, 0.006), o.sub(MOUTH_Y + 0.002, o.mul(oc.smile, 0.004)), oc.size, 0, o.mul(oc.smile, -0.5), 0.0045, { mirror: true, taper: 0.8 });
  cv.solid('oral commissure', corner, skinShade(cv, 0.55, 1));
  const dimple = ocS.stroke(o.add(oc.x, 0.02), MOUTH_Y - 0.004, 0.012, 0, -1.2, 0.0045, { mirror: true, taper: 0.9 });
  cv.solid('oral commissure', gate(cv, dimple, o.ramp(oc.dimple, 0.6, 0.75)), skinShade(cv, 0.72, 1));
}

/** Glasses: an inherited trait of the nose-bridge region (frames only, no tinted lenses). */
export function glasses(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('nose bridge');
  const p = cv.p('nose bridge');
  const on = o.mul(o.ramp(p.glasses, 0.78, 0.8), o.ramp(p.age, 0.1, 0.14));
  const sz = p.frameSize;
  const round = s.ellipse(EYE_X, EYE_Y + 0.005, o.mul(sz, 1.25), sz, true);
  const box = s.box(EYE_X, EYE_Y + 0.005, o.mul(sz, 1.3), o.mul(sz, 0.85), 0.02, true);
  const lens = o.lerp(round, box, o.ramp(p.frameShape, 0.4, 0.6));
  const th = o.add(0.008, o.mul(p.frameShape, 0.006));
  const rim = o.sub(o.abs(lens), th);
  const bridge = s.stroke(0, EYE_Y - 0.01, 0.06, -0.008, 0, o.mul(th, 1.6), { taper: 0 });
  const arms = s.box(0.37, EYE_Y - 0.01, 0.05, th, 0.002, true);
  cv.line('nose bridge', gate(cv, s.union(rim, bridge, arms), on), cv.ramp(FRAMES, p.frameHue));
}

export { adult, hairColor };
