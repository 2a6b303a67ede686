/**
 * ONNX external data as the converter writes it (src/core/onnx/shared-weights-file.ts,
 * GraphBuilder.serializeWithExternalData) and as the pack loader and the inference worker
 * read it (src/core/onnx/external-data-refs.ts): two hand-made graphs share one weights
 * file with their common tensor stored once, onnxruntime runs them from their paths with
 * the known answer, and a missing, truncated or escaping weights file is named.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, renameSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/core/onnx/graph-builder';
import { SharedWeightsFile, WEIGHTS_ALIGN, type ExternalWeights } from '../../../src/core/onnx/shared-weights-file';
import { checkedGraphBytes, externalDataFiles, externalDataRefs, ExternalDataError, OnnxScanError } from '../../../src/core/onnx/external-data-refs';

const IN = 4;
const OUT = 300; // 4·300 floats = 4,800 bytes: above the 1 KiB a tensor needs to leave the graph
const weight = (k: number): Float32Array => Float32Array.from({ length: IN * OUT }, (_, i) => Math.sin(i * 0.1 + k));
const bias = Float32Array.from({ length: OUT }, (_, i) => i / 100).subarray(0, 8); // small: stays inline

/** y = (x · W)[:, :8] + bias. */
function graph(name: string, k: number): GraphBuilder {
  const g = new GraphBuilder(name);
  const x = g.input('x', [1, IN]);
  const y = g.node('MatMul', [x, g.initializer(weight(k), [IN, OUT])]);
  const head = g.node('Slice', [y, g.constI([0]), g.constI([8]), g.constI([1])]);
  g.output('y', g.node('Add', [head, g.initializer(bias.slice(), [8])]), [1, 8]);
  return g;
}

/** The known answer: x · W, first 8 columns, plus the bias. */
function expected(x: Float32Array, k: number): number[] {
  const w = weight(k);
  return Array.from({ length: 8 }, (_, c) => x.reduce((a, v, r) => a + v * w[r * OUT + c]!, 0) + bias[c]!);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kinship-extdata-'));
  const file = new SharedWeightsFile(join(dir, 'shared.weights'));
  // a and b hold the same W (built separately, equal bytes); c another one.
  writeFileSync(join(dir, 'a.onnx'), graph('a', 1).serializeWithExternalData(file));
  writeFileSync(join(dir, 'b.onnx'), graph('b', 1).serializeWithExternalData(file));
  writeFileSync(join(dir, 'c.onnx'), graph('c', 2).serializeWithExternalData(file));
  file.close();
  writeFileSync(join(dir, 'inline.onnx'), graph('inline', 1).serialize());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shared external weights', () => {
  it('stores each distinct tensor once, page-aligned; small tensors stay in the graph', () => {
    const bytes = IN * OUT * 4;
    // W once (a and b), then c's W at the next page boundary (2 pages in): not three copies.
    const second = 2 * WEIGHTS_ALIGN;
    expect(statSync(join(dir, 'shared.weights')).size).toBe(second + bytes);
    const a = externalDataRefs(join(dir, 'a.onnx'));
    const b = externalDataRefs(join(dir, 'b.onnx'));
    const c = externalDataRefs(join(dir, 'c.onnx'));
    expect(a).toHaveLength(1); // the bias (32 bytes) and the Slice constants are inline
    expect(a[0]).toMatchObject({ location: 'shared.weights', offset: 0, length: bytes });
    expect(b[0]).toMatchObject({ location: 'shared.weights', offset: 0, length: bytes });
    expect(c[0]).toMatchObject({ location: 'shared.weights', offset: second, length: bytes });
    // The bytes at the recorded place are W's.
    const raw = readFileSync(join(dir, 'shared.weights'));
    expect(Buffer.from(raw.subarray(second)).equals(Buffer.from(weight(2).buffer))).toBe(true);
    expect(statSync(join(dir, 'a.onnx')).size).toBeLessThan(1024);
    expect(externalDataRefs(join(dir, 'inline.onnx'))).toEqual([]);
  });

  it('onnxruntime opens each graph from its path and gives the known answer', async () => {
    const x = Float32Array.of(0.5, -1, 2, 0.25);
    for (const [file, k] of [
      ['a.onnx', 1],
      ['b.onnx', 1],
      ['c.onnx', 2],
    ] as const) {
      const s = await ort.InferenceSession.create(join(dir, file));
      const y = (await s.run({ x: new ort.Tensor('float32', x, [1, IN]) })).y!.data as Float32Array;
      await s.release();
      expected(x, k).forEach((v, i) => expect(y[i], `${file}[${i}]`).toBeCloseTo(v, 4));
    }
  });

  it('sizes a graph by its weights wherever they are', () => {
    const a = join(dir, 'a.onnx');
    expect(checkedGraphBytes(a)).toBe(statSync(a).size + IN * OUT * 4);
    expect(checkedGraphBytes(join(dir, 'inline.onnx'))).toBe(statSync(join(dir, 'inline.onnx')).size);
    expect(externalDataFiles(a)).toMatchObject([{ location: 'shared.weights', problem: null, bytes: IN * OUT * 4, tensors: 1 }]);
  });

  it('names a missing or truncated weights file, and a graph that points outside its folder', () => {
    const a = join(dir, 'a.onnx');
    const weights = join(dir, 'shared.weights');
    renameSync(weights, `${weights}.moved`);
    try {
      expect(externalDataFiles(a)[0]!.problem).toEqual({ of: 'weights', message: 'file is missing' });
      expect(() => checkedGraphBytes(a)).toThrow(ExternalDataError);
      expect(() => checkedGraphBytes(a)).toThrow(expect.objectContaining({ file: 'shared.weights', message: 'file is missing' }));
    } finally {
      renameSync(`${weights}.moved`, weights);
    }
    copyFileSync(weights, `${weights}.bak`);
    try {
      truncateSync(weights, 1000);
      expect(() => checkedGraphBytes(a)).toThrow(expect.objectContaining({ file: 'shared.weights', message: `file is truncated: 1000 bytes, the graph reads up to byte ${IN * OUT * 4}` }));
    } finally {
      renameSync(`${weights}.bak`, weights);
    }
    const outside: ExternalWeights = { location: '../elsewhere.weights', put: () => ({ offset: 0, length: IN * OUT * 4 }) };
    writeFileSync(join(dir, 'escape.onnx'), graph('escape', 1).serializeWithExternalData(outside));
    expect(() => checkedGraphBytes(join(dir, 'escape.onnx'))).toThrow(expect.objectContaining({ file: 'escape.onnx', message: "names a weights file outside its folder ('../elsewhere.weights')" }));
  });

  it('leaves a file that is not an ONNX protobuf to onnxruntime', () => {
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, Buffer.from([0x3a, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    expect(() => externalDataRefs(junk)).toThrow(OnnxScanError);
    expect(checkedGraphBytes(junk)).toBe(8);
  });
});
