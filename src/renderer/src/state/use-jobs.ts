/** Progress of running jobs: a slice of the studio store (fed by the service's job events). */
import { useStudio } from './studio-context';
import type { JobState } from './studio-store';

export { newJobId, type JobState } from './studio-store';

export function useJobs(): Record<string, JobState> {
  return useStudio((s) => s.jobs);
}
