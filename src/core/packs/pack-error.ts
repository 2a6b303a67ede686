import { KinshipError } from '../../domain/errors';

/** A pack that cannot be used; the message names the file and the problem (the user's folder to fix). */
export class PackError extends KinshipError {
  constructor(
    readonly folder: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super('invalid-input', `Model pack at ${folder}: ${file}: ${problem}`);
    this.name = 'PackError';
  }
}
