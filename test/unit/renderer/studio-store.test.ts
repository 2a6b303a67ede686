/**
 * The renderer's studio store, fed the service's events and answers: every
 * state change here is checked against a known answer written in the test.
 * The scripted client validates each answer with the procedure's own output
 * schema, so it cannot hand the store a shape the real service never sends.
 */
import { describe, expect, it, vi } from 'vitest';
import { procedures, StudioApiError, type ProcedureName, type StudioEvent } from '../../../src/shared/api';
import type { PersonDto, TreeDto } from '../../../src/shared/dto';
import type { ConnectionState, StudioClient } from '../../../src/renderer/src/api/client';
import { createStudioStore } from '../../../src/renderer/src/state/studio-store';

type Handler = (input: unknown) => unknown;

class ScriptedClient implements StudioClient {
  readonly kind = 'web' as const;
  readonly calls: { method: ProcedureName; input: unknown }[] = [];
  private readonly listeners = new Set<(e: StudioEvent) => void>();
  private readonly connListeners = new Set<(s: ConnectionState) => void>();
  constructor(readonly handlers: Partial<Record<ProcedureName, Handler>>) {}

  async invoke(method: ProcedureName, input: unknown): Promise<never> {
    this.calls.push({ method, input });
    const h = this.handlers[method];
    if (!h) throw new StudioApiError('internal', `no script for ${method}`);
    const out = await h(input);
    return procedures[method].output.parse(out) as never;
  }
  subscribe(l: (e: StudioEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onConnection(l: (s: ConnectionState) => void): () => void {
    this.connListeners.add(l);
    return () => this.connListeners.delete(l);
  }
  emit(e: StudioEvent): void {
    for (const l of this.listeners) l(e);
  }
  connect(s: ConnectionState): void {
    for (const l of this.connListeners) l(s);
  }
  count(method: ProcedureName): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

const project = { path: '/p/a.kinship', fileName: 'a.kinship', name: 'A', packId: 'builtin', canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
const person = (id: string, name = id): PersonDto => ({
  id,
  name,
  origin: { kind: 'founder', seed: 1, candidate: 0, psi: 0.7 },
  attributes: null,
  attributesSource: 'auto',
  position: null,
  createdAt: 0,
});
const treeOf = (...ids: string[]): TreeDto => ({ project, persons: ids.map((id) => person(id)), unions: [] });
const status = {
  appVersion: '0.1.0',
  host: 'web' as const,
  activePack: null,
  executionProvider: 'cpu' as const,
  missing: [],
  userPacksDir: '/packs',
};
const thumbsFor = (input: unknown): Record<string, string> =>
  Object.fromEntries((input as { ids: string[] }).ids.map((id) => [id, `data:${id}`]));

/** Lets every pending promise settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));
/**
 * Thumbnail requests wait up to 500 ms for the canvas to say what is on screen
 * (thumbnail-loader.ts): poll until the store has `ids`' thumbnails.
 */
const settleThumbs = (store: { getState(): { thumbs: Record<string, string> } }, ...ids: string[]) =>
  vi.waitFor(() => expect(Object.keys(store.getState().thumbs)).toEqual(expect.arrayContaining(ids)), { timeout: 5000, interval: 10 });

function setup(handlers: Partial<Record<ProcedureName, Handler>> = {}) {
  let tree = treeOf('a', 'b');
  const client = new ScriptedClient({
    'studio.status': () => status,
    'packs.list': () => [],
    'tree.get': () => tree,
    'persons.images': thumbsFor,
    ...handlers,
  });
  const store = createStudioStore(client, { seed: 7 });
  const stop = store.getState().actions.start();
  return { client, store, stop, setTree: (t: TreeDto) => (tree = t) };
}

describe('studio store', () => {
  it('loads status, tree and thumbnails when the connection opens', async () => {
    const { client, store } = setup();
    expect(store.getState().connection).toBe('connecting');
    client.connect('open');
    await settleThumbs(store, 'a', 'b');
    const s = store.getState();
    expect(s.connection).toBe('open');
    expect(s.status?.executionProvider).toBe('cpu');
    expect(s.tree?.persons.map((p) => p.id)).toEqual(['a', 'b']);
    expect(s.thumbs).toEqual({ a: 'data:a', b: 'data:b' });
    expect(s.draft.seed).toBe(7);
  });

  it('refetches the tree on tree-changed, asks only for new thumbnails and drops vanished persons from the selection', async () => {
    const { client, store, setTree } = setup();
    client.connect('open');
    await settleThumbs(store, 'a', 'b');
    store.getState().actions.select('a', false);
    store.getState().actions.select('b', true);
    expect(store.getState().selectedIds).toEqual(['a', 'b']);

    setTree(treeOf('b', 'c'));
    client.emit({ type: 'tree-changed', project });
    await settleThumbs(store, 'c');
    const s = store.getState();
    expect(s.tree?.persons.map((p) => p.id)).toEqual(['b', 'c']);
    expect(s.selectedIds).toEqual(['b']);
    const imageCalls = client.calls.filter((c) => c.method === 'persons.images').map((c) => (c.input as { ids: string[] }).ids);
    expect(imageCalls).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps the newest tree when an older refresh answers last', async () => {
    let release: (() => void) | null = null;
    let n = 0;
    const { client, store } = setup({
      'tree.get': async () => {
        n += 1;
        if (n === 1) {
          await new Promise<void>((r) => (release = r));
          return treeOf('old');
        }
        return treeOf('new');
      },
    });
    client.connect('open');
    client.emit({ type: 'tree-changed', project });
    await settle();
    release!();
    await settle();
    expect(store.getState().tree?.persons.map((p) => p.id)).toEqual(['new']);
  });

  it('tracks job progress from job events and forgets finished jobs', () => {
    const { client, store } = setup();
    client.emit({ type: 'job-progress', jobId: 'j1', label: 'Breeding', done: 2, total: 8 });
    client.emit({ type: 'job-progress', jobId: 'j2', label: 'Export', done: 0, total: 1 });
    expect(store.getState().jobs).toEqual({ j1: { label: 'Breeding', done: 2, total: 8 }, j2: { label: 'Export', done: 0, total: 1 } });
    client.emit({ type: 'job-finished', jobId: 'j1', outcome: 'completed' });
    expect(store.getState().jobs).toEqual({ j2: { label: 'Export', done: 0, total: 1 } });
  });

  it('takes the status from a status event and refreshes the pack list', async () => {
    const { client, store } = setup();
    client.emit({ type: 'status', status: { ...status, executionProvider: 'cuda' } });
    expect(store.getState().status?.executionProvider).toBe('cuda');
    await settle();
    expect(client.count('packs.list')).toBe(1);
  });

  it('shows a failed tree refresh in the error banner, with the code mapped to a user message', async () => {
    const { client, store } = setup({
      'tree.get': () => {
        throw new StudioApiError('internal', 'database is locked');
      },
    });
    client.connect('open');
    await settle();
    const e = store.getState().error;
    expect(e).toMatchObject({ code: 'internal', action: 'Refreshing the tree', detail: 'database is locked' });
    expect(e?.title).toMatch(/not your doing/);
    store.getState().actions.dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('shows a user mistake as one, from a menu undo that the service refuses', async () => {
    const { client, store } = setup({
      'history.undo': () => {
        throw new StudioApiError('conflict', 'Nothing to undo.');
      },
    });
    client.emit({ type: 'menu', command: 'undo' });
    await settle();
    expect(client.count('history.undo')).toBe(1);
    expect(store.getState().error).toMatchObject({ code: 'conflict', action: 'Undo', detail: 'Nothing to undo.' });
    expect(store.getState().error?.title).not.toMatch(/report/);
  });

  it('opens dialogs from menu events and reaches the canvas for view commands', () => {
    const { client, store } = setup();
    const fits: string[] = [];
    store.getState().actions.attachView({ fit: () => fits.push('fit'), zoomBy: (f) => fits.push(`zoom ${f}`) });
    client.emit({ type: 'menu', command: 'pool' });
    expect(store.getState().dialog).toEqual({ kind: 'pool' });
    client.emit({ type: 'menu', command: 'export' });
    expect(store.getState().dialog).toEqual({ kind: 'export', exportKind: 'generations' });
    client.emit({ type: 'menu', command: 'fit-view' });
    client.emit({ type: 'menu', command: 'zoom-in' });
    expect(fits).toEqual(['fit', 'zoom 1.25']);
  });

  it('keeps a pair in click order (father first) and swaps it on request', () => {
    const { store } = setup();
    const a = store.getState().actions;
    a.select('a', false);
    a.select('b', true);
    a.select('c', true); // a third click keeps the last two
    expect(store.getState().selectedIds).toEqual(['b', 'c']);
    a.swapPair();
    expect(store.getState().selectedIds).toEqual(['c', 'b']);
    a.select(null, false);
    expect(store.getState().selectedIds).toEqual([]);
  });

  it('a cancelled breeding closes the dialog with a notice, not an error', async () => {
    const { client, store } = setup({
      'breed.generate': () => {
        throw new StudioApiError('cancelled', 'cancelled');
      },
    });
    client.connect('open');
    await settle();
    store.getState().actions.setSelection(['a', 'b']);
    const run = store.getState().actions.generate();
    expect(store.getState().breeding?.batch).toBeNull();
    await run;
    const s = store.getState();
    expect(s.breeding).toBeNull();
    expect(s.notice).toBe('Breeding cancelled.');
    expect(s.error).toBeNull();
    expect(client.calls.find((c) => c.method === 'breed.generate')?.input).toMatchObject({ fatherId: 'a', motherId: 'b', seed: 7, count: 8 });
  });

  it('stops listening after stop()', () => {
    const { client, store, stop } = setup();
    stop();
    client.emit({ type: 'job-progress', jobId: 'j', label: 'x', done: 1, total: 2 });
    expect(store.getState().jobs).toEqual({});
  });
});
