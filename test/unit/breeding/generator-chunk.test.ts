/**
 * The generator's chunk follows the memory budget (injected here), and a streamed batch
 * hands every image to the sink in order, one chunk at a time, keeping none.
 */
import { describe, expect, it } from 'vitest';
import { BYTES_PER_PIXEL, fixedMemoryBudget, generatorChunk, MAX_CPU_CHUNK } from '../../../src/core/breeding/generator-chunk';
import { PackRuntime, WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import type { InferenceEngine } from '../../../src/core/inference/inference-engine';
import type { TensorPayload } from '../../../src/core/inference/messages';
import type { PackInfo } from '../../../src/core/packs/pack-loader';
import { PackManifestSchema } from '../../../src/core/packs/manifest';

const GiB = 2 ** 30;
// Tiny images (the manifest's smallest resolution, so the run-time output check passes): the fake
// generator writes the child's first latent value into every pixel.
const R = 16;

function fakeEngine(): { engine: InferenceEngine; batches: number[] } {
  const batches: number[] = [];
  const run = async (_pack: string, _role: string, feeds: Record<string, TensorPayload>): Promise<Record<string, TensorPayload>> => {
    const w = feeds.wplus!;
    const n = w.dims[0]!;
    batches.push(n);
    const image = new Float32Array(n * 3 * R * R);
    for (let k = 0; k < n; k++) image.fill(w.data[k * WPLUS_LEN]!, k * 3 * R * R, (k + 1) * 3 * R * R);
    return { image: { dims: [n, 3, R, R], data: image } };
  };
  return { engine: { run } as unknown as InferenceEngine, batches };
}

function packAt(resolution: number): PackInfo {
  const manifest = PackManifestSchema.parse({
    id: 'fake', name: 'Fake', version: '1', license: 'x', resolution, numWs: 18, wDim: 512, regions: 34, dtype: 'float32',
    files: { generator: 'g.onnx', lge: 'l.onnx', decoder: 'd.onnx' },
  });
  return { folder: '/nowhere', manifest, files: { generator: '/nowhere/g.onnx' } };
}

describe('generator chunk from the memory budget', () => {
  const perImage1024 = BYTES_PER_PIXEL * 1024 * 1024;

  it('fits as many 1024² images as the budget allows, at least one, at most the CPU cap', () => {
    expect(generatorChunk(1024, fixedMemoryBudget(0))).toBe(1);
    expect(generatorChunk(1024, fixedMemoryBudget(perImage1024 * 1.9))).toBe(1);
    expect(generatorChunk(1024, fixedMemoryBudget(perImage1024 * 2))).toBe(2);
    expect(generatorChunk(1024, fixedMemoryBudget(perImage1024 * 3.5))).toBe(3);
    expect(generatorChunk(1024, fixedMemoryBudget(64 * GiB))).toBe(MAX_CPU_CHUNK);
    // The same budget fits 16× more 256² images (capped).
    expect(generatorChunk(256, fixedMemoryBudget(perImage1024 * 0.25), 64)).toBe(4);
    expect(generatorChunk(256, fixedMemoryBudget(perImage1024), 64)).toBe(16);
  });

  it('reads the budget at each call, so a machine short of memory gets smaller chunks', () => {
    let free = 4 * perImage1024;
    const budget = { generatorBytes: () => free };
    const rt = new PackRuntime(fakeEngine().engine, packAt(1024), 16, budget);
    expect(rt.generatorBatch).toBe(4);
    free = perImage1024;
    expect(rt.generatorBatch).toBe(1);
  });

  it('streams a batch of 7 in budget-sized chunks, every image once, in order', async () => {
    const { engine, batches } = fakeEngine();
    const rt = new PackRuntime(engine, packAt(R), 16, fixedMemoryBudget(BYTES_PER_PIXEL * R * R * 2));
    const wplus = new Float32Array(7 * WPLUS_LEN);
    for (let k = 0; k < 7; k++) wplus[k * WPLUS_LEN] = k + 1;
    const seen: number[] = [];
    await rt.generatorStream(wplus, (first, images, count) => {
      expect(images.length).toBe(count * 3 * R * R);
      for (let k = 0; k < count; k++) seen.push(first + k, images[k * 3 * R * R]!);
    });
    expect(batches).toEqual([2, 2, 2, 1]);
    expect(seen).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]);
  });

  it('stores chunk k while the worker draws chunk k+1, in order, and a failing sink fails the batch', { timeout: 5000 }, async () => {
    const { engine, batches } = fakeEngine();
    const events: string[] = [];
    const run = engine.run.bind(engine);
    let release: () => void = () => {};
    const secondRunStarted = new Promise<void>((r) => (release = r));
    (engine as { run: typeof engine.run }).run = async (...a: Parameters<typeof engine.run>) => {
      events.push(`run ${batches.length}`);
      if (batches.length === 1) release();
      return run(...a);
    };
    const rt = new PackRuntime(engine, packAt(R), 16, fixedMemoryBudget(BYTES_PER_PIXEL * R * R));
    const wplus = new Float32Array(3 * WPLUS_LEN);
    await rt.generatorStream(wplus, async (first) => {
      // The first sink finishes only once the second run has started: only possible if they overlap.
      if (first === 0) await secondRunStarted;
      events.push(`sink ${first} end`);
    });
    expect(events.indexOf('run 1')).toBeLessThan(events.indexOf('sink 0 end'));
    expect(events.filter((e) => e.startsWith('sink') && e.endsWith('end'))).toEqual(['sink 0 end', 'sink 1 end', 'sink 2 end']);

    const failing = new PackRuntime(fakeEngine().engine, packAt(R), 16, fixedMemoryBudget(BYTES_PER_PIXEL * R * R));
    await expect(
      failing.generatorStream(wplus, async (first) => {
        if (first === 1) throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
  });
});
