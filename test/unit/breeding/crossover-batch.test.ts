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
