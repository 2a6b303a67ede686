/**
 * The one schema migration runner for the studio's SQLite files (projects and gene
 * pools; docs/ARCHITECTURE.md, "Storage"). `PRAGMA user_version` holds the schema
 * version; every missing migration runs in its own immediate transaction together with
 * its version bump, so a file from an older studio upgrades in place and a kill
 * mid-upgrade leaves the previous version intact.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  /** user_version after this migration; migrations are listed in ascending order. */
  readonly version: number;
  readonly sql: string;
}

/** The schema version a migration list ends at. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export interface MigrationOptions {
  /** The file's schema version, when the caller has read it already (default: `user_version`). */
  from?: number;
  /** The error for a migration that leaves broken foreign-key references (the file is left as it was). */
  brokenReferences?: (version: number, count: number) => Error;
}

/**
 * Runs the migrations above the file's version, in order. Foreign keys are off while they
 * run, since rebuilding a table (SQLite cannot change a CHECK) drops the old one and would
 * cascade into the rows that reference it; instead each migration's transaction ends
 * with `foreign_key_check`, and broken references roll it back.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[], opts: MigrationOptions = {}): void {
  const current = opts.from ?? (db.pragma('user_version', { simple: true }) as number);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  // The pragma is a no-op inside a transaction (a fresh project is built inside one).
  const fk = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`migration version must be a positive integer, got ${m.version}`);
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) {
          throw opts.brokenReferences?.(m.version, broken.length) ?? new Error(`migration to version ${m.version} broke ${broken.length} foreign-key references`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  } finally {
    if (fk) db.pragma('foreign_keys = ON');
  }
}
