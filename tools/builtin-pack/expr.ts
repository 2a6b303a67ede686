/**
 * Elementwise math over a GraphBuilder with numbers promoted to scalar constants, so the
 * model definitions read like formulas. Values are graph value names.
 */
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';

export type V = string;
export type Num = V | number;

export class Ops {
  constructor(readonly g: GraphBuilder) {}

  v(x: Num): V {
    return typeof x === 'number' ? this.g.constF(x) : x;
  }

  private bin(op: string, a: Num, b: Num): V {
    return this.g.node(op, [this.v(a), this.v(b)]);
  }

  add(a: Num, ...rest: Num[]): V {
    let acc = this.v(a);
    for (const r of rest) acc = this.bin('Add', acc, r);
    return acc;
  }
  sub(a: Num, b: Num): V {
    return this.bin('Sub', a, b);
  }
  mul(a: Num, ...rest: Num[]): V {
    let acc = this.v(a);
    for (const r of rest) acc = this.bin('Mul', acc, r);
    return acc;
  }
  div(a: Num, b: Num): V {
    return this.bin('Div', a, b);
  }
  sq(a: Num): V {
    const x = this.v(a);
    return this.g.node('Mul', [x, x]);
  }
  un(op: string, a: Num): V {
    return this.g.node(op, [this.v(a)]);
  }
  abs(a: Num): V {
    return this.un('Abs', a);
  }
  neg(a: Num): V {
    return this.un('Neg', a);
  }
  sqrt(a: Num): V {
    return this.un('Sqrt', a);
  }
  sigmoid(a: Num): V {
    return this.un('Sigmoid', a);
  }
  relu(a: Num): V {
    return this.un('Relu', a);
  }
  sin(a: Num): V {
    return this.un('Sin', a);
  }
  cos(a: Num): V {
    return this.un('Cos', a);
  }
  max(...xs: Num[]): V {
    return this.g.node('Max', xs.map((x) => this.v(x)));
  }
  min(...xs: Num[]): V {
    return this.g.node('Min', xs.map((x) => this.v(x)));
  }
  clip(a: Num, lo: number, hi: number): V {
    return this.g.node('Clip', [this.v(a), this.g.constF(lo), this.g.constF(hi)]);
  }
  clamp01(a: Num): V {
    return this.clip(a, 0, 1);
  }
  /** a + (b − a)·t */
  lerp(a: Num, b: Num, t: Num): V {
    return this.add(a, this.mul(this.sub(b, a), t));
  }
  /** clamp((x − lo)/(hi − lo), 0, 1): a ramp from lo to hi. */
  ramp(x: Num, lo: number, hi: number): V {
    return this.clamp01(this.mul(this.sub(x, lo), 1 / (hi - lo)));
  }
  matmul(a: V, b: V): V {
    return this.g.node('MatMul', [a, b]);
  }
  reshape(a: V, shape: readonly number[]): V {
    return this.g.node('Reshape', [a, this.g.constI(shape)]);
  }
  concat(xs: readonly V[], axis: number): V {
    return this.g.node('Concat', [...xs], { axis: attr.int(axis) });
  }
  /** x[:, start:end] along `axis`. */
  slice(x: V, axis: number, start: number, end: number): V {
    return this.g.node('Slice', [x, this.g.constI([start]), this.g.constI([end]), this.g.constI([axis])]);
  }
  reduceMean(x: V, axes: readonly number[], keepdims: boolean): V {
    return this.g.node('ReduceMean', [x], { axes: attr.ints(axes), keepdims: attr.int(keepdims ? 1 : 0) });
  }
}
