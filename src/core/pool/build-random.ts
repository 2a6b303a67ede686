/**
 * Builder (a): N random people from the pack's mapping network, labelled by its
 * attributes model. Sample i is a pure function of (seed, i, ψ) — z from
 * `founderZ(seed, i)`, the same stream as founder candidate i — so a build that is
 * killed and rerun continues at the first uncommitted sample and ends with exactly
 * the rows (ids included) of an uninterrupted build. Each batch's rows and the
 * build-state cursor are committed in one transaction.
 */
import { labelFaces } from '../breeding/label-faces';
import { DEFAULT_PSI, founderZ, truncateToWplus } from '../breeding/founders';
import { WPLUS_LEN, W_DIM, type PackRuntime } from '../breeding/pack-runtime';
import { assertSeed } from '../genes/rng';
import type { PoolIndex } from './pool-index';
import type { NewEntry } from './pool-types';
import { isAbort, type BuildOptions, type BuildReport } from './build-report';
import { PoolError } from './pool-errors';

export interface RandomBuildParams {
  count: number;
  seed: number;
  /** Truncation ψ toward wAvg (default 0.7, as founders). */
  psi?: number;
}

export const DEFAULT_RANDOM_BATCH = 64;

export function randomJobId(seed: number, psi: number): string {
  return `mapping:seed=${seed}:psi=${psi}`;
}

export async function buildRandomPool(
  index: PoolIndex,
  runtime: PackRuntime,
  params: RandomBuildParams,
  opts: BuildOptions = {},
): Promise<BuildReport> {
  const t0 = performance.now();
  const { count, seed } = params;
  const psi = params.psi ?? DEFAULT_PSI;
  assertSeed(seed);
  if (!Number.isInteger(count) || count < 0) throw new PoolError(`count must be a non-negative integer, got ${String(count)}`);
  if (!runtime.has('mapping')) throw new PoolError(`The model pack '${runtime.pack.manifest.name}' has no mapping network, so it cannot sample random people.`);
  if (!runtime.has('attributes')) {
    throw new PoolError(`The model pack '${runtime.pack.manifest.name}' has no attributes model, so random samples cannot be labelled by age, gender and race.`);
  }
  const job = randomJobId(seed, psi);
  const state = index.buildState(job) ?? { job, kind: 'random' as const, params: { seed, psi }, nextIndex: 0, total: count, added: 0, complete: false };
  const resumedFrom = Math.min(state.nextIndex, count);
  const batchSize = opts.batchSize ?? DEFAULT_RANDOM_BATCH;
  let added = 0;
  let next = state.nextIndex;
  const report = (complete: boolean): BuildReport => ({
    job, total: count, added, skippedByReason: {}, skipped: [], resumedFrom, seconds: (performance.now() - t0) / 1000, complete,
  });
  opts.onProgress?.({ done: Math.min(next, count), total: count, added: 0, skipped: 0 });
  try {
    while (next < count) {
      if (opts.signal?.aborted) return report(false);
      const n = Math.min(batchSize, count - next);
      const entries = await sampleBatch(runtime, seed, psi, next, n, opts.signal);
      index.transaction(() => {
        added += index.insertEntries(entries);
        next += n;
        index.saveBuildState({ ...state, nextIndex: next, total: Math.max(count, state.total), added: state.added + added, complete: next >= count });
      });
      opts.onProgress?.({ done: next, total: count, added, skipped: 0 });
    }
  } catch (e) {
    if (isAbort(e, opts.signal)) return report(false);
    throw e;
  }
  if (next >= count && !index.buildState(job)?.complete) index.saveBuildState({ ...state, nextIndex: next, total: count, complete: true });
  return report(true);
}

async function sampleBatch(runtime: PackRuntime, seed: number, psi: number, start: number, n: number, signal?: AbortSignal): Promise<NewEntry[]> {
  const z = new Float32Array(n * W_DIM);
  for (let k = 0; k < n; k++) z.set(founderZ(seed, start + k), k * W_DIM);
  const w = await runtime.mapping(z, { signal });
  const wplus = truncateToWplus(w, runtime.pack.manifest.wAvg, psi);
  const labels = await labelFaces(runtime, wplus, { signal });
  if (!labels) throw new PoolError(`the model pack '${runtime.pack.manifest.name}' has no attributes model`); // checked at the start
  return Array.from({ length: n }, (_, k) => ({
    ...labels[k]!,
    source: 'mapping' as const,
    sourceRef: `${seed}:${start + k}:${psi}`,
    attributesSource: 'model' as const,
    wplus: wplus.slice(k * WPLUS_LEN, (k + 1) * WPLUS_LEN),
  }));
}
