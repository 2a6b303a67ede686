/**
 * The gene pool of the active pack, opened on demand (and reopened when the pack
 * changes), and the donor supply for breeding (docs/ARCHITECTURE.md, step 3).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ageDirectionsFor } from '../breeding/age-measure';
import type { AgeDirections } from '../genes/age-directions';
import { GenePool, defaultPoolPath } from '../pool';
import { createRng } from '../genes/rng';
import { RACES, type Race } from '../genes/regions';
import type { PackRuntime } from '../breeding/pack-runtime';
import { NO_POOL, type DonorRequest, type DonorSupply } from './studio-context';

/** Donors drawn per child batch; enough variety for 34 regions without LGE-ing the world. */
export const DONORS_PER_BATCH = 16;

export class PoolSession {
  private open: { packId: string; pool: GenePool } | null = null;
  private opening: Promise<GenePool> | null = null;
  private age: { key: string; dirs: AgeDirections } | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly runtime: () => PackRuntime,
  ) {}

  path(): string {
    return defaultPoolPath(this.runtime().id, this.dataDir);
  }

  /** The pool of the active pack; null when none was built yet (unless `create`). */
  async pool(create = false): Promise<GenePool | null> {
    const runtime = this.runtime();
    if (this.open?.packId === runtime.id) return this.open.pool;
    this.close();
    const path = defaultPoolPath(runtime.id, this.dataDir);
    if (!create && !existsSync(path)) return null;
    this.opening ??= GenePool.open(runtime, path, { create: true });
    try {
      const pool = await this.opening;
      this.open = { packId: runtime.id, pool };
      return pool;
    } finally {
      this.opening = null;
    }
  }

  async donorsFor(req: DonorRequest): Promise<DonorSupply> {
    const pool = await this.pool();
    if (!pool || pool.counts().total === 0) return NO_POOL;
    if (!req.target) {
      return { donors: [], use: { group: 'child age group and gender not set — the parents are the donors (set them to use the gene pool)', widened: [], donors: 0 } };
    }
    const races = [...new Set([req.father?.race, req.mother?.race].filter((r): r is Race => !!r))];
    const sample = await pool.sampleDonors(
      {
        ageGroup: req.target.ageGroup,
        gender: req.target.gender,
        races: races.length ? races : [...RACES],
        k: DONORS_PER_BATCH,
        // The pool draw has its own stream of the breeding seed: reproducible, and it
        // does not shift any other draw of the children.
        rng: createRng(req.seed).fork('pool'),
      },
      req.signal,
    );
    return {
      donors: sample.donors,
      use: {
        group: sample.report.used ? `gene pool: ${sample.report.used} (${sample.report.candidates} entries)` : 'gene pool has no suitable entries — the parents are the donors',
        widened: sample.report.widened,
        donors: sample.donors.length,
      },
    };
  }

  /**
   * The active pack's age directions: measured from the gene pool where it has
   * enough entries, else from the pack's mapping network and attributes model;
   * cached in `<data folder>/age-directions/`. Throws AgeControlUnavailable otherwise.
   */
  async ageDirections(opts: { signal?: AbortSignal; onProgress?: (what: string, done: number, total: number) => void } = {}): Promise<AgeDirections> {
    const pool = await this.pool();
    const key = `${this.runtime().id}|${pool ? JSON.stringify(pool.counts().counts) : ''}`;
    if (this.age?.key === key) return this.age.dirs;
    // Gene-only entries have no W+ to average: a pool of only those measures like no pool.
    const measured = pool && pool.index.total({ withWplus: true }) > 0 ? pool.index : null;
    const dirs = await ageDirectionsFor(this.runtime(), measured, { ...opts, cacheDir: join(this.dataDir, 'age-directions') });
    this.age = { key, dirs };
    return dirs;
  }

  close(): void {
    this.open?.pool.close();
    this.open = null;
  }
}
