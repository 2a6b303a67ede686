/**
 * The one error model (docs/ARCHITECTURE.md, "Error codes"). Every error the service
 * raises on purpose is a KinshipError with a code; the router maps the code to the
 * response once, and the UI and CLI decide from the code how to show it (a user
 * mistake is shown as such, an internal error asks for a report).
 */

export const ERROR_CODES = [
  /** The caller gave bad input: a wrong setting, an unreadable photo, a name already used. */
  'invalid-input',
  /** A person, project, batch, pack or pool entry that does not exist (any more). */
  'not-found',
  /** The request is valid but clashes with the current state (a file changed, a job already running). */
  'conflict',
  /** The active pack, platform or file version cannot do this (no encoder, newer project format). */
  'unsupported',
  /** The caller cancelled the job. */
  'cancelled',
  /** A bug or an environment failure (disk, worker crash): not the user's doing. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class KinshipError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KinshipError';
  }
}

/** True for codes that describe something the user can fix by changing the request. */
export function isUserMistake(code: string): boolean {
  return code === 'invalid-input' || code === 'not-found' || code === 'conflict' || code === 'unsupported';
}

/** The caller's input is wrong; the message says what and how to fix it. */
export class InputError extends KinshipError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-input', message, options);
    this.name = 'InputError';
  }
}

/** Something the request names does not exist (any more). */
export class NotFoundError extends KinshipError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** The request clashes with the current state. */
export class ConflictError extends KinshipError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** The active pack, the platform or the file version cannot do this. */
export class UnsupportedError extends KinshipError {
  constructor(message: string) {
    super('unsupported', message);
    this.name = 'UnsupportedError';
  }
}

/** Every error the gene math and the settings schema raise for bad input or settings. */
export class GeneInputError extends KinshipError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'GeneInputError';
  }
}
