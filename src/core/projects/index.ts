/** Public surface of the project store. */
export { ProjectStore, type CreateProjectOptions, type DeletePersonOptions, type PersonMove } from './project-store';
export { ProjectFileError, ProjectInputError, type ProjectFileProblem } from './errors';
export type { HistoryState } from './history';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema';
export {
  ProjectOriginSchema,
  ChildOriginSchema,
  ChildTargetSchema,
  WPLUS_LENGTH,
  type Attributes,
  type AttributesSource,
  type BatchStatus,
  type BatchSummary,
  type ChildOrigin,
  type ChildTarget,
  type FounderOrigin,
  type JsonValue,
  type KeepPick,
  type NewBatchInput,
  type NewCandidateInput,
  type NewPersonInput,
  type PersonSummary,
  type PhotoOrigin,
  type Position,
  type ProjectMeta,
  type ProjectOrigin,
  type TreeSnapshot,
  type UnionRecord,
} from './records';
