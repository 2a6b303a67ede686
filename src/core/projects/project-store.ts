/**
 * The project store: one SQLite file per family tree (docs/ARCHITECTURE.md, "Storage").
 *
 * Every edit is one immediate transaction that also writes its undo record and the
 * modified time, so the file on disk is always the last committed state (autosave) and a
 * kill at any moment loses at most the edit in flight. The store emits nothing; the
 * service layer wraps it and announces changes.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { breedSettingsSchema } from '../genes/settings';
import { ProjectFileError, ProjectInputError } from './errors';
import { History, type HistoryState, type Recorder } from './history';
import { newId } from './ids';
import { ProjectLock } from './project-lock';
import { configure, createProjectDatabase, installFile, openProjectDatabase, tempPathNextTo, validateProjectFile, type Db } from './project-file';
import {
  ATTRIBUTE_SOURCES,
  AttributesSchema,
  BATCH_STATUSES,
  ChildTargetSchema,
  ProjectOriginSchema,
  blobToLatent,
  checkName,
  checkPosition,
  latentToBlob,
  parseOrThrow,
  pngToBlob,
  type Attributes,
  type AttributesSource,
  type BatchStatus,
  type BatchSummary,
  type JsonValue,
  type KeepPick,
  type NewBatchInput,
  type NewCandidateInput,
  type NewPersonInput,
  type PersonSummary,
  type Position,
  type ProjectMeta,
  type TreeSnapshot,
  type UnionRecord,
} from './records';
import { PERSON_SUMMARY_COLUMNS, toBatch, toMeta, toPerson, toUnion } from './rows';
import { SCHEMA_VERSION } from './schema';
import Database from 'better-sqlite3';

export interface CreateProjectOptions {
  name: string;
  packId: string;
  appVersion: string;
  /** Replace an existing file at the path; without it, an existing file is an error. */
  overwrite?: boolean;
}

export interface DeletePersonOptions {
  /** Also delete the person's unions' children and their descendants (one undo step). */
  withDescendants?: boolean;
}

export interface PersonMove {
  id: string;
  position: Position | null;
}

const BATCH_SELECT = `SELECT b.id, b.union_id, b.seed, b.count, b.settings, b.target, b.status, b.created_at,
  (SELECT group_concat(idx) FROM candidates c WHERE c.batch_id = b.id) AS indices
  FROM candidate_batches b`;

const seedSchema = z.number().int().min(0).max(0xffffffff);
const countSchema = z.number().int().min(1).max(64);

export class ProjectStore {
  private db: Db | null;
  private history: History;
  private currentPath: string;

  private constructor(
    path: string,
    db: Db,
    /** This process's write lock on the file (project-lock.ts), released on close. */
    private lock: ProjectLock,
  ) {
    this.currentPath = path;
    this.db = db;
    this.history = new History(db);
    try {
      this.meta(); // a file whose meta table is unreadable is not opened
    } catch (e) {
      db.close();
      this.db = null;
      lock.release();
      throw e;
    }
  }

  /** Runs `open` under a fresh lock of `path`; the lock is dropped if it fails. */
  private static locked(path: string, open: () => Db): ProjectStore {
    const lock = ProjectLock.acquire(path);
    let db: Db;
    try {
      db = open();
    } catch (e) {
      lock.release();
      throw e;
    }
    return new ProjectStore(path, db, lock);
  }

  /** Creates a new, empty project; refuses an existing file unless `overwrite`. */
  static create(path: string, opts: CreateProjectOptions): ProjectStore {
    const abs = resolve(path);
    const name = checkName('project', opts.name);
    if (typeof opts.packId !== 'string' || opts.packId.length === 0) throw new ProjectInputError('project: packId must be a non-empty string');
    // The lock first: replacing a project that another studio has open is refused.
    return ProjectStore.locked(abs, () => createProjectDatabase(abs, { name, packId: opts.packId, appVersion: opts.appVersion, now: Date.now() }, opts.overwrite === true));
  }

  /** Opens an existing project after validating it read-only (ProjectFileError if refused; the file is untouched then). */
  static open(path: string): ProjectStore {
    const abs = resolve(path);
    // Refused with ProjectFileError('locked') while another studio has the file open.
    return ProjectStore.locked(abs, () => openProjectDatabase(abs));
  }

  /** Checks a file without opening it for writing (e.g. before listing it as recent). */
  static check(path: string): void {
    validateProjectFile(resolve(path));
  }

  get path(): string {
    return this.currentPath;
  }

  get isOpen(): boolean {
    return this.db !== null;
  }

  /** Closes the file; SQLite checkpoints the WAL so the project is one self-contained file again. */
  close(): void {
    if (this.db === null) return;
    this.db.close();
    this.db = null;
    this.lock.release();
  }

  private get conn(): Db {
    if (this.db === null) throw new ProjectInputError(`project ${this.currentPath} is closed`);
    return this.db;
  }

  // ---- transactions ---------------------------------------------------------------

  private touchModified(db: Db): void {
    db.prepare("UPDATE meta SET value = ? WHERE key = 'modifiedAt'").run(String(Date.now()));
  }

  /** An undoable tree edit. */
  private edit<T>(label: string, fn: (rec: Recorder, db: Db) => T): T {
    const db = this.conn;
    return db
      .transaction(() => {
        const out = this.history.record(label, (rec) => fn(rec, db));
        this.touchModified(db);
        return out;
      })
      .immediate();
  }

  /** A write outside undo history (candidate batches, project name). */
  private write<T>(fn: (db: Db) => T): T {
    const db = this.conn;
    return db
      .transaction(() => {
        const out = fn(db);
        this.touchModified(db);
        return out;
      })
      .immediate();
  }

  // ---- meta -----------------------------------------------------------------------

  meta(): ProjectMeta {
    const rows = this.conn.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    return toMeta(this.currentPath, rows, SCHEMA_VERSION);
  }

  setProjectName(name: string): void {
    const n = checkName('project', name);
    this.write((db) => db.prepare("UPDATE meta SET value = ? WHERE key = 'name'").run(n));
  }

  // ---- reads ----------------------------------------------------------------------

  /** The whole tree for the UI, in insertion order, without images or latents. */
  snapshot(): TreeSnapshot {
    const db = this.conn;
    return db
      .transaction(() => ({
        persons: db.prepare(`SELECT ${PERSON_SUMMARY_COLUMNS} FROM persons ORDER BY seq`).all().map((r) => toPerson(this.currentPath, r)),
        unions: db.prepare('SELECT id, father_id, mother_id, created_at FROM unions ORDER BY seq').all().map((r) => toUnion(this.currentPath, r)),
      }))
      .deferred();
  }

  getPerson(id: string): PersonSummary {
    const row = this.conn.prepare(`SELECT ${PERSON_SUMMARY_COLUMNS} FROM persons WHERE id = ?`).get(id);
    if (row === undefined) throw new ProjectInputError(`unknown person id ${JSON.stringify(id)}`);
    return toPerson(this.currentPath, row);
  }

  hasPerson(id: string): boolean {
    return this.conn.prepare('SELECT 1 FROM persons WHERE id = ?').get(id) !== undefined;
  }

  private blob(id: string, column: 'image' | 'thumbnail' | 'wplus'): Buffer | null {
    const row = this.conn.prepare(`SELECT ${column} AS b FROM persons WHERE id = ?`).get(id) as { b: Buffer | null } | undefined;
    if (row === undefined) throw new ProjectInputError(`unknown person id ${JSON.stringify(id)}`);
    return row.b;
  }

  /** PNG bytes of the person's image. */
  getImage(id: string): Buffer {
    return this.blob(id, 'image') as Buffer;
  }

  /** PNG bytes of the thumbnail, or null if none was stored. */
  getThumbnail(id: string): Buffer | null {
    return this.blob(id, 'thumbnail');
  }

  /** The W+ latent, float32 [18×512]. */
  getLatent(id: string): Float32Array {
    return blobToLatent(this.blob(id, 'wplus') as Buffer);
  }

  /** The child's per-region report (what each region did), or null. */
  getRegionReport(id: string): JsonValue | null {
    const row = this.conn.prepare('SELECT region_report AS r FROM persons WHERE id = ?').get(id) as { r: string | null } | undefined;
    if (row === undefined) throw new ProjectInputError(`unknown person id ${JSON.stringify(id)}`);
    return row.r === null ? null : (JSON.parse(row.r) as JsonValue);
  }

  findUnion(fatherId: string, motherId: string): UnionRecord | null {
    const row = this.conn.prepare('SELECT id, father_id, mother_id, created_at FROM unions WHERE father_id = ? AND mother_id = ?').get(fatherId, motherId);
    return row === undefined ? null : toUnion(this.currentPath, row);
  }

  getUnion(id: string): UnionRecord {
    const row = this.conn.prepare('SELECT id, father_id, mother_id, created_at FROM unions WHERE id = ?').get(id);
    if (row === undefined) throw new ProjectInputError(`unknown union id ${JSON.stringify(id)}`);
    return toUnion(this.currentPath, row);
  }

  // ---- tree edits (undoable) ------------------------------------------------------

  /** Adds a founder, photo person or child (a child's union must exist and match its parents). */
  addPerson(input: NewPersonInput): PersonSummary {
    const what = `person ${JSON.stringify(input?.name ?? '')}`;
    const name = checkName('person', input.name);
    const origin = parseOrThrow(`${what}: origin`, ProjectOriginSchema, input.origin);
    const attributes = input.attributes == null ? null : parseOrThrow(`${what}: attributes`, AttributesSchema, input.attributes);
    const source = parseOrThrow(`${what}: attributesSource`, z.enum(ATTRIBUTE_SOURCES), input.attributesSource ?? 'auto');
    const wplus = latentToBlob(what, input.wplus);
    const image = pngToBlob(`${what}: image`, input.image);
    const thumbnail = input.thumbnail == null ? null : pngToBlob(`${what}: thumbnail`, input.thumbnail);
    const position = checkPosition(what, input.position);
    const regionReport = input.regionReport == null ? null : JSON.stringify(input.regionReport);
    const packId = input.packId ?? this.meta().packId;
    if (origin.kind === 'child') {
      const union = this.getUnion(origin.unionId);
      if (union.fatherId !== origin.fatherId || union.motherId !== origin.motherId) {
        throw new ProjectInputError(`${what}: origin parents ${origin.fatherId} × ${origin.motherId} do not match union ${union.id} (${union.fatherId} × ${union.motherId})`);
      }
    }
    const id = newId('p');
    return this.edit(`Add ${name}`, (rec, db) => {
      rec.touch('persons', id);
      db.prepare(
        `INSERT INTO persons (id, name, origin_kind, origin, union_id, age_group, gender, race, attributes_source, x, y, pack_id, created_at, region_report, wplus, thumbnail, image)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id, name, origin.kind, JSON.stringify(origin), origin.kind === 'child' ? origin.unionId : null,
        attributes?.ageGroup ?? null, attributes?.gender ?? null, attributes?.race ?? null, source,
        position?.x ?? null, position?.y ?? null, packId, Date.now(), regionReport, wplus, thumbnail, image,
      );
      return this.getPerson(id);
    });
  }

  renamePerson(id: string, name: string): void {
    const n = checkName('person', name);
    const old = this.getPerson(id);
    if (old.name === n) return;
    this.edit(`Rename ${old.name} to ${n}`, (rec, db) => {
      rec.touch('persons', id);
      db.prepare('UPDATE persons SET name = ? WHERE id = ?').run(n, id);
    });
  }

  /** Moves one person on the canvas; null returns it to the automatic layout. */
  movePerson(id: string, position: Position | null): void {
    this.movePersons([{ id, position }]);
  }

  /** Moves several persons as one undo step (a multi-selection drag). */
  movePersons(moves: readonly PersonMove[]): void {
    const checked = moves.map((m) => ({ id: m.id, position: checkPosition(`person ${m.id}`, m.position) }));
    for (const m of checked) this.getPerson(m.id);
    if (checked.length === 0) return;
    this.edit(checked.length === 1 ? 'Move person' : `Move ${checked.length} persons`, (rec, db) => {
      const upd = db.prepare('UPDATE persons SET x = ?, y = ? WHERE id = ?');
      for (const m of checked) {
        rec.touch('persons', m.id);
        upd.run(m.position?.x ?? null, m.position?.y ?? null, m.id);
      }
    });
  }

  /** Sets (or clears) age group, gender and race; `user` marks a correction the app must not overwrite. */
  setAttributes(id: string, attributes: Attributes | null, source: AttributesSource = 'user'): void {
    const a = attributes === null ? null : parseOrThrow(`person ${id}: attributes`, AttributesSchema, attributes);
    const s = parseOrThrow(`person ${id}: attributesSource`, z.enum(ATTRIBUTE_SOURCES), source);
    const p = this.getPerson(id);
    this.edit(`Set attributes of ${p.name}`, (rec, db) => {
      rec.touch('persons', id);
      db.prepare('UPDATE persons SET age_group = ?, gender = ?, race = ?, attributes_source = ? WHERE id = ?').run(a?.ageGroup ?? null, a?.gender ?? null, a?.race ?? null, s, id);
    });
  }

  /**
   * Replaces a person's face (latent, image, thumbnail) and, where given, attributes and
   * origin, as one undoable step: "age this person" (docs/ARCHITECTURE.md "Age control").
   */
  replaceFace(id: string, input: { label: string; wplus: Float32Array; image: Uint8Array; thumbnail: Uint8Array; attributes?: Attributes | null; attributesSource?: AttributesSource; origin?: z.input<typeof ProjectOriginSchema> }): PersonSummary {
    const old = this.getPerson(id);
    const what = `person ${JSON.stringify(old.name)}`;
    const wplus = latentToBlob(what, input.wplus);
    const image = pngToBlob(`${what}: image`, input.image);
    const thumbnail = pngToBlob(`${what}: thumbnail`, input.thumbnail);
    const origin = input.origin === undefined ? old.origin : parseOrThrow(`${what}: origin`, ProjectOriginSchema, input.origin);
    if (origin.kind !== old.origin.kind || (origin.kind === 'child' && old.origin.kind === 'child' && origin.unionId !== old.origin.unionId)) {
      throw new ProjectInputError(`${what}: a new face cannot change where the person came from`);
    }
    const attributes = input.attributes === undefined ? old.attributes : input.attributes === null ? null : parseOrThrow(`${what}: attributes`, AttributesSchema, input.attributes);
    const source = parseOrThrow(`${what}: attributesSource`, z.enum(ATTRIBUTE_SOURCES), input.attributesSource ?? old.attributesSource);
    return this.edit(input.label, (rec, db) => {
      rec.touch('persons', id);
      db.prepare('UPDATE persons SET wplus = ?, image = ?, thumbnail = ?, origin = ?, age_group = ?, gender = ?, race = ?, attributes_source = ? WHERE id = ?').run(
        wplus, image, thumbnail, JSON.stringify(origin), attributes?.ageGroup ?? null, attributes?.gender ?? null, attributes?.race ?? null, source, id,
      );
      return this.getPerson(id);
    });
  }

  /** Pairs two persons (any two; one union per ordered pair). */
  addUnion(fatherId: string, motherId: string): UnionRecord {
    if (fatherId === motherId) throw new ProjectInputError(`a union needs two different persons, got ${fatherId} twice`);
    const father = this.getPerson(fatherId);
    const mother = this.getPerson(motherId);
    const existing = this.findUnion(fatherId, motherId);
    if (existing) throw new ProjectInputError(`${father.name} and ${mother.name} already form union ${existing.id}`);
    const id = newId('u');
    return this.edit(`Pair ${father.name} with ${mother.name}`, (rec, db) => {
      rec.touch('unions', id);
      db.prepare('INSERT INTO unions (id, father_id, mother_id, created_at) VALUES (?, ?, ?, ?)').run(id, fatherId, motherId, Date.now());
      return this.getUnion(id);
    });
  }

  /**
   * Deletes a person and the unions they are part of (with those unions' candidate
   * batches, which undo does not bring back). A person with children is refused unless
   * `withDescendants`, which removes the whole line below them in one undo step.
   */
  deletePerson(id: string, opts: DeletePersonOptions = {}): void {
    const person = this.getPerson(id);
    const db = this.conn;
    const unionsOf = db.prepare('SELECT id FROM unions WHERE father_id = ? OR mother_id = ? ORDER BY seq');
    const childrenOf = db.prepare('SELECT id FROM persons WHERE union_id = ? ORDER BY seq');
    if (!opts.withDescendants) {
      const n = (unionsOf.all(id, id) as Array<{ id: string }>).reduce((acc, u) => acc + childrenOf.all(u.id).length, 0);
      if (n > 0) throw new ProjectInputError(`${person.name} has ${n} ${n === 1 ? 'child' : 'children'}; delete them first or delete with descendants`);
    }
    this.edit(`Delete ${person.name}`, (rec) => {
      const done = new Set<string>();
      // Post-order: children before their union, unions before the person, so each
      // DELETE satisfies the foreign keys at once (and undo's reverse order re-inserts
      // parents before children).
      const remove = (pid: string): void => {
        if (done.has(pid)) return;
        done.add(pid);
        for (const u of unionsOf.all(pid, pid) as Array<{ id: string }>) {
          for (const c of childrenOf.all(u.id) as Array<{ id: string }>) remove(c.id);
          rec.touch('unions', u.id);
          db.prepare('DELETE FROM unions WHERE id = ?').run(u.id);
        }
        rec.touch('persons', pid);
        db.prepare('DELETE FROM persons WHERE id = ?').run(pid);
      };
      remove(id);
    });
  }

  // ---- candidate batches (not undoable: scratch space) ----------------------------

  createBatch(input: NewBatchInput): BatchSummary {
    const union = this.getUnion(input.unionId);
    const seed = parseOrThrow('batch: seed', seedSchema, input.seed);
    const count = parseOrThrow('batch: count', countSchema, input.count);
    const settings = parseOrThrow('batch: settings', breedSettingsSchema, input.settings);
    const target = input.target == null ? null : parseOrThrow('batch: target', ChildTargetSchema, input.target);
    const id = newId('b');
    this.write((db) =>
      db
        .prepare("INSERT INTO candidate_batches (id, union_id, seed, count, settings, target, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'generating', ?)")
        .run(id, union.id, seed, count, JSON.stringify(settings), target === null ? null : JSON.stringify(target), Date.now()),
    );
    return this.getBatch(id);
  }

  getBatch(id: string): BatchSummary {
    const row = this.conn.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(id);
    if (row === undefined) throw new ProjectInputError(`unknown candidate batch id ${JSON.stringify(id)}`);
    return toBatch(this.currentPath, row);
  }

  listBatches(): BatchSummary[] {
    return this.conn.prepare(`${BATCH_SELECT} ORDER BY b.seq`).all().map((r) => toBatch(this.currentPath, r));
  }

  /** Stores one generated candidate; each is its own commit, so a kill keeps the ones done. */
  addCandidate(batchId: string, c: NewCandidateInput): void {
    const batch = this.getBatch(batchId);
    const what = `batch ${batchId} candidate ${String(c?.index)}`;
    if (!Number.isInteger(c.index) || c.index < 0 || c.index >= batch.count) {
      throw new ProjectInputError(`${what}: index must be an integer 0..${batch.count - 1}`);
    }
    if (batch.candidateIndices.includes(c.index)) throw new ProjectInputError(`${what}: already stored`);
    const wplus = latentToBlob(what, c.wplus);
    const image = pngToBlob(`${what}: image`, c.image);
    const thumbnail = c.thumbnail == null ? null : pngToBlob(`${what}: thumbnail`, c.thumbnail);
    const report = JSON.stringify(c.regionReport ?? null);
    this.write((db) =>
      db
        .prepare('INSERT INTO candidates (batch_id, idx, created_at, region_report, wplus, thumbnail, image) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(batchId, c.index, Date.now(), report, wplus, thumbnail, image),
    );
  }

  setBatchStatus(batchId: string, status: BatchStatus): void {
    const s = parseOrThrow(`batch ${batchId}: status`, z.enum(BATCH_STATUSES), status);
    this.getBatch(batchId);
    this.write((db) => db.prepare('UPDATE candidate_batches SET status = ? WHERE id = ?').run(s, batchId));
  }

  private candidateBlob(batchId: string, index: number, column: 'image' | 'thumbnail' | 'wplus' | 'region_report'): Buffer | string | null {
    const row = this.conn.prepare(`SELECT ${column} AS b FROM candidates WHERE batch_id = ? AND idx = ?`).get(batchId, index) as { b: Buffer | string | null } | undefined;
    if (row === undefined) throw new ProjectInputError(`batch ${batchId} has no candidate ${index}`);
    return row.b;
  }

  getCandidateImage(batchId: string, index: number): Buffer {
    return this.candidateBlob(batchId, index, 'image') as Buffer;
  }

  getCandidateThumbnail(batchId: string, index: number): Buffer | null {
    return this.candidateBlob(batchId, index, 'thumbnail') as Buffer | null;
  }

  getCandidateLatent(batchId: string, index: number): Float32Array {
    return blobToLatent(this.candidateBlob(batchId, index, 'wplus') as Buffer);
  }

  getCandidateRegionReport(batchId: string, index: number): JsonValue {
    return JSON.parse(this.candidateBlob(batchId, index, 'region_report') as string) as JsonValue;
  }

  /**
   * Turns chosen candidates into children of the batch's union, all in one transaction
   * and one undo step. The batch stays (discard it separately); a candidate can be kept once.
   */
  keepCandidates(batchId: string, picks: readonly KeepPick[]): PersonSummary[] {
    const batch = this.getBatch(batchId);
    const union = this.getUnion(batch.unionId);
    if (picks.length === 0) throw new ProjectInputError(`batch ${batchId}: choose at least one candidate to keep`);
    const seen = new Set<number>();
    const keptAlready = this.conn.prepare(
      "SELECT id FROM persons WHERE origin_kind = 'child' AND json_extract(origin, '$.batchId') = ? AND json_extract(origin, '$.index') = ?",
    );
    const checked = picks.map((p) => {
      const what = `batch ${batchId} candidate ${String(p.index)}`;
      if (!batch.candidateIndices.includes(p.index)) throw new ProjectInputError(`${what}: no such candidate`);
      if (seen.has(p.index)) throw new ProjectInputError(`${what}: chosen twice`);
      seen.add(p.index);
      const prior = keptAlready.get(batchId, p.index) as { id: string } | undefined;
      if (prior) throw new ProjectInputError(`${what}: already kept as person ${prior.id}`);
      return {
        index: p.index,
        name: p.name === undefined ? null : checkName(what, p.name),
        attributes: p.attributes == null ? null : parseOrThrow(`${what}: attributes`, AttributesSchema, p.attributes),
        source: parseOrThrow(`${what}: attributesSource`, z.enum(ATTRIBUTE_SOURCES), p.attributesSource ?? 'auto'),
        position: checkPosition(what, p.position),
        id: newId('p'),
      };
    });
    // Children live in their parents' latent space (the pack that bred them).
    const packId = this.getPerson(union.fatherId).packId;
    const siblings = (this.conn.prepare('SELECT count(*) AS n FROM persons WHERE union_id = ?').get(union.id) as { n: number }).n;
    const ids = this.edit(checked.length === 1 ? 'Keep child' : `Keep ${checked.length} children`, (rec, db) => {
      const insert = db.prepare(
        `INSERT INTO persons (id, name, origin_kind, origin, union_id, age_group, gender, race, attributes_source, x, y, pack_id, created_at, region_report, wplus, thumbnail, image)
         SELECT ?, ?, 'child', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, region_report, wplus, thumbnail, image
         FROM candidates WHERE batch_id = ? AND idx = ?`,
      );
      checked.forEach((c, i) => {
        const origin = ProjectOriginSchema.parse({
          kind: 'child', fatherId: union.fatherId, motherId: union.motherId, unionId: union.id,
          seed: batch.seed, index: c.index, settings: batch.settings, target: batch.target, batchId,
        });
        rec.touch('persons', c.id);
        // Blobs are copied inside SQLite: no round trip through JS for images.
        insert.run(
          c.id, c.name ?? `Child ${siblings + i + 1}`, JSON.stringify(origin), union.id,
          c.attributes?.ageGroup ?? null, c.attributes?.gender ?? null, c.attributes?.race ?? null, c.source,
          c.position?.x ?? null, c.position?.y ?? null, packId, Date.now(), batchId, c.index,
        );
      });
      return checked.map((c) => c.id);
    });
    return ids.map((id) => this.getPerson(id));
  }

  /** Deletes a batch and its candidates (kept children stay). */
  discardBatch(batchId: string): void {
    this.getBatch(batchId);
    this.write((db) => db.prepare('DELETE FROM candidate_batches WHERE id = ?').run(batchId));
  }

  // ---- undo / redo ----------------------------------------------------------------

  /** Undoes the last tree edit; returns its label, or null when there is none. */
  undo(): string | null {
    const db = this.conn;
    return db.transaction(() => {
      const label = this.history.undo();
      if (label !== null) this.touchModified(db);
      return label;
    }).immediate();
  }

  /** Redoes the last undone edit; returns its label, or null when there is none. */
  redo(): string | null {
    const db = this.conn;
    return db.transaction(() => {
      const label = this.history.redo();
      if (label !== null) this.touchModified(db);
      return label;
    }).immediate();
  }

  canUndo(): boolean {
    return this.history.state().canUndo;
  }

  canRedo(): boolean {
    return this.history.state().canRedo;
  }

  historyState(): HistoryState {
    return this.history.state();
  }

  // ---- Save As --------------------------------------------------------------------

  /**
   * Writes a consistent copy to `dest` (VACUUM INTO a temporary file, fsync, move into
   * place) and continues on the copy. The original file stays as it was.
   */
  saveAs(dest: string, opts: { overwrite?: boolean } = {}): void {
    const db = this.conn;
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
    this.db = next;
    this.history = new History(next);
    this.currentPath = abs;
  }
}
