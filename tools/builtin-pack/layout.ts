/** Fixed layout of the built-in pack's latent space: who owns which W+ dimensions. */

import { LATENT_SHAPE } from '../../src/domain/latent-shape.js';

export const NUM_WS = LATENT_SHAPE.numWs;
export const W_DIM = LATENT_SHAPE.wDim;
export const NUM_REGIONS = LATENT_SHAPE.regions;
/** Each region owns this many consecutive dims in every layer (34 × 15 = 510; 510, 511 spare). */
export const SLICE = 15;
export const RESOLUTION = 256;
/** Layers 0..7 carry shape (coarse), 8..17 colour and lighting (fine), as in StyleGAN. */
export const COARSE_LAYERS = [0, 8] as const;
export const FINE_LAYERS = [8, 18] as const;
/** Truncation the mapping is designed for: at ψ = 0.7 the designed parameter values come back. */
export const DESIGN_PSI = 0.7;

// The region vocabulary is the app's own (src/domain/regions.ts order).
export { REGION_NAMES, type RegionName } from '../../src/core/genes/regions';
import { REGION_NAMES, type RegionName } from '../../src/core/genes/regions';


export function regionIndex(name: RegionName): number {
  return REGION_NAMES.indexOf(name);
}

/** First W dim of a region's slice. */
export function sliceStart(region: number): number {
  return region * SLICE;
}

/** [34, 512] 0/1 masks: mask[r, d] = 1 where region r owns dim d. */
export function regionDimMasks(): Float32Array {
  const m = new Float32Array(NUM_REGIONS * W_DIM);
  for (let r = 0; r < NUM_REGIONS; r++) {
    for (let k = 0; k < SLICE; k++) m[r * W_DIM + sliceStart(r) + k] = 1;
  }
  return m;
}
