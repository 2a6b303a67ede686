/**
 * Streams card thumbnails in batches, the on-screen cards first, so a big
 * tree shows its cards at once and its faces fill in as they arrive (a thousand
 * thumbnails are ~20 MB of data URLs; waiting for all of them took seconds).
 * Framework-free: the tree state feeds it ids and receives the images.
 */
export interface ThumbnailLoaderOptions {
  /** Ids per request: each answer re-renders the tree, so not too few (150: docs/ARCHITECTURE.md, "Opening a big tree"). */
  batchSize: number;
  /** Requests in flight at once (the host answers them in turn; two keep it busy). */
  concurrency: number;
}

export class ThumbnailLoader {
  /** Wanted and not yet requested, in tree order. */
  private readonly pending = new Set<string>();
  /** Requested (in flight or loaded). */
  private readonly requested = new Set<string>();
  /** On-screen ids, nearest the view's centre first. */
  private front: readonly string[] = [];
  private inFlight = 0;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchBatch: (ids: string[]) => Promise<Record<string, string>>,
    private readonly onLoaded: (images: Record<string, string>) => void,
    private readonly onError: (e: Error) => void,
    private readonly opts: ThumbnailLoaderOptions = { batchSize: 150, concurrency: 2 },
  ) {}

  /**
   * The ids the tree shows now; those not requested yet are queued. Requests start
   * when the canvas says what is on screen (prioritize), or after `waitForViewMs`.
   */
  want(ids: readonly string[], waitForViewMs = 500): void {
    for (const id of ids) if (!this.requested.has(id)) this.pending.add(id);
    if (this.timer === null && this.pending.size > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, waitForViewMs);
    }
  }

  /** Like want(), also for ids already loaded (their face changed: aged, undone). */
  refetch(ids: readonly string[], waitForViewMs = 500): void {
    for (const id of ids) this.requested.delete(id);
    this.want(ids, waitForViewMs);
  }

  /** The on-screen ids, most important first; they jump the queue. */
  prioritize(ids: readonly string[]): void {
    this.front = ids;
    this.pump();
  }

  /** Forgets everything (another project was opened); answers still in flight are dropped. */
  reset(): void {
    this.pending.clear();
    this.requested.clear();
    this.front = [];
    this.generation++;
    this.inFlight = 0;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Ids waiting to be requested (for tests). */
  get waiting(): number {
    return this.pending.size;
  }

  private takeBatch(): string[] {
    const batch: string[] = [];
    for (const id of this.front) {
      if (batch.length >= this.opts.batchSize) break;
      if (this.pending.has(id)) batch.push(id);
    }
    for (const id of this.pending) {
      if (batch.length >= this.opts.batchSize) break;
      if (!batch.includes(id)) batch.push(id);
    }
    for (const id of batch) {
      this.pending.delete(id);
      this.requested.add(id);
    }
    return batch;
  }

  private pump(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight < this.opts.concurrency && this.pending.size > 0) {
      const batch = this.takeBatch();
      const gen = this.generation;
      this.inFlight++;
      this.fetchBatch(batch).then(
        (images) => {
          if (gen !== this.generation) return;
          this.inFlight--;
          this.onLoaded(images);
          this.pump();
        },
        (e: Error) => {
          if (gen !== this.generation) return;
          this.inFlight--;
          // Asked again on the next want() (the next tree refresh), not in a loop.
          for (const id of batch) this.requested.delete(id);
          this.onError(e);
        },
      );
    }
  }
}
