/**
 * Client side of the inference worker: request/response by id, cancellation by
 * AbortSignal. onnxruntime cannot abort a running graph, so a cancel terminates
 * the worker (freeing its memory at once) and the next call starts a fresh one,
 * reopening the packs it had.
 */
import type { Worker } from 'node:worker_threads';
import { WorkerResponseSchema, type WorkerRequest, type TensorPayload } from './messages';
import { startWorker, workerPath } from '../workers/worker-entry';
import type { ExecutionProvider } from '../../shared/api';
import type { ModelRole } from '../packs/manifest';
import { KinshipError } from '../../domain/errors';

export class CancelledError extends KinshipError {
  constructor() {
    super('cancelled', 'cancelled');
    this.name = 'CancelledError';
  }
}

export class InferenceError extends KinshipError {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super('internal', message);
    this.name = 'InferenceError';
  }
}

type OpenRequest = Extract<WorkerRequest, { type: 'open' }>;
/** A request in flight; `replay` says whether it is sent again after another job's cancel. */
type Pending = { req: WorkerRequest; replay: boolean; id?: number; resolve: (v: unknown) => void; reject: (e: Error) => void };

export interface OpenResult {
  executionProvider: ExecutionProvider;
  fallbackReason?: string;
}

export class InferenceEngine {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Open requests to replay on a fresh worker after a cancel. */
  private readonly openPacks = new Map<string, OpenRequest>();
  private readonly entry: string;
  private disposed = false;

  constructor(options: { workerEntry?: string } = {}) {
    this.entry = options.workerEntry ?? workerPath('inference-worker');
  }

  async openPack(req: Omit<OpenRequest, 'type' | 'id'>): Promise<OpenResult> {
    const full: OpenRequest = { ...req, type: 'open', id: 0 };
    const res = (await this.send(full)) as OpenResult;
    this.openPacks.set(req.packKey, full);
    return res;
  }

  /** Roles whose sessions are in memory now (lazy roles load at first use and leave when idle). */
  async loadedRoles(packKey: string): Promise<ModelRole[]> {
    const res = (await this.send({ type: 'loaded', id: 0, packKey })) as { roles: ModelRole[] };
    return res.roles;
  }

  async closePack(packKey: string): Promise<void> {
    if (!this.openPacks.delete(packKey) || !this.worker) return;
    await this.send({ type: 'close', id: 0, packKey });
  }

  async run(
    packKey: string,
    role: ModelRole,
    feeds: Record<string, TensorPayload>,
    outputs: string[],
    signal?: AbortSignal,
  ): Promise<Record<string, TensorPayload>> {
    if (signal?.aborted) throw new CancelledError();
    // Structured clone copies a view's whole backing buffer: send compact copies of views.
    const compact: Record<string, TensorPayload> = {};
    for (const [name, t] of Object.entries(feeds)) {
      const whole = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength;
      compact[name] = whole ? t : { dims: t.dims, data: t.data.slice() };
    }
    const res = (await this.send({ type: 'run', id: 0, packKey, role, feeds: compact, outputs }, signal)) as {
      outputs: Record<string, TensorPayload>;
    };
    return res.outputs;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const w = this.worker;
    this.worker = null;
    this.failAll(new InferenceError('inference engine disposed'));
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.disposed) throw new InferenceError('inference engine disposed');
    if (this.worker) return this.worker;
    const w = startWorker(this.entry);
    w.on('message', (raw: unknown) => this.onMessage(raw));
    w.on('error', (e) => {
      if (this.worker === w) this.worker = null;
      this.failAll(new InferenceError(`inference worker crashed: ${e.message}`));
    });
    w.on('exit', (code) => {
      if (this.worker === w) {
        this.worker = null;
        this.failAll(new InferenceError(`inference worker exited (code ${code})`));
      }
    });
    this.worker = w;
    // Replay the packs that were open before a cancel or crash. The worker handles messages
    // in order, so requests posted after these run on the reopened packs; a failed reopen
    // shows up as the next run's error ("pack … is not open").
    for (const req of this.openPacks.values()) this.post(w, { req, replay: false, resolve: () => {}, reject: () => {} });
    return w;
  }

  /** Sends `entry.req` under a fresh id; the entry settles when the worker answers. */
  private post(w: Worker, entry: Pending): void {
    const id = this.nextId++;
    entry.id = id;
    this.pending.set(id, entry);
    // Feeds are copied (structured clone), not transferred: callers keep their latents.
    w.postMessage({ ...entry.req, id });
  }

  private send(req: WorkerRequest, signal?: AbortSignal): Promise<unknown> {
    const w = this.ensureWorker();
    return new Promise((resolve, reject) => {
      const entry: Pending = { req, replay: req.type !== 'close', resolve, reject };
      if (signal) {
        const onAbort = (): void => this.cancel(entry);
        signal.addEventListener('abort', onAbort, { once: true });
        entry.resolve = (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        };
        entry.reject = (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        };
      }
      this.post(w, entry);
    });
  }

  /**
   * Cancels one request. A queued request is simply dropped. onnxruntime cannot stop a
   * running graph, so for the running one the worker is terminated; every other caller's request is sent again to a fresh worker (which
   * reopens the packs first), so a cancel affects only its own job.
   */
  private cancel(entry: Pending): void {
    if (entry.id === undefined || this.pending.get(entry.id) !== entry) return; // already answered
    // The worker answers in order, so only the oldest pending request can be running.
    const running = this.pending.keys().next().value === entry.id;
    this.pending.delete(entry.id);
    entry.reject(new CancelledError());
    // A queued request is dropped here; the worker's late answer to it is ignored.
    if (!running) return;
    const old = this.worker;
    this.worker = null;
    const others = [...this.pending.values()];
    this.pending.clear();
    if (old) void old.terminate();
    const again = others.filter((p) => p.replay);
    // A close has nothing left to close in a terminated worker.
    for (const p of others) if (!p.replay) p.resolve({});
    if (again.length === 0 || this.disposed) {
      for (const p of again) p.reject(new InferenceError('inference engine disposed'));
      return;
    }
    const w = this.ensureWorker();
    for (const p of again) this.post(w, p);
  }

  private onMessage(raw: unknown): void {
    const parsed = WorkerResponseSchema.safeParse(raw);
    if (!parsed.success) return; // never from our own worker; ignore rather than crash
    const msg = parsed.data;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new InferenceError(msg.message, msg.file));
    else p.resolve(msg);
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }
}
