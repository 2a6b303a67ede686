/**
 * The gene-pool index: one SQLite file (WAL) tied to one pack's latent space
 * (schema in schema.ts). Everything that touches the file goes through here, so
 * builders, queries and the UI service share one set of statements.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AGE_GROUPS, GENDERS, RACES, isAgeGroup, isGender, isRace, type AgeGroup, type Gender, type Race } from '../genes/regions';
import { WPLUS_LEN } from '../breeding/pack-runtime';
import { decodeLatentBlob, encodeLatentBlob, LatentSizeError, type WplusDtype } from './latent-codec';
import type { PackFingerprint } from './pack-fingerprint';
import { checkPoolFile, type CheckedPoolFile } from './pool-file-check';
import { PoolError } from './pool-errors';
import { migrate, POOL_FORMAT, SCHEMA_VERSION } from './schema';
import type { BuildState, EntryLabels, GeneRef, GroupCounts, NewEntry, NewGeneOnlyEntry, PoolEntry, SkippedItem } from './pool-types';

export interface OpenPoolOptions {
  /** Create the file when missing (default true); false: a missing file is an error. */
  create?: boolean;
  /** Latent storage of a new pool (default float16; see latent-codec.ts). */
  wplusDtype?: WplusDtype;
}

export interface EntryFilter {
  ageGroups: readonly AgeGroup[];
  gender: Gender;
  /** null: any race. */
  races: readonly Race[] | null;
  /** Only entries with a W+ (not gene-only ones): what age measurement and founders need. */
  withWplus?: boolean;
}

interface EntryRow {
  id: number;
  source: PoolEntry['source'];
  source_ref: string;
  age_group: AgeGroup;
  gender: Gender;
  race: Race;
  hair_color: string | null;
  pose: string | null;
  attributes_source: PoolEntry['attributesSource'];
  auto_attributes: string | null;
  created_at: number;
}

const ENTRY_COLUMNS = 'id, source, source_ref, age_group, gender, race, hair_color, pose, attributes_source, auto_attributes, created_at';

export class PoolIndex {
  private readonly insertStmt: Database.Statement;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly pack: PackFingerprint,
    /** Random id of this pool file: keys in-memory caches shared by several pools. */
    readonly uid: string,
    readonly wplusDtype: WplusDtype,
  ) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO entries (source, source_ref, age_group, gender, race, hair_color, pose, attributes_source, wplus, created_at)
       VALUES (@source, @sourceRef, @ageGroup, @gender, @race, @hairColor, @pose, @attributesSource, @wplus, @createdAt)`,
    );
  }

  /**
   * Opens (or creates) the pool at `path` for `pack`; a pool of another pack is refused.
   * An existing file is validated read-only first (pool-file-check.ts): a file that is
   * refused is left byte for byte as it was. A new pool is built under a temporary name
   * and renamed into place, so a kill mid-creation leaves no half-made pool behind.
   */
  static open(path: string, pack: PackFingerprint, options: OpenPoolOptions = {}): PoolIndex {
    const size = existsSync(path) ? statSync(path).size : -1;
    if (size < 0 && options.create === false) throw new PoolError(`There is no gene pool at ${path}.`);
    let checked: CheckedPoolFile;
    if (size <= 0) {
      // Missing, or an empty file (SQLite's own "new database"): nothing to lose.
      checked = createPoolFile(path, pack, options.wplusDtype ?? 'float16');
    } else {
      checked = checkPoolFile(path, pack);
    }
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true });
    } catch (e) {
      throw new PoolError(`${path} is not a readable gene pool (${(e as Error).message}).`);
    }
    try {
      db.pragma('journal_mode = WAL');
      // Committed batches survive a kill; NORMAL is durable enough under WAL and much faster.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      if (checked.version < SCHEMA_VERSION) migrate(db, path);
      return new PoolIndex(db, path, pack, checked.uid, checked.wplusDtype);
    } catch (e) {
      db.close();
      if (e instanceof PoolError) throw e;
      throw new PoolError(`${path} is not a readable gene pool (${(e as Error).message}).`);
    }
  }

  /** The pack fingerprint a pool file was built for, without opening it for use. */
  static peekPack(path: string): PackFingerprint | null {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const pack = readMeta(db).pack;
      return pack ? (JSON.parse(pack) as PackFingerprint) : null;
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Inserts entries (an existing source+ref is left alone); returns how many were new. */
  insertEntries(entries: readonly NewEntry[], now = Date.now()): number {
    let added = 0;
    const run = (): void => {
      for (const e of entries) {
        if (e.wplus.length !== WPLUS_LEN) throw new PoolError(`entry ${e.sourceRef}: wplus has ${e.wplus.length} values, expected ${WPLUS_LEN}`);
        assertLabels(e);
        added += this.insertStmt.run({
          source: e.source,
          sourceRef: e.sourceRef,
          ageGroup: e.ageGroup,
          gender: e.gender,
          race: e.race,
          hairColor: e.hairColor ?? null,
          pose: e.pose === undefined || e.pose === null ? null : JSON.stringify(e.pose),
          attributesSource: e.attributesSource,
          wplus: encodeLatentBlob(e.wplus, this.wplusDtype),
          createdAt: now,
        }).changes;
      }
    };
    if (this.db.inTransaction) run();
    else this.transaction(run);
    return added;
  }

  /**
   * Gene-only entries of an imported gene file (one transaction: all or nothing). The file
   * is recorded by path and size; an entry already there (same group key and item) keeps
   * its id and points at the file given now (a moved file is re-imported in place).
   */
  insertGeneOnly(file: { path: string; size: number; mtimeMs: number }, entries: readonly NewGeneOnlyEntry[], now = Date.now()): number {
    return this.transaction(() => {
      this.db
        .prepare('INSERT INTO gene_files (path, size, mtime_ms, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, imported_at = excluded.imported_at')
        .run(file.path, file.size, Math.round(file.mtimeMs), now);
      const fileId = this.db.prepare('SELECT id FROM gene_files WHERE path = ?').pluck().get(file.path) as number;
      const insert = this.db.prepare(
        `INSERT OR IGNORE INTO entries (source, source_ref, age_group, gender, race, attributes_source, wplus, created_at)
         VALUES ('genes', ?, ?, ?, ?, 'file', NULL, ?)`,
      );
      const idOf = this.db.prepare("SELECT id FROM entries WHERE source = 'genes' AND source_ref = ?").pluck();
      const ref = this.db.prepare(
        `INSERT INTO gene_refs (entry_id, file_id, mu_offset, logvar_offset) VALUES (?, ?, ?, ?)
         ON CONFLICT (entry_id) DO UPDATE SET file_id = excluded.file_id, mu_offset = excluded.mu_offset, logvar_offset = excluded.logvar_offset`,
      );
      let added = 0;
      for (const e of entries) {
        assertLabels(e);
        added += insert.run(e.sourceRef, e.ageGroup, e.gender, e.race, now).changes;
        ref.run(idOf.get(e.sourceRef) as number, fileId, e.muOffset, e.logvarOffset);
      }
      // Files no entry points at any more (a moved file re-imported) are forgotten.
      this.db.prepare('DELETE FROM gene_files WHERE id NOT IN (SELECT file_id FROM gene_refs)').run();
      return added;
    });
  }

  /** Where the genes of gene-only entries are, in the order of `ids`; an entry with a W+ is an error. */
  geneRefs(ids: readonly number[]): GeneRef[] {
    const stmt = this.db.prepare(
      'SELECT r.entry_id AS entryId, f.path, f.size, r.mu_offset AS muOffset, r.logvar_offset AS logvarOffset FROM gene_refs r JOIN gene_files f ON f.id = r.file_id WHERE r.entry_id = ?',
    );
    return ids.map((id) => {
      const r = stmt.get(id) as GeneRef | undefined;
      if (!r) throw new PoolError(`gene pool entry ${id} is not a gene-only entry (or its gene file reference is missing)`);
      return r;
    });
  }

  /** Which of `ids` are gene-only (no W+). */
  geneOnlyIds(ids: readonly number[]): Set<number> {
    const stmt = this.db.prepare("SELECT 1 FROM entries WHERE id = ? AND source = 'genes'").pluck();
    return new Set(ids.filter((id) => stmt.get(id) !== undefined));
  }

  /** All entries, or only those with a W+ (`withWplus`). */
  total(opts: { withWplus?: boolean } = {}): number {
    const where = opts.withWplus ? " WHERE source != 'genes'" : '';
    return (this.db.prepare(`SELECT count(*) AS n FROM entries${where}`).get() as { n: number }).n;
  }

  /** The 9×2×7 heat map (of all entries, or of those with a W+). */
  counts(opts: { withWplus?: boolean } = {}): GroupCounts {
    const counts = AGE_GROUPS.map(() => GENDERS.map(() => RACES.map(() => 0)));
    let total = 0;
    const where = opts.withWplus ? " WHERE source != 'genes'" : '';
    const rows = this.db.prepare(`SELECT age_group, gender, race, count(*) AS n FROM entries${where} GROUP BY age_group, gender, race`).all() as Array<{
      age_group: AgeGroup;
      gender: Gender;
      race: Race;
      n: number;
    }>;
    for (const r of rows) {
      counts[AGE_GROUPS.indexOf(r.age_group)]![GENDERS.indexOf(r.gender)]![RACES.indexOf(r.race)] = r.n;
      total += r.n;
    }
    return { ageGroups: AGE_GROUPS, genders: GENDERS, races: RACES, counts, total };
  }

  entry(id: number): PoolEntry | null {
    const row = this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = ?`).get(id) as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  entries(ids: readonly number[]): PoolEntry[] {
    const stmt = this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = ?`);
    return ids.map((id) => {
      const row = stmt.get(id) as EntryRow | undefined;
      if (!row) throw new PoolError(`gene pool entry ${id} does not exist`);
      return toEntry(row);
    });
  }

  /** One group's entries in id order, paged (the pool browser). */
  listGroup(group: EntryLabels, offset = 0, limit = 50): PoolEntry[] {
    const rows = this.db
      .prepare(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE age_group = ? AND gender = ? AND race = ? ORDER BY id LIMIT ? OFFSET ?`)
      .all(group.ageGroup, group.gender, group.race, limit, offset) as EntryRow[];
    return rows.map(toEntry);
  }

  /** Ids matching a filter, ascending: the deterministic order donor sampling draws from. */
  matchingIds(filter: EntryFilter): number[] {
    return this.matching(filter).ids;
  }

  /**
   * Ids matching a filter, ascending, and which of them are gene-only, in one query: a
   * 20,000-entry group took 7 ms when each id was looked up on its own (tools/bench-pool.ts).
   */
  matching(filter: EntryFilter): { ids: number[]; geneOnly: Set<number> } {
    if (!filter.ageGroups.length || (filter.races && !filter.races.length)) return { ids: [], geneOnly: new Set() };
    const ages = filter.ageGroups.map(() => '?').join(', ');
    const races = filter.races ? ` AND race IN (${filter.races.map(() => '?').join(', ')})` : '';
    const kind = filter.withWplus ? " AND source != 'genes'" : '';
    const params = [...filter.ageGroups, filter.gender, ...(filter.races ?? [])];
    // Without gene-only entries (most pools) the group index alone answers: no row is read.
    const anyGeneOnly = this.db.prepare("SELECT 1 FROM entries WHERE source = 'genes' LIMIT 1").pluck().get() !== undefined;
    if (!anyGeneOnly) {
      const ids = this.db.prepare(`SELECT id FROM entries WHERE age_group IN (${ages}) AND gender = ?${races} ORDER BY id`).pluck().all(...params) as number[];
      return { ids, geneOnly: new Set() };
    }
    const sql = `SELECT id, source = 'genes' FROM entries WHERE age_group IN (${ages}) AND gender = ?${races}${kind} ORDER BY id`;
    const rows = this.db
      .prepare(sql)
      .raw()
      .all(...params) as [number, number][];
    const ids = new Array<number>(rows.length);
    const geneOnly = new Set<number>();
    for (let i = 0; i < rows.length; i++) {
      const [id, genes] = rows[i]!;
      ids[i] = id;
      if (genes) geneOnly.add(id);
    }
    return { ids, geneOnly };
  }

  /** W+ of entries, concatenated [n,18,512] in the order given. */
  wplus(ids: readonly number[]): Float32Array {
    const out = new Float32Array(ids.length * WPLUS_LEN);
    const stmt = this.db.prepare('SELECT wplus FROM entries WHERE id = ?').raw();
    ids.forEach((id, k) => {
      const row = stmt.get(id) as [Buffer | null] | undefined;
      if (!row) throw new PoolError(`gene pool entry ${id} does not exist`);
      const blob = row[0];
      if (!blob) throw new PoolError(`gene pool entry ${id} has genes only (no W+); decode its genes instead`);
      // Checked on open too; a row written since (or by another tool) must not be zero-padded.
      try {
        decodeLatentBlob(blob, this.wplusDtype, out, k * WPLUS_LEN, WPLUS_LEN, `${this.path}: gene pool entry ${id}`);
      } catch (e) {
        if (e instanceof LatentSizeError) throw new PoolError(`${e.message}. Rebuild the gene pool.`);
        throw e;
      }
    });
    return out;
  }

  /** User correction: queries use the new labels; the automatic ones are kept in auto_attributes. */
  setLabels(id: number, patch: Partial<EntryLabels>): PoolEntry {
    return this.transaction(() => {
      const cur = this.entry(id);
      if (!cur) throw new PoolError(`gene pool entry ${id} does not exist`);
      const next: EntryLabels = { ageGroup: patch.ageGroup ?? cur.ageGroup, gender: patch.gender ?? cur.gender, race: patch.race ?? cur.race };
      assertLabels(next);
      const auto = cur.autoLabels ?? (cur.attributesSource === 'user' ? null : { ageGroup: cur.ageGroup, gender: cur.gender, race: cur.race });
      this.db
        .prepare("UPDATE entries SET age_group = ?, gender = ?, race = ?, attributes_source = 'user', auto_attributes = ? WHERE id = ?")
        .run(next.ageGroup, next.gender, next.race, auto ? JSON.stringify(auto) : null, id);
      return this.entry(id)!;
    });
  }

  thumbnail(id: number, size: number): Buffer | null {
    return (this.db.prepare('SELECT png FROM thumbnails WHERE entry_id = ? AND size = ?').pluck().get(id, size) as Buffer | undefined) ?? null;
  }

  putThumbnail(id: number, size: number, png: Buffer): void {
    this.db.prepare('INSERT OR REPLACE INTO thumbnails (entry_id, size, png) VALUES (?, ?, ?)').run(id, size, png);
  }

  /** Source refs already in the pool (resuming an image build skips them). */
  sourceRefs(source: PoolEntry['source']): Set<string> {
    return new Set(this.db.prepare('SELECT source_ref FROM entries WHERE source = ?').pluck().all(source) as string[]);
  }

  buildState(job: string): BuildState | null {
    const r = this.db.prepare('SELECT * FROM build_state WHERE job = ?').get(job) as
      | { job: string; kind: BuildState['kind']; params: string; next_index: number; total: number; added: number; complete: number }
      | undefined;
    if (!r) return null;
    return { job: r.job, kind: r.kind, params: JSON.parse(r.params) as Record<string, unknown>, nextIndex: r.next_index, total: r.total, added: r.added, complete: !!r.complete };
  }

  saveBuildState(s: BuildState): void {
    this.db
      .prepare(
        `INSERT INTO build_state (job, kind, params, next_index, total, added, complete, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (job) DO UPDATE SET params = excluded.params, next_index = excluded.next_index, total = excluded.total,
           added = excluded.added, complete = excluded.complete, updated_at = excluded.updated_at`,
      )
      .run(s.job, s.kind, JSON.stringify(s.params), s.nextIndex, s.total, s.added, s.complete ? 1 : 0, Date.now());
  }

  recordSkip(job: string, skip: SkippedItem): void {
    this.db.prepare('INSERT OR REPLACE INTO build_skips (job, item, reason, detail) VALUES (?, ?, ?, ?)').run(job, skip.item, skip.reason, skip.detail);
  }

  skips(job: string): SkippedItem[] {
    return this.db.prepare('SELECT item, reason, detail FROM build_skips WHERE job = ? ORDER BY item').all(job) as SkippedItem[];
  }

  /** Bytes per entry on disk (file size / entries), after a checkpoint folds the WAL in. */
  diskBytesPerEntry(): { fileBytes: number; entries: number; bytesPerEntry: number } {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const entries = this.total();
    return { fileBytes: pageSize * pages, entries, bytesPerEntry: entries ? (pageSize * pages) / entries : 0 };
  }
}

/** Writes a new, empty pool under a temporary name next to `path`, then renames it into place. */
function createPoolFile(path: string, pack: PackFingerprint, wplusDtype: WplusDtype): CheckedPoolFile {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.creating`;
  const uid = randomUUID();
  try {
    const db = new Database(temp);
    try {
      migrate(db, temp);
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        put.run('format', POOL_FORMAT);
        put.run('uid', uid);
        put.run('pack', JSON.stringify(pack));
        put.run('wplus_dtype', wplusDtype);
        put.run('created_at', String(Date.now()));
      })();
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new PoolError(`Could not create the gene pool ${path} (${(e as Error).message}).`);
  }
  return { uid, wplusDtype, version: SCHEMA_VERSION };
}

function readMeta(db: Database.Database): Record<string, string> {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!has) return {};
  const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

function assertLabels(l: EntryLabels): void {
  if (!isAgeGroup(l.ageGroup)) throw new PoolError(`age group must be one of ${AGE_GROUPS.join(', ')}, got '${String(l.ageGroup)}'`);
  if (!isGender(l.gender)) throw new PoolError(`gender must be one of ${GENDERS.join(', ')}, got '${String(l.gender)}'`);
  if (!isRace(l.race)) throw new PoolError(`race must be one of ${RACES.join(', ')}, got '${String(l.race)}'`);
}

function toEntry(r: EntryRow): PoolEntry {
  return {
    id: r.id,
    source: r.source,
    sourceRef: r.source_ref,
    ageGroup: r.age_group,
    gender: r.gender,
    race: r.race,
    hairColor: r.hair_color,
    pose: r.pose === null ? null : (JSON.parse(r.pose) as unknown),
    attributesSource: r.attributes_source,
    autoLabels: r.auto_attributes ? (JSON.parse(r.auto_attributes) as EntryLabels) : null,
    createdAt: r.created_at,
  };
}
