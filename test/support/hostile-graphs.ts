/**
 * Hostile ONNX graphs for the run-time output checks: each takes a stage's real input
 * and returns an output of the declared name that is NaN, Infinity, the wrong batch or
 * the wrong shape. Their declared output shapes are symbolic, as a dynamic-axes export
 * would be, so the pack's load-time shape check lets them through and only the run-time
 * check can catch them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder, attr } from '../../src/core/onnx/graph-builder';

export type Hostility = 'nan' | 'inf' | 'batch1' | 'shape' | 'fine';

export interface TensorDecl {
  name: string;
  /** Dims after the batch. */
  dims: readonly number[];
}

/**
 * A graph with input `input` [B, ...dims] and outputs [B, ...dims] each, filled with
 * 0.5·mean-free values (finite), then spoiled as `hostility` says (every output alike).
 */
export function writeHostileGraph(dir: string, file: string, input: TensorDecl, outputs: readonly TensorDecl[], hostility: Hostility): string {
  const g = new GraphBuilder(`hostile-${hostility}`);
  const x = g.input(input.name, ['B', ...input.dims]);
  // [B, K] → [B, 1]: a per-item value that depends on the input (zero weights keep it 0).
  const flat = g.node('Flatten', [x], { axis: attr.int(1) });
  const k = input.dims.reduce((a, b) => a * b, 1);
  const item = g.node('MatMul', [flat, g.constF(new Float32Array(k), [k, 1])]);
  // A scalar 0 that onnxruntime cannot fold into a constant (it depends on the input).
  const dataZero = g.node('Mul', [g.node('ReduceMax', [item], { keepdims: attr.int(0) }), g.constF(0)]);
  for (const o of outputs) {
    const ones = o.dims.map(() => 1);
    const shaped = g.node('Reshape', [item, g.constI([-1, ...ones])]);
    let v = g.node('Expand', [shaped, g.constI([1, ...o.dims])]);
    v = g.node('Add', [v, g.constF(0.25)]);
    if (hostility === 'shape') {
      // Same values, another layout of the same rank: the dims reversed, or for one dim
      // halved ([B, 512] becomes [2B, 256]). The target
      // shape is computed from the data so shape inference cannot see it at load time.
      const other = o.dims.length > 1 ? [...o.dims].reverse() : [(o.dims[0] ?? 2) / 2];
      const target = g.node('Cast', [g.node('Add', [g.constF([-1, ...other]), dataZero])], { to: attr.int(7) });
      v = g.node('Reshape', [v, target]);
    }
    if (hostility === 'nan') v = g.node('Add', [v, g.constF(Number.NaN)]);
    if (hostility === 'inf') v = g.node('Add', [v, g.constF(Number.POSITIVE_INFINITY)]);
    if (hostility === 'batch1') v = g.node('Slice', [v, g.constI([0]), g.constI([1]), g.constI([0])]);
    g.output(o.name, v, ['B', ...o.dims.map((_, i) => `d${i}`)]);
  }
  const path = join(dir, file);
  writeFileSync(path, g.serialize());
  return path;
}
