/**
 * crossChildren with helpers that fail: their parts are redone in the calling thread, so
 * a helper can cost time, never a child (src/core/breeding/crossover-batch.ts).
 */
import { describe, expect, it } from 'vitest';
import { crossChildren, crossoverInputs } from '../../../src/core/breeding/crossover-batch';
import { breedChildGenes } from '../../../src/core/genes/crossover';
import { childRng, createRng } from '../../../src/core/genes/rng';
import { geneLength, type Genes } from '../../../src/core/genes/shape';
import { parseBreedSettings } from '../../../src/core/genes/settings';

function genes(seed: number): Genes {
  const rng = createRng(seed);
  const mu = Float32Array.from({ length: geneLength() }, () => rng.normal() * 0.5);
  const logvar = Float32Array.from({ length: geneLength() }, () => -2 + rng.normal() * 0.3);
  return { mu, logvar };
}

describe('crossChildren with failing helpers', () => {
  it('redoes a failed or missing helper part and gives the genes of one thread', async () => {
    const father = { id: 'F', ...genes(1) };
    const mother = { id: 'M', ...genes(2) };
    const settings = parseBreedSettings({ gamma: 0.2 });
    const inputs = crossoverInputs({ father, mother, settings, seed: 5 });
    // Three helpers claimed, two fail and the third never got its part (it went away in between).
    const helpers = {
      available: () => 3,
      run: () => [Promise.reject(new Error('helper crashed')), Promise.reject(new Error('exited'))],
    };
    const out = await crossChildren({ ...inputs, indices: [0, 4] }, helpers);
    expect(out.threads).toBe(4);
    [0, 4].forEach((index, k) => {
      const local = breedChildGenes({ father, mother }, settings, childRng(5, index));
      const got = out.genes.subarray(k * geneLength(), (k + 1) * geneLength());
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(local.genes.buffer))).toBe(true);
    });
  });
});

describe('crossChildren of one child, again under other settings (the live preview)', () => {
  const same = (a: Float32Array, b: Float32Array): boolean =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

  it('gives the genes of a fresh draw for every settings, seed and index in turn', async () => {
    const father = { id: 'F', ...genes(11) };
    const mother = { id: 'M', ...genes(12) };
    // One child re-crossed as a user edits the face map, then another seed, another index, and back.
    const steps = [
      { seed: 7, index: 0, settings: { gamma: 0.2 } },
      { seed: 7, index: 0, settings: { gamma: 0.2, overrides: { 3: { kind: 'mother' as const } } } },
      { seed: 7, index: 0, settings: { gamma: 0, temperature: 0.5, overrides: { 3: { kind: 'blend' as const, alpha: 0.3 } } } },
      { seed: 8, index: 0, settings: { gamma: 0.2 } },
      { seed: 8, index: 1, settings: { gamma: 0.2 } },
      { seed: 7, index: 0, settings: { eta: 0.9 } },
    ];
    for (const { seed, index, settings } of steps) {
      const parsed = parseBreedSettings(settings);
      const out = await crossChildren({ ...crossoverInputs({ father, mother, settings: parsed, seed }), indices: [index] });
      const fresh = breedChildGenes({ father, mother }, parsed, childRng(seed, index));
      expect(same(out.genes, fresh.genes), `seed ${seed} index ${index} ${JSON.stringify(settings)}`).toBe(true);
    }
  });
});
