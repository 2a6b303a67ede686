/**
 * Errors of the project store. File problems and input problems are separate classes
 * so the service layer can show "cannot open X" dialogs apart from form validation.
 */

export type ProjectFileProblem =
  | 'not-found'
  | 'not-a-file'
  | 'not-sqlite'
  | 'foreign'
  | 'newer-version'
  | 'corrupt'
  | 'exists'
  | 'io';

/** The file cannot be opened, created or written as a project; the message names the file. */
export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
  constructor(
    readonly path: string,
    readonly problem: ProjectFileProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${detail}`, options);
  }
}

/** An edit was refused (bad value, unknown id, closed store); nothing was written. */
export class ProjectInputError extends Error {
  override readonly name = 'ProjectInputError';
}
