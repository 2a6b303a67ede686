import { describe, expect, it } from 'vitest';
import { REGION_COUNT, REGION_NAMES } from '../../../src/core/genes/regions';
import { FACE_REGIONS, NAV_ORDER, ellipse, mirror, regionGeometry } from '../../../src/renderer/src/facemap/face-geometry';

describe('face geometry', () => {
  it('has every region index 0..33 exactly once, named as REGION_NAMES', () => {
    expect(REGION_COUNT).toBe(34);
    expect(FACE_REGIONS).toHaveLength(34);
    const indices = FACE_REGIONS.map((g) => g.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 34 }, (_, i) => i));
    for (const g of FACE_REGIONS) {
      expect(g.name).toBe(REGION_NAMES[g.index]);
      expect(regionGeometry(g.index)).toBe(g);
    }
  });

  it('gives every region a drawable shape inside the view box and an anchor', () => {
    for (const g of FACE_REGIONS) {
      expect(g.shapes.length, g.name).toBeGreaterThan(0);
      for (const s of [...g.shapes.map((x) => x.d), ...(g.hit ?? [])]) {
        expect(s, g.name).toMatch(/^M/);
        const nums = s.match(/-?\d+(?:\.\d+)?/g)!.map(Number);
        for (let k = 0; k < nums.length; k += 2) {
          expect(nums[k]).toBeGreaterThanOrEqual(0);
          expect(nums[k]).toBeLessThanOrEqual(300);
          expect(nums[k + 1]).toBeGreaterThanOrEqual(0);
          expect(nums[k + 1]).toBeLessThanOrEqual(360);
        }
      }
      expect(g.anchor).toHaveLength(2);
    }
  });

  it('draws the background first, and the keyboard order visits every region once', () => {
    expect(FACE_REGIONS[0]!.index).toBe(0);
    expect([...NAV_ORDER].sort((a, b) => a - b)).toEqual(Array.from({ length: 34 }, (_, i) => i));
  });

  it('mirrors paths about the centre line', () => {
    expect(mirror('M100,20 L140,30 C1,2 3,4 5,6 Z')).toBe('M200,20 L160,30 C299,2 297,4 295,6 Z');
    // The same points, traversed the other way round.
    const xs = (d: string) => d.match(/-?\d+(?:\.\d+)?/g)!.filter((_, k) => k % 2 === 0).map(Number).filter((v, k, a) => a.indexOf(v) === k).sort((a, b) => a - b);
    expect(xs(mirror(ellipse(100, 50, 10, 5)))).toEqual(xs(ellipse(200, 50, 10, 5)));
  });
});
