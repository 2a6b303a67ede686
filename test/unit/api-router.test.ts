import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../src/core/api-router';
import { PROCEDURE_NAMES, type StudioStatus } from '../../src/shared/api';
import { ConflictError, GeneInputError, NotFoundError, UnsupportedError } from '../../src/domain/errors';
import { ProjectFileError, ProjectInputError } from '../../src/core/projects';
import { PhotoError } from '../../src/core/faces/types';
import { PackError } from '../../src/core/packs/pack-error';
import { PoolPackMismatchError } from '../../src/core/pool/pool-errors';
import { CancelledError, InferenceError } from '../../src/core/inference/inference-engine';

const status: StudioStatus = { appVersion: '1', host: 'web', activePack: null, executionProvider: null, missing: [], userPacksDir: '/tmp/packs' };

/** Every procedure a spy; the ones a test looks at return real values. */
function spyHandlers(): Handlers {
  const handlers = Object.fromEntries(PROCEDURE_NAMES.map((n) => [n, vi.fn(async () => ({}))])) as unknown as Handlers;
  handlers['studio.status'] = vi.fn(async () => status);
  handlers['packs.list'] = vi.fn(async () => []);
  handlers['packs.activate'] = vi.fn(async () => status);
  return handlers;
}

describe('api router validation', () => {
  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['missing method', { id: 1, input: {} }],
    ['unknown method', { id: 2, method: 'fs.readFile', input: { path: '/etc/passwd' } }],
    ['negative id', { id: -5, method: 'studio.status', input: {} }],
    ['extra envelope key', { id: 3, method: 'studio.status', input: {}, __proto__x: 1 }],
  ])('rejects a malformed envelope (%s) without calling anything', async (_label, raw) => {
    const h = spyHandlers();
    const res = await dispatch(h, raw);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('invalid-request');
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ['wrong type', { packId: 42 }],
    ['empty id', { packId: '' }],
    ['unknown key', { packId: 'builtin', folder: '/etc' }],
    ['missing field', {}],
  ])('rejects invalid input (%s) with a message naming the field', async (_label, input) => {
    const h = spyHandlers();
    const res = await dispatch(h, { id: 7, method: 'packs.activate', input });
    expect(res).toMatchObject({ id: 7, ok: false, error: { code: 'invalid-input' } });
    expect(h['packs.activate']).not.toHaveBeenCalled();
  });

  it.each([
    ['persons.age', { id: 'p1', ageGroup: '5-8' }, 'age group'],
    ['persons.age', { id: 'p1' }, 'missing age group'],
    ['persons.age', { id: 'p1', ageGroup: '0-2', strength: 2 }, 'unknown key'],
    ['persons.growUp', { id: '' }, 'empty id'],
    ['persons.resemblance', { id: 7 }, 'wrong type'],
    ['export.grid', { jobId: 'j', kind: 'grow-up-all', personId: 'p1' }, 'unknown export kind'],
  ] as const)('age and resemblance procedures refuse bad input: %s (%s)', async (method, input, _why) => {
    const h = spyHandlers();
    const res = await dispatch(h, { id: 8, method, input });
    expect(res).toMatchObject({ id: 8, ok: false, error: { code: 'invalid-input' } });
    expect(h[method]).not.toHaveBeenCalled();
  });

  it('passes valid input through and returns the result', async () => {
    const h = spyHandlers();
    const res = await dispatch(h, { id: 9, method: 'packs.activate', input: { packId: 'builtin' } });
    expect(res).toEqual({ id: 9, ok: true, result: status });
    expect(h['packs.activate']).toHaveBeenCalledWith({ packId: 'builtin' });
  });

  it('turns a thrown error into an error reply', async () => {
    const h = spyHandlers();
    h['packs.list'] = vi.fn(async () => {
      throw new Error('disk on fire');
    });
    const res = await dispatch(h, { id: 1, method: 'packs.list', input: {} });
    expect(res).toEqual({ id: 1, ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  // The reference is the table in docs/ARCHITECTURE.md, "Error codes", written out by hand.
  it.each<[string, () => Error, string]>([
    ['bad gene settings', () => new GeneInputError('gamma must be between 0 and 1, got 2'), 'invalid-input'],
    ['a project edit refused', () => new ProjectInputError('name is empty'), 'invalid-input'],
    ['a missing project file', () => new ProjectFileError('/p/x.kinship', 'not-found', 'no such file'), 'not-found'],
    ['a project from a newer version', () => new ProjectFileError('/p/x.kinship', 'newer-version', 'schema 9'), 'unsupported'],
    ['a project name taken', () => new ProjectFileError('/p/x.kinship', 'exists', 'exists'), 'conflict'],
    ['a disk failure', () => new ProjectFileError('/p/x.kinship', 'io', 'EIO'), 'internal'],
    ['an unreadable photo', () => new PhotoError('not-an-image', 'not an image'), 'invalid-input'],
    ['a photo format', () => new PhotoError('unsupported-format', 'HEIC'), 'unsupported'],
    ['a broken pack', () => new PackError('/packs/a', 'manifest.json', 'missing'), 'invalid-input'],
    ['a pool of another pack', () => new PoolPackMismatchError('other pack'), 'conflict'],
    ['a person gone', () => new NotFoundError('person 7 is not in this project'), 'not-found'],
    ['nothing to undo', () => new ConflictError('nothing to undo'), 'conflict'],
    ['no encoder', () => new UnsupportedError('no encoder'), 'unsupported'],
    ['a cancel', () => new CancelledError(), 'cancelled'],
    ['a crashed worker', () => new InferenceError('inference worker crashed'), 'internal'],
    ['a bare TypeError', () => new TypeError('x is undefined'), 'internal'],
  ])('maps %s to its code once, in the router', async (_label, make, code) => {
    const h = spyHandlers();
    const error = make();
    h['packs.list'] = vi.fn(async () => {
      throw error;
    });
    const res = await dispatch(h, { id: 2, method: 'packs.list', input: {} });
    expect(res).toMatchObject({ id: 2, ok: false, error: { code } });
    if (!res.ok && code !== 'cancelled') expect(res.error.message).toBe(error.message);
  });
});
