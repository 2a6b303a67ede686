import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, InferenceEngine, InferenceError } from '../../src/core/inference/inference-engine';
import { writeAffineMapping, writeSlowMapping, writeWrongShapeMapping } from '../support/tiny-graphs';

const spec = { mapping: { inputs: [{ name: 'z', shape: ['B' as const, 512] }], outputs: [{ name: 'w', shape: ['B' as const, 512] }] } };
let dir: string;
let engine: InferenceEngine;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kinship-infer-'));
  engine = new InferenceEngine();
});
afterAll(async () => engine.dispose());

function batch(b: number): Float32Array<ArrayBuffer> {
  return Float32Array.from({ length: b * 512 }, (_, i) => (i % 7) - 3);
}

describe('inference engine (worker thread + onnxruntime-node)', () => {
  it('opens a graph, reports the provider, and runs a batch', async () => {
    const opened = await engine.openPack({
      packKey: 'affine',
      files: { mapping: writeAffineMapping(dir) },
      specs: spec,
      dtype: 'float32',
      providers: ['cpu'],
    });
    expect(opened.executionProvider).toBe('cpu');
    const z = batch(3);
    const out = await engine.run('affine', 'mapping', { z: { dims: [3, 512], data: z } }, ['w']);
    expect(out.w!.dims).toEqual([3, 512]);
    for (let i = 0; i < z.length; i += 97) expect(out.w!.data[i]).toBe(2 * z[i]! + 1);
    // The caller's input is untouched (copied, not transferred).
    expect(z.length).toBe(3 * 512);
  });

  it('falls back to the CPU when a preferred provider is unavailable, and says why', async () => {
    const opened = await engine.openPack({
      packKey: 'fallback',
      files: { mapping: writeAffineMapping(dir, 'fallback.onnx') },
      specs: spec,
      dtype: 'float32',
      providers: ['cuda', 'cpu'],
    });
    // This machine has no CUDA libraries; a GPU machine reports cuda here.
    if (opened.executionProvider === 'cpu') expect(opened.fallbackReason).toMatch(/cuda/i);
    else expect(opened.executionProvider).toBe('cuda');
  });

  it('refuses a graph with the wrong tensor shape, naming the file', async () => {
    const err = await engine
      .openPack({ packKey: 'wrong', files: { mapping: writeWrongShapeMapping(dir) }, specs: spec, dtype: 'float32', providers: ['cpu'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect((err as InferenceError).file).toBe('wrong.onnx');
    expect((err as Error).message).toMatch(/input 'z' has shape \[B,256\], expected \[B,512\]/);
  });

  it('refuses a file that is not an ONNX graph', async () => {
    const bad = join(dir, 'garbage.onnx');
    writeFileSync(bad, 'this is not protobuf at all, just text pretending to be a model');
    await expect(
      engine.openPack({ packKey: 'garbage', files: { mapping: bad }, specs: spec, dtype: 'float32', providers: ['cpu'] }),
    ).rejects.toThrow();
  });

  it('cancels a long run at once and keeps working afterwards', async () => {
    await engine.openPack({ packKey: 'slow', files: { mapping: writeSlowMapping(dir) }, specs: spec, dtype: 'float32', providers: ['cpu'] });
    const controller = new AbortController();
    const running = engine.run('slow', 'mapping', { z: { dims: [4096, 512], data: new Float32Array(4096 * 512).fill(0.1) } }, ['w'], controller.signal);
    await sleep(200);
    const aborted = Date.now();
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    // The caller hears at once; the worker finishes the graph on its own time.
    expect(Date.now() - aborted).toBeLessThan(500);
    const out = await engine.run('affine', 'mapping', { z: { dims: [1, 512], data: batch(1) } }, ['w']);
    expect(out.w!.data[0]).toBe(2 * -3 + 1);
  });

  it('a cancel affects only its own job: job B, queued behind cancelled job A, completes', async () => {
    const a = new AbortController();
    const b = new AbortController();
    const jobA = engine.run('slow', 'mapping', { z: { dims: [2048, 512], data: new Float32Array(2048 * 512).fill(0.1) } }, ['w'], a.signal);
    const z = batch(2);
    const jobB = engine.run('affine', 'mapping', { z: { dims: [2, 512], data: z } }, ['w'], b.signal);
    await sleep(100);
    a.abort();
    await expect(jobA).rejects.toBeInstanceOf(CancelledError);
    const out = await jobB;
    // Reference: w = 2·z + 1, computed here, not by the engine.
    expect(Array.from(out.w!.data)).toEqual(Array.from(z, (v) => 2 * v + 1));
  });

  it('a cancel of a queued job leaves the running job of another caller to finish, with the right result', async () => {
    const a = new AbortController();
    const running = engine.run('slow', 'mapping', { z: { dims: [256, 512], data: new Float32Array(256 * 512).fill(0.1) } }, ['w']);
    const queued = engine.run('affine', 'mapping', { z: { dims: [1, 512], data: batch(1) } }, ['w'], a.signal);
    a.abort();
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    const out = await running;
    expect(out.w!.dims).toEqual([256, 512]);
    // Reference: the slow graph's 60 tanh(v·W) steps in float64 here, for one row (all rows are equal).
    const ref = slowReference(0.1);
    for (const row of [0, 255]) for (let j = 0; j < 512; j += 31) expect(out.w!.data[row * 512 + j]).toBeCloseTo(ref[j]!, 4);
  });

  it('a cancelled batch stops within one chunk and the next job runs right after it', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const batchJob = (async () => {
      for (let c = 0; c < 8; c++) {
        await engine.run('slow', 'mapping', { z: { dims: [1024, 512], data: new Float32Array(1024 * 512).fill(0.1) } }, ['w'], controller.signal);
        chunks++;
      }
    })();
    // One chunk alone, for the bound below.
    await sleep(50);
    const aborted = Date.now();
    controller.abort();
    await expect(batchJob).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - aborted).toBeLessThan(500);
    expect(chunks).toBeLessThan(8);
    const out = await engine.run('affine', 'mapping', { z: { dims: [1, 512], data: batch(1) } }, ['w']);
    expect(out.w!.data[0]).toBe(2 * -3 + 1);
  });

  it('dispose while a graph runs waits for it instead of tearing the worker down mid-call', async () => {
    const own = new InferenceEngine();
    await own.openPack({ packKey: 'slow', files: { mapping: writeSlowMapping(dir) }, specs: spec, dtype: 'float32', providers: ['cpu'] });
    const running = own.run('slow', 'mapping', { z: { dims: [1024, 512], data: new Float32Array(1024 * 512).fill(0.1) } }, ['w']).catch((e: unknown) => e);
    await sleep(50);
    await own.dispose();
    expect(await running).toBeInstanceOf(InferenceError);
    expect(String(await running)).toMatch(/disposed/);
    await expect(own.run('slow', 'mapping', { z: { dims: [1, 512], data: batch(1) } }, ['w'])).rejects.toThrow(/disposed/);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** writeSlowMapping's graph for one row of constant `x`, in float64: 60 × tanh(v·W). */
function slowReference(x: number): Float64Array {
  const w = new Float64Array(512 * 512);
  for (let i = 0; i < w.length; i++) w[i] = Math.fround(((i * 2654435761) % 1000) / 1000 / 512 - 0.0005);
  let v = new Float64Array(512).fill(Math.fround(x));
  for (let s = 0; s < 60; s++) {
    const next = new Float64Array(512);
    for (let k = 0; k < 512; k++) {
      const vk = v[k]!;
      for (let j = 0; j < 512; j++) next[j]! += vk * w[k * 512 + j]!;
    }
    for (let j = 0; j < 512; j++) next[j] = Math.tanh(next[j]!);
    v = next;
  }
  return v;
}
