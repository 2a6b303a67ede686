import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, truncateSync, writeFileSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, ProjectFileError, ProjectStore, type ProjectFileProblem } from '../../../src/core/projects';
import { founder, latent, png, rng, sha256File, sideFiles, tempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** A closed project with some persons (big enough for several pages). */
function realProject(name: string, persons = 12): string {
  const path = join(dir, name);
  const s = ProjectStore.create(path, { name: 'Real', packId: 'builtin@1', appVersion: '0.1.0' });
  for (let i = 0; i < persons; i++) s.addPerson({ name: `P${i}`, origin: founder(i), wplus: latent(i), image: png(i, 8000) });
  s.close();
  return path;
}

/** Opening must fail with a ProjectFileError naming the file, leave its bytes and directory as they were. */
function expectRefused(path: string, problem: ProjectFileProblem, message: RegExp): ProjectFileError {
  const hash = sha256File(path);
  const sides = sideFiles(path);
  let err: unknown;
  try {
    ProjectStore.open(path).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ProjectFileError);
  const e = err as ProjectFileError;
  expect(e.problem).toBe(problem);
  expect(e.message.startsWith(`${path}: `)).toBe(true);
  expect(e.message).toMatch(message);
  expect(sha256File(path)).toBe(hash);
  expect(sideFiles(path)).toEqual(sides);
  return e;
}

describe('opening files that are not (valid) projects', () => {
  it('random bytes', () => {
    const path = join(dir, 'random.kinship');
    const r = rng(1);
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, () => Math.floor(r() * 256))));
    expectRefused(path, 'not-sqlite', /not an SQLite database/);
  });

  it('an empty file and a text file', () => {
    const empty = join(dir, 'empty.kinship');
    writeFileSync(empty, '');
    expectRefused(empty, 'not-sqlite', /is empty/);
    const text = join(dir, 'notes.kinship');
    writeFileSync(text, 'family tree notes\n'.repeat(20));
    expectRefused(text, 'not-sqlite', /not an SQLite database/);
  });

  it('a missing file', () => {
    expect(() => ProjectStore.open(join(dir, 'nope.kinship'))).toThrow(/nope\.kinship: no such file/);
  });

  it('a truncated real project', () => {
    const path = realProject('truncated.kinship');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectRefused(path, 'corrupt', /truncated/);
  });

  it('a real project with a damaged page (same size)', () => {
    const path = realProject('damaged.kinship');
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    // Overwrite the middle pages (b-tree pages of the persons table and its overflow chains).
    const junk = Buffer.alloc(4096 * 3, 0xa5);
    writeSync(fd, junk, 0, junk.length, 4096 * 2);
    closeSync(fd);
    expect(statSync(path).size).toBe(size);
    expectRefused(path, 'corrupt', /damaged/);
  });

  it('a valid SQLite database of another application', () => {
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');");
    db.close();
    expectRefused(path, 'foreign', /another application.*application_id 0x00000000/);
  });

  it('a foreign database in WAL mode gets no side files', () => {
    const path = join(dir, 'other-wal.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('application_id = 1234');
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectRefused(path, 'foreign', /application_id 0x000004d2/);
  });

  it('a database with our application_id but unknown tables', () => {
    const path = join(dir, 'fake.kinship');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 1');
    db.exec('CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE secrets (x)');
    db.close();
    expectRefused(path, 'foreign', /unexpected tables: secrets/);
  });

  it('a project from a newer version', () => {
    const path = realProject('newer.kinship', 2);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expectRefused(path, 'newer-version', /newer Kinship Studio \(project schema version 99; this version reads up to 1\)/);
  });

  it('a damaged file is reported by ProjectStore.check too, and a good one passes', () => {
    const good = realProject('good.kinship', 1);
    const hash = sha256File(good);
    expect(() => ProjectStore.check(good)).not.toThrow();
    expect(sha256File(good)).toBe(hash);
    const bad = join(dir, 'bad.kinship');
    copyFileSync(good, bad);
    truncateSync(bad, 200);
    expect(() => ProjectStore.check(bad)).toThrow(ProjectFileError);
    expect(readFileSync(bad).length).toBe(200);
  });
});

describe('opening: incomplete files', () => {
  it('our application_id at schema version 0 is refused, not migrated into', () => {
    const path = join(dir, 'v0.kinship');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec('CREATE TABLE theirs (x)');
    db.close();
    expectRefused(path, 'corrupt', /not a complete Kinship Studio project \(schema version 0\)/);
  });
});
