/**
 * Hair (behind and in front of the face), sideburns, beard and moustache. All opaque:
 * thinning and baldness change the hair's shape, never its transparency.
 */
import { Canvas } from './canvas.js';
import { V } from './expr.js';
import { adult, baby, gate, greyAmount, hairColor, old, skinLit } from './look.js';
import { MOUTH_Y } from './draw-features.js';

const CAP_CY = -0.3;

/** Bumpy outline for curly and afro hair. */
function curls(cv: Canvas, sd: V, amount: V): V {
  const o = cv.o;
  const { X, Y } = cv.grid;
  const tex = o.mul(o.sin(o.add(o.mul(X, 41), 1.3)), o.sin(o.mul(Y, 37)));
  return o.add(sd, o.mul(tex, amount, 0.022));
}

interface HairShape {
  cap: V;
  bottom: V;
  baby: V;
  kidLen: V;
  bald: V;
  curl: V;
  color: V;
}

function hairShape(cv: Canvas): HairShape {
  const o = cv.o;
  const p = cv.p('hair');
  const b = baby(cv, p.age);
  const kidLen = o.ramp(p.age, 0.08, 0.2);
  const grow = o.sub(1, b);
  // Baldness: older men prone to it lose the crown (the cap shrinks behind the head).
  const bald = o.mul(old(cv, p.age), p.gender, o.ramp(p.bald, 0.45, 0.8));
  const rx = o.add(0.42, o.mul(p.width, 0.16, grow), o.mul(b, -0.05));
  const ry0 = o.add(0.355, o.mul(p.top, 0.25, grow), o.mul(b, 0.01));
  const ry = o.lerp(ry0, 0.3, bald);
  return {
    cap: cv.s.ellipse(0, CAP_CY, rx, ry),
    bottom: o.add(-0.12, o.mul(p.length, kidLen, 0.95)),
    baby: b,
    kidLen,
    bald,
    curl: o.mul(o.ramp(p.curl, 0.3, 0.8), grow),
    // A baby's sparse hair: its colour part-way to the skin (still opaque).
    color: cv.mix(hairColor(cv, p.light, p.red, greyAmount(cv, p)), skinLit(cv), o.mul(b, 0.3)),
  };
}

/** Hair colour at each pixel: locs (curl ≥ 0.88) show as darker vertical strands; a sheen band. */
function hairShade(cv: Canvas, h: HairShape, k: number): V {
  const o = cv.o;
  const p = cv.p('hair');
  const { X, Y } = cv.grid;
  const locs = o.mul(o.ramp(p.curl, 0.86, 0.9), o.ramp(o.sin(o.mul(X, 95)), 0.3, 0.9), 0.25);
  const band = o.sq(o.div(o.sub(Y, -0.62), 0.07));
  const sheen = o.mul(p.sheen, 0.16, cv.g.node('Exp', [o.neg(band)]));
  return o.mul(h.color, o.add(k, sheen, o.neg(locs)));
}

export function hairBack(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair');
  const h = hairShape(cv);
  const hw = o.add(0.4, o.mul(p.width, 0.14));
  const drape = s.box(0, o.mul(o.add(h.bottom, CAP_CY), 0.5), hw, o.mul(o.sub(h.bottom, CAP_CY), 0.5), 0.13);
  // bun 0.5–0.75: a top bun; above 0.75: two puffs.
  const bunOn = o.mul(o.ramp(p.bun, 0.5, 0.52), o.sub(1, o.ramp(p.bun, 0.75, 0.77)), o.sub(1, h.baby));
  const bun = gate(cv, s.circle(0, -0.8, o.add(0.08, o.mul(p.bun, 0.06))), bunOn);
  const puffOn = o.mul(o.ramp(p.bun, 0.75, 0.77), o.sub(1, h.baby));
  const puffs = gate(cv, s.circle(0.36, -0.6, 0.13, true), puffOn);
  const back = curls(cv, s.union(h.cap, drape, bun, puffs), h.curl);
  cv.solid('hair', back, hairShade(cv, h, 0.78));
}

export function hairFront(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair');
  const h = hairShape(cv);
  const { X, Y } = cv.grid;
  // Hairline: curves down towards the temples; a fringe lowers it near the parting;
  // babies and bald crowns show a high forehead.
  const hl0 = o.sub(-0.43, o.add(o.mul(p.hairline, 0.08), o.mul(h.baby, 0.1), o.mul(h.bald, 0.32)));
  const fx = o.div(o.sub(X, o.mul(p.part, 0.12)), 0.3);
  const bump = o.mul(p.fringe, o.relu(o.sub(1, o.sq(fx))), 0.2, o.sub(1, h.baby), o.sub(1, h.bald));
  const line = o.add(hl0, o.mul(o.sq(X), 1.15), bump);
  const front = s.intersect(h.cap, o.sub(Y, line));
  // Long hair: locks falling beside the face.
  const lockOn = o.ramp(o.mul(p.length, h.kidLen), 0.45, 0.5);
  const lockBottom = o.min(h.bottom, 0.72);
  const locks = gate(
    cv,
    s.box(o.add(0.425, o.mul(p.width, 0.04)), o.mul(o.add(lockBottom, -0.32), 0.5), o.add(0.04, o.mul(p.width, 0.03)), o.mul(o.sub(lockBottom, -0.32), 0.5), 0.04, true),
    lockOn,
  );
  const sd = curls(cv, s.union(front, locks), h.curl);
  cv.solid('hair', sd, hairShade(cv, h, 1));
}

export function sideburns(cv: Canvas): void {
  const o = cv.o;
  const s = cv.s;
  const p = cv.p('hair sideburns');
  const len = o.add(0.2, o.mul(p.length, 0.1));
  // x: at the side of the face whatever its width (geometry code faceWidth).
  const sb = s.box(o.add(0.37, p.x), o.add(-0.36, o.mul(len, 0.5)), o.add(0.011, o.mul(p.width, 0.012)), o.mul(len, 0.5), 0.008, true);
  const on = o.mul(o.ramp(p.age, 0.2, 0.26), o.add(0.3, o.mul(p.gender, 0.7)), o.ramp(p.length, 0.1, 0.2));
  cv.line('hair sideburns', gate(cv, sb, on), hairColor(cv, p.light, p.red, greyAmount(cv, p)));
}

export function beard(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('jaw');
  const j = cv.p('jaw');
  const { Y, AX } = s.grid;
  const on = o.mul(j.gender, adult(cv, j.age), o.ramp(j.beard, 0.55, 0.6));
  const area = s.ellipse(0, 0.2, o.add(j.width, 0.01, o.mul(j.gender, 0.02)), o.add(0.33, o.mul(j.beardLen, 0.07)));
  const top = o.sub(o.add(0.1, o.mul(AX, 0.25)), Y); // below a line rising to the ears
  const mouthHole = s.ellipse(0, MOUTH_Y + 0.004, 0.085, 0.035);
  const sd = s.subtract(s.intersect(area, top), mouthHole);
  // Short beards read as stubble: the hair colour mixed into the skin (opaque either way).
  const hair = hairColor(cv, j.beardLight, j.beardRed, greyAmount(cv, j));
  cv.solid('jaw', gate(cv, sd, on), cv.mix(skinLit(cv), hair, o.add(0.45, o.mul(j.beardLen, 0.55))));
}

export function moustache(cv: Canvas): void {
  const o = cv.o;
  const s = cv.fs('moustache');
  const m = cv.p('moustache');
  const on = o.mul(m.gender, adult(cv, m.age), o.ramp(m.density, 0.5, 0.55));
  const st = s.stroke(0, MOUTH_Y - 0.03, m.width, o.mul(m.droop, -0.02), 0, m.thick, { taper: 0.55 });
  cv.line('moustache', gate(cv, st, on), hairColor(cv, m.light, m.red, greyAmount(cv, m)));
}
