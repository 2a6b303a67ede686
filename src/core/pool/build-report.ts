/** Progress and outcome of a pool build, shared by both builders. */
import type { SkippedItem } from './pool-types';

export interface BuildProgress {
  /** Items handled (added or skipped), including those of earlier runs. */
  done: number;
  total: number;
  added: number;
  skipped: number;
}

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /** Items per inference batch and per commit. */
  batchSize?: number;
}

export interface BuildReport {
  job: string;
  total: number;
  /** Entries added by this run. */
  added: number;
  /** Items this job has skipped so far (all runs), by reason. */
  skippedByReason: Record<string, number>;
  skipped: SkippedItem[];
  /** Items already done by an earlier, interrupted run. */
  resumedFrom: number;
  seconds: number;
  /** False when cancelled: rerun the same build to continue. */
  complete: boolean;
}

export function countReasons(skips: readonly SkippedItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of skips) out[s.reason] = (out[s.reason] ?? 0) + 1;
  return out;
}

export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || (e instanceof Error && (e.name === 'CancelledError' || e.name === 'AbortError'));
}
