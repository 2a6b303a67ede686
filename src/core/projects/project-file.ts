/**
 * Opening, validating and creating project files.
 *
 * Refusing a file must leave it untouched, so validation goes from cheapest and least
 * invasive to most: the 100-byte header is read with plain fs (not SQLite, foreign
 * application_id, newer schema, truncation) and only a file that claims to be one of our
 * projects is opened — read-only — for `quick_check` and a table census. Only then is it
 * reopened read-write, migrated and switched to WAL.
 *
 * New files are built in a temporary file next to the target and moved into place, so a
 * half-created project never exists under the real name, and an existing file is only
 * replaced when the caller says so.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, EXPECTED_TABLES, MIGRATIONS, SCHEMA_VERSION } from './schema';
import { ProjectFileError } from './errors';
import { runMigrations } from '../sqlite/migrations';

export type Db = Database.Database;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

export interface HeaderInfo {
  pageSize: number;
  /** Pages by the header's own count, or null when that count is not trustworthy. */
  pageCount: number | null;
  applicationId: number;
  userVersion: number;
  wal: boolean;
  fileBytes: number;
}

/** Reads and checks the SQLite header with plain fs; never creates or changes a file. */
export function readHeader(path: string): HeaderInfo {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ProjectFileError(path, 'not-found', 'no such file');
    throw new ProjectFileError(path, 'io', `cannot read the file (${(e as Error).message})`, { cause: e });
  }
  if (!st.isFile()) throw new ProjectFileError(path, 'not-a-file', 'is not a regular file');
  if (st.size === 0) throw new ProjectFileError(path, 'not-sqlite', 'is empty (0 bytes), not a Kinship Studio project');
  const header = Buffer.alloc(100);
  let got = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      got = readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new ProjectFileError(path, 'io', `cannot read the file (${(e as Error).message})`, { cause: e });
  }
  if (got < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new ProjectFileError(path, 'not-sqlite', 'is not a Kinship Studio project (not an SQLite database)');
  }
  const rawPage = header.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  const changeCounter = header.readUInt32BE(24);
  const headerPages = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  return {
    pageSize,
    // SQLite trusts the in-header size only when it was written by a version that keeps it.
    pageCount: headerPages > 0 && changeCounter === validFor ? headerPages : null,
    applicationId: header.readInt32BE(68),
    userVersion: header.readInt32BE(60),
    wal: header[18] === 2 || header[19] === 2,
    fileBytes: st.size,
  };
}

function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** Header-level refusals: everything decidable without opening the database. */
export function checkHeader(path: string): HeaderInfo {
  const h = readHeader(path);
  if (h.applicationId !== APPLICATION_ID) {
    throw new ProjectFileError(
      path,
      'foreign',
      `is an SQLite database of another application, not a Kinship Studio project (application_id ${hex32(h.applicationId)}, expected ${hex32(APPLICATION_ID)})`,
    );
  }
  if (h.userVersion > SCHEMA_VERSION) {
    throw new ProjectFileError(
      path,
      'newer-version',
      `was written by a newer Kinship Studio (project schema version ${h.userVersion}; this version reads up to ${SCHEMA_VERSION}). Update the app to open it.`,
    );
  }
  // Projects are built in a temporary file and moved into place at version ≥ 1, so version
  // 0 with our id is not something we wrote; refusing it also keeps us from creating
  // tables in someone else's file.
  if (h.userVersion < 1) throw new ProjectFileError(path, 'corrupt', `is not a complete Kinship Studio project (schema version ${h.userVersion})`);
  if (h.pageCount !== null && h.fileBytes < h.pageCount * h.pageSize) {
    throw new ProjectFileError(
      path,
      'corrupt',
      `is damaged: truncated (${h.fileBytes} bytes, the header says ${h.pageCount} pages of ${h.pageSize} bytes = ${h.pageCount * h.pageSize})`,
    );
  }
  return h;
}

/**
 * Full validation, read-only. Side files SQLite may create to read a WAL database are
 * removed again when the file is refused and they were not there before.
 */
export function validateProjectFile(path: string): { userVersion: number } {
  checkHeader(path);
  const preexisting = new Set(SIDE_FILES.filter((s) => existsSync(path + s)));
  let db: Db | undefined;
  try {
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (e) {
      throw new ProjectFileError(path, 'corrupt', `cannot be opened as a database (${(e as Error).message})`, { cause: e });
    }
    let appId: number;
    let userVersion: number;
    let check: string[];
    let tables: string[];
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
      userVersion = db.pragma('user_version', { simple: true }) as number;
      check = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
      tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as Array<{ name: string }>).map((r) => r.name);
    } catch (e) {
      throw new ProjectFileError(path, 'corrupt', `is damaged (${(e as Error).message})`, { cause: e });
    }
    // The WAL may hold a newer page 1 than the main file's header: check again.
    if (appId !== APPLICATION_ID) {
      throw new ProjectFileError(path, 'foreign', `is not a Kinship Studio project (application_id ${hex32(appId)})`);
    }
    if (userVersion < 1) throw new ProjectFileError(path, 'corrupt', `is not a complete Kinship Studio project (schema version ${userVersion})`);
    if (userVersion > SCHEMA_VERSION) {
      throw new ProjectFileError(path, 'newer-version', `was written by a newer Kinship Studio (project schema version ${userVersion}; this version reads up to ${SCHEMA_VERSION}). Update the app to open it.`);
    }
    if (check.length !== 1 || check[0] !== 'ok') {
      throw new ProjectFileError(path, 'corrupt', `is damaged (integrity check: ${check.slice(0, 3).join('; ')}${check.length > 3 ? ` … ${check.length} problems` : ''})`);
    }
    if (userVersion === SCHEMA_VERSION) {
      const unknown = tables.filter((t) => !EXPECTED_TABLES.includes(t));
      const missing = EXPECTED_TABLES.filter((t) => !tables.includes(t));
      if (unknown.length > 0) throw new ProjectFileError(path, 'foreign', `is not a Kinship Studio project (unexpected tables: ${unknown.join(', ')})`);
      if (missing.length > 0) throw new ProjectFileError(path, 'corrupt', `is damaged (missing tables: ${missing.join(', ')})`);
    }
    return { userVersion };
  } catch (e) {
    db?.close();
    db = undefined;
    for (const s of SIDE_FILES) if (!preexisting.has(s)) rmSync(path + s, { force: true });
    throw e;
  } finally {
    db?.close();
  }
}

/** Pragmas every read-write connection gets. */
export function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the call returns; a kill or power cut keeps it.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Validates, then opens read-write and brings the schema up to date. */
export function openProjectDatabase(path: string): Db {
  const { userVersion } = validateProjectFile(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (e) {
    throw new ProjectFileError(path, 'io', `cannot be opened for writing (${(e as Error).message})`, { cause: e });
  }
  try {
    configure(db);
    if (userVersion < SCHEMA_VERSION) runMigrations(db, MIGRATIONS, { from: userVersion });
    return db;
  } catch (e) {
    db.close();
    throw new ProjectFileError(path, 'io', `cannot be prepared for editing (${(e as Error).message})`, { cause: e });
  }
}

export function tempPathNextTo(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${randomBytes(4).toString('hex')}.tmp`);
}

function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  try {
    const fd = openSync(path, flags);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be fsynced on every platform (Windows); best effort there.
  }
}

/**
 * Moves a finished temporary database to `dest`. Without `overwrite`, an existing file
 * is never replaced (a hard link fails atomically if the name is taken). Stale side files
 * of an old database at `dest` are removed first: SQLite would replay a leftover WAL
 * into the new file.
 */
export function installFile(tmp: string, dest: string, overwrite: boolean): void {
  fsyncPath(tmp, 'r+');
  if (!overwrite && existsSync(dest)) {
    rmSync(tmp, { force: true });
    throw new ProjectFileError(dest, 'exists', 'already exists; choose another name or confirm replacing it');
  }
  for (const s of SIDE_FILES) rmSync(dest + s, { force: true });
  try {
    if (overwrite) {
      renameSync(tmp, dest);
    } else {
      try {
        linkSync(tmp, dest);
        unlinkSync(tmp);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new ProjectFileError(dest, 'exists', 'already exists; choose another name or confirm replacing it');
        // Filesystems without hard links: the existence check above has to do.
        renameSync(tmp, dest);
      }
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof ProjectFileError) throw e;
    throw new ProjectFileError(dest, 'io', `cannot be written (${(e as Error).message})`, { cause: e });
  }
  fsyncPath(dirname(dest), 'r');
}

export interface InitialMeta {
  name: string;
  packId: string;
  appVersion: string;
  now: number;
}

/** Builds a new, empty project at `path` (atomically) and opens it. */
export function createProjectDatabase(path: string, meta: InitialMeta, overwrite: boolean): Db {
  if (!overwrite && existsSync(path)) {
    throw new ProjectFileError(path, 'exists', 'already exists; choose another name or confirm replacing it');
  }
  const tmp = tempPathNextTo(path, 'new');
  try {
    // Rollback-journal mode while building: the finished file is self-contained.
    const db = new Database(tmp);
    try {
      db.transaction(() => {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        // Savepoints inside this transaction: the new file appears complete or not at all.
        runMigrations(db, MIGRATIONS, { from: 0 });
        const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        put.run('name', meta.name);
        put.run('createdAt', String(meta.now));
        put.run('modifiedAt', String(meta.now));
        put.run('packId', meta.packId);
        put.run('appVersion', meta.appVersion);
      }).immediate();
    } finally {
      db.close();
    }
  } catch (e) {
    for (const s of ['', ...SIDE_FILES]) rmSync(tmp + s, { force: true });
    throw new ProjectFileError(path, 'io', `cannot be created (${(e as Error).message})`, { cause: e });
  }
  installFile(tmp, path, overwrite);
  const db = new Database(path, { fileMustExist: true });
  configure(db);
  return db;
}
