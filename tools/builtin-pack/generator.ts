/**
 * Generator of the built-in pack: wplus [B,18,512] → image [B,3,256,256] in [−1,1] and
 * masks [B,34,256,256] (each region's visible coverage). Layers back to front.
 */
import { Canvas } from './canvas.js';
import { background, blush, cheeks, ears, forehead, frown, head, jawAndChin, neck, temples, wrinkles } from './draw-face.js';
import { brows, eyes, mouth, nose } from './draw-features.js';
import { beard, hairBack, hairFront, moustache, sideburns } from './draw-hair.js';

export function buildGenerator(): Uint8Array {
  const cv = new Canvas();
  background(cv);
  hairBack(cv);
  neck(cv);
  ears(cv);
  head(cv);
  jawAndChin(cv);
  cheeks(cv);
  forehead(cv);
  temples(cv);
  blush(cv);
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
  return cv.finish();
}
