/** Hair (behind and in front of the face), sideburns, beard and moustache. */
import { Canvas, Params } from './canvas.js';
import { V } from './expr.js';
import { adult, hairColor } from './look.js';
import { MOUTH_Y } from './draw-features.js';

const CAP_CY = -0.3;

function greyAmount(cv: Canvas, p: Params): V {
  return cv.o.mul(cv.o.ramp(p.age, 0.5, 0.92), cv.o.add(0.3, cv.o.mul(p.grey, 0.7)));
}

/** Bumpy outline for curly and afro hair. */
function curls(cv: Canvas, sd: V, amount: V): V {
  const o = cv.o;
  const { X, Y } = cv.grid;
  const tex = o.mul(o.sin(o.add(o.mul(X, 41), 1.3)), o.sin(o.mul(Y, 37)));
  return o.add(sd, o.mul(tex, amount, 0.024));
}

interface HairShape {
  cap: V;
  bottom: V;
  baby: V;
  kidLen: V;
  density: V;
  color: V;
}

function hairShape(cv: Canvas): HairShape {
  const o = cv.o;
  const p = cv.p('hair');
  const baby = o.sub(1, o.ramp(p.age, 0.03, 0.13));
  const kidLen = o.ramp(p.age, 0.1, 0.26);
  const grow = o.sub(1, o.mul(baby, 0.6));
  const rx = o.add(0.44, o.mul(p.width, 0.15, grow));
  const ry = o.add(0.385, o.mul(p.top, 0.22, grow));
  return {
    cap: cv.s.ellipse(0, CAP_CY, rx, ry),
    bottom: o.add(-0.12, o.mul(p.length, kidLen, 0.95)),
    baby,
    kidLen,
    density: o.mul(p.density, o.sub(1, o.mul(baby, 0.45))),
    color: hairColor(cv, p.light, p.red, greyAmount(cv, p)),
  };
}

export function hairBack(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair');
  const h = hairShape(cv);
  const hw = o.add(0.4, o.mul(p.width, 0.14));
  const drape = s.box(0, o.mul(o.add(h.bottom, CAP_CY), 0.5), hw, o.mul(o.sub(h.bottom, CAP_CY), 0.5), 0.13);
  const bunOn = o.ramp(p.bun, 0.5, 0.7);
  const bun = o.add(s.circle(0, -0.8, o.add(0.05, o.mul(p.bun, 0.08))), o.mul(o.sub(1, bunOn), 0.5));
  const back = curls(cv, s.union(h.cap, drape, bun), p.curl);
  cv.draw('hair', o.mul(s.cover(back), h.density), o.mul(h.color, 0.78));
}

export function hairFront(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair');
  const h = hairShape(cv);
  const { X, Y } = cv.grid;
  // Hairline: curves down towards the temples; a fringe lowers it near the parting.
  const hl0 = o.sub(-0.43, o.add(o.mul(p.hairline, 0.09), o.mul(h.baby, 0.05)));
  const fx = o.div(o.sub(X, o.mul(p.part, 0.12)), 0.3);
  const bump = o.mul(p.fringe, o.relu(o.sub(1, o.sq(fx))), 0.2, o.sub(1, h.baby));
  const line = o.add(hl0, o.mul(o.sq(X), 1.15), bump);
  const front = s.intersect(h.cap, o.sub(Y, line));
  // Long hair: locks falling beside the face.
  const lockOn = o.ramp(o.mul(p.length, h.kidLen), 0.45, 0.7);
  const lockBottom = o.min(h.bottom, 0.72);
  const locks = o.add(
    s.box(o.add(0.425, o.mul(p.width, 0.04)), o.mul(o.add(lockBottom, -0.32), 0.5), o.add(0.04, o.mul(p.width, 0.03)), o.mul(o.sub(lockBottom, -0.32), 0.5), 0.04, true),
    o.mul(o.sub(1, lockOn), 0.4),
  );
  const sd = curls(cv, s.union(front, locks), p.curl);
  const band = o.sq(o.div(o.sub(Y, -0.6), 0.07));
  const sheen = o.add(1, o.mul(p.sheen, 0.2, cv.g.node('Exp', [o.neg(band)])), o.mul(o.ramp(Y, -0.5, 0.3), -0.08));
  cv.draw('hair', o.mul(s.cover(sd), h.density), o.mul(h.color, sheen));
}

export function sideburns(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair sideburns');
  const len = o.add(0.2, o.mul(p.length, 0.1));
  const sb = s.box(0.37, o.add(-0.36, o.mul(len, 0.5)), o.add(0.011, o.mul(p.width, 0.012)), o.mul(len, 0.5), 0.008, true);
  const a = o.mul(s.cover(sb), o.add(0.25, o.mul(p.gender, 0.65)), o.ramp(p.age, 0.1, 0.3));
  cv.draw('hair sideburns', a, hairColor(cv, p.light, p.red, greyAmount(cv, p)));
}

export function beard(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const j = cv.p('jaw');
  const { Y, AX } = cv.grid;
  const amt = o.mul(j.gender, adult(cv, j.age), o.ramp(j.beard, 0.55, 0.7));
  const area = s.ellipse(0, 0.2, o.add(j.width, 0.01, o.mul(j.gender, 0.02)), o.add(0.34, o.mul(j.beardLen, 0.06)));
  const top = o.sub(o.add(0.1, o.mul(AX, 0.25)), Y); // below a line rising to the ears
  const mouthHole = s.ellipse(0, MOUTH_Y + 0.004, 0.085, 0.035);
  const sd = s.subtract(s.intersect(area, top), mouthHole);
  const a = o.mul(s.cover(sd, 0.007), amt, o.add(0.3, o.mul(j.beardLen, 0.62)));
  cv.draw('jaw', a, hairColor(cv, j.beardLight, j.beardRed, greyAmount(cv, j)));
}

export function moustache(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const m = cv.p('moustache');
  const amt = o.mul(m.gender, adult(cv, m.age), o.ramp(m.density, 0.45, 0.62));
  const st = s.stroke(0, MOUTH_Y - 0.03, m.width, o.mul(m.droop, -0.02), 0, m.thick, { taper: 0.55 });
  cv.draw('moustache', o.mul(s.cover(st, 0.006), amt, 0.95), hairColor(cv, m.light, m.red, greyAmount(cv, m)));
}
