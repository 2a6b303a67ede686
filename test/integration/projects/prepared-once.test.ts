/** The project store prepares its SQL once per open database, not on every call. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ProjectStore } from '../../../src/core/projects';
import { latent, png, tempDir } from './helpers';

const tmp = tempDir();
afterEach(() => vi.restoreAllMocks());

/** Every store operation the service uses, once. */
function workload(store: ProjectStore, k: number): void {
  const f = store.addPerson({ name: `F${k}`, origin: { kind: 'founder', seed: k, candidate: 0, psi: 0.7 }, wplus: latent(k), image: png(k) });
  const m = store.addPerson({ name: `M${k}`, origin: { kind: 'founder', seed: k + 1000, candidate: 0, psi: 0.7 }, wplus: latent(k + 1000), image: png(k + 1000), thumbnail: png(k + 2000) });
  const u = store.addUnion(f.id, m.id);
  store.renamePerson(f.id, `Father ${k}`);
  store.movePersons([{ id: f.id, position: { x: k, y: 2 } }]);
  store.setAttributes(m.id, { ageGroup: '20-29', gender: 'female', race: 'White' });
  const b = store.createBatch({ unionId: u.id, seed: k, count: 2, settings: {} });
  store.addCandidate(b.id, { index: 0, wplus: latent(k + 3000), image: png(k + 3000), regionReport: [] });
  store.addCandidate(b.id, { index: 1, wplus: latent(k + 4000), image: png(k + 4000), regionReport: null });
  store.getCandidateImage(b.id, 0);
  store.getCandidateThumbnail(b.id, 0);
  store.getCandidateLatent(b.id, 1);
  store.getCandidateRegionReport(b.id, 0);
  store.setBatchStatus(b.id, 'ready');
  const [child] = store.keepCandidates(b.id, [{ index: 0 }]);
  store.listBatches();
  store.snapshot();
  store.getImage(child!.id);
  store.getThumbnail(m.id);
  store.getLatent(child!.id);
  store.getRegionReport(child!.id);
  store.hasPerson(f.id);
  store.findUnion(f.id, m.id);
  store.historyState();
  store.undo();
  store.redo();
  store.discardBatch(b.id);
  store.deletePerson(f.id, { withDescendants: true });
  store.undo();
  store.meta();
  store.setProjectName(`Family ${k}`);
}

describe('prepared statements', () => {
  it('are prepared on first use and reused: a second round of every operation prepares nothing', () => {
    const store = ProjectStore.create(join(tmp.dir, 'a.kinship'), { name: 'A', packId: 'builtin', appVersion: 'test' });
    workload(store, 1);
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    workload(store, 2);
    workload(store, 3);
    expect(prepare.mock.calls.map((c) => String(c[0]).slice(0, 60))).toEqual([]);
    store.close();
  });

  it('are prepared afresh for the copy after Save As, and work on it', () => {
    const store = ProjectStore.create(join(tmp.dir, 'b.kinship'), { name: 'B', packId: 'builtin', appVersion: 'test' });
    workload(store, 1);
    store.saveAs(join(tmp.dir, 'c.kinship'));
    workload(store, 2);
    expect(store.snapshot().persons.length).toBeGreaterThan(0);
    store.close();
    const reopened = ProjectStore.open(join(tmp.dir, 'c.kinship'));
    expect(reopened.meta().name).toBe('Family 2');
    reopened.close();
  });
});
