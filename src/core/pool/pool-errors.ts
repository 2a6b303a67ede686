/** Errors of the gene pool that the hosts show to users as they are. */
import { KinshipError, type ErrorCode } from '../../domain/errors';

export class PoolError extends KinshipError {
  constructor(message: string, code: ErrorCode = 'invalid-input') {
    super(code, message);
    this.name = 'PoolError';
  }
}

/** The pool was built in another pack's latent space: its latents mean nothing here. */
export class PoolPackMismatchError extends PoolError {
  constructor(message: string) {
    super(message, 'conflict');
    this.name = 'PoolPackMismatchError';
  }
}
