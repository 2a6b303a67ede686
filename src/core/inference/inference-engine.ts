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
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

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

  private async ensureWorker(): Promise<Worker> {
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
    // Replay the packs that were open before a cancel or crash.
    for (const req of this.openPacks.values()) await this.post(w, req);
    return w;
  }

  private post(w: Worker, req: WorkerRequest): Promise<unknown> {
    const id = this.nextId++;
    const msg = { ...req, id };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Feeds are copied (structured clone), not transferred: callers keep their latents.
      w.postMessage(msg);
    });
  }

  private async send(req: WorkerRequest, signal?: AbortSignal): Promise<unknown> {
    const w = await this.ensureWorker();
    if (!signal) return this.post(w, req);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        reject(new CancelledError());
        // Terminating is the only way to stop a running graph.
        if (this.worker === w) this.worker = null;
        this.failAll(new CancelledError());
        void w.terminate();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.post(w, req).then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: Error) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
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
