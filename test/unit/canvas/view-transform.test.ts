import { describe, expect, it } from 'vitest';
import { fitView, panBy, screenToWorld, worldToScreen, zoomAt, MAX_ZOOM } from '../../../src/renderer/src/canvas/view-transform';

describe('canvas view transform', () => {
  const W = 800;
  const H = 600;
  it('round-trips screen and world coordinates', () => {
    const v = { centerX: 120, centerY: -40, zoom: 1.7 };
    const [wx, wy] = screenToWorld(v, W, H, 13, 501);
    const [sx, sy] = worldToScreen(v, W, H, wx, wy);
    expect(sx).toBeCloseTo(13, 9);
    expect(sy).toBeCloseTo(501, 9);
  });
  it('zooms around the cursor', () => {
    const v = { centerX: 10, centerY: 20, zoom: 1 };
    const before = screenToWorld(v, W, H, 100, 50);
    const z = zoomAt(v, W, H, 100, 50, 2);
    expect(z.zoom).toBe(2);
    const after = screenToWorld(z, W, H, 100, 50);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
  });
  it('clamps the zoom', () => {
    expect(zoomAt({ centerX: 0, centerY: 0, zoom: 1 }, W, H, 0, 0, 1e6).zoom).toBe(MAX_ZOOM);
  });
  it('pans opposite to the drag in world units', () => {
    expect(panBy({ centerX: 0, centerY: 0, zoom: 2 }, 100, -50)).toEqual({ centerX: -50, centerY: 25, zoom: 2 });
  });
  it('fits bounds inside the viewport', () => {
    const v = fitView({ minX: 0, minY: 0, maxX: 2000, maxY: 500 }, W, H, 50);
    expect(v.centerX).toBe(1000);
    expect(v.centerY).toBe(250);
    expect(v.zoom).toBeCloseTo(700 / 2000, 9);
    const [left] = worldToScreen(v, W, H, 0, 0);
    expect(left).toBeCloseTo(50, 6);
  });
});
