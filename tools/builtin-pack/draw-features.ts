/** Eyes, brows, nose and mouth, each part from its own region's genes at fixed anchors. */
import { Canvas } from './canvas.js';
import { V } from './expr.js';
import { IRIS, LIP_ROSE, SKIN as SKIN_FOR_LIPS } from './palettes.js';
import { adult, hairColor, lit, old, skinColor, youth } from './look.js';

export const EYE_X = 0.175;
export const EYE_Y = -0.02;
const LID_HALF = 0.095;
export const NOSE_Y = 0.17;
export const MOUTH_Y = 0.318;

/** Local coordinates of a mirrored pair that share one direction (gaze, catchlight). */
function pairLocal(cv: Canvas, cx: number, cy: number, sx: V | number, sy: V | number): [V, V] {
  const o = cv.o;
  const { AX, SX, Y } = cv.grid;
  return [o.sub(o.mul(o.sub(AX, cx), SX), sx), o.sub(Y, o.add(cy, sy))];
}

export function eyes(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const { AX, Y } = cv.grid;

  const sc = cv.p('eye sclera');
  const ys = youth(cv, sc.age);
  const sclera = s.ellipse(EYE_X, EYE_Y, o.mul(sc.width, o.add(1, o.mul(ys, 0.15))), o.mul(sc.height, o.add(1, o.mul(ys, 0.3))), true, sc.tilt);
  const white = o.mul(cv.mix(cv.rgb([0.99, 0.99, 1]), cv.rgb([1, 0.95, 0.88]), sc.warm), sc.white);
  cv.draw('eye sclera', s.cover(sclera), white);

  const ir = cv.p('eye iris');
  const r = o.mul(ir.r, o.add(1, o.mul(youth(cv, ir.age), 0.22)));
  const [ix, iy] = pairLocal(cv, EYE_X, EYE_Y, ir.gazeX, ir.gazeY);
  const d2 = o.add(o.sq(ix), o.sq(iy));
  const irisSd = o.sub(o.sqrt(d2), r);
  const base = o.mul(cv.ramp(IRIS, ir.hue), ir.light);
  const radial = o.sub(1.12, o.mul(o.div(d2, o.sq(r)), 0.42));
  cv.draw('eye iris', s.cover(irisSd), o.mul(base, radial));
  const limbal = o.sub(o.abs(o.add(irisSd, 0.003)), 0.003);
  cv.draw('eye iris', o.mul(s.cover(limbal), o.add(0.25, o.mul(ir.ring, 0.5))), o.mul(base, 0.45));

  const pu = cv.p('eye pupil');
  const pr = o.mul(pu.r, 0.042, o.add(1, o.mul(youth(cv, pu.age), 0.2)));
  cv.draw('eye pupil', s.cover(s.circle(EYE_X, EYE_Y, pr, true)), cv.rgb([0.04, 0.035, 0.035]));
  const [hx, hy] = pairLocal(cv, EYE_X, EYE_Y, -0.013, -0.013);
  const hl = o.sub(o.sqrt(o.add(o.sq(hx), o.sq(hy))), o.add(0.006, o.mul(pu.hl, 0.006)));
  cv.draw('eye pupil', o.mul(s.cover(hl), pu.hlStrength), cv.rgb([1, 1, 1]));

  const td = cv.p('eye tear duct');
  const duct = s.ellipse(o.add(EYE_X - 0.086, o.mul(td.x, 0.008)), EYE_Y + 0.004, o.mul(td.size, 1.3), o.mul(td.size, 0.9), true);
  const pink = cv.mix(skinColor(cv, td), cv.rgb([0.9, 0.5, 0.52]), o.add(0.35, o.mul(td.pink, 0.45)));
  cv.draw('eye tear duct', s.cover(duct), pink);

  // Lower lid: skin below its curve, a faint line, and age bags.
  const bl = cv.p('eye bottom lid');
  const yb = youth(cv, bl.age);
  const curve = o.mul(bl.curve, o.add(1, o.mul(yb, 0.3)));
  const t = o.div(o.sub(AX, EYE_X), LID_HALF);
  const yBot = o.add(EYE_Y, o.mul(curve, o.sub(1, o.sq(t))));
  const near = s.ellipse(EYE_X, EYE_Y + 0.055, 0.13, 0.07, true);
  const blSkin = lit(cv, bl, skinColor(cv, bl));
  cv.draw('eye bottom lid', s.cover(s.intersect(o.sub(yBot, Y), near)), blSkin);
  const bline = s.stroke(EYE_X, EYE_Y, LID_HALF * 0.85, curve, 0, bl.thick, { mirror: true, taper: 0.9 });
  cv.draw('eye bottom lid', o.mul(s.cover(bline), o.add(0.2, o.mul(bl.dark, 0.35))), o.mul(skinColor(cv, bl), 0.55));
  const bags = s.stroke(EYE_X + 0.005, EYE_Y + 0.022, 0.06, o.add(curve, 0.012), 0, 0.005, { mirror: true, taper: 0.9 });
  cv.draw('eye bottom lid', o.mul(s.cover(bags), o.add(0.05, o.mul(old(cv, bl.age), o.add(0.15, o.mul(bl.bags, 0.35))))), o.mul(skinColor(cv, bl), 0.7));

  // Upper lid: skin above its curve (hides the top of the eye), lid line, crease, shadow.
  const tl = cv.p('eye top lid');
  const yt = youth(cv, tl.age);
  const open = o.mul(tl.open, o.add(1, o.mul(yt, 0.35)));
  const tilt = o.mul(tl.tilt, 0.3);
  const dx = o.sub(AX, EYE_X);
  const yTop = o.add(EYE_Y, o.mul(open, o.sub(o.sq(t), 1)), o.mul(tilt, dx));
  const nearT = s.ellipse(EYE_X, EYE_Y - 0.05, 0.13, 0.08, true);
  const tlSkin = lit(cv, tl, skinColor(cv, tl));
  cv.draw('eye top lid', s.cover(s.intersect(o.sub(Y, yTop), nearT)), tlSkin);
  const shadowBand = s.stroke(EYE_X, o.sub(EYE_Y - 0.008, tl.crease), LID_HALF * 0.8, o.neg(open), tilt, o.add(tl.crease, 0.006), { mirror: true, taper: 0.8 });
  cv.draw('eye top lid', o.mul(s.cover(shadowBand, 0.01), o.add(0.08, o.mul(tl.shadow, 0.22))), o.mul(skinColor(cv, tl), 0.8));
  const crease = s.stroke(EYE_X, o.sub(EYE_Y, tl.crease), LID_HALF * 0.8, o.mul(open, -1.1), tilt, 0.004, { mirror: true, taper: 0.9 });
  cv.draw('eye top lid', o.mul(s.cover(crease), 0.35), o.mul(skinColor(cv, tl), 0.7));
  const lidLine = s.stroke(EYE_X, EYE_Y, LID_HALF, o.neg(open), tilt, tl.thick, { mirror: true, taper: 0.85, skew: 0.45 });
  cv.draw('eye top lid', o.mul(s.cover(lidLine), tl.dark), cv.rgb([0.11, 0.08, 0.07]));

  // Lashes: a thicker outer lash line and a small flick at the outer corner.
  const la = cv.p('eyelashes');
  const fem = o.sub(1, la.gender);
  const lashA = o.mul(la.dark, o.add(0.3, o.mul(fem, 0.6)), o.add(0.6, o.mul(adult(cv, la.age), 0.4)));
  const band = s.stroke(EYE_X + 0.045, EYE_Y - 0.026, 0.05, 0.004, 0.12, o.add(0.004, o.mul(la.thick, 0.005)), { mirror: true, taper: 0.6, skew: 0.8 });
  const flickLen = o.add(0.008, o.mul(la.length, 0.014), o.mul(fem, 0.006));
  const flick = s.stroke(o.add(EYE_X + 0.093, o.mul(flickLen, 0.6)), EYE_Y - 0.008, flickLen, 0, o.sub(-0.45, o.mul(la.flick, 0.5)), o.add(0.004, o.mul(la.thick, 0.004)), { mirror: true, taper: 0.5, skew: -0.6 });
  cv.draw('eyelashes', o.mul(s.cover(s.union(band, flick)), lashA), cv.rgb([0.07, 0.05, 0.05]));
}

export function brows(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const b = cv.p('eyebrow');
  const y = youth(cv, b.age);
  const thick = o.mul(b.thick, o.add(1, o.mul(b.gender, 0.35)), o.sub(1, o.mul(y, 0.3)));
  const brow = s.stroke(0.178, b.y, b.length, o.mul(b.arch, -0.024), o.mul(b.tilt, 0.3), thick, { mirror: true, taper: 0.75, skew: -0.35 });
  const grey = o.mul(o.ramp(b.age, 0.55, 0.95), o.add(0.2, o.mul(b.grey, 0.5)));
  const col = o.mul(hairColor(cv, b.light, b.red, grey), 0.85);
  cv.draw('eyebrow', o.mul(s.cover(brow), b.dark, o.sub(1, o.mul(y, 0.4))), col);
}

export function nose(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const n = cv.p('nose');
  const yn = youth(cv, n.age);
  const size = o.mul(n.size, o.sub(1, o.mul(yn, 0.35)));
  const under = s.ellipse(0, NOSE_Y + 0.03, o.mul(size, o.add(0.05, o.mul(n.width, 0.02))), 0.014);
  const skinN = skinColor(cv, n);
  cv.draw('nose', o.mul(s.cover(under, 0.012), o.add(0.18, o.mul(n.shade, 0.2))), o.mul(skinN, 0.68));
  const side = s.ellipse(o.mul(n.lightX, -0.032), NOSE_Y - 0.07, 0.016, o.mul(size, 0.085));
  cv.draw('nose', o.mul(s.cover(side, 0.018), o.add(0.08, o.mul(n.shade, 0.14))), o.mul(skinN, 0.78));

  const br = cv.p('nose bridge');
  const yb = youth(cv, br.age);
  const half = o.mul(o.add(0.05, o.mul(br.len, 0.03)), o.sub(1, o.mul(yb, 0.3)));
  const bridge = s.stroke(o.sub(NOSE_Y - 0.02, half), o.mul(br.lightX, -0.026), half, o.mul(br.curve, 0.008), 0, br.width, { vertical: true, taper: 0.8 });
  cv.draw('nose bridge', o.mul(s.cover(bridge, 0.008), o.sub(0.3, o.mul(yb, 0.1))), o.mul(skinColor(cv, br), 0.75));

  const al = cv.p('nose ala');
  const ya = youth(cv, al.age);
  const ax = o.mul(al.width, o.sub(1, o.mul(ya, 0.25)));
  const asz = o.mul(al.size, o.sub(1, o.mul(ya, 0.2)));
  const ala = s.ellipse(ax, NOSE_Y + 0.006, o.mul(asz, 1.15), o.mul(asz, 0.9), true);
  const alSkin = skinColor(cv, al);
  cv.draw('nose ala', s.cover(ala), o.mul(alSkin, 0.97));
  const outer = s.intersect(o.sub(o.abs(ala), 0.0032), o.sub(o.add(ax, o.mul(asz, o.sub(o.mul(al.curve, 0.4), 0.3))), cv.grid.AX));
  cv.draw('nose ala', o.mul(s.cover(outer), 0.65), o.mul(alSkin, 0.6));

  const tp = cv.p('nose tip');
  const yt = youth(cv, tp.age);
  const tr = o.mul(tp.r, o.sub(1, o.mul(yt, 0.3)));
  const tip = s.ellipse(0, o.sub(tp.y, o.mul(yt, 0.01)), o.mul(tr, o.add(1, o.mul(tp.round, 0.3))), tr);
  const tSkin = skinColor(cv, tp);
  cv.draw('nose tip', o.mul(s.cover(tip, 0.008), 0.85), o.mul(tSkin, 1.04));
  const spark = s.ellipse(0.008, o.sub(tp.y, o.mul(tr, 0.45)), o.mul(tr, 0.4), o.mul(tr, 0.25));
  cv.draw('nose tip', o.mul(s.cover(spark, 0.008), o.add(0.1, o.mul(tp.hl, 0.25))), cv.rgb([1, 0.98, 0.96]));

  const ns = cv.p('nostril');
  const yo = youth(cv, ns.age);
  const nsz = o.mul(ns.size, o.sub(1, o.mul(yo, 0.25)));
  const nostril = s.ellipse(o.mul(ns.gap, o.sub(1, o.mul(yo, 0.2))), NOSE_Y + 0.022, o.mul(nsz, o.add(1, o.mul(ns.flare, 0.5))), o.mul(nsz, 0.62), true, 0.35);
  cv.draw('nostril', o.mul(s.cover(nostril), 0.85), o.mul(skinColor(cv, ns), 0.33));
}

function lipColor(cv: Canvas, tone: V, rose: V): V {
  const o = cv.o;
  const skin = cv.ramp(SKIN_FOR_LIPS, tone);
  const rosy = o.mul(cv.rgb(LIP_ROSE), o.sub(1, o.mul(tone, 0.5)));
  return cv.mix(o.mul(skin, 0.82), rosy, o.add(0.2, o.mul(rose, 0.45)));
}

export function mouth(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;

  const ph = cv.p('philtrum');
  const phSkin = skinColor(cv, ph);
  const dip = s.box(0, 0.262, ph.width, 0.03, 0.012);
  cv.draw('philtrum', o.mul(s.cover(dip, 0.006), o.add(0.12, o.mul(ph.depth, 0.16))), o.mul(phSkin, 0.84));
  const groove = s.stroke(0.26, ph.width, 0.03, 0.002, 0, 0.006, { mirror: true, vertical: true, taper: 0.6 });
  cv.draw('philtrum', o.mul(s.cover(groove, 0.006), o.add(0.15, o.mul(ph.depth, 0.2))), o.mul(phSkin, 0.76));

  const te = cv.p('teeth');
  const yt = youth(cv, te.age);
  const iw = o.mul(te.width, 1.3, o.sub(1, o.mul(yt, 0.2)));
  const inside = s.ellipse(0, MOUTH_Y + 0.002, iw, o.add(0.006, o.mul(te.open, 0.02)));
  const inA = s.cover(inside);
  cv.draw('teeth', inA, cv.rgb([0.32, 0.1, 0.12]));
  const teeth = s.ellipse(0, MOUTH_Y - 0.006, o.mul(iw, 0.8), 0.011);
  cv.draw('teeth', o.mul(s.cover(teeth), inA), o.mul(cv.rgb([0.98, 0.96, 0.9]), te.white));

  const li = cv.p('lip inferior');
  const yi = youth(cv, li.age);
  const ti = o.mul(li.thick, o.sub(1, o.mul(yi, 0.15)), o.sub(1, o.mul(old(cv, li.age), 0.2)));
  const lw = o.mul(li.width, o.sub(1, o.mul(yi, 0.25)));
  const lcy = o.add(MOUTH_Y + 0.004, o.mul(ti, 0.5), li.y);
  const lower = s.ellipse(0, lcy, lw, o.mul(ti, 0.5));
  const lcol = o.mul(lipColor(cv, li.tone, li.rose), 1.04);
  cv.draw('lip inferior', s.cover(lower), lcol);
  const shine = s.ellipse(0.01, o.sub(lcy, o.mul(ti, 0.1)), o.mul(lw, 0.35), o.mul(ti, 0.16));
  cv.draw('lip inferior', o.mul(s.cover(shine, 0.006), o.add(0.1, o.mul(li.shine, 0.25))), cv.rgb([1, 0.95, 0.95]));

  const ls = cv.p('lip superior');
  const ys = youth(cv, ls.age);
  const tu = o.mul(ls.thick, o.sub(1, o.mul(ys, 0.15)), o.sub(1, o.mul(old(cv, ls.age), 0.25)));
  const uw = o.mul(ls.width, o.sub(1, o.mul(ys, 0.25)));
  const ucy = o.add(MOUTH_Y - 0.001, o.mul(tu, -0.5), ls.y);
  const upper = s.ellipse(0, ucy, uw, o.mul(tu, 0.5));
  const notch = s.circle(0, o.sub(ucy, o.mul(tu, 0.62)), o.add(0.003, o.mul(ls.bow, 0.006)));
  cv.draw('lip superior', s.cover(s.subtract(upper, notch)), o.mul(lipColor(cv, ls.tone, ls.rose), 0.9));

  const oc = cv.p('oral commissure');
  const corner = s.stroke(0.078, o.sub(MOUTH_Y + 0.002, o.mul(oc.smile, 0.004)), oc.size, 0, o.mul(oc.smile, -0.5), 0.0045, { mirror: true, taper: 0.8 });
  const ocSkin = skinColor(cv, oc);
  const pocket = s.ellipse(0.084, o.sub(MOUTH_Y + 0.002, o.mul(oc.smile, 0.005)), oc.size, o.mul(oc.size, 0.6), true);
  cv.draw('oral commissure', o.mul(s.cover(pocket, 0.006), 0.3), o.mul(ocSkin, 0.72));
  cv.draw('oral commissure', o.mul(s.cover(corner), 0.6), o.mul(ocSkin, 0.5));
  const dimple = s.stroke(0.104, MOUTH_Y - 0.004, 0.012, 0, -1.2, 0.0045, { mirror: true, taper: 0.9 });
  cv.draw('oral commissure', o.mul(s.cover(dimple), o.mul(oc.dimple, 0.35)), o.mul(ocSkin, 0.7));
}

export { adult, hairColor };
