/**
 * SQL rows ↔ records. Every row read from a file goes through zod: a file that passed
 * the integrity check can still hold values this version does not understand (hand
 * edits, bugs), and those must surface as a clear error naming the row.
 */
import { z } from 'zod';
import { breedSettingsSchema } from '../genes/settings';
import { ProjectFileError } from './errors';
import {
  ATTRIBUTE_SOURCES,
  AttributesSchema,
  BATCH_STATUSES,
  ChildTargetSchema,
  ProjectOriginSchema,
  type BatchSummary,
  type PersonSummary,
  type ProjectMeta,
  type UnionRecord,
} from './records';

/** Columns of the tree snapshot: never the BLOBs. */
export const PERSON_SUMMARY_COLUMNS =
  "id, name, origin, age_group, gender, race, attributes_source, x, y, pack_id, created_at, typeof(thumbnail) = 'blob' AS has_thumbnail, " +
  // The thumbnail PNG's last IDAT checksums (zlib Adler-32 + chunk CRC-32, just before IEND): a
  // content key that tells the UI a face changed (aged, undone) without sending the image.
  "CASE WHEN typeof(thumbnail) = 'blob' THEN hex(substr(thumbnail, -20, 8)) ELSE 'i' || length(image) END AS face_key";

const jsonText = <S extends z.ZodType>(schema: S) =>
  z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const PersonRowSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  origin: jsonText(ProjectOriginSchema),
  age_group: z.string().nullable(),
  gender: z.string().nullable(),
  race: z.string().nullable(),
  attributes_source: z.enum(ATTRIBUTE_SOURCES),
  x: z.number().nullable(),
  y: z.number().nullable(),
  pack_id: z.string(),
  created_at: z.number().int(),
  has_thumbnail: z.union([z.literal(0), z.literal(1)]),
  face_key: z.string(),
});

const UnionRowSchema = z.object({
  id: z.string().min(1),
  father_id: z.string().min(1),
  mother_id: z.string().min(1),
  created_at: z.number().int(),
});

const BatchRowSchema = z.object({
  id: z.string().min(1),
  union_id: z.string().min(1),
  seed: z.number().int(),
  count: z.number().int(),
  settings: jsonText(breedSettingsSchema),
  target: jsonText(ChildTargetSchema).nullable(),
  status: z.enum(BATCH_STATUSES),
  created_at: z.number().int(),
  indices: z.string().nullable(),
});

function parseRow<S extends z.ZodType>(path: string, what: string, schema: S, row: unknown): z.output<S> {
  const r = schema.safeParse(row);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ProjectFileError(path, 'corrupt', `has an invalid ${what}: ${i ? `${i.path.join('.')}: ${i.message}` : 'unreadable'}`);
  }
  return r.data;
}

export function toPerson(path: string, row: unknown): PersonSummary {
  const r = parseRow(path, `person row (${describeId(row)})`, PersonRowSchema, row);
  let attributes = null;
  if (r.age_group !== null || r.gender !== null || r.race !== null) {
    attributes = parseRow(path, `person ${r.id} attributes`, AttributesSchema, { ageGroup: r.age_group, gender: r.gender, race: r.race });
  }
  return {
    id: r.id,
    name: r.name,
    origin: r.origin,
    attributes,
    attributesSource: r.attributes_source,
    position: r.x === null || r.y === null ? null : { x: r.x, y: r.y },
    packId: r.pack_id,
    createdAt: r.created_at,
    hasThumbnail: r.has_thumbnail === 1,
    faceKey: r.face_key,
  };
}

export function toUnion(path: string, row: unknown): UnionRecord {
  const r = parseRow(path, `union row (${describeId(row)})`, UnionRowSchema, row);
  return { id: r.id, fatherId: r.father_id, motherId: r.mother_id, createdAt: r.created_at };
}

/** Expects the batch columns plus `indices`: group_concat of its candidate indices. */
export function toBatch(path: string, row: unknown): BatchSummary {
  const r = parseRow(path, `candidate batch row (${describeId(row)})`, BatchRowSchema, row);
  return {
    id: r.id,
    unionId: r.union_id,
    seed: r.seed,
    count: r.count,
    settings: r.settings,
    target: r.target,
    status: r.status,
    createdAt: r.created_at,
    candidateIndices: r.indices === null || r.indices === '' ? [] : r.indices.split(',').map(Number).sort((a, b) => a - b),
  };
}

const MetaSchema = z.object({
  name: z.string(),
  createdAt: z.coerce.number().int(),
  modifiedAt: z.coerce.number().int(),
  packId: z.string(),
  appVersion: z.string(),
});

export function toMeta(path: string, rows: Array<{ key: string; value: string }>, schemaVersion: number): ProjectMeta {
  const m = parseRow(path, 'meta table', MetaSchema, Object.fromEntries(rows.map((r) => [r.key, r.value])));
  return { ...m, schemaVersion };
}

function describeId(row: unknown): string {
  return typeof row === 'object' && row !== null && 'id' in row ? `id ${String((row as { id: unknown }).id)}` : 'no id';
}
