/**
 * The family tree in a project file: persons and unions, read for the UI and edited
 * with undo (each edit one transaction with its undo record; docs/ARCHITECTURE.md, "Storage").
 */
import { z } from 'zod';
import { ProjectInputError } from './errors';
import { newId } from './ids';
import type { OpenProject } from './open-project';
import type { Db } from './project-file';
import {
  ATTRIBUTE_SOURCES,
  AttributesSchema,
  ProjectOriginSchema,
  blobToLatent,
  checkName,
  checkPosition,
  latentToBlob,
  parseOrThrow,
  pngToBlob,
  type Attributes,
  type AttributesSource,
  type JsonValue,
  type NewPersonInput,
  type PersonSummary,
  type Position,
  type TreeSnapshot,
  type UnionRecord,
} from './records';
import { PERSON_SUMMARY_COLUMNS, toPerson, toUnion } from './rows';

export interface DeletePersonOptions {
  /** Also delete the person's unions' children and their descendants (one undo step). */
  withDescendants?: boolean;
}

export interface PersonMove {
  id: string;
  position: Position | null;
}

type Blob = { b: Buffer | null };
type Id = { id: string };

/** Every statement of the tree, prepared once per open database. */
function prepareTree(db: Db) {
  return {
    persons: db.prepare(`SELECT ${PERSON_SUMMARY_COLUMNS} FROM persons ORDER BY seq`),
    unions: db.prepare('SELECT id, father_id, mother_id, created_at FROM unions ORDER BY seq'),
    person: db.prepare<[string]>(`SELECT ${PERSON_SUMMARY_COLUMNS} FROM persons WHERE id = ?`),
    hasPerson: db.prepare<[string]>('SELECT 1 FROM persons WHERE id = ?'),
    image: db.prepare<[string], Blob>('SELECT image AS b FROM persons WHERE id = ?'),
    thumbnail: db.prepare<[string], Blob>('SELECT thumbnail AS b FROM persons WHERE id = ?'),
    wplus: db.prepare<[string], Blob>('SELECT wplus AS b FROM persons WHERE id = ?'),
    regionReport: db.prepare<[string], { r: string | null }>('SELECT region_report AS r FROM persons WHERE id = ?'),
    unionOf: db.prepare<[string, string]>('SELECT id, father_id, mother_id, created_at FROM unions WHERE father_id = ? AND mother_id = ?'),
    union: db.prepare<[string]>('SELECT id, father_id, mother_id, created_at FROM unions WHERE id = ?'),
    insertPerson: db.prepare(
      `INSERT INTO persons (id, name, origin_kind, origin, union_id, age_group, gender, race, attributes_source, x, y, pack_id, created_at, region_report, wplus, thumbnail, image)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rename: db.prepare<[string, string]>('UPDATE persons SET name = ? WHERE id = ?'),
    move: db.prepare<[number | null, number | null, string]>('UPDATE persons SET x = ?, y = ? WHERE id = ?'),
    setAttributes: db.prepare('UPDATE persons SET age_group = ?, gender = ?, race = ?, attributes_source = ? WHERE id = ?'),
    replaceFace: db.prepare('UPDATE persons SET wplus = ?, image = ?, thumbnail = ?, origin = ?, age_group = ?, gender = ?, race = ?, attributes_source = ? WHERE id = ?'),
    insertUnion: db.prepare<[string, string, string, number]>('INSERT INTO unions (id, father_id, mother_id, created_at) VALUES (?, ?, ?, ?)'),
    unionsOf: db.prepare<[string, string], Id>('SELECT id FROM unions WHERE father_id = ? OR mother_id = ? ORDER BY seq'),
    childrenOf: db.prepare<[string], Id>('SELECT id FROM persons WHERE union_id = ? ORDER BY seq'),
    deleteUnion: db.prepare<[string]>('DELETE FROM unions WHERE id = ?'),
    deletePerson: db.prepare<[string]>('DELETE FROM persons WHERE id = ?'),
  };
}

export class TreeStore {
  constructor(private readonly file: OpenProject) {}

  private get sql(): ReturnType<typeof prepareTree> {
    return this.file.statements(prepareTree);
  }

  // ---- reads ----------------------------------------------------------------------

  /** The whole tree for the UI, in insertion order, without images or latents. */
  snapshot(): TreeSnapshot {
    const path = this.file.path;
    return this.file.read(() => ({
      persons: this.sql.persons.all().map((r) => toPerson(path, r)),
      unions: this.sql.unions.all().map((r) => toUnion(path, r)),
    }));
  }

  getPerson(id: string): PersonSummary {
    const row = this.sql.person.get(id);
    if (row === undefined) throw unknownPerson(id);
    return toPerson(this.file.path, row);
  }

  hasPerson(id: string): boolean {
    return this.sql.hasPerson.get(id) !== undefined;
  }

  private blob(id: string, column: 'image' | 'thumbnail' | 'wplus'): Buffer | null {
    const row = this.sql[column].get(id);
    if (row === undefined) throw unknownPerson(id);
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
    const row = this.sql.regionReport.get(id);
    if (row === undefined) throw unknownPerson(id);
    return row.r === null ? null : (JSON.parse(row.r) as JsonValue);
  }

  findUnion(fatherId: string, motherId: string): UnionRecord | null {
    const row = this.sql.unionOf.get(fatherId, motherId);
    return row === undefined ? null : toUnion(this.file.path, row);
  }

  getUnion(id: string): UnionRecord {
    const row = this.sql.union.get(id);
    if (row === undefined) throw new ProjectInputError(`unknown union id ${JSON.stringify(id)}`);
    return toUnion(this.file.path, row);
  }

  /** Children of a union so far (names of new children count on from it). */
  childCount(unionId: string): number {
    return this.sql.childrenOf.all(unionId).length;
  }

  // ---- edits (undoable) -----------------------------------------------------------

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
    const packId = input.packId ?? this.file.meta().packId;
    if (origin.kind === 'child') {
      const union = this.getUnion(origin.unionId);
      if (union.fatherId !== origin.fatherId || union.motherId !== origin.motherId) {
        throw new ProjectInputError(`${what}: origin parents ${origin.fatherId} × ${origin.motherId} do not match union ${union.id} (${union.fatherId} × ${union.motherId})`);
      }
    }
    const id = newId('p');
    return this.file.edit(`Add ${name}`, (rec) => {
      rec.touch('persons', id);
      this.sql.insertPerson.run(
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
    this.file.edit(`Rename ${old.name} to ${n}`, (rec) => {
      rec.touch('persons', id);
      this.sql.rename.run(n, id);
    });
  }

  /** Moves several persons as one undo step (a multi-selection drag); null returns one to the automatic layout. */
  movePersons(moves: readonly PersonMove[]): void {
    const checked = moves.map((m) => ({ id: m.id, position: checkPosition(`person ${m.id}`, m.position) }));
    for (const m of checked) this.getPerson(m.id);
    if (checked.length === 0) return;
    this.file.edit(checked.length === 1 ? 'Move person' : `Move ${checked.length} persons`, (rec) => {
      for (const m of checked) {
        rec.touch('persons', m.id);
        this.sql.move.run(m.position?.x ?? null, m.position?.y ?? null, m.id);
      }
    });
  }

  /** Sets (or clears) age group, gender and race; `user` marks a correction the app must not overwrite. */
  setAttributes(id: string, attributes: Attributes | null, source: AttributesSource = 'user'): void {
    const a = attributes === null ? null : parseOrThrow(`person ${id}: attributes`, AttributesSchema, attributes);
    const s = parseOrThrow(`person ${id}: attributesSource`, z.enum(ATTRIBUTE_SOURCES), source);
    const p = this.getPerson(id);
    this.file.edit(`Set attributes of ${p.name}`, (rec) => {
      rec.touch('persons', id);
      this.sql.setAttributes.run(a?.ageGroup ?? null, a?.gender ?? null, a?.race ?? null, s, id);
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
    return this.file.edit(input.label, (rec) => {
      rec.touch('persons', id);
      this.sql.replaceFace.run(wplus, image, thumbnail, JSON.stringify(origin), attributes?.ageGroup ?? null, attributes?.gender ?? null, attributes?.race ?? null, source, id);
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
    return this.file.edit(`Pair ${father.name} with ${mother.name}`, (rec) => {
      rec.touch('unions', id);
      this.sql.insertUnion.run(id, fatherId, motherId, Date.now());
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
    const { unionsOf, childrenOf } = this.sql;
    if (!opts.withDescendants) {
      const n = unionsOf.all(id, id).reduce((acc, u) => acc + childrenOf.all(u.id).length, 0);
      if (n > 0) throw new ProjectInputError(`${person.name} has ${n} ${n === 1 ? 'child' : 'children'}; delete them first or delete with descendants`);
    }
    this.file.edit(`Delete ${person.name}`, (rec) => {
      const done = new Set<string>();
      // Post-order: children before their union, unions before the person, so each
      // DELETE satisfies the foreign keys at once (and undo's reverse order re-inserts
      // parents before children).
      const remove = (pid: string): void => {
        if (done.has(pid)) return;
        done.add(pid);
        for (const u of unionsOf.all(pid, pid)) {
          for (const c of childrenOf.all(u.id)) remove(c.id);
          rec.touch('unions', u.id);
          this.sql.deleteUnion.run(u.id);
        }
        rec.touch('persons', pid);
        this.sql.deletePerson.run(pid);
      };
      remove(id);
    });
  }
}

function unknownPerson(id: string): ProjectInputError {
  return new ProjectInputError(`unknown person id ${JSON.stringify(id)}`);
}
