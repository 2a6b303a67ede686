import { KinshipError } from '../../domain/errors';

/** A problem with one checkpoint file the user can act on; the message starts with the file's name. */
export class CheckpointError extends KinshipError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super('invalid-input', `${file}: ${detail}`);
    this.name = 'CheckpointError';
  }
}
