/**
 * Worker-thread entry: owns the onnxruntime sessions (one per graph, loaded once
 * and reused) so inference never runs on the UI thread or the Electron main loop.
 */
import { parentPort } from 'node:worker_threads';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { WorkerRequestSchema, type WorkerRequest, type WorkerResponse, type TensorPayload } from './messages';
import { checkGraphIo, type DeclaredTensor } from '../packs/graph-check';
import type { ExecutionProvider } from '../../shared/api';
import type { GraphSpec } from '../packs/manifest';

interface OpenPack {
  sessions: Map<string, ort.InferenceSession>;
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

async function createSession(path: string, provider: ExecutionProvider): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
  });
}

async function open(req: Extract<WorkerRequest, { type: 'open' }>): Promise<void> {
  const previous = packs.get(req.packKey);
  if (previous) for (const s of previous.sessions.values()) await s.release();
  packs.delete(req.packKey);

  const entries = Object.entries(req.files) as [string, string][];
  let provider: ExecutionProvider = 'cpu';
  let fallbackReason: string | undefined;
  const sessions = new Map<string, ort.InferenceSession>();
  try {
    for (const [role, path] of entries) {
      let session: ort.InferenceSession | undefined;
      if (sessions.size === 0) {
        // The first graph decides the provider; later graphs use the same one.
        const reasons: string[] = [];
        for (const p of req.providers) {
          try {
            session = await createSession(path, p);
            provider = p;
            break;
          } catch (e) {
            reasons.push(`${p}: ${firstLine((e as Error).message)}`);
          }
        }
        if (!session) throw Object.assign(new Error(reasons.join('; ')), { file: basename(path) });
        if (provider !== req.providers[0]) fallbackReason = reasons.join('; ');
      } else {
        try {
          session = await createSession(path, provider);
        } catch (e) {
          throw Object.assign(new Error(`cannot be loaded: ${firstLine((e as Error).message)}`), { file: basename(path) });
        }
      }
      const spec = req.specs[role as keyof typeof req.specs] as GraphSpec | undefined;
      if (spec) {
        const problem = checkGraphIo(spec, declared(session.inputMetadata), declared(session.outputMetadata), req.dtype);
        if (problem) {
          await session.release();
          throw Object.assign(new Error(problem), { file: basename(path) });
        }
      }
      sessions.set(role, session);
    }
  } catch (e) {
    for (const s of sessions.values()) await s.release();
    throw e;
  }
  packs.set(req.packKey, { sessions });
  post({ type: 'opened', id: req.id, executionProvider: provider, fallbackReason });
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  const pack = packs.get(req.packKey);
  if (!pack) throw new Error(`pack ${req.packKey} is not open`);
  const session = pack.sessions.get(req.role);
  if (!session) throw new Error(`the pack has no ${req.role} graph`);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(req.feeds)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
  const results = await session.run(feeds, req.outputs);
  const outputs: Record<string, TensorPayload> = {};
  const transfer: ArrayBuffer[] = [];
  for (const name of req.outputs) {
    const t = results[name];
    if (!t) throw new Error(`${req.role} graph did not produce output '${name}'`);
    const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
    // Copy out of onnxruntime's buffer so it can be transferred without aliasing.
    const copy = new Float32Array(data);
    outputs[name] = { dims: t.dims.map(Number), data: copy };
    transfer.push(copy.buffer as ArrayBuffer);
    t.dispose();
  }
  post({ type: 'result', id: req.id, outputs }, transfer);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}

// Requests run one after another: an 'open' must finish before the runs behind it,
// and onnxruntime already uses every core inside one run.
let queue: Promise<void> = Promise.resolve();

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
    const pack = packs.get(req.packKey);
    if (pack) for (const s of pack.sessions.values()) await s.release();
    packs.delete(req.packKey);
    post({ type: 'closed', id: req.id });
  };
  queue = queue
    .then(handle)
    .catch((e: Error & { file?: string }) => post({ type: 'error', id: req.id, message: e.message, file: e.file }));
});
