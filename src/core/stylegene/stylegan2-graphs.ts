/**
 * StyleGAN2 (key layout of rosinality's stylegan2-pytorch, the `g_ema` of
 * stylegan2-ffhq-config-f.pt) as ONNX graphs: the mapping network z → w and the synthesis
 * network wplus → image.
 *
 * A modulated convolution is written as: scale the input's channels by the style, convolve
 * with the static weight, scale the output's channels by the demodulation factor. That is
 * the same sum as the reference's per-sample (grouped) weights, with the weights kept as
 * graph constants. The checkpoint's fixed noise buffers are used (no random noise), so a
 * W+ gives the same image every time.
 */
import { GraphBuilder } from '../onnx/graph-builder';
import type { WeightSource } from '../checkpoints/state-dict';
import { CheckpointError } from '../checkpoints/checkpoint-error';
import type { StateDict } from '../checkpoints/state-dict';
import { TorchTensor } from '../checkpoints/torch-pickle';
import { attr } from '../onnx/graph-builder';
import { conv2d, firFilter, fusedLrelu, leakyRelu, linear, scaled, toNchw, transpose2d, zeroInsert2 } from './layers';

export const STYLE_DIM = 512;
const N_MLP = 8;
const LR_MLP = 0.01;

export function channelsFor(res: number, channelMultiplier = 2): number {
  const cm = channelMultiplier;
  const table: Record<number, number> = { 4: 512, 8: 512, 16: 512, 32: 512, 64: 256 * cm, 128: 128 * cm, 256: 64 * cm, 512: 32 * cm, 1024: 16 * cm };
  const c = table[res];
  if (c === undefined) throw new Error(`no StyleGAN2 channel count for resolution ${res}`);
  return c;
}

/** Resolution and channel multiplier of a g_ema state dict (as tools/convert's infer_resolution). */
export function inferGenerator(state: StateDict, file: string): { resolution: number; channelMultiplier: number } {
  let n = 0;
  while (state.has(`to_rgbs.${n}.conv.weight`)) n++;
  if (n === 0) throw new CheckpointError(file, "missing key 'to_rgbs.0.conv.weight' - not a StyleGAN2 generator");
  let cm = 2;
  if (n >= 4) {
    const t = state.get('to_rgbs.3.conv.weight');
    if (t instanceof TorchTensor && t.shape.length === 5) cm = Math.max(1, Math.floor(t.shape[2]! / 256));
  }
  return { resolution: 2 ** (n + 2), channelMultiplier: cm };
}

/** The number of W+ layers a generator of this resolution reads (18 at 1024). */
export function nLatent(resolution: number): number {
  return Math.log2(resolution) * 2 - 2;
}

/** PixelNorm then 8 EqualLinear layers (lr_mul 0.01, fused leaky ReLU). */
function mappingNodes(g: GraphBuilder, w: WeightSource, z: string): string {
  const ms = g.node('ReduceMean', [g.node('Mul', [z, z])], { axes: { kind: 'ints', value: [1] }, keepdims: { kind: 'int', value: 1 } });
  let x = g.node('Mul', [z, g.node('Reciprocal', [g.node('Sqrt', [g.node('Add', [ms, g.constF(1e-8)])])])]);
  const scale = (1 / Math.sqrt(STYLE_DIM)) * LR_MLP;
  for (let i = 1; i <= N_MLP; i++) {
    const wt = w.take(`${i}.weight`, [STYLE_DIM, STYLE_DIM]);
    const b = w.take(`${i}.bias`, [STYLE_DIM]);
    x = fusedLrelu(g, linear(g, x, wt, b, STYLE_DIM, STYLE_DIM, scale, LR_MLP));
  }
  return x;
}

/** `w` reads the g_ema state dict with prefix 'style.'. */
export function buildMapping(w: WeightSource): GraphBuilder {
  const g = new GraphBuilder('mapping', { docString: 'StyleGAN2 mapping network z -> w (converted by Kinship Studio from a PyTorch checkpoint)' });
  const z = g.input('z', ['B', STYLE_DIM]);
  g.output('w', mappingNodes(g, w, z), ['B', STYLE_DIM]);
  return g;
}

interface ModConvOpts {
  inCh: number;
  outCh: number;
  k: number;
  demodulate: boolean;
  upsample: boolean;
}

/** rosinality's ModulatedConv2d at `key` (…conv.weight, …conv.modulation.*, …conv.blur.kernel). */
function modulatedConv(g: GraphBuilder, w: WeightSource, key: string, x: string, style: string, o: ModConvOpts): string {
  const weight = w.take(`${key}.weight`, [1, o.outCh, o.inCh, o.k, o.k]);
  const scale = 1 / Math.sqrt(o.inCh * o.k * o.k);
  // Modulation: EqualLinear(style_dim → in, bias_init 1), lr_mul 1.
  const mw = w.take(`${key}.modulation.weight`, [o.inCh, STYLE_DIM]);
  const mb = w.take(`${key}.modulation.bias`, [o.inCh]);
  const s = linear(g, style, mw, mb, STYLE_DIM, o.inCh, 1 / Math.sqrt(STYLE_DIM), 1);
  const ws = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) ws[i] = weight[i]! * scale;
  const xs = g.node('Mul', [x, toNchw(g, s)]);
  let out: string;
  if (o.upsample) {
    // conv_transpose2d(x, wᵀ, stride 2): ONNX ConvTranspose takes the weight as [in,out,k,k], i.e. w.transpose(0,1).
    const wt = new Float32Array(ws.length);
    const kk = o.k * o.k;
    for (let oc = 0; oc < o.outCh; oc++) for (let ic = 0; ic < o.inCh; ic++) for (let q = 0; q < kk; q++) wt[(ic * o.outCh + oc) * kk + q] = ws[(oc * o.inCh + ic) * kk + q]!;
    const up = g.node('ConvTranspose', [xs, g.initializer(wt, [o.inCh, o.outCh, o.k, o.k])], {
      kernel_shape: { kind: 'ints', value: [o.k, o.k] },
      strides: { kind: 'ints', value: [2, 2] },
    });
    const kernel = w.take(`${key}.blur.kernel`, [4, 4]);
    // Blur after the transposed conv: pad ((p+1)//2 + factor - 1, p//2 + 1) with p = (4 - 2) - (k - 1).
    const p = 4 - 2 - (o.k - 1);
    out = firFilter(g, up, kernel, 4, o.outCh, Math.floor((p + 1) / 2) + 1, Math.floor(p / 2) + 1);
  } else {
    out = conv2d(g, xs, ws, null, { inCh: o.inCh, outCh: o.outCh, k: o.k, pad: Math.floor(o.k / 2) });
  }
  if (o.demodulate) {
    // Σ_{i,k} (w[o,i,k]·s[b,i])² = (s²) · (Σ_k w²)ᵀ
    const wsq = new Float32Array(o.outCh * o.inCh);
    const kk = o.k * o.k;
    for (let oc = 0; oc < o.outCh; oc++) {
      for (let ic = 0; ic < o.inCh; ic++) {
        let acc = 0;
        for (let q = 0; q < kk; q++) acc += ws[(oc * o.inCh + ic) * kk + q]! ** 2;
        wsq[oc * o.inCh + ic] = acc;
      }
    }
    const sq = g.node('MatMul', [g.node('Mul', [s, s]), g.initializer(transpose2d(wsq, o.outCh, o.inCh), [o.inCh, o.outCh])]);
    const demod = g.node('Reciprocal', [g.node('Sqrt', [g.node('Add', [sq, g.constF(1e-8)])])]);
    out = g.node('Mul', [out, toNchw(g, demod)]);
  }
  return out;
}

function styledConv(g: GraphBuilder, w: WeightSource, key: string, x: string, style: string, noise: NoiseKey, inCh: number, outCh: number, upsample: boolean, form: ModulationForm): string {
  const nw = w.take(`${key}.noise.weight`, [1])[0]!;
  const shape = [1, 1, noise.res, noise.res];
  const n = w.take(noise.key, shape);
  const bias = w.take(`${key}.activate.bias`, [outCh]);
  if (form === 'weights') {
    // lrelu(v)·√2 = lrelu(√2·v): √2 goes into the weight, the bias and the noise, so the
    // largest tensors pass through the convolution, one Add and the activation only.
    const conv = modulatedConvWeights(g, w, `${key}.conv`, x, style, { inCh, outCh, k: 3, demodulate: true, upsample }, Math.SQRT2, upsample ? null : bias);
    let out = g.node('Add', [conv, g.initializer(n.map((v) => v * nw * Math.SQRT2), shape)]);
    if (upsample) out = g.node('Add', [out, g.initializer(bias.map((v) => v * Math.SQRT2), [1, outCh, 1, 1])]);
    return leakyRelu(g, out);
  }
  let out = modulatedConv(g, w, `${key}.conv`, x, style, { inCh, outCh, k: 3, demodulate: true, upsample });
  // Noise injection with the checkpoint's fixed noise: a constant image times its weight.
  out = g.node('Add', [out, g.initializer(n.map((v) => v * nw), shape)]);
  out = g.node('Add', [out, g.initializer(bias, [1, outCh, 1, 1])]);
  return fusedLrelu(g, out);
}

/**
 * The reference's own form for one sample (x [1,in,H,W], style [1,512]): the weight is
 * modulated and demodulated at run time (w·s·d, [out,in,k,k], a few MB) and the image goes
 * through one convolution with it. `outScale` multiplies the whole output (folded into the
 * weight and the bias); `bias` [out] is added by the convolution itself.
 */
function modulatedConvWeights(g: GraphBuilder, w: WeightSource, key: string, x: string, style: string, o: ModConvOpts, outScale: number, bias: Float32Array | null): string {
  const weight = w.take(`${key}.weight`, [1, o.outCh, o.inCh, o.k, o.k]);
  const scale = 1 / Math.sqrt(o.inCh * o.k * o.k);
  const mw = w.take(`${key}.modulation.weight`, [o.inCh, STYLE_DIM]);
  const mb = w.take(`${key}.modulation.bias`, [o.inCh]);
  const s = linear(g, style, mw, mb, STYLE_DIM, o.inCh, 1 / Math.sqrt(STYLE_DIM), 1);
  const kk = o.k * o.k;
  const ws = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) ws[i] = weight[i]! * scale;
  let wm = g.node('Mul', [g.initializer(scaled(ws, outScale), [o.outCh, o.inCh, o.k, o.k]), g.node('Reshape', [s, g.constI([1, o.inCh, 1, 1])])]);
  if (o.demodulate) {
    const wsq = new Float32Array(o.outCh * o.inCh);
    for (let oc = 0; oc < o.outCh; oc++) {
      for (let ic = 0; ic < o.inCh; ic++) {
        let acc = 0;
        for (let q = 0; q < kk; q++) acc += ws[(oc * o.inCh + ic) * kk + q]! ** 2;
        wsq[oc * o.inCh + ic] = acc;
      }
    }
    const sq = g.node('MatMul', [g.node('Mul', [s, s]), g.initializer(transpose2d(wsq, o.outCh, o.inCh), [o.inCh, o.outCh])]);
    const demod = g.node('Reciprocal', [g.node('Sqrt', [g.node('Add', [sq, g.constF(1e-8)])])]);
    wm = g.node('Mul', [wm, g.node('Reshape', [demod, g.constI([o.outCh, 1, 1, 1])])]);
  }
  if (o.upsample) {
    const wt = g.node('Transpose', [wm], { perm: attr.ints([1, 0, 2, 3]) });
    const up = g.node('ConvTranspose', [x, wt], { kernel_shape: attr.ints([o.k, o.k]), strides: attr.ints([2, 2]) });
    const kernel = w.take(`${key}.blur.kernel`, [4, 4]);
    const p = 4 - 2 - (o.k - 1);
    return firFilter(g, up, kernel, 4, o.outCh, Math.floor((p + 1) / 2) + 1, Math.floor(p / 2) + 1);
  }
  const pad = Math.floor(o.k / 2);
  const inputs = [x, wm];
  if (bias) inputs.push(g.initializer(scaled(bias, outScale), [o.outCh]));
  return g.node('Conv', inputs, { kernel_shape: attr.ints([o.k, o.k]), pads: attr.ints([pad, pad, pad, pad]) });
}

interface NoiseKey {
  key: string;
  res: number;
}

function toRgb(g: GraphBuilder, w: WeightSource, key: string, x: string, style: string, inCh: number, skip: string | null, form: ModulationForm): string {
  const bias = w.take(`${key}.bias`, [1, 3, 1, 1]);
  let out =
    form === 'weights'
      ? modulatedConvWeights(g, w, `${key}.conv`, x, style, { inCh, outCh: 3, k: 1, demodulate: false, upsample: false }, 1, bias)
      : g.node('Add', [modulatedConv(g, w, `${key}.conv`, x, style, { inCh, outCh: 3, k: 1, demodulate: false, upsample: false }), g.initializer(bias, [1, 3, 1, 1])]);
  if (skip) {
    // upfirdn2d(up=2) with the kernel ×4 and pad (2, 1): zero insertion, then the FIR filter.
    const kernel = w.take(`${key}.upsample.kernel`, [4, 4]);
    out = g.node('Add', [out, firFilter(g, zeroInsert2(g, skip, 3), kernel, 4, 3, 2, 1)]);
  }
  return out;
}

/**
 * How a modulated convolution is written: 'activations' scales the input's channels by the
 * style and the output's by the demodulation around a convolution with the static weight;
 * 'weights' modulates the weight per sample (the reference's form) and runs each sample
 * through its own convolution (a Scan over the batch). Measured in tools/bench-graph-form.ts
 * (docs/ARCHITECTURE.md, "Model packs").
 */
export type ModulationForm = 'activations' | 'weights';

export interface GeneratorOptions {
  resolution: number;
  channelMultiplier: number;
  /**
   * Build the preview graph instead: the same network stopped after the to_rgb at this
   * resolution, output `preview` [B,3,P,P] clamped to [-1,1] (the pack's generatorPreview).
   */
  stopAt?: number;
  /** How modulated convolutions are written (default 'activations'). */
  form?: ModulationForm;
}

/** wplus [B,18,512] → image [B,3,R,R] clamped to [-1,1] (or `preview` [B,3,P,P] with stopAt). */
export function buildGenerator(w: WeightSource, o: GeneratorOptions): GraphBuilder {
  const res = o.resolution;
  const logSize = Math.log2(res);
  if (!Number.isInteger(logSize) || res < 8) throw new Error(`generator resolution must be a power of two >= 8, got ${res}`);
  const stopLog = o.stopAt === undefined ? logSize : Math.log2(o.stopAt);
  if (!Number.isInteger(stopLog) || stopLog < 3 || stopLog > logSize) throw new Error(`preview resolution ${o.stopAt} is not a resolution of a ${res}x${res} generator`);
  const preview = o.stopAt !== undefined;
  const form = o.form ?? 'activations';
  const g = new GraphBuilder(preview ? 'generator-preview' : 'generator', {
    docString: `StyleGAN2 synthesis network ${res}x${res}${preview ? ` stopped at ${o.stopAt}x${o.stopAt}` : ''}, wplus -> image, modulated ${form} (converted by Kinship Studio)`,
  });
  if (!preview) {
    // The mapping network's keys belong to the same state dict: checked here, built by buildMapping.
    for (let i = 1; i <= N_MLP; i++) {
      w.tensor(`style.${i}.weight`, [STYLE_DIM, STYLE_DIM]);
      w.tensor(`style.${i}.bias`, [STYLE_DIM]);
    }
  }
  const P = 2 ** stopLog;
  const outName = preview ? 'preview' : 'image';
  if (form === 'activations') {
    const wplus = g.input('wplus', ['B', 18, STYLE_DIM]);
    g.output(outName, synthesis(g, w, o, logSize, stopLog, wplus, form), ['B', 3, P, P]);
    return g;
  }
  // Per-sample weights: the body draws one image ([18,512] → [3,P,P]); Scan runs it over the batch.
  const body = new GraphBuilder('generator-sample');
  const one = body.node('Unsqueeze', [body.input('wplus_one', [18, STYLE_DIM]), body.constI([0])]);
  body.output('image_one', body.node('Squeeze', [synthesis(body, w, o, logSize, stopLog, one, form), body.constI([0])]), [3, P, P]);
  const wplus = g.input('wplus', ['B', 18, STYLE_DIM]);
  body.moveInitializersTo(g);
  g.node('Scan', [wplus], { body: attr.graph(body), num_scan_inputs: attr.int(1) }, [outName]);
  g.output(outName, outName, ['B', 3, P, P]);
  return g;
}

/** The synthesis network's nodes from wplus ([N,18,512]) to the clamped image; returns its name. */
function synthesis(g: GraphBuilder, w: WeightSource, o: GeneratorOptions, logSize: number, stopLog: number, wplus: string, form: ModulationForm): string {
  const layer = (i: number): string => g.node('Gather', [wplus, g.constI([i], [])], { axis: { kind: 'int', value: 1 } });
  const numLayers = (logSize - 2) * 2 + 1;
  const noiseKeys: NoiseKey[] = [];
  for (let i = 0; i < numLayers; i++) noiseKeys.push({ key: `noises.noise_${i}`, res: 2 ** Math.floor((i + 5) / 2) });
  const c4 = channelsFor(4, o.channelMultiplier);
  const input = w.take('input.input', [1, c4, 4, 4]);
  let x = g.initializer(input, [1, c4, 4, 4]);
  x = styledConv(g, w, 'conv1', x, layer(0), noiseKeys[0]!, c4, c4, false, form);
  let skip = toRgb(g, w, 'to_rgb1', x, layer(1), c4, null, form);
  let inCh = c4;
  let li = 1;
  for (let lvl = 3, b = 0; lvl <= stopLog; lvl++, b++) {
    const outCh = channelsFor(2 ** lvl, o.channelMultiplier);
    x = styledConv(g, w, `convs.${2 * b}`, x, layer(li), noiseKeys[1 + 2 * b]!, inCh, outCh, true, form);
    x = styledConv(g, w, `convs.${2 * b + 1}`, x, layer(li + 1), noiseKeys[2 + 2 * b]!, outCh, outCh, false, form);
    skip = toRgb(g, w, `to_rgbs.${b}`, x, layer(li + 2), outCh, skip, form);
    li += 2;
    inCh = outCh;
  }
  return g.node('Clip', [skip, g.constF(-1), g.constF(1)]);
}
