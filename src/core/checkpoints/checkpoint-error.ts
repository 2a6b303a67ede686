/** A problem with one checkpoint file the user can act on; the message starts with the file's name. */
export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'CheckpointError';
  }
}
