/** FFHQ alignment geometry against hand-computed quads, and pixels landing where the quad says. */
import { describe, it, expect } from 'vitest';
import { ffhqQuad, toAligned } from '../../../src/core/faces/ffhq-quad';
import { alignFace, reflectIndex } from '../../../src/core/faces/ffhq-align';
import { checkFace } from '../../../src/core/faces/face-checks';
import type { FivePoints, Point, RgbImage } from '../../../src/core/faces/types';

// Eyes 200 apart on one line, mouth 200 below: x = (400, 0), c = (500, 500) by FFHQ's formulas.
const upright: FivePoints = {
  leftEye: { x: 400, y: 480 },
  rightEye: { x: 600, y: 480 },
  nose: { x: 500, y: 580 },
  mouthLeft: { x: 430, y: 680 },
  mouthRight: { x: 570, y: 680 },
};

function rotate(p: FivePoints, deg: number, c: Point): FivePoints {
  const a = (deg * Math.PI) / 180;
  const r = (q: Point) => ({ x: c.x + (q.x - c.x) * Math.cos(a) - (q.y - c.y) * Math.sin(a), y: c.y + (q.x - c.x) * Math.sin(a) + (q.y - c.y) * Math.cos(a) });
  return { leftEye: r(p.leftEye), rightEye: r(p.rightEye), nose: r(p.nose), mouthLeft: r(p.mouthLeft), mouthRight: r(p.mouthRight) };
}

describe('ffhqQuad', () => {
  it('matches the hand-computed FFHQ quad for an upright face', () => {
    const q = ffhqQuad(upright);
    expect(q.qsize).toBeCloseTo(800, 6);
    expect(q.centre).toEqual({ x: 500, y: 500 });
    const rounded = q.quad.map((p) => [Math.round(p.x * 1e6) / 1e6, Math.round(p.y * 1e6) / 1e6]);
    expect(rounded).toEqual([[100, 100], [100, 900], [900, 900], [900, 100]]);
  });

  it('uses |eye_to_mouth|·1.8 when the mouth is far from the eyes', () => {
    const tall = { ...upright, mouthLeft: { x: 430, y: 780 }, mouthRight: { x: 570, y: 780 } };
    expect(ffhqQuad(tall).qsize).toBeCloseTo(2 * 300 * 1.8, 6);
  });

  it('rotates with the face: the landmarks land on the same aligned spots', () => {
    const base = ffhqQuad(upright);
    const tilted = rotate(upright, 25, { x: 640, y: 512 });
    const q = ffhqQuad(tilted);
    expect(q.qsize).toBeCloseTo(800, 6);
    for (const k of Object.keys(upright) as (keyof FivePoints)[]) {
      const a = toAligned(base, upright[k], 1024);
      const b = toAligned(q, tilted[k], 1024);
      expect(b.x).toBeCloseTo(a.x, 6);
      expect(b.y).toBeCloseTo(a.y, 6);
    }
    expect(toAligned(base, upright.leftEye, 1024)).toEqual({ x: 384, y: 486.4 });
  });
});

describe('alignFace', () => {
  /** A grey image with coloured 9×9 dots at the five points. */
  function dotted(w: number, h: number, p: FivePoints): RgbImage {
    const data = new Uint8Array(w * h * 3).fill(128);
    const colours: Record<keyof FivePoints, number[]> = { leftEye: [255, 0, 0], rightEye: [0, 255, 0], nose: [0, 0, 255], mouthLeft: [255, 255, 0], mouthRight: [0, 255, 255] };
    for (const [k, pt] of Object.entries(p) as [keyof FivePoints, Point][]) {
      for (let y = Math.round(pt.y) - 4; y <= Math.round(pt.y) + 4; y++)
        for (let x = Math.round(pt.x) - 4; x <= Math.round(pt.x) + 4; x++) data.set(colours[k], (y * w + x) * 3);
    }
    return { data, width: w, height: h };
  }

  it('puts each landmark where the quad maps it, for a tilted face near the border (padding)', async () => {
    const tilted = rotate(upright, -20, { x: 500, y: 500 });
    const shifted: FivePoints = Object.fromEntries(Object.entries(tilted).map(([k, p]) => [k, { x: p.x - 250, y: p.y - 200 }])) as unknown as FivePoints;
    const img = dotted(900, 800, shifted);
    const { image, quad } = await alignFace(img, shifted, { outputSize: 256, transformSize: 1024 });
    expect([image.width, image.height]).toEqual([256, 256]);
    const px = (p: Point) => Array.from(image.data.subarray((Math.round(p.y) * 256 + Math.round(p.x)) * 3, (Math.round(p.y) * 256 + Math.round(p.x)) * 3 + 3));
    const le = px(toAligned(quad, shifted.leftEye, 256));
    const re = px(toAligned(quad, shifted.rightEye, 256));
    expect(le[0]).toBeGreaterThan(200);
    expect(le[1]).toBeLessThan(60);
    expect(re[1]).toBeGreaterThan(200);
    expect(re[0]).toBeLessThan(60);
    // The eyes are level in the output (alignment removed the tilt).
    expect(toAligned(quad, shifted.leftEye, 256).y).toBeCloseTo(toAligned(quad, shifted.rightEye, 256).y, 6);
  });

  it('reflects like numpy (edge not repeated)', () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5].map((i) => reflectIndex(i, 4))).toEqual([3, 2, 1, 0, 1, 2, 3, 2, 1]);
  });
});

describe('checkFace', () => {
  it('refuses small, tilted and turned faces', () => {
    const small = Object.fromEntries(Object.entries(upright).map(([k, p]) => [k, { x: p.x / 10, y: p.y / 10 }])) as unknown as FivePoints;
    expect(() => checkFace(small)).toThrow(/too small/);
    expect(() => checkFace(rotate(upright, 60, { x: 500, y: 500 }))).toThrow(/tilted/);
    expect(() => checkFace({ ...upright, nose: { x: 600, y: 580 } })).toThrow(/turned/);
    expect(checkFace(upright).qsize).toBeCloseTo(800, 6);
  });
});
