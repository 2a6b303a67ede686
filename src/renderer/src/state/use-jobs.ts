/** Progress of running jobs, from the service's typed job events. */
import { useEffect, useState } from 'react';
import type { StudioClient } from '../api/client';

export interface JobState {
  label: string;
  done: number;
  total: number;
}

export function useJobs(client: StudioClient): Record<string, JobState> {
  const [jobs, setJobs] = useState<Record<string, JobState>>({});
  useEffect(
    () =>
      client.subscribe((e) => {
        if (e.type === 'job-progress') setJobs((j) => ({ ...j, [e.jobId]: { label: e.label, done: e.done, total: e.total } }));
        if (e.type === 'job-finished')
          setJobs((j) => {
            const next = { ...j };
            delete next[e.jobId];
            return next;
          });
      }),
    [client],
  );
  return jobs;
}

let counter = 0;
export function newJobId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
