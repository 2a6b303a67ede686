/**
 * The FFHQ crop rectangle from five points, exactly as FFHQ's
 * recreate_aligned_images (NVlabs/ffhq-dataset, download_ffhq.py): an oriented
 * square around the eyes and mouth. Pure geometry, no pixels.
 */
import type { FivePoints, Point } from './types';

export interface FfhqQuad {
  /** Corners in FFHQ's order: top-left, bottom-left, bottom-right, top-right (image coords). */
  quad: [Point, Point, Point, Point];
  /** Side length of the square. */
  qsize: number;
  centre: Point;
  eyeToEye: Point;
  eyeToMouth: Point;
}

const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
const mul = (a: Point, k: number): Point => ({ x: a.x * k, y: a.y * k });
const hypot = (a: Point): number => Math.hypot(a.x, a.y);

export function ffhqQuad(p: FivePoints): FfhqQuad {
  const eyeAvg = mul(add(p.leftEye, p.rightEye), 0.5);
  const eyeToEye = sub(p.rightEye, p.leftEye);
  const mouthAvg = mul(add(p.mouthLeft, p.mouthRight), 0.5);
  const eyeToMouth = sub(mouthAvg, eyeAvg);
  // x = eye_to_eye - flipud(eye_to_mouth) * [-1, 1]
  let x: Point = { x: eyeToEye.x + eyeToMouth.y, y: eyeToEye.y - eyeToMouth.x };
  const n = hypot(x);
  if (!(n > 0)) throw new Error('degenerate landmarks: eyes and mouth coincide');
  x = mul(x, Math.max(hypot(eyeToEye) * 2.0, hypot(eyeToMouth) * 1.8) / n);
  // y = flipud(x) * [-1, 1]
  const y: Point = { x: -x.y, y: x.x };
  const c = add(eyeAvg, mul(eyeToMouth, 0.1));
  const quad: FfhqQuad['quad'] = [sub(sub(c, x), y), add(sub(c, x), y), add(add(c, x), y), sub(add(c, x), y)];
  return { quad, qsize: hypot(x) * 2, centre: c, eyeToEye, eyeToMouth };
}

/** Where a source point lands in the aligned output (inverse of the quad map; the quad is a square, so affine). */
export function toAligned(q: FfhqQuad, p: Point, outputSize: number): Point {
  const [tl, bl, , tr] = q.quad;
  const ex = sub(tr, tl);
  const ey = sub(bl, tl);
  const d = sub(p, tl);
  const u = (d.x * ex.x + d.y * ex.y) / (ex.x * ex.x + ex.y * ex.y);
  const v = (d.x * ey.x + d.y * ey.y) / (ey.x * ey.x + ey.y * ey.y);
  return { x: u * outputSize, y: v * outputSize };
}
