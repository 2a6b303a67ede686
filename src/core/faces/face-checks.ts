/**
 * Whether a detected face is usable for FFHQ alignment and inversion: big enough to
 * fill a 1024 crop without mush, and close enough to frontal and upright that the
 * landmarks (and the encoder, trained on FFHQ) can be trusted.
 */
import { ffhqQuad } from './ffhq-quad';
import { PhotoError, type FivePoints } from './types';

/** The FFHQ square must span at least this many source pixels (a 10.7× upscale to 1024). */
export const MIN_QSIZE = 96;
/** In-plane tilt of the eye line, degrees. */
export const MAX_ROLL_DEG = 45;
/** Nose offset from the eye midpoint along the eye line, in eye distances (about 0 when frontal). */
export const MAX_YAW_RATIO = 0.45;

export interface FaceMeasures {
  qsize: number;
  rollDeg: number;
  yawRatio: number;
}

export function measureFace(p: FivePoints): FaceMeasures {
  const q = ffhqQuad(p);
  const e = q.eyeToEye;
  const eyeDist = Math.hypot(e.x, e.y);
  const mid = { x: (p.leftEye.x + p.rightEye.x) / 2, y: (p.leftEye.y + p.rightEye.y) / 2 };
  const along = ((p.nose.x - mid.x) * e.x + (p.nose.y - mid.y) * e.y) / (eyeDist * eyeDist);
  return { qsize: q.qsize, rollDeg: (Math.atan2(e.y, e.x) * 180) / Math.PI, yawRatio: Math.abs(along) };
}

/** Throws a PhotoError naming the problem; `scale` converts to original-photo pixels. */
export function checkFace(p: FivePoints, scale = 1): FaceMeasures {
  const m = measureFace(p);
  const size = m.qsize * scale;
  if (size < MIN_QSIZE) {
    throw new PhotoError('face-too-small', `The face is too small: its crop spans ${Math.round(size)} px of the photo, at least ${MIN_QSIZE} px are needed. Use a larger or closer photo.`);
  }
  if (Math.abs(m.rollDeg) > MAX_ROLL_DEG) {
    throw new PhotoError('face-too-rotated', `The face is tilted by ${Math.round(Math.abs(m.rollDeg))}° (at most ${MAX_ROLL_DEG}°). Rotate the photo upright first.`);
  }
  if (m.yawRatio > MAX_YAW_RATIO) {
    throw new PhotoError('face-too-rotated', 'The face is turned too far away from the camera; use a photo looking roughly into the camera.');
  }
  return m;
}
