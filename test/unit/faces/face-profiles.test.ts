/**
 * The photo encoder's pixel measures (src/core/faces/face-profiles.ts) on drawn test cards
 * with known answers: eye whites of a known area, dark nose sides at a known offset, a
 * mouth line of a known half-width. The cards are drawn per pixel from face-frame shapes
 * (the frame's inverse), upright and rolled, on a light and a dark skin.
 */
import { describe, expect, it } from 'vitest';
import { faceProfiles, type FaceFrame } from '../../../src/core/faces/face-profiles';
import { MOUTH_PROFILE_OFFSETS, NOSE_PROFILE_OFFSETS } from '../../../src/domain/face-features';
import type { RgbImage } from '../../../src/core/faces/types';

type Rgb = [number, number, number];

/** A 240² card: skin, two eyes (white 0.32 × 0.16 with a dark 0.12² iris), nose sides at |u| = 0.2, a mouth line |u| ≤ 0.42. */
function card(frame: FaceFrame, skin: Rgb): RgbImage {
  const W = 240;
  const data = new Uint8Array(W * W * 3);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x - frame.origin.x;
      const dy = y - frame.origin.y;
      const u = (dx * frame.cos + dy * frame.sin) / frame.scale;
      const v = (-dx * frame.sin + dy * frame.cos) / frame.scale;
      let c: Rgb = skin;
      const eu = Math.abs(Math.abs(u) - 0.5);
      if (eu <= 0.16 && Math.abs(v) <= 0.08) c = eu <= 0.06 && Math.abs(v) <= 0.06 ? [0.15, 0.1, 0.08] : [0.97, 0.96, 0.95];
      if (Math.abs(Math.abs(u) - 0.2) <= 0.02 && v >= 0.78 && v <= 0.97) c = [skin[0] * 0.5, skin[1] * 0.5, skin[2] * 0.5];
      if (Math.abs(u) <= 0.42 && Math.abs(v - 1.3) <= 0.025) c = [skin[0] * 0.4, skin[1] * 0.4, skin[2] * 0.4];
      for (let k = 0; k < 3; k++) data[(y * W + x) * 3 + k] = Math.round(c[k]! * 255);
    }
  }
  return { data, width: W, height: W };
}

const parts = { eyes: [{ x: -0.5, y: 0 }, { x: 0.5, y: 0 }] as [{ x: number; y: number }, { x: number; y: number }], noseTip: { x: 0, y: 0.8 }, noseBottom: { x: 0, y: 0.95 }, mouth: { x: 0, y: 1.3 } };

describe('face profiles (pixel measures in the landmark frame)', () => {
  const cases: Array<[string, FaceFrame, Rgb]> = [
    ['upright, light skin', { origin: { x: 120, y: 80 }, scale: 60, cos: 1, sin: 0 }, [0.92, 0.74, 0.62]],
    ['rolled 12°, dark skin', { origin: { x: 118, y: 84 }, scale: 55, cos: Math.cos(0.21), sin: Math.sin(0.21) }, [0.36, 0.23, 0.16]],
  ];
  for (const [name, frame, skin] of cases) {
    it(name, () => {
      const p = faceProfiles(card(frame, skin), frame, parts);
      // Whites per eye: 0.32 × 0.16 − 0.12 × 0.12 = 0.0368 eye distances².
      expect(p.eyeWhite).toBeGreaterThan(0.0368 * 0.85);
      expect(p.eyeWhite).toBeLessThan(0.0368 * 1.15);
      // Nose sides drawn at half the skin's luminance at |u| = 0.2: relative darkness 0.5 there, none away from them.
      NOSE_PROFILE_OFFSETS.forEach((u, k) => {
        if (Math.abs(u - 0.2) < 1e-9) expect(p.noseDark[k], `nose at ${u}`).toBeGreaterThan(0.4);
        else if (Math.abs(u - 0.2) >= 0.08) expect(Math.abs(p.noseDark[k]!), `nose at ${u}`).toBeLessThan(0.05);
      });
      // The mouth line (0.4 of the skin's luminance) reaches |u| = 0.42.
      MOUTH_PROFILE_OFFSETS.forEach((u, k) => {
        if (u <= 0.36) expect(p.mouthDark[k], `mouth at ${u}`).toBeGreaterThan(0.5);
        else if (u >= 0.48) expect(Math.abs(p.mouthDark[k]!), `mouth at ${u}`).toBeLessThan(0.05);
      });
    });
  }

  it('a face without eye whites, nose sides or mouth line reads none', () => {
    const frame: FaceFrame = { origin: { x: 120, y: 80 }, scale: 60, cos: 1, sin: 0 };
    const W = 240;
    const data = new Uint8Array(W * W * 3).map((_, i) => [235, 190, 160][i % 3]!);
    const p = faceProfiles({ data, width: W, height: W }, frame, parts);
    expect(p.eyeWhite).toBe(0);
    for (const v of [...p.noseDark, ...p.mouthDark]) expect(Math.abs(v)).toBeLessThan(1e-6);
  });
});
