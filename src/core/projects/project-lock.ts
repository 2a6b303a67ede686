/**
 * One writing process per project file.
 *
 * Before this lock, a second studio opening a project treated the first one's running
 * batch (status 'generating') as a crash leftover and deleted it.
 *
 * The lock is an operating-system file lock, taken through SQLite on a small side file
 * `.<project file>.lock` opened in `locking_mode = EXCLUSIVE`: after its first write the
 * connection keeps an exclusive lock until it closes, and any other connection, in this
 * process or another, gets SQLITE_BUSY. The operating system drops the lock when the holder
 * exits or is killed, so a lock never outlives its process and a dead holder's lock needs
 * no breaking. The project file itself stays readable (read-only views, checks, backups).
 *
 * The side file also records the holder (pid, host, since), read by a refused opener to
 * say who has the project. It is read without SQLite's locks (plain file read); a holder
 * row that cannot be read only makes the message less specific. The side file is left in
 * place on release: deleting it would let a waiting opener lock an unlinked file while a
 * third one locks a new file under the same name.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ProjectFileError } from './errors';

export function lockFilePath(projectPath: string): string {
  return join(dirname(projectPath), `.${basename(projectPath)}.lock`);
}

/** True for better-sqlite3's "database is locked" errors. */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

interface Holder {
  pid: number;
  host: string;
  since: number;
}

/** The holder row of a lock file, read as plain bytes (the SQLite lock forbids a connection). */
function readHolder(lockPath: string): Holder | null {
  try {
    // The row is stored as one JSON text value; find it in the file's bytes.
    const text = readFileSync(lockPath).toString('latin1');
    const m = /\{"pid":\d+,"host":"[^"]{0,255}","since":\d+\}/.exec(text);
    return m ? (JSON.parse(m[0]) as Holder) : null;
  } catch {
    return null;
  }
}

export function describeHolder(projectPath: string): string {
  const h = readHolder(lockFilePath(projectPath));
  if (h === null) return 'is open in another Kinship Studio window or process; close it there, then open it again';
  const who = h.pid === process.pid && h.host === hostname() ? 'this process' : `process ${h.pid} on ${h.host}`;
  const since = new Date(h.since).toISOString().replace('T', ' ').slice(0, 16);
  return `is open in another Kinship Studio (${who}, since ${since} UTC); close it there, then open it again`;
}

export class ProjectLock {
  private constructor(
    private db: Database.Database | null,
    readonly projectPath: string,
  ) {}

  /** Takes the lock of `projectPath` or throws ProjectFileError('locked') naming the holder. */
  static acquire(projectPath: string): ProjectLock {
    const lockPath = lockFilePath(projectPath);
    for (let attempt = 0; ; attempt++) {
      let db: Database.Database | undefined;
      try {
        db = new Database(lockPath, { timeout: 0 });
        db.pragma('locking_mode = EXCLUSIVE');
        // No journal file: the table holds one informational row, rewritten on every acquire.
        db.pragma('journal_mode = MEMORY');
        const holder: Holder = { pid: process.pid, host: hostname(), since: Date.now() };
        db.exec('CREATE TABLE IF NOT EXISTS holder (json TEXT NOT NULL)');
        db.transaction(() => {
          db!.prepare('DELETE FROM holder').run();
          db!.prepare('INSERT INTO holder (json) VALUES (?)').run(JSON.stringify(holder));
        })();
        return new ProjectLock(db, projectPath);
      } catch (e) {
        db?.close();
        if (isBusyError(e)) throw new ProjectFileError(projectPath, 'locked', describeHolder(projectPath), { cause: e });
        // A damaged lock file (a kill mid-write, there is no journal) holds nothing: start afresh once.
        const code = String((e as { code?: unknown } | null)?.code ?? '');
        if (attempt === 0 && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) {
          rmSync(lockPath, { force: true });
          continue;
        }
        throw new ProjectFileError(projectPath, 'io', `cannot be locked for editing (${(e as Error).message})`, { cause: e });
      }
    }
  }

  get held(): boolean {
    return this.db !== null;
  }

  /** Drops the lock (idempotent). */
  release(): void {
    if (this.db === null) return;
    this.db.close();
    this.db = null;
  }
}
