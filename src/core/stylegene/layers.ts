/**
 * Neural-network layers as ONNX nodes (opset 17) for the StyleGene graphs: each helper
 * adds the nodes of one PyTorch layer to a GraphBuilder and returns the output's name.
 * Weights arrive as float32 arrays in PyTorch's layout; the helpers rearrange them once
 * (transposes, folded scales) so the graph does the least work at run time.
 */
import { attr, type GraphBuilder } from '../onnx/graph-builder';

/** W [out,in] (PyTorch Linear) → its transpose [in,out], optionally scaled. */
export function transpose2d(w: Float32Array, rows: number, cols: number, scale = 1): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]! * scale;
  return out;
}

export function scaled(w: Float32Array, s: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i]! * s;
  return out;
}

/** y = x · Wᵀ + b over the last axis (PyTorch Linear); W given as [out,in]. */
export function linear(g: GraphBuilder, x: string, w: Float32Array, b: Float32Array | null, inDim: number, outDim: number, wScale = 1, bScale = 1): string {
  const wt = g.initializer(transpose2d(w, outDim, inDim, wScale), [inDim, outDim]);
  const y = g.node('MatMul', [x, wt]);
  return b ? g.node('Add', [y, g.initializer(bScale === 1 ? b : scaled(b, bScale), [outDim])]) : y;
}

export function leakyRelu(g: GraphBuilder, x: string, slope = 0.2): string {
  return g.node('LeakyRelu', [x], { alpha: attr.float(slope) });
}

/** StyleGAN2's fused leaky ReLU: leaky_relu(x, 0.2) · √2. */
export function fusedLrelu(g: GraphBuilder, x: string): string {
  return g.node('Mul', [leakyRelu(g, x), g.constF(Math.SQRT2)]);
}

/** Exact GELU (PyTorch's default): x · ½ · (1 + erf(x / √2)). */
export function gelu(g: GraphBuilder, x: string): string {
  const e = g.node('Erf', [g.node('Mul', [x, g.constF(Math.SQRT1_2)])]);
  const h = g.node('Mul', [x, g.constF(0.5)]);
  return g.node('Mul', [h, g.node('Add', [e, g.constF(1)])]);
}

/** LayerNorm over the last axis (eps 1e-5, PyTorch's default). */
export function layerNorm(g: GraphBuilder, x: string, weight: Float32Array, bias: Float32Array, eps = 1e-5): string {
  const n = weight.length;
  return g.node('LayerNormalization', [x, g.initializer(weight, [n]), g.initializer(bias, [n])], { axis: attr.int(-1), epsilon: attr.float(eps) });
}

export interface Conv2dSpec {
  inCh: number;
  outCh: number;
  k: number;
  stride?: number;
  pad?: number;
  group?: number;
}

/** Conv2d with a static weight [out,in/group,k,k] and optional bias. */
export function conv2d(g: GraphBuilder, x: string, w: Float32Array, b: Float32Array | null, s: Conv2dSpec): string {
  const group = s.group ?? 1;
  const p = s.pad ?? 0;
  const inputs = [x, g.initializer(w, [s.outCh, s.inCh / group, s.k, s.k])];
  if (b) inputs.push(g.initializer(b, [s.outCh]));
  return g.node('Conv', inputs, {
    kernel_shape: attr.ints([s.k, s.k]),
    strides: attr.ints([s.stride ?? 1, s.stride ?? 1]),
    pads: attr.ints([p, p, p, p]),
    group: attr.int(group),
  });
}

/** Eval-mode BatchNorm2d folded into a per-channel scale and shift. */
export function batchNorm(g: GraphBuilder, x: string, weight: Float32Array, bias: Float32Array, mean: Float32Array, variance: Float32Array, eps = 1e-5): string {
  const c = weight.length;
  return g.node('BatchNormalization', [x, g.initializer(weight, [c]), g.initializer(bias, [c]), g.initializer(mean, [c]), g.initializer(variance, [c])], {
    epsilon: attr.float(eps),
  });
}

/** x[:, :, None, None] for a [B,C] tensor. */
export function toNchw(g: GraphBuilder, x: string): string {
  return g.node('Unsqueeze', [x, g.constI([2, 3])]);
}

/** 2-D FIR filter of every channel of x with `kernel` [k,k] (applied as a true convolution, i.e. flipped), after padding. */
export function firFilter(g: GraphBuilder, x: string, kernel: Float32Array, k: number, channels: number, padBefore: number, padAfter: number): string {
  const flipped = new Float32Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) flipped[i * k + j] = kernel[(k - 1 - i) * k + (k - 1 - j)]!;
  const w = new Float32Array(channels * k * k);
  for (let c = 0; c < channels; c++) w.set(flipped, c * k * k);
  return g.node('Conv', [x, g.initializer(w, [channels, 1, k, k])], {
    kernel_shape: attr.ints([k, k]),
    pads: attr.ints([padBefore, padBefore, padAfter, padAfter]),
    group: attr.int(channels),
  });
}

/** Zero insertion ×2 (upfirdn2d's up step): x[b,c,i,j] lands at [2i, 2j], zeros elsewhere. */
export function zeroInsert2(g: GraphBuilder, x: string, channels: number): string {
  // [B,C,H,W] → [B,C,H,1,W,1] → pad the unit axes to 2 → [B,C,2H,2W]; H and W from the shape.
  const shape = g.node('Shape', [x]);
  const hw = g.node('Slice', [shape, g.constI([2]), g.constI([4])]);
  const h = g.node('Slice', [shape, g.constI([2]), g.constI([3])]);
  const w = g.node('Slice', [shape, g.constI([3]), g.constI([4])]);
  const six = g.node('Concat', [g.constI([0, channels]), h, g.constI([1]), w, g.constI([1])], { axis: attr.int(0) });
  const r = g.node('Reshape', [x, six]);
  const padded = g.node('Pad', [r, g.constI([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1])]);
  const hw2 = g.node('Mul', [hw, g.constI([2])]);
  const four = g.node('Concat', [g.constI([0, channels]), hw2], { axis: attr.int(0) });
  return g.node('Reshape', [padded, four]);
}
