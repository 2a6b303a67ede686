/** From the 68-point iBUG layout to the five points FFHQ alignment uses. */
import type { FivePoints, Point } from './types';

function mean(points: Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** Eye centres are the means of 36–41 and 42–47, mouth corners 48 and 54 (as FFHQ's script). */
export function fivePointsFrom68(lm: Point[]): FivePoints {
  if (lm.length !== 68) throw new Error(`expected 68 landmarks, got ${lm.length}`);
  return {
    leftEye: mean(lm.slice(36, 42)),
    rightEye: mean(lm.slice(42, 48)),
    nose: lm[30]!,
    mouthLeft: lm[48]!,
    mouthRight: lm[54]!,
  };
}

/** The same five points under a map (scaling between image sizes). */
export function mapPoints(p: FivePoints, f: (p: Point) => Point): FivePoints {
  return { leftEye: f(p.leftEye), rightEye: f(p.rightEye), nose: f(p.nose), mouthLeft: f(p.mouthLeft), mouthRight: f(p.mouthRight) };
}
