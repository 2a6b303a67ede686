/**
 * Killing the studio mid-breeding loses nothing that was committed: the web host
 * is SIGKILLed while a batch of candidates is being made; after a restart the tree
 * is exactly what it was, and the cut-short batch is cleaned up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { builtinResources, tempDir } from '../support/builtin-pack';
import type { ServerMessage } from '../../src/shared/api';
import { startWebHostProcess, type RunningHost } from '../e2e/support/web-host-process';

const startHost = () => startWebHostProcess({ KINSHIP_RESOURCES_DIR: resources }, dataDir);

let resources: string;
const dataDir = tempDir('kinship-kill-');

function client(host: RunningHost) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
  let id = 0;
  const pending = new Map<number, (r: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
  const progress: number[] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as ServerMessage;
    if (msg.kind === 'response') pending.get(msg.response.id)?.(msg.response as never);
    else if (msg.event.type === 'job-progress') progress.push(msg.event.done);
  });
  const ready = new Promise<void>((r) => ws.once('open', () => r()));
  return {
    progress,
    async call<T>(method: string, input: unknown): Promise<T> {
      await ready;
      const myId = ++id;
      return new Promise<T>((resolve, reject) => {
        pending.set(myId, (r) => (r.ok ? resolve(r.result as T) : reject(new Error(r.error?.message))));
        ws.send(JSON.stringify({ id: myId, method, input }));
      });
    },
    close: () => ws.close(),
  };
}

interface Tree {
  project: { path: string };
  persons: { id: string; name: string }[];
  unions: unknown[];
}

beforeAll(async () => {
  resources = await builtinResources();
});

describe('kill mid-breeding', () => {
  let host: RunningHost | null = null;
  afterAll(async () => host?.kill());

  it('keeps the committed tree intact and cleans the cut-short batch', async () => {
    host = await startHost();
    let c = client(host);
    const f = await c.call<{ id: string }>('founders.random', { seed: 1 });
    const m = await c.call<{ id: string }>('founders.random', { seed: 2 });
    const first = await c.call<{ id: string; candidates: unknown[] }>('breed.generate', { jobId: 'b1', fatherId: f.id, motherId: m.id, seed: 3, count: 2, settings: {} });
    await c.call('candidates.keep', { batchId: first.id, indices: [0] });
    const before = await c.call<Tree>('tree.get', {});
    expect(before.persons).toHaveLength(3);

    // A big batch, killed while it runs.
    void c.call('breed.generate', { jobId: 'b2', fatherId: f.id, motherId: m.id, seed: 4, count: 32, settings: {} }).catch(() => undefined);
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (c.progress.length > 3) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    await host.kill();
    c.close();

    // The file is a sound SQLite database after the kill.
    const db = new Database(before.project.path, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();

    host = await startHost();
    c = client(host);
    const after = await c.call<Tree>('tree.get', {});
    expect(after).toEqual(before);
    const db2 = new Database(before.project.path, { readonly: true });
    const generating = db2.prepare("SELECT count(*) AS n FROM candidate_batches WHERE status = 'generating'").get() as { n: number };
    db2.close();
    expect(generating.n).toBe(0);
    c.close();
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).recentProjects[0]).toBe(before.project.path);
  });
});
