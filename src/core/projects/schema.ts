/**
 * On-disk schema of a project file and its migrations.
 *
 * Identity: `PRAGMA application_id` holds a fixed magic so that a project is told
 * apart from any other SQLite file by its header alone (bytes 68..71), before we open
 * it; `PRAGMA user_version` holds the schema version (bytes 60..63).
 *
 * Column order matters: big BLOBs come last in `persons` and `candidates` so that
 * reading the small columns (tree snapshot) never walks the BLOBs' overflow pages
 * (SQLite must follow an overflow chain to reach any column stored after a BLOB).
 * The snapshot asks `typeof(thumbnail)`, which reads only the record header, not the BLOB.
 * `seq INTEGER PRIMARY KEY` is the rowid alias: VACUUM (and VACUUM INTO for Save As)
 * may renumber implicit rowids but never an INTEGER PRIMARY KEY, so insertion order
 * (used for snapshots) and undo's row images stay exact.
 */

/** 'KinS' in ASCII, big-endian, as SQLite stores it in the header. */
export const APPLICATION_ID = 0x4b696e53;
export const SCHEMA_VERSION = 1;

export { WPLUS_BYTES } from '../../domain/latent-shape';
import { WPLUS_BYTES } from '../../domain/latent-shape';

import type { Migration } from '../sqlite/migrations';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TABLE persons (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  origin_kind       TEXT NOT NULL CHECK (origin_kind IN ('founder', 'photo', 'child')),
  origin            TEXT NOT NULL CHECK (json_valid(origin) AND json_extract(origin, '$.kind') = origin_kind),
  -- A child points at its parents' union; kept redundant with origin.unionId (checked)
  -- so the database itself enforces that a child's parents exist.
  union_id          TEXT REFERENCES unions(id),
  age_group         TEXT,
  gender            TEXT,
  race              TEXT,
  attributes_source TEXT NOT NULL CHECK (attributes_source IN ('auto', 'user')),
  x                 REAL,
  y                 REAL,
  pack_id           TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  region_report     TEXT CHECK (region_report IS NULL OR json_valid(region_report)),
  -- Thumbnail first of the BLOBs: canvas cards read it for every person.
  thumbnail         BLOB,
  wplus             BLOB NOT NULL CHECK (length(wplus) = ${WPLUS_BYTES}),
  image             BLOB NOT NULL,
  CHECK ((origin_kind = 'child') = (union_id IS NOT NULL)),
  CHECK (union_id IS json_extract(origin, '$.unionId')),
  CHECK ((age_group IS NULL) = (gender IS NULL) AND (gender IS NULL) = (race IS NULL)),
  CHECK ((x IS NULL) = (y IS NULL))
);
CREATE INDEX persons_union ON persons(union_id);

CREATE TABLE unions (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  father_id  TEXT NOT NULL REFERENCES persons(id),
  mother_id  TEXT NOT NULL REFERENCES persons(id),
  created_at INTEGER NOT NULL,
  CHECK (father_id <> mother_id),
  UNIQUE (father_id, mother_id)
);
CREATE INDEX unions_mother ON unions(mother_id);

-- Breeding output waiting for keep/discard. Not part of undo history: a batch is
-- scratch space, and it goes with its union.
CREATE TABLE candidate_batches (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  union_id   TEXT NOT NULL REFERENCES unions(id) ON DELETE CASCADE,
  seed       INTEGER NOT NULL,
  count      INTEGER NOT NULL CHECK (count BETWEEN 1 AND 64),
  settings   TEXT NOT NULL CHECK (json_valid(settings)),
  target     TEXT CHECK (target IS NULL OR json_valid(target)),
  status     TEXT NOT NULL CHECK (status IN ('generating', 'ready', 'cancelled', 'failed')),
  created_at INTEGER NOT NULL
);
CREATE INDEX candidate_batches_union ON candidate_batches(union_id);

CREATE TABLE candidates (
  batch_id      TEXT NOT NULL REFERENCES candidate_batches(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL CHECK (idx >= 0),
  created_at    INTEGER NOT NULL,
  region_report TEXT NOT NULL CHECK (json_valid(region_report)),
  wplus         BLOB NOT NULL CHECK (length(wplus) = ${WPLUS_BYTES}),
  thumbnail     BLOB,
  image         BLOB NOT NULL,
  PRIMARY KEY (batch_id, idx)
);

-- Undo/redo: each entry holds, per affected row, the row image of the *other* state
-- (before the edit while it is done, after it while it is undone). Undo and redo are
-- the same swap, so one copy of each row exists at any time.
CREATE TABLE history (
  seq        INTEGER PRIMARY KEY,
  label      TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('done', 'undone')),
  created_at INTEGER NOT NULL
);
CREATE TABLE history_rows (
  entry_seq INTEGER NOT NULL REFERENCES history(seq) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  tbl       TEXT NOT NULL,
  key       TEXT NOT NULL,
  image     BLOB,
  PRIMARY KEY (entry_seq, ord)
);
`,
  },
];

/** Tables a current project has; anything else means a foreign or damaged file. */
export const EXPECTED_TABLES: readonly string[] = [
  'meta',
  'persons',
  'unions',
  'candidate_batches',
  'candidates',
  'history',
  'history_rows',
];
