import { describe, expect, it } from 'vitest';
import { EventHub } from '../../src/core/event-hub';
import { JobRunner } from '../../src/core/jobs/job-runner';
import { CancelledError } from '../../src/core/inference/inference-engine';
import type { StudioEvent } from '../../src/shared/api';

function setup() {
  const hub = new EventHub<StudioEvent>();
  const events: StudioEvent[] = [];
  hub.subscribe((e) => events.push(e));
  return { runner: new JobRunner(hub), events };
}

describe('job runner', () => {
  it('reports progress and completion', async () => {
    const { runner, events } = setup();
    const result = await runner.run('j1', 'work', async (_signal, progress) => {
      progress('step', 1, 2);
      progress('step', 2, 2);
      return 42;
    });
    expect(result).toBe(42);
    expect(events.at(-2)).toEqual({ type: 'job-progress', jobId: 'j1', label: 'step', done: 2, total: 2 });
    expect(events.at(-1)).toEqual({ type: 'job-finished', jobId: 'j1', outcome: 'completed' });
    expect(runner.activeJobs).toEqual([]);
  });

  it('cancels: the work sees the signal, the caller gets CancelledError, listeners see "cancelled"', async () => {
    const { runner, events } = setup();
    let sawAbort = false;
    const job = runner.run('j2', 'slow', (signal) =>
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => {
        sawAbort = true;
        reject(new Error('stopped'));
      })),
    );
    expect(runner.cancel('j2')).toBe(true);
    await expect(job).rejects.toBeInstanceOf(CancelledError);
    expect(sawAbort).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'job-finished', jobId: 'j2', outcome: 'cancelled' });
    expect(runner.cancel('j2')).toBe(false);
  });

  it('reports failures with their message and refuses duplicate ids', async () => {
    const { runner, events } = setup();
    const blocker = runner.run('dup', 'x', () => new Promise((r) => setTimeout(r, 20)));
    await expect(runner.run('dup', 'x', async () => 1)).rejects.toThrow(/already running/);
    await blocker;
    await expect(runner.run('bad', 'x', async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    expect(events.at(-1)).toEqual({ type: 'job-finished', jobId: 'bad', outcome: 'failed', message: 'disk full' });
  });
});
