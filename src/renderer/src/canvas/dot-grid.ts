/**
 * The background dot grid as GL points, rebuilt only for the visible area. A
 * full-screen fragment shader looked the same but cost most of each frame under
 * software GL; a thousand points cost almost nothing.
 */
import * as THREE from 'three';
import type { View } from './view-transform';

const SPACING = 32;
/** Dots closer than this on screen are thinned out (every 2nd, 4th, … line). */
const MIN_SCREEN_GAP = 28;
const MAX_DOTS = 20_000;

export class DotGrid {
  readonly points: THREE.Points<THREE.BufferGeometry, THREE.PointsMaterial>;
  private readonly positions = new Float32Array(MAX_DOTS * 3);
  private readonly attribute = new THREE.BufferAttribute(this.positions, 3);
  private key = '';

  constructor() {
    this.attribute.setUsage(THREE.DynamicDrawUsage);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', this.attribute);
    this.points = new THREE.Points(geometry, new THREE.PointsMaterial({ color: 0x343946, size: 2, sizeAttenuation: false }));
    this.points.frustumCulled = false;
    this.points.renderOrder = -10;
  }

  update(view: View, width: number, height: number): void {
    let step = SPACING;
    while (step * view.zoom < MIN_SCREEN_GAP) step *= 2;
    const halfW = width / 2 / view.zoom;
    const halfH = height / 2 / view.zoom;
    const x0 = Math.floor((view.centerX - halfW) / step);
    const x1 = Math.ceil((view.centerX + halfW) / step);
    const y0 = Math.floor((view.centerY - halfH) / step);
    const y1 = Math.ceil((view.centerY + halfH) / step);
    const key = `${step}|${x0}|${x1}|${y0}|${y1}`;
    if (key === this.key) return; // same dots: panning within one cell moves only the camera
    this.key = key;
    let n = 0;
    for (let gx = x0; gx <= x1 && n < MAX_DOTS; gx++) {
      for (let gy = y0; gy <= y1 && n < MAX_DOTS; gy++) {
        this.positions[n * 3] = gx * step;
        this.positions[n * 3 + 1] = -gy * step;
        this.positions[n * 3 + 2] = -50;
        n++;
      }
    }
    this.points.geometry.setDrawRange(0, n);
    this.attribute.needsUpdate = true;
  }

  dispose(): void {
    this.points.geometry.dispose();
    this.points.material.dispose();
  }
}
