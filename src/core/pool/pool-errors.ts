/** Errors of the gene pool that the hosts show to users as they are. */

export class PoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolError';
  }
}

/** The pool was built in another pack's latent space: its latents mean nothing here. */
export class PoolPackMismatchError extends PoolError {
  constructor(message: string) {
    super(message);
    this.name = 'PoolPackMismatchError';
  }
}
