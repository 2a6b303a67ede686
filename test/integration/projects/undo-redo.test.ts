import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ProjectStore } from '../../../src/core/projects';
import { dumpTables, founder, fullState, latent, png, tempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

type State = { api: ReturnType<typeof fullState>; raw: ReturnType<typeof dumpTables> };

describe('undo/redo', () => {
  it('every undo restores the previous state bit for bit, every redo the next; survives reopening', () => {
    const path = join(dir, 'u.kinship');
    let store = ProjectStore.create(path, { name: 'U', packId: 'builtin@1', appVersion: '0.1.0' });
    const states: State[] = [];
    const labels: string[] = [];
    const capture = () => ({ api: fullState(store), raw: dumpTables(path) });
    states.push(capture());
    const step = (fn: () => void) => {
      fn();
      labels.push(store.historyState().undoLabel ?? '');
      states.push(capture());
    };

    let a = '';
    let b = '';
    let c = '';
    let unionId = '';
    let kept: string[] = [];
    step(() => (a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1), thumbnail: png(91, 100) }).id));
    step(() => (b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2), attributes: { ageGroup: '40-49', gender: 'female', race: 'Latino_Hispanic' } }).id));
    // Breeding pairs the parents, then the first kept children join that step (one undo).
    step(() => {
      unionId = store.addUnion(a, b).id;
      // Not undoable, but keep reads from it.
      const batch = store.createBatch({ unionId, seed: 3, count: 3, settings: { eta: 0.2 } });
      for (let i = 0; i < 3; i++) store.addCandidate(batch.id, { index: i, wplus: latent(30 + i), image: png(30 + i), regionReport: { i } });
      kept = store.keepCandidates(batch.id, [{ index: 1 }, { index: 2, name: 'Twin' }]).map((p) => p.id);
    });
    step(() => store.renamePerson(kept[0]!, 'Firstborn'));
    step(() => store.movePersons([{ id: a, position: { x: 10.125, y: 20 } }, { id: b, position: { x: 1e-300, y: -5 } }]));
    step(() => store.setAttributes(kept[1]!, { ageGroup: '0-2', gender: 'male', race: 'Middle Eastern' }, 'auto'));
    step(() => (c = store.addPerson({ name: 'C', origin: founder(3), wplus: latent(3), image: png(3) }).id));
    step(() => store.addUnion(kept[0]!, c));
    step(() => store.deletePerson(a, { withDescendants: true }));
    step(() => store.movePerson(b, null));
    expect(labels).toEqual([
      'Add A', 'Add B', 'Keep 2 children', 'Rename Child 1 to Firstborn', 'Move 2 persons',
      'Set attributes of Twin', 'Add C', 'Pair Firstborn with C', 'Delete A', 'Move person',
    ]);

    const n = states.length - 1;
    for (let i = n; i > 0; i--) {
      // Reopen halfway: history is in the file.
      if (i === 6) {
        store.close();
        store = ProjectStore.open(path);
      }
      expect(store.historyState().undoLabel).toBe(labels[i - 1]);
      expect(store.undo()).toBe(labels[i - 1]);
      expect(capture()).toEqual(states[i - 1]);
    }
    expect(store.canUndo()).toBe(false);
    expect(store.undo()).toBeNull();
    for (let i = 1; i <= n; i++) {
      expect(store.redo()).toBe(labels[i - 1]);
      expect(capture()).toEqual(states[i]);
    }
    expect(store.canRedo()).toBe(false);
    expect(store.redo()).toBeNull();

    // A new edit after undo clears the redo stack.
    store.undo();
    store.undo();
    expect(store.canRedo()).toBe(true);
    store.renamePerson(b, 'Bea');
    expect(store.canRedo()).toBe(false);
    expect(store.historyState().undoLabel).toBe('Rename B to Bea');
    store.undo();
    expect(capture()).toEqual(states[n - 2]);
    store.close();
  });

  it('the first children kept join the step that paired their parents: one undo removes both, no link to no one', () => {
    const store = ProjectStore.create(join(dir, 'j.kinship'), { name: 'J', packId: 'p', appVersion: '0' });
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    const b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2) });
    const before = store.snapshot();
    const u = store.addUnion(a.id, b.id);
    expect(store.historyState().undoLabel).toBe('Pair A with B');
    const batch = store.createBatch({ unionId: u.id, seed: 3, count: 1, settings: {} });
    store.addCandidate(batch.id, { index: 0, wplus: latent(30), image: png(30), regionReport: null });
    store.keepCandidates(batch.id, [{ index: 0 }]);
    const after = store.snapshot();
    expect(store.historyState().undoLabel).toBe('Keep child');
    expect(store.undo()).toBe('Keep child');
    expect(store.snapshot()).toEqual(before);
    expect(store.historyState().undoLabel).toBe('Add B');
    expect(store.redo()).toBe('Keep child');
    expect(store.snapshot()).toEqual(after);
    store.close();
  });

  it('pairing stays its own step when another edit comes before the first keep', () => {
    const store = ProjectStore.create(join(dir, 'p.kinship'), { name: 'P', packId: 'p', appVersion: '0' });
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    const b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2) });
    const u = store.addUnion(a.id, b.id);
    store.renamePerson(a.id, 'Al');
    const batch = store.createBatch({ unionId: u.id, seed: 3, count: 1, settings: {} });
    store.addCandidate(batch.id, { index: 0, wplus: latent(30), image: png(30), regionReport: null });
    store.keepCandidates(batch.id, [{ index: 0 }]);
    expect([store.undo(), store.undo(), store.undo()]).toEqual(['Keep child', 'Rename A to Al', 'Pair A with B']);
    store.close();
  });

  it('undo of a later keep removes only those children; the batch is still there to keep from again', () => {
    const store = ProjectStore.create(join(dir, 'k.kinship'), { name: 'K', packId: 'p', appVersion: '0' });
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    const b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2) });
    const u = store.addUnion(a.id, b.id);
    const batch = store.createBatch({ unionId: u.id, seed: 3, count: 2, settings: {} });
    for (const i of [0, 1]) store.addCandidate(batch.id, { index: i, wplus: latent(30 + i), image: png(30 + i), regionReport: null });
    store.keepCandidates(batch.id, [{ index: 0 }]);
    const before = store.snapshot();
    store.keepCandidates(batch.id, [{ index: 1 }]);
    store.undo();
    expect(store.snapshot()).toEqual(before);
    expect(store.keepCandidates(batch.id, [{ index: 1 }])).toHaveLength(1);
    store.close();
  });
});
