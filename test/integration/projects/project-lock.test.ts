/**
 * One writing process per project (src/core/projects/project-lock.ts).
 *
 * Two real processes on one real file: a web host generating a batch, and this test
 * process opening the same project. The opener gets a clear 'locked' error naming the
 * holder, the file stays readable, and the running batch completes. A holder killed with
 * SIGKILL leaves no lock behind. In one process, re-opening the current project while a
 * batch is generating keeps the batch.
 */
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinResources, tempDir } from '../../support/builtin-pack';
import { startWebHostProcess, type RunningHost } from '../../e2e/support/web-host-process';
import type { ServerMessage } from '../../../src/shared/api';
import { ProjectFileError, ProjectStore } from '../../../src/core/projects';
import { ProjectSession } from '../../../src/core/studio/project-session';
import { SettingsStore } from '../../../src/core/settings-store';
import { EventHub } from '../../../src/core/event-hub';
import type { StudioEvent } from '../../../src/shared/api';
import { StudioService } from '../../../src/core/studio-service';
import { call, createHandlers } from '../../../src/core/api-router';

let resources: string;
beforeAll(async () => {
  resources = await builtinResources();
});

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

const waitFor = (cond: () => boolean, what: string, ms = 60_000) =>
  new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - t0 > ms) {
        clearInterval(t);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });

function lockedError(fn: () => unknown): ProjectFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectFileError);
    return e as ProjectFileError;
  }
  throw new Error('expected the open to be refused');
}

describe('two processes on one project', () => {
  let host: RunningHost | null = null;
  afterAll(async () => host?.kill());

  it('the second process is refused with a clear message while the first generates; the batch survives', async () => {
    const dataDir = tempDir('kinship-lock-');
    host = await startWebHostProcess({ KINSHIP_RESOURCES_DIR: resources }, dataDir);
    const c = client(host);
    const f = await c.call<{ id: string }>('founders.random', { seed: 1 });
    const m = await c.call<{ id: string }>('founders.random', { seed: 2 });
    const tree = await c.call<{ project: { path: string } }>('tree.get', {});
    const path = tree.project.path;

    let finished = false;
    const generating = c
      .call<{ id: string; candidates: unknown[] }>('breed.generate', { jobId: 'big', fatherId: f.id, motherId: m.id, seed: 4, count: 32, settings: {} })
      .finally(() => (finished = true));
    await waitFor(() => c.progress.length >= 2, 'the batch to start');

    // This process: the store and the session (as File → Open would) are both refused.
    const err = lockedError(() => ProjectStore.open(path));
    expect(err.problem).toBe('locked');
    expect(err.message).toMatch(/is open in another Kinship Studio \(process \d+ on .+, since .+\); close it there/);
    expect(err.message).not.toContain(`process ${process.pid} `);
    const session = new ProjectSession(tempDir('kinship-lock-b-'), new SettingsStore(tempDir('kinship-lock-s-')), new EventHub<StudioEvent>(), '0.0.0', () => 'builtin');
    expect(lockedError(() => session.open(path, true)).problem).toBe('locked');
    // Replacing it (Save As over it) is refused too.
    expect(lockedError(() => ProjectStore.create(path, { name: 'x', packId: 'builtin', appVersion: '0', overwrite: true })).problem).toBe('locked');
    // A read-only look is still possible, and shows the batch in progress.
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    const statusNow = ro.prepare('SELECT status FROM candidate_batches ORDER BY seq DESC LIMIT 1').pluck().get();
    ro.close();
    expect(statusNow).toBe('generating');
    expect(finished).toBe(false); // the refusals above happened while the batch was running

    const batch = await generating;
    expect(batch.candidates).toHaveLength(32);
    c.close();

    // SIGKILL the holder: the operating system drops its lock; this process can now open it.
    await host.kill();
    host = null;
    const store = ProjectStore.open(path);
    try {
      const b = store.getBatch(batch.id);
      expect(b.status).toBe('ready');
      expect(b.candidateIndices).toHaveLength(32);
      // And while this process holds it, a second opener here is refused as well.
      expect(lockedError(() => ProjectStore.open(path)).message).toMatch(/\(this process, since/);
    } finally {
      store.close();
    }
    ProjectStore.open(path).close(); // released on close
  }, 240_000);
});

describe('one process', () => {
  let service: StudioService | null = null;
  afterAll(async () => service?.dispose());

  it('re-opening the current project while a batch is generating keeps the batch', async () => {
    service = await StudioService.create({ host: 'cli', dataDir: tempDir('kinship-reopen-'), resourcesDir: resources });
    const handlers = createHandlers(service);
    const progress: number[] = [];
    service.events.subscribe((e) => {
      if (e.type === 'job-progress') progress.push(e.done);
    });
    const a = await call(handlers, 'founders.random', { seed: 1 });
    const b = await call(handlers, 'founders.random', { seed: 2 });
    const path = service.session.store().path;
    let finished = false;
    const generating = call(handlers, 'breed.generate', { jobId: 'j', fatherId: a.id, motherId: b.id, seed: 3, count: 16, settings: {}, target: null }).finally(
      () => (finished = true),
    );
    await waitFor(() => progress.length >= 1, 'the batch to start');
    const before = service.session.store();
    const reopened = await call(handlers, 'project.open', { path });
    expect(finished).toBe(false);
    expect(reopened.path).toBe(path);
    expect(service.session.store()).toBe(before);
    const batch = await generating;
    expect(batch.candidates).toHaveLength(16);
    const stored = service.session.store().getBatch(batch.id);
    expect(stored.status).toBe('ready');
    expect(stored.candidateIndices).toHaveLength(16);
  }, 120_000);
});
