/**
 * LGE and gene decoder of the built-in pack: region r's gene is its own W-slice in every
 * layer, so crossover on region r only changes what region r's slice controls.
 */
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';
import { NUM_REGIONS, NUM_WS, W_DIM, regionDimMasks } from './layout.js';

/** std = exp(0.5·logvar) ≈ 0.08 in x-units: mutation noise gives mild variety, not chaos. */
export const LGE_LOGVAR = -5;

export function buildLge(): Uint8Array {
  const g = new GraphBuilder('builtin_lge');
  const wplus = g.input('wplus', ['B', NUM_WS, W_DIM]);
  const masks = g.initializer(regionDimMasks(), [NUM_REGIONS, W_DIM], 'region_dim_masks');
  const w4 = g.node('Unsqueeze', [wplus, g.constI([2])]); // [B,18,1,512]
  const mu = g.node('Mul', [w4, masks]); // [B,18,34,512]
  g.output('mu', mu, ['B', NUM_WS, NUM_REGIONS, W_DIM]);
  const lv = g.node('Expand', [g.constF(LGE_LOGVAR), g.node('Shape', [mu])]);
  g.output('logvar', lv, ['B', NUM_WS, NUM_REGIONS, W_DIM]);
  return g.serialize();
}

export function buildDecoder(): Uint8Array {
  const g = new GraphBuilder('builtin_decoder');
  const genes = g.input('genes', ['B', NUM_WS, NUM_REGIONS, W_DIM]);
  const masks = g.initializer(regionDimMasks(), [NUM_REGIONS, W_DIM], 'region_dim_masks');
  const masked = g.node('Mul', [genes, masks]);
  const w = g.node('ReduceSum', [masked, g.constI([2])], { keepdims: attr.int(0) });
  g.output('wplus', w, ['B', NUM_WS, W_DIM]);
  return g.serialize();
}
