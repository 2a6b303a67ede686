/**
 * Runs asynchronous calls of which only the newest matters: a call starts at once when
 * none is running, otherwise after the running one, replacing any call already waiting;
 * only the newest call's answer is delivered. The live breeding preview uses it instead
 * of a debounce: a face-map click is previewed without a wait, and a slider drag keeps
 * one request in flight rather than a queue (docs/ARCHITECTURE.md, "Live preview").
 */
export class LatestOnly {
  private running = false;
  private waiting: (() => void) | null = null;
  private seq = 0;

  run<T>(call: () => Promise<T>, onResult: (value: T) => void, onError: (e: Error) => void): void {
    const mine = ++this.seq;
    const start = (): void => {
      this.running = true;
      call()
        .then(
          (v) => {
            if (mine === this.seq) onResult(v);
          },
          (e: Error) => {
            if (mine === this.seq) onError(e);
          },
        )
        .finally(() => {
          this.running = false;
          const next = this.waiting;
          this.waiting = null;
          next?.();
        });
    };
    if (this.running) this.waiting = start;
    else start();
  }

  /** Drops the waiting call and any answer still to come (the panel closed). */
  cancel(): void {
    this.seq++;
    this.waiting = null;
  }
}
