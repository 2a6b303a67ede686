/**
 * Worker-thread entry: owns the onnxruntime sessions so inference never runs on the
 * UI thread or the Electron main loop. Most graphs are opened (and checked) with the
 * pack; lazy ones (the photo encoder, the attributes model) are opened at their first
 * run and released after a while without one (docs/ARCHITECTURE.md, "Workers").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { WorkerRequestSchema, type WorkerRequest, type WorkerResponse, type TensorPayload } from './messages';
import { checkGraphIo, type DeclaredTensor } from '../packs/graph-check';
import { checkedGraphBytes, ExternalDataError } from '../onnx/external-data-refs';
import { sessionOptions, singleImageOptions } from './session-options';
import { halfToFloat, floatToHalf } from './half';
import type { ExecutionProvider } from '../../shared/api';
import type { GraphSpec, ModelRole } from '../packs/manifest';
import { crossChildren } from '../breeding/crossover-batch';
import { CrossoverHelpers, type CrossoverHelperOptions } from '../breeding/crossover-helpers';
import { KinshipError } from '../../domain/errors';

type OpenRequest = Extract<WorkerRequest, { type: 'open' }>;

/** Threads that share the crossover with this one, as the engine asked (workerData). */
const helperOptions = (workerData as { crossoverHelpers?: CrossoverHelperOptions } | null)?.crossoverHelpers;
const crossoverHelpers = helperOptions && helperOptions.count > 0 ? new CrossoverHelpers(helperOptions) : undefined;

interface OpenPack {
  req: OpenRequest;
  provider: ExecutionProvider;
  sessions: Map<ModelRole, ort.InferenceSession>;
  /** One-thread twins for single images (session-options.ts, singleImageOptions); null: none for this role. */
  single: Map<ModelRole, ort.InferenceSession | null>;
  idleTimers: Map<ModelRole, NodeJS.Timeout>;
}
const packs = new Map<string, OpenPack>();

function post(msg: WorkerResponse, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

function declared(meta: readonly ort.InferenceSession.ValueMetadata[]): DeclaredTensor[] {
  return meta.map((m) =>
    m.isTensor ? { name: m.name, isTensor: true, type: m.type, shape: m.shape } : { name: m.name, isTensor: false },
  );
}

/**
 * The graph's weight bytes (its external-data files included: the session options depend
 * on them), after checking those files: a lazy graph may open long after the pack was
 * read, and onnxruntime's own error for a missing or short one is cryptic. Errors name the file.
 */
function weightBytes(path: string): number {
  try {
    return checkedGraphBytes(path);
  } catch (e) {
    if (e instanceof ExternalDataError) throw Object.assign(new Error(e.message), { file: e.file });
    throw e;
  }
}

/** onnxruntime's session for the graph at `path`; its error names the graph file. */
async function createSession(path: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(path, options);
  } catch (e) {
    throw Object.assign(new Error(`cannot be loaded: ${firstLine((e as Error).message)}`), { file: basename(path) });
  }
}

/** Creates and checks one role's session; errors name the graph file. */
async function loadRole(req: OpenRequest, role: ModelRole, provider: ExecutionProvider): Promise<ort.InferenceSession> {
  const path = req.files[role]!;
  return checked(req, role, await createSession(path, sessionOptions(provider, role, weightBytes(path))));
}

async function checked(req: OpenRequest, role: ModelRole, session: ort.InferenceSession): Promise<ort.InferenceSession> {
  const path = req.files[role]!;
  const spec = req.specs[role] as GraphSpec | undefined;
  if (spec) {
    const problem = checkGraphIo(spec, declared(session.inputMetadata), declared(session.outputMetadata), req.dtype);
    if (problem) {
      await session.release();
      throw Object.assign(new Error(problem), { file: basename(path) });
    }
  }
  return session;
}

async function releasePack(pack: OpenPack): Promise<void> {
  for (const t of pack.idleTimers.values()) clearTimeout(t);
  pack.idleTimers.clear();
  for (const s of pack.sessions.values()) await s.release();
  pack.sessions.clear();
  for (const s of pack.single.values()) await s?.release();
  pack.single.clear();
}

async function open(req: OpenRequest): Promise<void> {
  // A pack is opened to breed: the crossover helpers start now, beside the sessions, so the
  // first preview already shares its crossover (starting takes a few hundred ms).
  crossoverHelpers?.available();
  const previous = packs.get(req.packKey);
  if (previous) await releasePack(previous);
  packs.delete(req.packKey);

  const lazy = new Set(req.lazy ?? []);
  const eager = (Object.keys(req.files) as ModelRole[]).filter((r) => !lazy.has(r));
  let provider: ExecutionProvider = 'cpu';
  let fallbackReason: string | undefined;
  const sessions = new Map<ModelRole, ort.InferenceSession>();
  try {
    for (const role of eager) {
      const path = req.files[role]!;
      if (sessions.size === 0) {
        // The first graph decides the provider; later graphs use the same one.
        const reasons: string[] = [];
        const bytes = weightBytes(path);
        let session: ort.InferenceSession | undefined;
        for (const p of req.providers) {
          try {
            session = await ort.InferenceSession.create(path, sessionOptions(p, role, bytes));
            provider = p;
            break;
          } catch (e) {
            reasons.push(`${p}: ${firstLine((e as Error).message)}`);
          }
        }
        if (!session) throw Object.assign(new Error(reasons.join('; ')), { file: basename(path) });
        if (provider !== req.providers[0]) fallbackReason = reasons.join('; ');
        sessions.set(role, await checked(req, role, session));
      } else {
        sessions.set(role, await loadRole(req, role, provider));
      }
    }
  } catch (e) {
    for (const s of sessions.values()) await s.release();
    throw e;
  }
  packs.set(req.packKey, { req, provider, sessions, single: new Map(), idleTimers: new Map() });
  post({ type: 'opened', id: req.id, executionProvider: provider, fallbackReason });
}

async function sessionFor(pack: OpenPack, role: ModelRole): Promise<ort.InferenceSession> {
  const have = pack.sessions.get(role);
  if (have) return have;
  if (!pack.req.files[role]) throw new Error(`the pack has no ${role} graph`);
  const session = await loadRole(pack.req, role, pack.provider);
  pack.sessions.set(role, session);
  return session;
}

/** The role's one-thread twin for single images, made at the first one; undefined where the role has none. */
async function singleSessionFor(pack: OpenPack, role: ModelRole): Promise<ort.InferenceSession | undefined> {
  const have = pack.single.get(role);
  if (have !== undefined) return have ?? undefined;
  const path = pack.req.files[role];
  const options = path ? singleImageOptions(pack.provider, role, weightBytes(path)) : null;
  let session: ort.InferenceSession | null = null;
  if (path && options) session = await checked(pack.req, role, await createSession(path, options));
  pack.single.set(role, session);
  return session ?? undefined;
}

/** Lazy roles go back after `idleReleaseMs` without a run (the timer restarts with each run). */
function scheduleIdleRelease(packKey: string, pack: OpenPack, role: ModelRole): void {
  if (!pack.req.lazy?.includes(role) || !pack.req.idleReleaseMs) return;
  clearTimeout(pack.idleTimers.get(role));
  const timer = setTimeout(() => {
    // Through the queue: never release a session while a run on it is in flight.
    enqueue(async () => {
      if (packs.get(packKey) !== pack || pack.idleTimers.get(role) !== timer) return;
      pack.idleTimers.delete(role);
      const s = pack.sessions.get(role);
      pack.sessions.delete(role);
      if (s) await s.release();
    });
  }, pack.req.idleReleaseMs);
  timer.unref();
  pack.idleTimers.set(role, timer);
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  const pack = packs.get(req.packKey);
  if (!pack) throw new Error(`pack ${req.packKey} is not open`);
  const single = Object.values(req.feeds)[0]?.dims[0] === 1 ? await singleSessionFor(pack, req.role) : undefined;
  const session = single ?? (await sessionFor(pack, req.role));
  const half = pack.req.dtype === 'float16';
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(req.feeds)) {
    feeds[name] = half ? new ort.Tensor('float16', floatToHalf(t.data), t.dims) : new ort.Tensor('float32', t.data, t.dims);
  }
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run(feeds, req.outputs);
  } finally {
    scheduleIdleRelease(req.packKey, pack, req.role);
  }
  const outputs: Record<string, TensorPayload> = {};
  const transfer: ArrayBuffer[] = [];
  for (const name of req.outputs) {
    const t = results[name];
    if (!t) throw new Error(`${req.role} graph did not produce output '${name}'`);
    // Copy out of onnxruntime's buffer so it can be transferred without aliasing.
    const copy =
      t.type === 'float16' ? halfToFloat(t.data as Uint16Array) : new Float32Array(t.data as Float32Array);
    outputs[name] = { dims: t.dims.map(Number), data: copy };
    transfer.push(copy.buffer as ArrayBuffer);
  }
  for (const t of Object.values(results)) t.dispose();
  post({ type: 'result', id: req.id, outputs }, transfer);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}

// Requests run one after another: an 'open' must finish before the runs behind it,
// and onnxruntime already uses every core inside one run.
let queue: Promise<void> = Promise.resolve();
function enqueue(job: () => Promise<void>, onError?: (e: Error & { file?: string }) => void): void {
  queue = queue.then(job).catch((e: Error & { file?: string }) => onError?.(e));
}

parentPort!.on('message', (raw: unknown) => {
  const parsed = WorkerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    post({ type: 'error', id, message: `malformed worker request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    return;
  }
  const req = parsed.data;
  const handle = async (): Promise<void> => {
    if (req.type === 'open') return open(req);
    if (req.type === 'run') return run(req);
    if (req.type === 'crossover') {
      // Pure gene math, here to keep it off the host's main thread, shared with the helpers.
      const out = await crossChildren(req, crossoverHelpers);
      post({ type: 'crossed', id: req.id, ...out }, out.genes.buffer instanceof ArrayBuffer ? [out.genes.buffer] : []);
      return;
    }
    const pack = packs.get(req.packKey);
    if (req.type === 'loaded') {
      post({ type: 'loaded', id: req.id, roles: pack ? [...pack.sessions.keys()] : [] });
      return;
    }
    if (pack) await releasePack(pack);
    packs.delete(req.packKey);
    post({ type: 'closed', id: req.id });
  };
  enqueue(handle, (e) =>
    post({ type: 'error', id: req.id, message: e.message, file: e.file, code: e instanceof KinshipError ? e.code : undefined }),
  );
});
