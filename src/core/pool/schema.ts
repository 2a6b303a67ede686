/**
 * The gene-pool file's schema and its migrations, run by the studio's one migration
 * runner (src/core/sqlite/migrations.ts): a pool from an older studio upgrades in place
 * and a kill mid-upgrade leaves the previous version intact. A newer file than this
 * build understands is refused.
 *
 * Labels are stored as FairFace's spellings (src/domain/regions.ts) (TEXT with CHECKs) rather than small
 * integers: the file stays readable with any SQLite tool, and at 70k rows the
 * (age_group, gender, race) index makes the difference immaterial.
 */
import type Database from 'better-sqlite3';
import { AGE_GROUPS, GENDERS, RACES } from '../genes/regions';
import { PoolError } from './pool-errors';
import { runMigrations, type Migration } from '../sqlite/migrations';

export const POOL_FORMAT = 'kinship-gene-pool';
export const SCHEMA_VERSION = 2;

/** Tables every pool of a version has (pool-file-check.ts refuses a file without them). */
export const TABLES_BY_VERSION: Readonly<Record<number, readonly string[]>> = {
  1: ['meta', 'entries', 'thumbnails', 'build_state', 'build_skips'],
  2: ['meta', 'entries', 'thumbnails', 'build_state', 'build_skips', 'gene_files', 'gene_refs'],
};

const list = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('ffhq', 'mapping', 'import')),
        source_ref TEXT NOT NULL,
        age_group TEXT NOT NULL CHECK (age_group IN (${list(AGE_GROUPS)})),
        gender TEXT NOT NULL CHECK (gender IN (${list(GENDERS)})),
        race TEXT NOT NULL CHECK (race IN (${list(RACES)})),
        hair_color TEXT,
        pose TEXT,
        attributes_source TEXT NOT NULL CHECK (attributes_source IN ('csv', 'model', 'user')),
        -- Labels as first assigned (CSV or model), kept when a user corrects them.
        auto_attributes TEXT,
        wplus BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (source, source_ref)
      );
      CREATE INDEX entries_group ON entries (age_group, gender, race);
      CREATE TABLE thumbnails (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        png BLOB NOT NULL,
        PRIMARY KEY (entry_id, size)
      );
      CREATE TABLE build_state (
        job TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        next_index INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0,
        complete INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE build_skips (
        job TEXT NOT NULL,
        item TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (job, item)
      );
    `,
  },
  // v2: gene-only entries (the authors' geneFactorPool.pkl, docs/stylegene-pack.md). They have
  // no W+ (wplus NULL, source 'genes', labels from the file's group keys: 'file'); their mu
  // and logvar stay in the imported file and are read at the byte offsets in gene_refs.
  // SQLite cannot change a CHECK, so the entries table is rebuilt (foreign keys are off
  // during migrations, see runMigrations(); ids are kept, so thumbnails still point right).
  {
    version: 2,
    sql: `
      CREATE TABLE entries_v2 (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('ffhq', 'mapping', 'import', 'genes')),
        source_ref TEXT NOT NULL,
        age_group TEXT NOT NULL CHECK (age_group IN (${list(AGE_GROUPS)})),
        gender TEXT NOT NULL CHECK (gender IN (${list(GENDERS)})),
        race TEXT NOT NULL CHECK (race IN (${list(RACES)})),
        hair_color TEXT,
        pose TEXT,
        attributes_source TEXT NOT NULL CHECK (attributes_source IN ('csv', 'model', 'user', 'file')),
        auto_attributes TEXT,
        wplus BLOB CHECK ((wplus IS NULL) = (source = 'genes')),
        created_at INTEGER NOT NULL,
        UNIQUE (source, source_ref)
      );
      INSERT INTO entries_v2 SELECT id, source, source_ref, age_group, gender, race, hair_color, pose, attributes_source, auto_attributes, wplus, created_at FROM entries;
      DROP TABLE entries;
      ALTER TABLE entries_v2 RENAME TO entries;
      CREATE INDEX entries_group ON entries (age_group, gender, race);
      CREATE TABLE gene_files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        imported_at INTEGER NOT NULL
      );
      CREATE TABLE gene_refs (
        entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        file_id INTEGER NOT NULL REFERENCES gene_files (id),
        mu_offset INTEGER NOT NULL,
        logvar_offset INTEGER NOT NULL
      );
    `,
  },
];

export function migrate(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new PoolError(`${path} is a gene pool of schema version ${version}; this Kinship Studio reads up to ${SCHEMA_VERSION}. Update the studio.`);
  }
  if (version === 0) {
    // A fresh file has no tables; anything else with version 0 is some other database.
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new PoolError(`${path} is an SQLite file but not a Kinship Studio gene pool.`);
  }
  runMigrations(db, MIGRATIONS, {
    from: version,
    brokenReferences: (v, n) => new PoolError(`${path}: upgrading the gene pool to version ${v} broke ${n} references; the file is left as it was.`),
  });
}
