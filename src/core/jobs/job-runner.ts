/**
 * Long work as cancellable jobs (electron-trpc style): the caller names the job,
 * the work gets an AbortSignal and a progress callback, progress and the outcome
 * go out as typed events, and a cancel aborts and cleans up.
 */
import type { EventHub } from '../event-hub';
import type { StudioEvent } from '../../shared/api';
import { CancelledError } from '../inference/inference-engine';
import { ConflictError } from '../../domain/errors';

export type Progress = (label: string, done: number, total: number) => void;

export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventHub<StudioEvent>) {}

  async run<T>(jobId: string, label: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Promise<T> {
    if (this.running.has(jobId)) throw new ConflictError(`a job with id '${jobId}' is already running`);
    const controller = new AbortController();
    this.running.set(jobId, controller);
    let lastEmit = 0;
    const progress: Progress = (stageLabel, done, total) => {
      // At most ~20 events a second, but always the last one of a stage.
      const now = Date.now();
      if (done < total && now - lastEmit < 50) return;
      lastEmit = now;
      this.events.emit({ type: 'job-progress', jobId, label: stageLabel, done, total });
    };
    this.events.emit({ type: 'job-progress', jobId, label, done: 0, total: 1 });
    try {
      const result = await work(controller.signal, progress);
      if (controller.signal.aborted) throw new CancelledError();
      this.events.emit({ type: 'job-finished', jobId, outcome: 'completed' });
      return result;
    } catch (e) {
      const cancelled = controller.signal.aborted || e instanceof CancelledError;
      this.events.emit({
        type: 'job-finished',
        jobId,
        outcome: cancelled ? 'cancelled' : 'failed',
        message: cancelled ? undefined : (e as Error).message,
      });
      throw cancelled ? new CancelledError() : e;
    } finally {
      this.running.delete(jobId);
    }
  }

  /** True when a job of that id was running and is now asked to stop. */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  get activeJobs(): string[] {
    return [...this.running.keys()];
  }
}
