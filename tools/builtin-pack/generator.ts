/**
 * Generator of the built-in pack: wplus [B,18,512] → image [B,3,R,R] in [−1,1] and
 * masks [B,34,R,R] (R = 256 as shipped; tests also build small thumbnails) (each region's visible coverage). Layers back to front.
 */
import { Canvas } from './canvas.js';
import { background, cheeks, ears, forehead, frown, head, jawAndChin, neck, temples, wrinkles } from './draw-face.js';
import { brows, eyes, glasses, mouth, nose } from './draw-features.js';
import { beard, hairBack, hairFront, moustache, sideburns } from './draw-hair.js';

export function buildGenerator(resolution?: number): Uint8Array {
  const cv = new Canvas(resolution);
  background(cv);
  hairBack(cv);
  neck(cv);
  ears(cv);
  head(cv);
  jawAndChin(cv);
  cheeks(cv);
  forehead(cv);
  temples(cv);
  wrinkles(cv);
  frown(cv);
  beard(cv);
  nose(cv);
  mouth(cv);
  moustache(cv);
  eyes(cv);
  brows(cv);
  sideburns(cv);
  hairFront(cv);
  glasses(cv);
  return cv.finish();
}
