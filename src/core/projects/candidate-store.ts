/**
 * Candidate batches in a project file: scratch space outside undo, one commit per
 * candidate so a kill keeps the ones done; keeping candidates turns them into children
 * in one undoable step (docs/ARCHITECTURE.md, "Storage").
 */
import { z } from 'zod';
import { breedSettingsSchema } from '../genes/settings';
import { ProjectInputError } from './errors';
import { newId } from './ids';
import type { OpenProject } from './open-project';
import type { Db } from './project-file';
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
  type BatchStatus,
  type BatchSummary,
  type JsonValue,
  type KeepPick,
  type NewBatchInput,
  type NewCandidateInput,
  type PersonSummary,
} from './records';
import { toBatch } from './rows';
import type { TreeStore } from './tree-store';

const BATCH_SELECT = `SELECT b.id, b.union_id, b.seed, b.count, b.settings, b.target, b.status, b.created_at,
  (SELECT group_concat(idx) FROM candidates c WHERE c.batch_id = b.id) AS indices
  FROM candidate_batches b`;

const seedSchema = z.number().int().min(0).max(0xffffffff);
const countSchema = z.number().int().min(1).max(64);

type Cell = { b: Buffer | string | null };

/** Every statement of the candidate batches, prepared once per open database. */
function prepareCandidates(db: Db) {
  const cell = (column: string) => db.prepare<[string, number], Cell>(`SELECT ${column} AS b FROM candidates WHERE batch_id = ? AND idx = ?`);
  return {
    insertBatch: db.prepare(
      "INSERT INTO candidate_batches (id, union_id, seed, count, settings, target, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'generating', ?)",
    ),
    batch: db.prepare<[string]>(`${BATCH_SELECT} WHERE b.id = ?`),
    batches: db.prepare(`${BATCH_SELECT} ORDER BY b.seq`),
    insertCandidate: db.prepare('INSERT INTO candidates (batch_id, idx, created_at, region_report, wplus, thumbnail, image) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    setStatus: db.prepare<[string, string]>('UPDATE candidate_batches SET status = ? WHERE id = ?'),
    image: cell('image'),
    thumbnail: cell('thumbnail'),
    wplus: cell('wplus'),
    region_report: cell('region_report'),
    keptAlready: db.prepare<[string, number], { id: string }>(
      "SELECT id FROM persons WHERE origin_kind = 'child' AND json_extract(origin, '$.batchId') = ? AND json_extract(origin, '$.index') = ?",
    ),
    // Blobs are copied inside SQLite: no round trip through JS for images.
    keep: db.prepare(
      `INSERT INTO persons (id, name, origin_kind, origin, union_id, age_group, gender, race, attributes_source, x, y, pack_id, created_at, region_report, wplus, thumbnail, image)
       SELECT ?, ?, 'child', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, region_report, wplus, thumbnail, image
       FROM candidates WHERE batch_id = ? AND idx = ?`,
    ),
    deleteBatch: db.prepare<[string]>('DELETE FROM candidate_batches WHERE id = ?'),
  };
}

export class CandidateStore {
  constructor(
    private readonly file: OpenProject,
    private readonly tree: TreeStore,
  ) {}

  private get sql(): ReturnType<typeof prepareCandidates> {
    return this.file.statements(prepareCandidates);
  }

  createBatch(input: NewBatchInput): BatchSummary {
    const union = this.tree.getUnion(input.unionId);
    const seed = parseOrThrow('batch: seed', seedSchema, input.seed);
    const count = parseOrThrow('batch: count', countSchema, input.count);
    const settings = parseOrThrow('batch: settings', breedSettingsSchema, input.settings);
    const target = input.target == null ? null : parseOrThrow('batch: target', ChildTargetSchema, input.target);
    const id = newId('b');
    this.file.write(() =>
      this.sql.insertBatch.run(id, union.id, seed, count, JSON.stringify(settings), target === null ? null : JSON.stringify(target), Date.now()),
    );
    return this.getBatch(id);
  }

  getBatch(id: string): BatchSummary {
    const row = this.sql.batch.get(id);
    if (row === undefined) throw new ProjectInputError(`unknown candidate batch id ${JSON.stringify(id)}`);
    return toBatch(this.file.path, row);
  }

  listBatches(): BatchSummary[] {
    return this.sql.batches.all().map((r) => toBatch(this.file.path, r));
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
    this.file.write(() => this.sql.insertCandidate.run(batchId, c.index, Date.now(), report, wplus, thumbnail, image));
  }

  setBatchStatus(batchId: string, status: BatchStatus): void {
    const s = parseOrThrow(`batch ${batchId}: status`, z.enum(BATCH_STATUSES), status);
    this.getBatch(batchId);
    this.file.write(() => this.sql.setStatus.run(s, batchId));
  }

  private cell(batchId: string, index: number, column: 'image' | 'thumbnail' | 'wplus' | 'region_report'): Buffer | string | null {
    const row = this.sql[column].get(batchId, index);
    if (row === undefined) throw new ProjectInputError(`batch ${batchId} has no candidate ${index}`);
    return row.b;
  }

  getCandidateImage(batchId: string, index: number): Buffer {
    return this.cell(batchId, index, 'image') as Buffer;
  }

  getCandidateThumbnail(batchId: string, index: number): Buffer | null {
    return this.cell(batchId, index, 'thumbnail') as Buffer | null;
  }

  getCandidateLatent(batchId: string, index: number): Float32Array {
    return blobToLatent(this.cell(batchId, index, 'wplus') as Buffer);
  }

  getCandidateRegionReport(batchId: string, index: number): JsonValue {
    return JSON.parse(this.cell(batchId, index, 'region_report') as string) as JsonValue;
  }

  /**
   * Turns chosen candidates into children of the batch's union, all in one transaction
   * and one undo step. The batch stays (discard it separately); a candidate can be kept once.
   */
  keepCandidates(batchId: string, picks: readonly KeepPick[]): PersonSummary[] {
    const batch = this.getBatch(batchId);
    const union = this.tree.getUnion(batch.unionId);
    if (picks.length === 0) throw new ProjectInputError(`batch ${batchId}: choose at least one candidate to keep`);
    const seen = new Set<number>();
    const checked = picks.map((p) => {
      const what = `batch ${batchId} candidate ${String(p.index)}`;
      if (!batch.candidateIndices.includes(p.index)) throw new ProjectInputError(`${what}: no such candidate`);
      if (seen.has(p.index)) throw new ProjectInputError(`${what}: chosen twice`);
      seen.add(p.index);
      const prior = this.sql.keptAlready.get(batchId, p.index);
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
    const packId = this.tree.getPerson(union.fatherId).packId;
    const siblings = this.tree.childCount(union.id);
    const ids = this.file.edit(checked.length === 1 ? 'Keep child' : `Keep ${checked.length} children`, (rec) => {
      checked.forEach((c, i) => {
        const origin = ProjectOriginSchema.parse({
          kind: 'child', fatherId: union.fatherId, motherId: union.motherId, unionId: union.id,
          seed: batch.seed, index: c.index, settings: batch.settings, target: batch.target, batchId,
        });
        rec.touch('persons', c.id);
        this.sql.keep.run(
          c.id, c.name ?? `Child ${siblings + i + 1}`, JSON.stringify(origin), union.id,
          c.attributes?.ageGroup ?? null, c.attributes?.gender ?? null, c.attributes?.race ?? null, c.source,
          c.position?.x ?? null, c.position?.y ?? null, packId, Date.now(), batchId, c.index,
        );
      });
      return checked.map((c) => c.id);
      // The first children of a union join the step that paired their parents (made when
      // breeding started): one undo removes both, never a link to no one.
    }, siblings === 0 ? { join: { table: 'unions', key: union.id } } : undefined);
    return ids.map((id) => this.tree.getPerson(id));
  }

  /** Deletes a batch and its candidates (kept children stay). */
  discardBatch(batchId: string): void {
    this.getBatch(batchId);
    this.file.write(() => this.sql.deleteBatch.run(batchId));
  }
}
