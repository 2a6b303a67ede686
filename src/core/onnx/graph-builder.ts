/**
 * A small typed builder for ONNX graphs over onnx-proto (protobufjs).
 *
 * Used by tools/build-builtin-pack.ts to write the built-in model pack from code, and by
 * tests that need hand-made (or deliberately broken) models. No Electron imports.
 *
 * Values are referred to by name (string). `node()` invents unique output names unless
 * given, so callers can chain ops without naming every intermediate.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { floatToHalf } from '../inference/half';
import type { ExternalWeights } from './shared-weights-file';

// onnx-proto is CommonJS without named ESM exports: take the namespace off the default.
const { onnx } = onnxProto;

/** A tensor dimension: a fixed size or a symbolic name such as "B". */
export type Dim = number | string;

export type ElemType = 'float32' | 'int64' | 'bool';

/** Attribute values, tagged so ints and floats are never confused. */
export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'graph'; readonly value: GraphBuilder };

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  /** A subgraph (the body of Scan, Loop, If). */
  graph: (value: GraphBuilder): AttrValue => ({ kind: 'graph', value }),
};

export interface GraphBuilderOptions {
  /** Default opset version of the ai.onnx domain (17). */
  opset?: number;
  producerName?: string;
  docString?: string;
}

const ELEM: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

function valueInfo(name: string, elem: ElemType, dims: readonly Dim[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

function toAttribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (v.kind) {
    case 'int':
      return { name, type: T.INT, i: v.value };
    case 'float':
      return { name, type: T.FLOAT, f: v.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...v.value] };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...v.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(v.value) };
    case 'graph':
      return { name, type: T.GRAPH, g: v.value.toGraph() };
  }
}

function bytesOf(data: Float32Array | BigInt64Array | Uint8Array): Uint8Array {
  // Copy so later mutation of the caller's array cannot change the model.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly inits: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, string>();
  private counter = 0;
  private readonly opset: number;
  private readonly subgraphs: GraphBuilder[] = [];

  constructor(
    readonly name: string,
    private readonly options: GraphBuilderOptions = {},
  ) {
    this.opset = options.opset ?? 17;
  }

  /** A fresh value name with the given prefix. */
  fresh(prefix = 't'): string {
    let n: string;
    do {
      n = `${prefix}_${this.counter++}`;
    } while (this.names.has(n));
    this.names.add(n);
    return n;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`graph ${this.name}: duplicate value name "${name}"`);
    this.names.add(name);
    return name;
  }

  /** Declare a graph input. */
  input(name: string, dims: readonly Dim[], elem: ElemType = 'float32'): string {
    this.inputs.push(valueInfo(this.claim(name), elem, dims));
    return name;
  }

  /**
   * Declare a graph output named `name` carrying `value`. If `value` already has that name
   * it is used directly, otherwise an Identity node renames it.
   */
  output(name: string, value: string, dims: readonly Dim[], elem: ElemType = 'float32'): string {
    if (value !== name) this.node('Identity', [value], {}, [name]);
    this.outputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Add an initializer (constant tensor). */
  initializer(
    data: Float32Array | BigInt64Array | Uint8Array,
    dims: readonly number[],
    name?: string,
  ): string {
    const n = name ? this.claim(name) : this.fresh('c');
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) {
      throw new Error(`initializer ${n}: ${data.length} values for dims [${dims.join(',')}]`);
    }
    const elem =
      data instanceof Float32Array ? ELEM.float32 : data instanceof BigInt64Array ? ELEM.int64 : ELEM.bool;
    this.inits.push({ name: n, dims: [...dims], dataType: elem, rawData: bytesOf(data) });
    return n;
  }

  /** A float32 constant; small ones are shared by value. */
  constF(values: number | readonly number[] | Float32Array, dims?: readonly number[]): string {
    const arr =
      typeof values === 'number' ? Float32Array.of(values) : values instanceof Float32Array ? values : Float32Array.from(values);
    const shape = dims ?? (typeof values === 'number' ? [] : [arr.length]);
    if (arr.length <= 64) {
      const key = `f|${shape.join(',')}|${Array.from(arr).join(',')}`;
      const hit = this.constCache.get(key);
      if (hit) return hit;
      const n = this.initializer(arr, shape);
      this.constCache.set(key, n);
      return n;
    }
    return this.initializer(arr, shape);
  }

  /** An int64 constant (shapes, axes, indices); shared by value. */
  constI(values: readonly number[], dims?: readonly number[]): string {
    const shape = dims ?? [values.length];
    const key = `i|${shape.join(',')}|${values.join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const n = this.initializer(BigInt64Array.from(values.map((v) => BigInt(v))), shape);
    this.constCache.set(key, n);
    return n;
  }

  /** Add a node with one output; returns the output name. */
  node(op: string, inputs: readonly string[], attrs?: Record<string, AttrValue>, outputs?: readonly string[]): string {
    return this.nodeN(op, inputs, attrs, outputs ?? [this.fresh(op.toLowerCase())])[0];
  }

  /** Add a node with several outputs (given by name, or a count to invent names). */
  nodeN(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> | undefined,
    outputs: readonly string[] | number,
  ): string[] {
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()))
        : outputs.map((o) => (this.names.has(o) ? o : this.claim(o)));
    for (const v of Object.values(attrs ?? {})) if (v.kind === 'graph') this.subgraphs.push(v.value);
    this.nodes.push({
      opType: op,
      input: [...inputs],
      output: outs,
      name: `n${this.nodes.length}_${op}`,
      attribute: Object.entries(attrs ?? {}).map(([k, v]) => toAttribute(k, v)),
    });
    return outs;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /**
   * Turns this graph (and its subgraphs) into float16: every float32 initializer is rounded
   * to half (nearest even), float32 inputs and outputs become float16, Casts to float32 cast
   * to float16. For GPU execution providers (an fp16 variant of a pack, docs/stylegene-pack.md).
   * Float attributes (epsilons, slopes) stay as they are: ONNX keeps them as float32.
   */
  halve(): void {
    const F32 = onnx.TensorProto.DataType.FLOAT;
    const F16 = onnx.TensorProto.DataType.FLOAT16;
    for (const t of this.inits) {
      if (t.dataType !== F32) continue;
      const raw = t.rawData!;
      const f = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      t.dataType = F16;
      t.rawData = new Uint8Array(floatToHalf(f).buffer);
    }
    for (const v of [...this.inputs, ...this.outputs]) {
      if (v.type?.tensorType?.elemType === F32) v.type.tensorType.elemType = F16;
    }
    for (const n of this.nodes) {
      for (const a of n.attribute ?? []) {
        if (n.opType === 'Cast' && a.name === 'to' && Number(a.i) === F32) a.i = F16;
      }
    }
    for (const sub of this.subgraphs) sub.halve();
  }

  /**
   * Moves this (sub)graph's initializers into `outer`, where the subgraph reads them as
   * outer-scope values: onnxruntime keeps a subgraph's own initializers in memory twice
   * (measured: the 1024² generator's Scan body took 0.32 GiB to open for 0.13 GB of weights).
   * Names stay unique: call before `outer` adds more values.
   */
  moveInitializersTo(outer: GraphBuilder): void {
    for (const t of this.inits) {
      if (outer.names.has(t.name!)) throw new Error(`graph ${outer.name}: duplicate value name "${t.name}"`);
      outer.names.add(t.name!);
      outer.inits.push(t);
    }
    this.inits.length = 0;
  }

  /** The GraphProto alone (a subgraph attribute, see attr.graph). */
  toGraph(): OnnxTypes.IGraphProto {
    return { name: this.name, node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs };
  }

  /** The ModelProto (IR 8, ai.onnx opset as configured). */
  toModel(): OnnxTypes.ModelProto {
    return onnx.ModelProto.create({
      irVersion: 8,
      producerName: this.options.producerName ?? 'kinship-studio',
      producerVersion: '1',
      docString: this.options.docString ?? '',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: this.toGraph(),
    });
  }

  /** Serialized model bytes (deterministic for the same sequence of calls). */
  serialize(): Uint8Array {
    return onnx.ModelProto.encode(this.toModel()).finish();
  }

  /**
   * Serialized model bytes with every initializer of at least `minBytes` stored in
   * `weights` (ONNX external data) instead of inline; smaller ones (shapes, scalars) stay in
   * the graph. The builder keeps its own weights, so halve() and a second call may follow.
   * Only this graph's initializers move: a subgraph's stay inline (moveInitializersTo
   * lifts them out first).
   */
  serializeWithExternalData(weights: ExternalWeights, minBytes = 1024): Uint8Array {
    const model = this.toModel();
    const initializer = this.inits.map((t): OnnxTypes.ITensorProto => {
      const raw = t.rawData;
      if (!raw || raw.length < minBytes) return t;
      const dims = (t.dims ?? []).map(Number);
      const { offset, length } = weights.put(t.dataType!, dims, raw);
      return {
        name: t.name,
        dims,
        dataType: t.dataType,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: weights.location },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(length) },
        ],
      };
    });
    model.graph = onnx.GraphProto.create({ ...this.toGraph(), initializer });
    return onnx.ModelProto.encode(model).finish();
  }
}
