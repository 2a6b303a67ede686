/** A pack that cannot be used; the message names the file and the problem. */
export class PackError extends Error {
  constructor(
    readonly folder: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Model pack at ${folder}: ${file}: ${problem}`);
    this.name = 'PackError';
  }
}
