import { describe, expect, it } from 'vitest';
import { GENE_LEN, WPLUS_LEN, type LgeOutput } from '../../../src/core/breeding/pack-runtime';
import { GeneCache } from '../../../src/core/pool/gene-cache';
import { openWith, row } from './pool-fixtures';

/** Stand-in LGE: mu filled with the latent's first value, logvar with its negation. */
function fakeLge(calls: number[]) {
  return {
    async lge(wplus: Float32Array): Promise<LgeOutput> {
      const n = wplus.length / WPLUS_LEN;
      calls.push(n);
      const mu = new Float32Array(n * GENE_LEN);
      const logvar = new Float32Array(n * GENE_LEN);
      for (let k = 0; k < n; k++) {
        mu.fill(wplus[k * WPLUS_LEN]!, k * GENE_LEN, (k + 1) * GENE_LEN);
        logvar.fill(-wplus[k * WPLUS_LEN]!, k * GENE_LEN, (k + 1) * GENE_LEN);
      }
      return { mu, logvar };
    },
  };
}

const ENTRY_BYTES = 2 * GENE_LEN * 4; // mu + logvar, 2.5 MB

describe('gene cache (LGE on demand, LRU bounded by bytes)', () => {
  it('computes missing genes in one batch, serves repeats from memory, in the order asked', async () => {
    const index = openWith([1, 2, 3, 4].map((v) => row(`r${v}`, '0-2', 'male', 'White', v)));
    const calls: number[] = [];
    const cache = new GeneCache(fakeLge(calls), 10 * ENTRY_BYTES);
    const g = await cache.genes(index, [3, 1]);
    expect(g.map((x) => x.mu[0])).toEqual([3, 1]);
    expect(g[0]!.logvar[GENE_LEN - 1]).toBe(-3);
    expect(g[0]!.id).toMatch(/^pool:.*:3$/);
    await cache.genes(index, [1, 3, 2]);
    expect(calls).toEqual([2, 1]); // only entry 2 was new
  });

  it('never holds more than its byte bound and evicts the least recently used', async () => {
    const index = openWith([1, 2, 3, 4, 5].map((v) => row(`r${v}`, '0-2', 'male', 'White', v)));
    const calls: number[] = [];
    const cache = new GeneCache(fakeLge(calls), 3 * ENTRY_BYTES);
    await cache.genes(index, [1, 2, 3]);
    await cache.genes(index, [1]); // 1 is now the most recent
    await cache.genes(index, [4, 5]); // evicts 2 and 3
    expect(cache.usedBytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((id) => cache.has(index, id))).toEqual([true, false, false, true, true]);
    // A bound smaller than one entry: genes are still returned, nothing is kept.
    const tiny = new GeneCache(fakeLge([]), 1000);
    expect((await tiny.genes(index, [1]))[0]!.mu[0]).toBe(1);
    expect(tiny.size).toBe(0);
  });
});
