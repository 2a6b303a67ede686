/**
 * Opening a gene pool validates the file read-only first: a foreign SQLite database, a
 * project file, another pack's pool, a damaged pool or one with a short latent is refused
 * and left byte for byte as it was (hash and side files compared), and short latents are
 * an error rather than zero-padded.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync, readdirSync, statSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import { decodeLatentBlob, encodeLatentBlob } from '../../../src/core/pool/latent-codec';
import { PoolError, PoolPackMismatchError } from '../../../src/core/pool/pool-errors';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import { ProjectStore } from '../../../src/core/projects';
import { PACK_A, PACK_B, openWith, row, tempPoolPath } from './pool-fixtures';

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/**
 * The file's bytes and every file beside it. A file in rollback-journal mode must gain no
 * side file at all. A WAL-mode file read by a read-only connection gets SQLite's empty
 * `-wal` and its `-shm` index (SQLite cannot read WAL mode without them); those two are
 * allowed, but only for a WAL-mode file and only with the `-wal` empty (nothing written).
 */
const snapshot = (path: string) => {
  const wal = readFileSync(path).readUInt8(18) === 2;
  const base = path.slice(dirname(path).length + 1);
  const dir = readdirSync(dirname(path))
    .filter((f) => !(wal && (f === `${base}-shm` || (f === `${base}-wal` && statSync(`${path}-wal`).size === 0))))
    .sort();
  return { sha: hash(path), dir };
};

function expectRefusedUntouched(path: string, pack = PACK_A, message?: RegExp): void {
  const before = snapshot(path);
  let error: unknown;
  try {
    PoolIndex.open(path, pack).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PoolError);
  if (message) expect((error as Error).message).toMatch(message);
  expect(snapshot(path)).toEqual(before);
}

describe('opening a gene pool reads before it writes', () => {
  it('a foreign SQLite database (rollback journal) is refused and stays byte-identical', () => {
    const path = tempPoolPath('notes.sqlite');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me')");
    db.pragma('user_version = 1');
    db.close();
    expect(readFileSync(path).readUInt8(18)).toBe(1); // legacy journal mode: a WAL switch would make this 2
    expectRefusedUntouched(path, PACK_A, /not a Kinship Studio gene pool/);
  });

  it('a foreign database that has a meta table of its own is refused, no rows added', () => {
    const path = tempPoolPath('other.db');
    const db = new Database(path);
    db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('owner', 'someone else')");
    db.exec('CREATE TABLE entries (id INTEGER); CREATE TABLE thumbnails (id INTEGER); CREATE TABLE build_state (id INTEGER); CREATE TABLE build_skips (id INTEGER)');
    db.pragma('user_version = 1');
    db.close();
    expectRefusedUntouched(path, PACK_A, /not a Kinship Studio gene pool/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(1);
    after.close();
  });

  it('a project file (`pool stats --pool family.kinship`) is refused and stays byte-identical', () => {
    const path = join(dirname(tempPoolPath()), 'family.kinship');
    ProjectStore.create(path, { name: 'The Family', packId: 'builtin@1', appVersion: '0.1.0' }).close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const metaRows = () => {
      const db = new Database(path, { readonly: true });
      const n = db.prepare('SELECT count(*) FROM meta').pluck().get();
      db.close();
      return n;
    };
    const rowsBefore = metaRows();
    expectRefusedUntouched(path, PACK_A, /not a Kinship Studio gene pool/);
    expect(metaRows()).toBe(rowsBefore);
  });

  it("another pack's pool, a newer schema and a text file are refused untouched", () => {
    const pool = tempPoolPath();
    PoolIndex.open(pool, PACK_A).close();
    expectRefusedUntouched(pool, PACK_B, /built for model pack/);
    expect(() => PoolIndex.open(pool, PACK_B)).toThrow(PoolPackMismatchError);

    const newer = tempPoolPath();
    PoolIndex.open(newer, PACK_A).close();
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    expectRefusedUntouched(newer, PACK_A, /schema version 99.*Update the studio/);

    const text = tempPoolPath('notes.kpool');
    const fd = openSync(text, 'w');
    writeSync(fd, 'not a database '.repeat(100));
    closeSync(fd);
    expectRefusedUntouched(text, PACK_A, /not an SQLite database/);
  });

  it('a pool with a short latent blob is refused on open, naming the entry; nothing is zero-padded', () => {
    const path = tempPoolPath();
    const index = openWith([row('a', '0-2', 'male', 'White', 0.5), row('b', '0-2', 'male', 'White', 1)], path);
    index.close();
    const db = new Database(path);
    db.prepare('UPDATE entries SET wplus = substr(wplus, 1, 100) WHERE id = 2').run();
    db.close();
    expectRefusedUntouched(path, PACK_A, /entry 2 has a 100-byte latent, expected 18432 bytes/);
  });

  it('a short latent written after open is an error when read, not zeros', () => {
    const path = tempPoolPath();
    const index = openWith([row('a', '0-2', 'male', 'White', 0.5)], path);
    index.db.prepare('UPDATE entries SET wplus = substr(wplus, 1, 64) WHERE id = 1').run();
    expect(() => index.wplus([1])).toThrow(/entry 1: the float16 latent has 64 bytes, expected 18432/);
    index.close();
    // The codec itself refuses a blob of the wrong size when told the size.
    const blob = encodeLatentBlob(new Float32Array(WPLUS_LEN - 1).fill(2), 'float32');
    expect(() => decodeLatentBlob(blob, 'float32', new Float32Array(WPLUS_LEN), 0, WPLUS_LEN)).toThrow(/expected 36864/);
    expect(() => decodeLatentBlob(Buffer.alloc(3), 'float16', new Float32Array(4))).toThrow(/multiple of 2/);
  });

  it('a damaged pool fails the integrity check on open and stays byte-identical', () => {
    const path = tempPoolPath();
    const rows = Array.from({ length: 40 }, (_, i) => row(`r${i}`, '20-29', 'female', 'Indian', i / 10));
    const index = openWith(rows, path);
    index.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = index.db.pragma('page_size', { simple: true }) as number;
    const entriesRoot = index.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").pluck().get() as number;
    index.close();
    // Scribble over the entries table's root page (a b-tree interior page with 40 rows of 18 KB).
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (entriesRoot - 1) * pageSize + 8);
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(entriesRoot * pageSize - 1);
    expectRefusedUntouched(path, PACK_A, /damaged|malformed|not a readable gene pool/);
  });

  it('a valid pool still opens read-write, and a new pool is created in place', () => {
    const path = tempPoolPath();
    const index = openWith([row('a', '0-2', 'male', 'White', 0.5)], path);
    index.close();
    const again = PoolIndex.open(path, PACK_A);
    expect(again.wplus([1])[5]).toBe(0.5);
    expect(again.insertEntries([row('b', '3-9', 'female', 'Black', 1)])).toBe(1);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
    expect(readdirSync(dirname(path)).filter((f) => f.endsWith('.creating'))).toEqual([]);
  });
});
