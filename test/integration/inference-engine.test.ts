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
    const started = Date.now();
    const running = engine.run('slow', 'mapping', { z: { dims: [4096, 512], data: new Float32Array(4096 * 512).fill(0.1) } }, ['w'], controller.signal);
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(5000);
    // A fresh worker reopens the packs: the earlier pack still answers.
    const out = await engine.run('affine', 'mapping', { z: { dims: [1, 512], data: batch(1) } }, ['w']);
    expect(out.w!.data[0]).toBe(2 * -3 + 1);
  });
});
