/**
 * One open project file: its lifecycle (create, open, close, Save As), its write lock,
 * its transactions (every edit is one immediate transaction that also writes the
 * modified time, and the undo record for tree edits), and its prepared statements,
 * built once per open database (docs/ARCHITECTURE.md, "Storage").
 */
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ProjectFileError, ProjectInputError } from './errors';
import { History, type Recorder } from './history';
import { ProjectLock } from './project-lock';
import { configure, createProjectDatabase, installFile, openProjectDatabase, tempPathNextTo, type Db } from './project-file';
import { checkName, type ProjectMeta } from './records';
import { toMeta } from './rows';
import { SCHEMA_VERSION } from './schema';

export interface CreateProjectOptions {
  name: string;
  packId: string;
  appVersion: string;
  /** Replace an existing file at the path; without it, an existing file is an error. */
  overwrite?: boolean;
}

/** Statements of this module, prepared once per database. */
function prepareMeta(db: Db) {
  return {
    all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta'),
    set: db.prepare<[string, string]>('UPDATE meta SET value = ? WHERE key = ?'),
  };
}

/** What lives as long as one database connection (Save As opens another). */
interface Connection {
  db: Db;
  history: History;
  /** Runs its argument in a transaction (`.immediate` for writes, `.deferred` for reads). */
  tx: Database.Transaction<(run: () => unknown) => unknown>;
  /** Statement sets by the function that prepared them. */
  prepared: Map<(db: Db) => unknown, unknown>;
}

function connect(db: Db): Connection {
  return { db, history: new History(db), tx: db.transaction((run: () => unknown) => run()), prepared: new Map() };
}

export class OpenProject {
  private conn: Connection | null;
  private currentPath: string;

  private constructor(
    path: string,
    db: Db,
    /** This process's write lock on the file (project-lock.ts), released on close. */
    private lock: ProjectLock,
  ) {
    this.currentPath = path;
    try {
      this.conn = connect(db);
      this.meta(); // a file whose meta table is unreadable is not opened
    } catch (e) {
      db.close();
      this.conn = null;
      lock.release();
      throw e;
    }
  }

  /** Runs `open` under a fresh lock of `path`; the lock is dropped if it fails. */
  private static locked(path: string, open: () => Db): OpenProject {
    const lock = ProjectLock.acquire(path);
    let db: Db;
    try {
      db = open();
    } catch (e) {
      lock.release();
      throw e;
    }
    return new OpenProject(path, db, lock);
  }

  /** Creates a new, empty project; refuses an existing file unless `overwrite`. */
  static create(path: string, opts: CreateProjectOptions): OpenProject {
    const abs = resolve(path);
    const name = checkName('project', opts.name);
    if (typeof opts.packId !== 'string' || opts.packId.length === 0) throw new ProjectInputError('project: packId must be a non-empty string');
    // The lock first: replacing a project that another studio has open is refused.
    return OpenProject.locked(abs, () => createProjectDatabase(abs, { name, packId: opts.packId, appVersion: opts.appVersion, now: Date.now() }, opts.overwrite === true));
  }

  /** Opens an existing project after validating it read-only (ProjectFileError if refused; the file is untouched then). */
  static open(path: string): OpenProject {
    const abs = resolve(path);
    // Refused with ProjectFileError('locked') while another studio has the file open.
    return OpenProject.locked(abs, () => openProjectDatabase(abs));
  }

  get path(): string {
    return this.currentPath;
  }

  get isOpen(): boolean {
    return this.conn !== null;
  }

  private get open(): Connection {
    if (this.conn === null) throw new ProjectInputError(`project ${this.currentPath} is closed`);
    return this.conn;
  }

  get db(): Db {
    return this.open.db;
  }

  get history(): History {
    return this.open.history;
  }

  /** The statements `prepare` builds, prepared once for the open database. */
  statements<T>(prepare: (db: Db) => T): T {
    const c = this.open;
    let s = c.prepared.get(prepare) as T | undefined;
    if (s === undefined) {
      s = prepare(c.db);
      c.prepared.set(prepare, s);
    }
    return s;
  }

  /** Closes the file; SQLite checkpoints the WAL so the project is one self-contained file again. */
  close(): void {
    if (this.conn === null) return;
    this.conn.db.close();
    this.conn = null;
    this.lock.release();
  }

  // ---- transactions ---------------------------------------------------------------

  private touchModified(): void {
    this.statements(prepareMeta).set.run(String(Date.now()), 'modifiedAt');
  }

  /** An undoable tree edit. */
  edit<T>(label: string, fn: (rec: Recorder, db: Db) => T, opts?: Parameters<History['record']>[2]): T {
    const c = this.open;
    return c.tx.immediate(() => {
      const out = c.history.record(label, (rec) => fn(rec, c.db), opts);
      this.touchModified();
      return out;
    }) as T;
  }

  /** A write outside undo history (candidate batches, project name). */
  write<T>(fn: (db: Db) => T): T {
    const c = this.open;
    return c.tx.immediate(() => {
      const out = fn(c.db);
      this.touchModified();
      return out;
    }) as T;
  }

  /** Several reads that must see one state. */
  read<T>(fn: (db: Db) => T): T {
    const c = this.open;
    return c.tx.deferred(() => fn(c.db)) as T;
  }

  /** Undoes (or redoes) the last tree edit; returns its label, or null when there is none. */
  undoOrRedo(which: 'undo' | 'redo'): string | null {
    const c = this.open;
    return c.tx.immediate(() => {
      const label = which === 'undo' ? c.history.undo() : c.history.redo();
      if (label !== null) this.touchModified();
      return label;
    }) as string | null;
  }

  // ---- meta -----------------------------------------------------------------------

  meta(): ProjectMeta {
    return toMeta(this.currentPath, this.statements(prepareMeta).all.all(), SCHEMA_VERSION);
  }

  setProjectName(name: string): void {
    const n = checkName('project', name);
    this.write(() => this.statements(prepareMeta).set.run(n, 'name'));
  }

  // ---- Save As --------------------------------------------------------------------

  /**
   * Writes a consistent copy to `dest` (VACUUM INTO a temporary file, fsync, move into
   * place) and continues on the copy. The original file stays as it was.
   */
  saveAs(dest: string, opts: { overwrite?: boolean } = {}): void {
    const db = this.db;
    const abs = resolve(dest);
    if (abs === this.currentPath) return; // every edit is already committed
    // Lock the destination first: a project open in another studio is never replaced.
    const nextLock = ProjectLock.acquire(abs);
    let next: Db;
    try {
      const tmp = tempPathNextTo(abs, 'save');
      try {
        db.prepare('VACUUM INTO ?').run(tmp);
      } catch (e) {
        throw new ProjectFileError(abs, 'io', `cannot be written (${(e as Error).message})`, { cause: e });
      }
      installFile(tmp, abs, opts.overwrite === true);
      next = new Database(abs, { fileMustExist: true });
      try {
        configure(next);
      } catch (e) {
        next.close();
        throw new ProjectFileError(abs, 'io', `cannot be opened after saving (${(e as Error).message})`, { cause: e });
      }
    } catch (e) {
      nextLock.release();
      throw e;
    }
    db.close();
    this.lock.release();
    this.lock = nextLock;
    // A new connection: its statements are prepared afresh on first use.
    this.conn = connect(next);
    this.currentPath = abs;
  }
}
