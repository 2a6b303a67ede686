/**
 * Errors of the project store. File problems and input problems are separate classes
 * so the service layer can show "cannot open X" dialogs apart from form validation.
 */
import { KinshipError, type ErrorCode } from '../../domain/errors';

export type ProjectFileProblem =
  | 'not-found'
  | 'not-a-file'
  | 'not-sqlite'
  | 'foreign'
  | 'newer-version'
  | 'corrupt'
  | 'exists'
  | 'locked'
  | 'io';

/** The file cannot be opened, created or written as a project; the message names the file. */
export class ProjectFileError extends KinshipError {
  override readonly name = 'ProjectFileError';
  constructor(
    readonly path: string,
    readonly problem: ProjectFileProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(FILE_PROBLEM_CODES[problem], `${path}: ${detail}`, options);
  }
}

/** A missing file is not-found, a file of the wrong kind is the user's input, an I/O failure is ours. */
const FILE_PROBLEM_CODES: Readonly<Record<ProjectFileProblem, ErrorCode>> = {
  'not-found': 'not-found',
  'not-a-file': 'invalid-input',
  'not-sqlite': 'invalid-input',
  foreign: 'invalid-input',
  'newer-version': 'unsupported',
  corrupt: 'invalid-input',
  exists: 'conflict',
  // Another studio has it open (projects/project-lock.ts).
  locked: 'conflict',
  io: 'internal',
};

/** An edit was refused (bad value, unknown id, closed store); nothing was written. */
export class ProjectInputError extends KinshipError {
  override readonly name = 'ProjectInputError';
  constructor(message: string) {
    super('invalid-input', message);
  }
}
