/**
 * Crossover helper threads, owned by the inference worker: the crossover is pure
 * JavaScript (~8–16 ms a child, mostly log, sin, cos and exp) and onnxruntime is idle
 * while it runs, so the other cores take a share of every chunk's regions. Each region's
 * noise is its own fork of the child's rng, so any split gives the same genes
 * (docs/ARCHITECTURE.md, "Workers and cancellation").
 *
 * Helpers start when a pack opens (or at the first chunk) and take work once they say they
 * are ready; until then, and after one fails, the inference worker fills every region itself.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/worker-entry';
import { CrossoverHelperReplySchema, type CrossoverPart, type CrossoverRequest } from '../inference/messages';

interface Helper {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  pending: Map<number, { resolve: () => void; reject: (e: Error) => void }>;
}

export interface CrossoverHelperOptions {
  /** The helper's entry file (src/core/workers/worker-entry.ts). */
  entry: string;
  /** Helper threads besides the inference worker's own. */
  count: number;
}

export class CrossoverHelpers {
  private helpers: Helper[] | null = null;
  private nextId = 1;

  constructor(private readonly options: CrossoverHelperOptions) {}

  /** Helpers able to take a part now; the first call starts them. */
  available(): number {
    this.helpers ??= Array.from({ length: this.options.count }, () => this.start());
    return this.live().length;
  }

  /**
   * Sends parts 1..parts−1 of the chunk to the ready helpers (part 0 is the caller's).
   * Resolves when every part is written; rejects with the first failure.
   */
  run(req: Omit<CrossoverRequest, 'type' | 'id'>, genes: Float32Array, parts: number): Promise<void>[] {
    const live = this.live().slice(0, parts - 1);
    return live.map(
      (h, k) =>
        new Promise<void>((resolve, reject) => {
          const id = this.nextId++;
          h.pending.set(id, { resolve, reject });
          const msg: CrossoverPart = { id, req, genes, part: k + 1, parts };
          h.worker.postMessage(msg);
        }),
    );
  }

  private live(): Helper[] {
    return (this.helpers ?? []).filter((h) => h.ready && !h.dead);
  }

  private start(): Helper {
    const h: Helper = { worker: startWorker(this.options.entry), ready: false, dead: false, pending: new Map() };
    // The inference worker must be able to exit while helpers are idle.
    h.worker.unref();
    h.worker.on('message', (raw: unknown) => {
      const msg = CrossoverHelperReplySchema.safeParse(raw);
      if (!msg.success) {
        // A reply we cannot read names no part: drop the helper and fail all its parts (the
        // caller redoes them), rather than leave a part that never settles and a breeding that hangs.
        lost('sent a reply that does not match its schema');
        void h.worker.terminate();
        return;
      }
      const m = msg.data;
      if (m.type === 'ready') {
        h.ready = true;
        return;
      }
      const p = h.pending.get(m.id);
      h.pending.delete(m.id);
      if (m.type === 'done') p?.resolve();
      else p?.reject(new Error(m.message));
    });
    const lost = (why: string): void => {
      h.dead = true;
      for (const p of h.pending.values()) p.reject(new Error(`crossover helper ${why}`));
      h.pending.clear();
    };
    h.worker.on('error', (e) => lost(`crashed: ${e.message}`));
    h.worker.on('exit', (code) => lost(`exited (code ${code})`));
    return h;
  }
}
