/**
 * StyleGene's latent-based gene encoder (LGE, keys `w2sub34.*`) and gene decoder (keys
 * `sub2w.*`) of stylegene_N18.ckpt as ONNX graphs.
 *
 * Both are MLP-Mixers over N·34 = 612 (layer, region) tokens of width 512: a token mixer
 * (a 1×1 Conv1d across tokens, i.e. a matrix product from the left) and a channel mixer
 * (Linear over the 512 channels), each pre-normed (LayerNorm over channels) and residual.
 * Token t = layer·34 + region, the order the reference splits its tokens in, so mu and
 * logvar come out as [B, 18, 34, 512]. Sequential indices in the key names follow the
 * reference, whose parameter-free rearranges occupy slots.
 */
import { GraphBuilder } from '../onnx/graph-builder';
import type { WeightSource } from '../checkpoints/state-dict';
import { gelu, layerNorm, linear } from './layers';
import { LATENT_SHAPE } from '../../domain/latent-shape';

export const N_LAYERS = LATENT_SHAPE.numWs;
export const REGIONS = LATENT_SHAPE.regions;
const DIM = LATENT_SHAPE.wDim;
const TOKENS = N_LAYERS * REGIONS;

/** A 1×1 Conv1d over the token axis of x [B,T,D]: W [out,T,1] · x + b[:,None]. */
function tokenDense(g: GraphBuilder, w: WeightSource, key: string, x: string, inT: number, outT: number): string {
  const wt = w.take(`${key}.weight`, [outT, inT, 1]);
  const b = w.take(`${key}.bias`, [outT]);
  const y = g.node('MatMul', [g.initializer(wt, [outT, inT]), x]);
  return g.node('Add', [y, g.initializer(b, [outT, 1])]);
}

function channelDense(g: GraphBuilder, w: WeightSource, key: string, x: string, inD: number, outD: number): string {
  return linear(g, x, w.take(`${key}.weight`, [outD, inD]), w.take(`${key}.bias`, [outD]), inD, outD);
}

function norm(g: GraphBuilder, w: WeightSource, key: string, x: string, dim: number): string {
  return layerNorm(g, x, w.take(`${key}.weight`, [dim]), w.take(`${key}.bias`, [dim]));
}

/** One mixer block at `key`: token mixing (expansion 4) then channel mixing (expansion ½). */
function mixerBlock(g: GraphBuilder, w: WeightSource, key: string, x: string): string {
  const innerT = TOKENS * 4;
  let h = norm(g, w, `${key}.0.norm`, x, DIM);
  h = tokenDense(g, w, `${key}.0.fn.0`, h, TOKENS, innerT);
  h = tokenDense(g, w, `${key}.0.fn.3`, gelu(g, h), innerT, TOKENS);
  x = g.node('Add', [h, x]);
  const innerD = DIM / 2;
  let c = norm(g, w, `${key}.1.norm`, x, DIM);
  c = channelDense(g, w, `${key}.1.fn.0`, c, DIM, innerD);
  c = channelDense(g, w, `${key}.1.fn.3`, gelu(g, c), innerD, DIM);
  return g.node('Add', [c, x]);
}

const swap12 = (g: GraphBuilder, x: string): string => g.node('Transpose', [x], { perm: { kind: 'ints', value: [0, 2, 1] } });

/** wplus [B,18,512] → mu, logvar [B,18,34,512]. `w` reads with prefix 'w2sub34.'. */
export function buildLge(w: WeightSource): GraphBuilder {
  const g = new GraphBuilder('lge', { docString: 'StyleGene latent-based gene encoder, wplus -> mu, logvar (converted by Kinship Studio)' });
  const wplus = g.input('wplus', ['B', N_LAYERS, DIM]);
  // layer: swap → Linear(N → N·34) over layers → swap → 8 mixer blocks → LayerNorm.
  let f = channelDense(g, w, 'layer.1', swap12(g, wplus), N_LAYERS, TOKENS);
  f = swap12(g, f);
  for (let i = 0; i < 8; i++) f = mixerBlock(g, w, `layer.${3 + i}`, f);
  f = norm(g, w, 'layer.11', f, DIM);
  const head = (name: 'mu' | 'logvar', key: string): void => {
    let h = mixerBlock(g, w, `${key}.0`, f);
    h = mixerBlock(g, w, `${key}.1`, h);
    h = g.node('Tanh', [norm(g, w, `${key}.2`, h, DIM)]);
    g.output(name, g.node('Reshape', [h, g.constI([0, N_LAYERS, REGIONS, DIM])]), ['B', N_LAYERS, REGIONS, DIM]);
  };
  head('mu', 'mu_fc');
  head('logvar', 'var_fc');
  return g;
}

/** genes [B,18,34,512] → wplus [B,18,512]. `w` reads with prefix 'sub2w.'. */
export function buildDecoder(w: WeightSource): GraphBuilder {
  const g = new GraphBuilder('decoder', { docString: 'StyleGene gene decoder, genes -> wplus (converted by Kinship Studio)' });
  const genes = g.input('genes', ['B', N_LAYERS, REGIONS, DIM]);
  let x = g.node('Reshape', [genes, g.constI([0, TOKENS, DIM])]);
  for (let i = 0; i < 6; i++) x = mixerBlock(g, w, `layer.${1 + i}`, x);
  x = norm(g, w, 'layer.7', x, DIM);
  x = swap12(g, x); // [B,512,612]
  x = channelDense(g, w, 'layer.9', x, TOKENS, TOKENS);
  x = gelu(g, norm(g, w, 'layer.10', x, TOKENS));
  x = channelDense(g, w, 'layer.12', x, TOKENS, N_LAYERS);
  g.output('wplus', swap12(g, x), ['B', N_LAYERS, DIM]);
  return g;
}
