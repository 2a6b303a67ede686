/**
 * Lazy graphs (the photo encoder): not loaded with the pack, loaded at their first run,
 * released after the idle time, loaded again when needed. Real worker, real onnxruntime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceEngine } from '../../src/core/inference/inference-engine';
import { writeAffineMapping } from '../support/tiny-graphs';

let dir: string;
let engine: InferenceEngine;
const z = (b: number): Float32Array => Float32Array.from({ length: b * 512 }, (_, i) => (i % 5) - 2);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kinship-lazy-'));
  engine = new InferenceEngine();
});
afterAll(async () => engine.dispose());

describe('lazy graphs', () => {
  it('loads the encoder at its first run, releases it when idle, reloads it on demand', async () => {
    // Any graph serves as the "encoder" role here: laziness is about sessions, not shapes.
    const files = { mapping: writeAffineMapping(dir, 'm.onnx'), encoder: writeAffineMapping(dir, 'e.onnx') };
    await engine.openPack({ packKey: 'p', files, specs: {}, dtype: 'float32', providers: ['cpu'], lazy: ['encoder'], idleReleaseMs: 300 });
    expect(await engine.loadedRoles('p')).toEqual(['mapping']);

    const out = await engine.run('p', 'encoder', { z: { dims: [2, 512], data: z(2) } }, ['w']);
    expect(out.w!.data[3]).toBe(2 * z(2)[3]! + 1);
    expect((await engine.loadedRoles('p')).sort()).toEqual(['encoder', 'mapping']);

    // Runs keep it loaded: the idle timer restarts with each one.
    for (let i = 0; i < 3; i++) {
      await sleep(150);
      await engine.run('p', 'encoder', { z: { dims: [1, 512], data: z(1) } }, ['w']);
    }
    expect((await engine.loadedRoles('p')).sort()).toEqual(['encoder', 'mapping']);

    await sleep(700);
    expect(await engine.loadedRoles('p')).toEqual(['mapping']);
    const again = await engine.run('p', 'encoder', { z: { dims: [1, 512], data: z(1) } }, ['w']);
    expect(again.w!.data[0]).toBe(2 * z(1)[0]! + 1);
    expect((await engine.loadedRoles('p')).sort()).toEqual(['encoder', 'mapping']);
  });

  it('a lazy graph with the wrong shapes is refused at its first run, naming the file', async () => {
    const files = { mapping: writeAffineMapping(dir, 'm2.onnx'), encoder: writeAffineMapping(dir, 'e2.onnx') };
    const specs = { encoder: { inputs: [{ name: 'image', shape: ['B' as const, 3, 256, 256] }], outputs: [{ name: 'wplus', shape: ['B' as const, 18, 512] }] } };
    await engine.openPack({ packKey: 'q', files, specs, dtype: 'float32', providers: ['cpu'], lazy: ['encoder'], idleReleaseMs: 1000 });
    await expect(engine.run('q', 'encoder', { z: { dims: [1, 512], data: z(1) } }, ['w'])).rejects.toMatchObject({ file: 'e2.onnx', message: expect.stringMatching(/input 'image' is missing/) });
    expect(await engine.loadedRoles('q')).toEqual(['mapping']);
  });
});
