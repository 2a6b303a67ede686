/**
 * The crossover runs in the inference worker (src/core/breeding/crossover-batch.ts): its
 * genes must be bit for bit those of `breedChildGenes` called in this thread, and the
 * host's main thread must stay free while it runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { InferenceEngine } from '../../src/core/inference/inference-engine';
import { crossoverInputs } from '../../src/core/breeding/crossover-batch';
import { breedChildGenes } from '../../src/core/genes/crossover';
import { childRng, createRng } from '../../src/core/genes/rng';
import { geneLength, type DonorGenes, type Genes } from '../../src/core/genes/shape';
import { parseBreedSettings } from '../../src/core/genes/settings';
import { KinshipError } from '../../src/domain/errors';

const engine = new InferenceEngine();
afterAll(async () => engine.dispose());

function genes(seed: number): Genes {
  const rng = createRng(seed);
  const mu = Float32Array.from({ length: geneLength() }, () => rng.normal() * 0.5);
  const logvar = Float32Array.from({ length: geneLength() }, () => -2 + rng.normal() * 0.3);
  return { mu, logvar };
}

const father = { id: 'F', ...genes(1) };
const mother = { id: 'M', ...genes(2) };
const donors: DonorGenes[] = [3, 4, 5].map((s) => ({ id: `pool:${s}`, ...genes(s) }));
const chosen = genes(6);
// Every kind of region override, a chosen donor by id, and pool donors.
const settings = parseBreedSettings({
  gamma: 0.3,
  eta: 0.5,
  temperature: 0.8,
  overrides: { 1: { kind: 'father' }, 2: { kind: 'mother' }, 3: { kind: 'blend', alpha: 0.25 }, 4: { kind: 'pool' }, 5: { kind: 'donor', donorId: 'P7' } },
});
const donorById = new Map([['P7', chosen]]);

describe('crossover in the inference worker', () => {
  it('gives the same genes and reports, bit for bit, as breedChildGenes in this thread', async () => {
    const indices = [0, 1, 2, 5, 9, 40, 65535];
    const inputs = crossoverInputs({ father, mother, donors, donorById, settings, seed: 1234 });
    const remote = await engine.crossover(inputs, indices);
    const len = geneLength();
    expect(remote.genes.length).toBe(indices.length * len);
    indices.forEach((index, k) => {
      const local = breedChildGenes({ father, mother, donors, donorById }, settings, childRng(1234, index));
      const got = remote.genes.subarray(k * len, (k + 1) * len);
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(local.genes.buffer))).toBe(true);
      expect(remote.children[k]!.regions).toEqual(local.regions);
      expect(remote.children[k]!.donorsAreParents).toBe(false);
    });
  });

  it('shares the regions with a helper thread and still gives the genes of one thread, bit for bit', async () => {
    const shared = new InferenceEngine({ crossoverThreads: 2 });
    const alone = new InferenceEngine({ crossoverThreads: 1 });
    try {
      const inputs = crossoverInputs({ father, mother, donors, donorById, settings, seed: 4321 });
      const indices = [0, 3, 17];
      // The helper takes work once it has started (well under a second); until then the worker crosses alone.
      let both = await shared.crossover(inputs, indices);
      for (let t = performance.now(); both.threads < 2 && performance.now() - t < 20_000; ) {
        await new Promise((r) => setTimeout(r, 50));
        both = await shared.crossover(inputs, indices);
      }
      expect(both.threads).toBe(2);
      const one = await alone.crossover(inputs, indices);
      expect(one.threads).toBe(1);
      expect(Buffer.from(both.genes.buffer, both.genes.byteOffset, both.genes.byteLength).equals(Buffer.from(one.genes.buffer, one.genes.byteOffset, one.genes.byteLength))).toBe(true);
      expect(both.children).toEqual(one.children);
      indices.forEach((index, k) => {
        const local = breedChildGenes({ father, mother, donors, donorById }, settings, childRng(4321, index));
        const got = both.genes.subarray(k * geneLength(), (k + 1) * geneLength());
        expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(local.genes.buffer))).toBe(true);
      });
      // A bad donor id is still the user's mistake with a helper in the way.
      const bad = parseBreedSettings({ overrides: { 6: { kind: 'donor', donorId: 'nobody' } } });
      const err = await shared.crossover(crossoverInputs({ father, mother, settings: bad, seed: 1 }), [0]).catch((e: unknown) => e);
      expect((err as KinshipError).code).toBe('invalid-input');
    } finally {
      await shared.dispose();
      await alone.dispose();
    }
  });

  it('a bad donor id comes back as the user mistake it is, not as a worker crash', async () => {
    const bad = parseBreedSettings({ overrides: { 6: { kind: 'donor', donorId: 'nobody' } } });
    const err = await engine.crossover(crossoverInputs({ father, mother, settings: bad, seed: 1 }), [0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KinshipError);
    expect((err as KinshipError).code).toBe('invalid-input');
    expect((err as Error).message).toMatch(/unknown donor id "nobody"/);
  });

  it('leaves the main thread idle while 16 children are crossed', async () => {
    const inputs = crossoverInputs({ father, mother, donors, donorById, settings, seed: 99 });
    const before = performance.eventLoopUtilization();
    for (let k = 0; k < 16; k += 8) await engine.crossover(inputs, Array.from({ length: 8 }, (_, i) => k + i));
    const elu = performance.eventLoopUtilization(before);
    // In this thread the same work keeps the loop busy all the time (utilization ≈ 1).
    expect(elu.utilization).toBeLessThan(0.3);
  });
});
