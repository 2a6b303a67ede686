import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ProjectFileError, ProjectInputError, ProjectStore } from '../../../src/core/projects';
import { bytesOf, dumpTables, founder, fullState, latent, png, sha256File, tempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const newProject = (name = 'family.kinship') => ProjectStore.create(join(dir, name), { name: 'The Family', packId: 'builtin@1', appVersion: '0.1.0' });

/** Two founders, a union, a batch of three candidates, two kept; one grandchild line. */
function buildTree(store: ProjectStore) {
  const a = store.addPerson({
    name: 'Grandpa',
    origin: founder(11),
    attributes: { ageGroup: '60-69', gender: 'male', race: 'Indian' },
    wplus: latent(1),
    image: png(1),
    thumbnail: png(101, 300),
  });
  const b = store.addPerson({
    name: 'Grandma',
    origin: { kind: 'photo', source: '/photos/grandma.jpg' },
    attributes: { ageGroup: '60-69', gender: 'female', race: 'East Asian' },
    attributesSource: 'user',
    wplus: latent(2),
    image: png(2),
    position: { x: 120.5, y: -40.25 },
  });
  const u = store.addUnion(a.id, b.id);
  const batch = store.createBatch({ unionId: u.id, seed: 4242, count: 3, settings: { gamma: 0.5, overrides: { nose: { kind: 'father' }, 9: { kind: 'blend', alpha: 0.3 } } }, target: { ageGroup: '20-29', gender: 'female' } });
  for (let i = 0; i < 3; i++) store.addCandidate(batch.id, { index: i, wplus: latent(100 + i), image: png(100 + i), thumbnail: png(200 + i, 200), regionReport: { regions: [{ region: i, mode: 'mutated' }] } });
  store.setBatchStatus(batch.id, 'ready');
  const kids = store.keepCandidates(batch.id, [{ index: 2, name: 'Daughter' }, { index: 0 }]);
  store.discardBatch(batch.id);
  const c = store.addPerson({ name: 'In-law', origin: founder(12), wplus: latent(3), image: png(3) });
  const u2 = store.addUnion(c.id, kids[0]!.id);
  return { a, b, u, batch, kids, c, u2 };
}

describe('ProjectStore: create, reopen, keep, discard', () => {
  it('reopening restores the tree exactly: snapshot, latents bit for bit, images byte for byte', () => {
    const path = join(dir, 'family.kinship');
    const store = newProject();
    const { kids, batch } = buildTree(store);
    const before = fullState(store);
    const rawBefore = dumpTables(path);
    const meta = store.meta();
    store.close();

    const again = ProjectStore.open(path);
    expect(fullState(again)).toEqual(before);
    expect(dumpTables(path)).toEqual(rawBefore);
    expect(again.meta()).toEqual(meta);
    // Spot check against the inputs themselves, not just the stored copy.
    expect(bytesOf(again.getLatent(before.snap.persons[0]!.id)).equals(bytesOf(latent(1)))).toBe(true);
    expect(Object.is(again.getLatent(before.snap.persons[0]!.id)[0], -0)).toBe(true);
    expect(again.getImage(kids[0]!.id).equals(png(102))).toBe(true);
    expect(again.getThumbnail(kids[0]!.id)?.equals(png(202, 200))).toBe(true);
    expect(again.getRegionReport(kids[0]!.id)).toEqual({ regions: [{ region: 2, mode: 'mutated' }] });
    const origin = again.getPerson(kids[0]!.id).origin;
    expect(origin).toMatchObject({ kind: 'child', seed: 4242, index: 2, batchId: batch.id, target: { ageGroup: '20-29', gender: 'female' } });
    if (origin.kind !== 'child') throw new Error('unreachable');
    expect(origin.settings.gamma).toBe(0.5);
    expect(origin.settings.overrides[26]).toEqual({ kind: 'father' });
    expect(origin.settings.overrides[9]).toEqual({ kind: 'blend', alpha: 0.3 });
    again.close();
  });

  it('keep turns candidates into children of the union; discard deletes the batch', () => {
    const store = newProject();
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    const b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2) });
    const u = store.addUnion(a.id, b.id);
    const batch = store.createBatch({ unionId: u.id, seed: 7, count: 4, settings: {} });
    expect(batch.status).toBe('generating');
    for (const i of [0, 1, 3]) store.addCandidate(batch.id, { index: i, wplus: latent(10 + i), image: png(10 + i), regionReport: [i] });
    expect(store.getBatch(batch.id).candidateIndices).toEqual([0, 1, 3]);
    expect(bytesOf(store.getCandidateLatent(batch.id, 3)).equals(bytesOf(latent(13)))).toBe(true);
    expect(store.getCandidateImage(batch.id, 1).equals(png(11))).toBe(true);
    expect(store.getCandidateRegionReport(batch.id, 0)).toEqual([0]);

    const kept = store.keepCandidates(batch.id, [{ index: 3, attributes: { ageGroup: '3-9', gender: 'male', race: 'White' } }]);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.origin).toMatchObject({ kind: 'child', fatherId: a.id, motherId: b.id, unionId: u.id, seed: 7, index: 3 });
    expect(kept[0]!.attributes).toEqual({ ageGroup: '3-9', gender: 'male', race: 'White' });
    expect(bytesOf(store.getLatent(kept[0]!.id)).equals(bytesOf(latent(13)))).toBe(true);
    expect(store.getRegionReport(kept[0]!.id)).toEqual([3]);
    expect(() => store.keepCandidates(batch.id, [{ index: 3 }])).toThrow(/already kept/);
    expect(() => store.keepCandidates(batch.id, [{ index: 2 }])).toThrow(/no such candidate/);

    store.discardBatch(batch.id);
    expect(store.listBatches()).toEqual([]);
    expect(() => store.getCandidateImage(batch.id, 0)).toThrow(ProjectInputError);
    // The kept child outlives its batch.
    expect(store.snapshot().persons.map((p) => p.id)).toContain(kept[0]!.id);
    store.close();
  });

  it('a batch and its stored candidates survive reopening (breeding interrupted)', () => {
    const path = join(dir, 'family.kinship');
    const store = newProject();
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    const b = store.addPerson({ name: 'B', origin: founder(2), wplus: latent(2), image: png(2) });
    const u = store.addUnion(a.id, b.id);
    const batch = store.createBatch({ unionId: u.id, seed: 9, count: 8, settings: { temperature: 0 } });
    store.addCandidate(batch.id, { index: 0, wplus: latent(5), image: png(5), regionReport: null });
    store.close();
    const again = ProjectStore.open(path);
    expect(again.listBatches()).toEqual([{ ...batch, candidateIndices: [0] }]);
    again.close();
  });

  it('deleting a person with children needs withDescendants and removes the whole line', () => {
    const store = newProject();
    const { a, b, c, kids } = buildTree(store);
    expect(() => store.deletePerson(a.id)).toThrow(/has 2 children/);
    store.deletePerson(c.id); // the in-law's union has no children yet
    expect(store.snapshot().unions).toHaveLength(1);
    store.deletePerson(a.id, { withDescendants: true });
    const snap = store.snapshot();
    expect(snap.persons.map((p) => p.id)).toEqual([b.id]);
    expect(snap.unions).toEqual([]);
    expect(() => store.getPerson(kids[0]!.id)).toThrow(/unknown person/);
    store.close();
  });

  it('rename, move, attributes and project name are stored', () => {
    const path = join(dir, 'family.kinship');
    const store = newProject();
    const a = store.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    store.renamePerson(a.id, '  Alice  ');
    store.movePerson(a.id, { x: -0, y: 3 });
    store.setAttributes(a.id, { ageGroup: '30-39', gender: 'female', race: 'Black' });
    store.setProjectName('Renamed');
    store.close();
    const again = ProjectStore.open(path);
    const p = again.getPerson(a.id);
    expect(p).toMatchObject({ name: 'Alice', position: { x: 0, y: 3 }, attributes: { ageGroup: '30-39', gender: 'female', race: 'Black' }, attributesSource: 'user' });
    expect(again.meta().name).toBe('Renamed');
    again.close();
  });
});

describe('ProjectStore: invalid input writes nothing', () => {
  it('refuses bad latents, images, ids and unions with clear messages', () => {
    const path = join(dir, 'family.kinship');
    const store = newProject();
    const { a, b, u } = buildTree(store);
    const before = dumpTables(path);
    const meta = store.meta();
    const history = store.historyState();
    const nan = latent(9);
    nan[1000] = Number.NaN;
    const inf = latent(9);
    inf[5] = Number.POSITIVE_INFINITY;
    const base = { name: 'X', origin: founder(1), image: png(9) };

    expect(() => store.addPerson({ ...base, wplus: nan })).toThrow(/wplus\[1000\] \(layer 1, dim 488\) is NaN/);
    expect(() => store.addPerson({ ...base, wplus: inf })).toThrow(/is Infinity/);
    expect(() => store.addPerson({ ...base, wplus: new Float32Array(512) })).toThrow(/has 512 values, expected 9216/);
    expect(() => store.addPerson({ ...base, wplus: [1, 2] as unknown as Float32Array })).toThrow(/must be a Float32Array/);
    expect(() => store.addPerson({ ...base, wplus: latent(9), image: Buffer.from('GIF89a....') })).toThrow(/not a PNG/);
    expect(() => store.addPerson({ ...base, name: '  ', wplus: latent(9) })).toThrow(/must not be empty/);
    expect(() => store.addPerson({ ...base, wplus: latent(9), attributes: { ageGroup: '25', gender: 'male', race: 'White' } as never })).toThrow(ProjectInputError);
    expect(() =>
      store.addPerson({ ...base, wplus: latent(9), origin: { kind: 'child', fatherId: b.id, motherId: a.id, unionId: u.id, seed: 1, index: 0, settings: {} } }),
    ).toThrow(/do not match union/);
    expect(() => store.addPerson({ ...base, wplus: latent(9), origin: { kind: 'child', fatherId: a.id, motherId: b.id, unionId: u.id, seed: 1, index: 0, settings: { gamma: 2 } } })).toThrow(
      /gamma must be between 0 and 1, got 2/,
    );
    expect(() => store.addUnion(a.id, 'pnope')).toThrow(/unknown person id "pnope"/);
    expect(() => store.addUnion(a.id, a.id)).toThrow(/two different persons/);
    expect(() => store.addUnion(a.id, b.id)).toThrow(/already form union/);
    expect(() => store.movePerson(a.id, { x: Number.NaN, y: 0 })).toThrow(/finite/);
    expect(() => store.renamePerson('pnope', 'Z')).toThrow(/unknown person/);
    expect(() => store.createBatch({ unionId: u.id, seed: -1, count: 2, settings: {} })).toThrow(/seed/);
    expect(() => store.createBatch({ unionId: u.id, seed: 1, count: 65, settings: {} })).toThrow(/count/);
    expect(() => store.createBatch({ unionId: 'unope', seed: 1, count: 2, settings: {} })).toThrow(/unknown union/);
    const batch = store.createBatch({ unionId: u.id, seed: 1, count: 2, settings: {} });
    const afterBatch = dumpTables(path);
    expect(() => store.addCandidate(batch.id, { index: 2, wplus: latent(1), image: png(1), regionReport: null })).toThrow(/index must be an integer 0\.\.1/);
    expect(() => store.addCandidate(batch.id, { index: 0, wplus: nan, image: png(1), regionReport: null })).toThrow(/NaN/);
    expect(store.getBatch(batch.id).candidateIndices).toEqual([]);
    store.discardBatch(batch.id);

    expect(afterBatch).toEqual(before);
    expect(dumpTables(path)).toEqual(before);
    expect(store.historyState()).toEqual(history);
    expect(store.meta().name).toBe(meta.name);
    store.close();
    expect(() => store.snapshot()).toThrow(/is closed/);
  });
});

describe('ProjectStore: files', () => {
  it('create refuses an existing file unless overwrite is set', () => {
    const path = join(dir, 'family.kinship');
    const first = newProject();
    first.addPerson({ name: 'A', origin: founder(1), wplus: latent(1), image: png(1) });
    first.close();
    const hash = sha256File(path);
    let err: unknown;
    try {
      newProject();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProjectFileError);
    expect((err as ProjectFileError).problem).toBe('exists');
    expect((err as Error).message).toContain(path);
    expect(sha256File(path)).toBe(hash);
    const replaced = ProjectStore.create(path, { name: 'New', packId: 'p', appVersion: '0.1.0', overwrite: true });
    expect(replaced.snapshot()).toEqual({ persons: [], unions: [] });
    replaced.close();
  });

  it('Save As copies the project atomically and continues on the copy', () => {
    const path = join(dir, 'family.kinship');
    const copy = join(dir, 'copy.kinship');
    const store = newProject();
    buildTree(store);
    const state = fullState(store);
    store.saveAs(copy);
    expect(store.path).toBe(copy);
    expect(fullState(store)).toEqual(state);
    // Edits now go to the copy; the original keeps what it had.
    const added = store.addPerson({ name: 'After', origin: founder(77), wplus: latent(77), image: png(77) });
    expect(store.undo()).toBe('Add After');
    expect(store.redo()).toBe('Add After');
    // History travelled with the copy: earlier edits can still be undone there.
    expect(store.historyState().canUndo).toBe(true);
    store.close();

    const original = ProjectStore.open(path);
    expect(fullState(original)).toEqual(state);
    original.close();
    const reopened = ProjectStore.open(copy);
    expect(reopened.snapshot().persons.map((p) => p.id)).toEqual([...state.snap.persons.map((p) => p.id), added.id]);
    expect(() => reopened.saveAs(path)).toThrow(/already exists/);
    reopened.saveAs(path, { overwrite: true });
    reopened.close();
    const overwritten = ProjectStore.open(path);
    expect(overwritten.snapshot().persons).toHaveLength(state.snap.persons.length + 1);
    overwritten.close();
  });
});
