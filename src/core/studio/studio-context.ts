/** What every studio action needs: the open project, the active pack, jobs, the gene pool. */
import type { PackRuntime } from '../breeding/pack-runtime';
import type { JobRunner } from '../jobs/job-runner';
import type { ProjectSession } from './project-session';
import type { DonorGenes } from '../genes/shape';
import type { Attributes } from '../breeding/attributes-decode';
import type { PoolUseDto, TargetDto } from '../../shared/dto';
import type { AgeDirections } from '../genes/age-directions';

export interface DonorRequest {
  target: TargetDto | null;
  father: Attributes | null;
  mother: Attributes | null;
  seed: number;
  signal?: AbortSignal;
}

export interface DonorSupply {
  donors: DonorGenes[];
  use: PoolUseDto;
}

export interface StudioContext {
  session: ProjectSession;
  runtime(): PackRuntime;
  jobs: JobRunner;
  /** Pool donors for a child (docs/ARCHITECTURE.md, "Domain vocabulary", step 3); no pool → none, and the parents stand in. */
  donorsFor(req: DonorRequest): Promise<DonorSupply>;
  /** Measured age directions of the active pack (pool, else mapping network); throws when neither can give them. */
  ageDirections(opts?: { signal?: AbortSignal; onProgress?: (what: string, done: number, total: number) => void }): Promise<AgeDirections>;
  exportsDir: string;
}

export const NO_POOL: DonorSupply = {
  donors: [],
  use: { group: 'no gene pool for this model pack — the parents are the donors', widened: [], donors: 0 },
};
