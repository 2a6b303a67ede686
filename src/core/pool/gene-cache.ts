/**
 * Genes of pool entries, computed by the pack's LGE when first asked for and kept
 * in a least-recently-used cache bounded by bytes. One entry's mu + logvar is
 * 2 × 18 × 34 × 512 float32 = 2.5 MB, so the default 512 MB holds ~200 donors —
 * enough for a breeding session's groups without holding the whole pool.
 */
import type { DonorGenes } from '../genes/shape';
import type { LgeOutput, StageOptions } from '../breeding/pack-runtime';
import { GENE_LEN } from '../breeding/pack-runtime';
import { donorId } from './donor-sampler';
import type { PoolIndex } from './pool-index';

export const DEFAULT_GENE_CACHE_BYTES = 512 * 1024 * 1024;

/** The one stage the cache needs (PackRuntime has it; tests pass a stand-in). */
export interface LgeStage {
  lge(wplus: Float32Array, opts?: StageOptions): Promise<LgeOutput>;
}

export class GeneCache {
  private readonly map = new Map<string, DonorGenes>();
  private bytes = 0;
  /** LGE runs so far (tests and the benchmark read it). */
  lgeRuns = 0;

  constructor(
    private readonly runtime: LgeStage,
    readonly maxBytes = DEFAULT_GENE_CACHE_BYTES,
  ) {}

  get size(): number {
    return this.map.size;
  }
  get usedBytes(): number {
    return this.bytes;
  }

  has(index: PoolIndex, id: number): boolean {
    return this.map.has(donorId(index.uid, id));
  }

  /** Genes of `ids` in order; missing ones go through the LGE in one batch. */
  async genes(index: PoolIndex, ids: readonly number[], signal?: AbortSignal): Promise<DonorGenes[]> {
    const keys = ids.map((id) => donorId(index.uid, id));
    const found = new Map<string, DonorGenes>();
    for (const key of keys) {
      const g = this.map.get(key);
      if (g) {
        // Re-insert: Map order is the recency order.
        this.map.delete(key);
        this.map.set(key, g);
        found.set(key, g);
      }
    }
    const missing = [...new Set(ids.filter((_, k) => !found.has(keys[k]!)))];
    if (missing.length) {
      const out = await this.runtime.lge(index.wplus(missing), { signal });
      this.lgeRuns++;
      missing.forEach((id, k) => {
        // Copies, so a cached entry does not pin the whole batch's buffer.
        const g: DonorGenes = {
          id: donorId(index.uid, id),
          mu: out.mu.slice(k * GENE_LEN, (k + 1) * GENE_LEN),
          logvar: out.logvar.slice(k * GENE_LEN, (k + 1) * GENE_LEN),
        };
        found.set(g.id, g);
        this.put(g);
      });
    }
    return keys.map((key) => found.get(key)!);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private put(g: DonorGenes): void {
    const size = g.mu.byteLength + g.logvar.byteLength;
    if (size > this.maxBytes) return; // larger than the whole cache: hand it out uncached
    this.map.set(g.id, g);
    this.bytes += size;
    for (const [key, old] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(key);
      this.bytes -= old.mu.byteLength + old.logvar.byteLength;
    }
  }
}
