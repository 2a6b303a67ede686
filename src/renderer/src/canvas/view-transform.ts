/**
 * Pan and zoom of the tree canvas as pure math (unit-tested): world → screen is
 * screen = (world − center)·zoom + viewport/2, with y pointing down on both.
 */
export interface View {
  centerX: number;
  centerY: number;
  zoom: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

export function screenToWorld(view: View, width: number, height: number, sx: number, sy: number): [number, number] {
  return [(sx - width / 2) / view.zoom + view.centerX, (sy - height / 2) / view.zoom + view.centerY];
}

export function worldToScreen(view: View, width: number, height: number, wx: number, wy: number): [number, number] {
  return [(wx - view.centerX) * view.zoom + width / 2, (wy - view.centerY) * view.zoom + height / 2];
}

/** Zoom by `factor` keeping the world point under the cursor fixed on screen. */
export function zoomAt(view: View, width: number, height: number, sx: number, sy: number, factor: number): View {
  const zoom = clampZoom(view.zoom * factor);
  const [wx, wy] = screenToWorld(view, width, height, sx, sy);
  return { zoom, centerX: wx - (sx - width / 2) / zoom, centerY: wy - (sy - height / 2) / zoom };
}

/** Pan by a screen-space drag of (dx, dy) pixels. */
export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, centerX: view.centerX - dx / view.zoom, centerY: view.centerY - dy / view.zoom };
}

/** The view that shows all of `bounds` with `padding` screen pixels around it. */
export function fitView(bounds: Bounds | null, width: number, height: number, padding = 48): View {
  if (!bounds || width <= 0 || height <= 0) return { centerX: 0, centerY: 0, zoom: 1 };
  const w = Math.max(1, bounds.maxX - bounds.minX);
  const h = Math.max(1, bounds.maxY - bounds.minY);
  const zoom = clampZoom(Math.min((width - 2 * padding) / w, (height - 2 * padding) / h, 1.5));
  return { centerX: (bounds.minX + bounds.maxX) / 2, centerY: (bounds.minY + bounds.maxY) / 2, zoom };
}
