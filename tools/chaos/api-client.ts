/** A small studio API client over the web host's WebSocket for the chaos trials. */
import WebSocket from 'ws';

export interface JobProgress {
  jobId: string;
  done: number;
  total: number;
}

export interface ApiClient {
  call<T>(method: string, input: unknown): Promise<T>;
  /** Last progress seen per job id. */
  progress: Map<string, JobProgress>;
  close(): void;
}

export function apiClient(port: number, token: string, origin: string): ApiClient {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${encodeURIComponent(token)}`, { origin });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const progress = new Map<string, JobProgress>();
  let closedError: Error | null = null;
  ws.on('error', () => undefined);
  ws.on('close', () => {
    closedError = new Error('connection closed');
    for (const p of pending.values()) p.reject(closedError);
    pending.clear();
  });
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as
      | { kind: 'response'; response: { id: number; ok: boolean; result?: unknown; error?: { message: string } } }
      | { kind: 'event'; event: { type: string; jobId?: string; done?: number; total?: number } };
    if (msg.kind === 'response') {
      const p = pending.get(msg.response.id);
      pending.delete(msg.response.id);
      if (msg.response.ok) p?.resolve(msg.response.result);
      else p?.reject(new Error(msg.response.error?.message ?? 'failed'));
    } else if (msg.event.type === 'job-progress' && msg.event.jobId) {
      progress.set(msg.event.jobId, { jobId: msg.event.jobId, done: msg.event.done ?? 0, total: msg.event.total ?? 0 });
    }
  });
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('could not connect')));
  });
  ready.catch(() => undefined);
  return {
    progress,
    async call<T>(method: string, input: unknown): Promise<T> {
      await ready;
      if (closedError) throw closedError;
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
        ws.send(JSON.stringify({ id, method, input }));
      });
    },
    close: () => ws.terminate(),
  };
}
