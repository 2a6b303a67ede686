/**
 * Client side of the inference worker: requests queue here and go to the worker one at
 * a time, so the engine always knows which one is running. A cancel affects only its
 * own job: a queued request is dropped; the running one is rejected at once, but its
 * onnxruntime call is left to finish in the worker and its answer is thrown away.
 * The worker is never terminated while a native call is in flight: that aborts the
 * whole process (docs/ARCHITECTURE.md, "Workers and cancellation").
 */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { CrossoverHelperOptions } from '../breeding/crossover-helpers';
import { WorkerResponseSchema, type CrossedChildren, type CrossoverRequest, type WorkerRequest, type TensorPayload } from './messages';
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

/** One request: queued here, then sent (one at a time), then answered or cancelled. */
interface Entry {
  req: WorkerRequest;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** The caller has its answer (or its cancel); a late worker answer is dropped. */
  settled: boolean;
}

export interface OpenResult {
  executionProvider: ExecutionProvider;
  fallbackReason?: string;
}

export class InferenceEngine {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Requests not sent yet, oldest first. */
  private readonly queue: Entry[] = [];
  /** The request the worker is working on, under the id it was sent with. */
  private running: { id: number; entry: Entry } | null = null;
  /** Called when the worker has no request of ours in flight (dispose waits for it). */
  private idleWaiters: Array<() => void> = [];
  /** Open requests to replay on a fresh worker after a crash. */
  private readonly openPacks = new Map<string, OpenRequest>();
  private readonly entry: string;
  private readonly workerData: { crossoverHelpers: CrossoverHelperOptions };
  private disposed = false;

  constructor(
    options: {
      workerEntry?: string;
      /** The crossover helper's entry (default: its source file). */
      crossoverEntry?: string;
      /** Threads for the crossover, the worker's own included (default: the cores, at most 4). */
      crossoverThreads?: number;
    } = {},
  ) {
    this.entry = options.workerEntry ?? workerPath('inference-worker');
    const threads = options.crossoverThreads ?? Math.min(4, availableParallelism());
    this.workerData = {
      crossoverHelpers: { entry: options.crossoverEntry ?? workerPath('crossover-worker'), count: Math.max(0, Math.floor(threads) - 1) },
    };
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

  /**
   * Runs one graph. An abort rejects this call with CancelledError at once and touches
   * no other caller's request; if the graph is already running, the worker finishes it
   * (onnxruntime cannot stop a graph) before it takes the next request.
   */
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

  /**
   * Crossover of the children at `indices` (src/core/breeding/crossover-batch.ts), in the
   * worker so the host's main thread stays free; cancelled like a run.
   */
  async crossover(inputs: Omit<CrossoverRequest, 'type' | 'id' | 'indices'>, indices: number[], signal?: AbortSignal): Promise<CrossedChildren> {
    if (signal?.aborted) throw new CancelledError();
    const res = (await this.send({ ...inputs, type: 'crossover', id: 0, indices }, signal)) as CrossedChildren;
    return { genes: res.genes, children: res.children, threads: res.threads };
  }

  /**
   * Fails every request at once, then waits for the worker's native call in flight (if
   * any) to return before terminating it: terminating mid-call aborts the process.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    const err = new InferenceError('inference engine disposed');
    for (const e of this.queue.splice(0)) settle(e, err);
    if (this.running) settle(this.running.entry, err);
    if (this.running) await new Promise<void>((r) => this.idleWaiters.push(r));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private send(req: WorkerRequest, signal?: AbortSignal): Promise<unknown> {
    if (this.disposed) return Promise.reject(new InferenceError('inference engine disposed'));
    return new Promise((resolve, reject) => {
      const entry: Entry = { req, resolve, reject, settled: false };
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
      this.queue.push(entry);
      this.pump();
    });
  }

  /** Cancels one request: a queued one is dropped; the running one's answer will be. */
  private cancel(entry: Entry): void {
    if (entry.settled) return;
    const i = this.queue.indexOf(entry);
    if (i >= 0) this.queue.splice(i, 1);
    settle(entry, new CancelledError());
  }

  /** Sends the oldest queued request when the worker is free. */
  private pump(): void {
    if (this.running || this.disposed) return;
    if (!this.worker && this.queue.length > 0) this.spawn();
    const entry = this.queue.shift();
    if (!entry || !this.worker) return;
    const id = this.nextId++;
    this.running = { id, entry };
    // Feeds are copied (structured clone), not transferred: callers keep their latents.
    this.worker.postMessage({ ...entry.req, id });
  }

  private spawn(): void {
    const w = startWorker(this.entry, this.workerData);
    w.on('message', (raw: unknown) => this.onMessage(raw));
    w.on('error', (e) => this.lost(w, new InferenceError(`inference worker crashed: ${e.message}`)));
    w.on('exit', (code) => this.lost(w, new InferenceError(`inference worker exited (code ${code})`)));
    this.worker = w;
    // Reopen the packs that were open before a crash, ahead of everything queued. A failed
    // reopen shows up as the next run's error ("pack … is not open").
    const reopen = [...this.openPacks.values()].map((req): Entry => ({ req, resolve: () => {}, reject: () => {}, settled: false }));
    this.queue.unshift(...reopen);
  }

  /** The worker died: its request fails; the others go to a fresh worker. */
  private lost(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    const r = this.running;
    this.running = null;
    if (r) settle(r.entry, e);
    this.idle();
    this.pump();
  }

  private onMessage(raw: unknown): void {
    const parsed = WorkerResponseSchema.safeParse(raw);
    if (!parsed.success) return; // never from our own worker; ignore rather than crash
    const msg = parsed.data;
    if (!this.running || this.running.id !== msg.id) return;
    const { entry } = this.running;
    this.running = null;
    if (msg.type === 'error') settle(entry, msg.code && msg.code !== 'internal' ? new KinshipError(msg.code, msg.message) : new InferenceError(msg.message, msg.file));
    else settle(entry, undefined, msg);
    this.idle();
    this.pump();
  }

  private idle(): void {
    for (const r of this.idleWaiters.splice(0)) r();
  }
}

/** Answers a request once: an error, or a value. */
function settle(entry: Entry, error: Error | undefined, value?: unknown): void {
  if (entry.settled) return;
  entry.settled = true;
  if (error) entry.reject(error);
  else entry.resolve(value);
}
