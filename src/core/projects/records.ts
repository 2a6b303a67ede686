/**
 * Record types of a project and the zod schemas that check them: inputs before they are
 * written, rows after they are read (a file edited by hand or damaged on disk must fail
 * with a message, not hand malformed data to the UI).
 */
import { z } from 'zod';
import { AGE_GROUPS, GENDERS } from '../genes/regions';
import { MAX_SEED } from '../genes/rng';
import { breedSettingsSchema, type BreedSettings } from '../genes/settings';
import { AttributesSchema, PersonOriginSchema } from '../persons/person-file';
import { ProjectInputError } from './errors';

export { WPLUS_LENGTH } from '../../domain/latent-shape';
import { LATENT_SHAPE, WPLUS_LENGTH, WPLUS_SHAPE_TEXT } from '../../domain/latent-shape';

export { AttributesSchema };
export type Attributes = z.infer<typeof AttributesSchema>;

export const ATTRIBUTE_SOURCES = ['auto', 'user'] as const;
export type AttributesSource = (typeof ATTRIBUTE_SOURCES)[number];

/** The child's requested age group and gender (pool selection), kept to reproduce it. */
export const ChildTargetSchema = z.object({ ageGroup: z.enum(AGE_GROUPS), gender: z.enum(GENDERS) }).strict();
export type ChildTarget = z.infer<typeof ChildTargetSchema>;

const seed = z.number().int().min(0).max(MAX_SEED);

/**
 * The child origin of person-file.ts, extended with what a project knows: the union the
 * child belongs to, the batch it was kept from, and settings typed as breed settings.
 */
export const ChildOriginSchema = z
  .object({
    kind: z.literal('child'),
    fatherId: z.string().min(1),
    motherId: z.string().min(1),
    unionId: z.string().min(1),
    seed,
    index: z.number().int().min(0).max(0xffff),
    settings: breedSettingsSchema,
    target: ChildTargetSchema.nullable().default(null),
    /** The candidate batch it was kept from; the batch itself may be discarded since. */
    batchId: z.string().nullable().default(null),
  })
  .strict();

const [FounderOriginSchema, , PhotoOriginSchema] = PersonOriginSchema.options;

export const ProjectOriginSchema = z.discriminatedUnion('kind', [FounderOriginSchema, ChildOriginSchema, PhotoOriginSchema]);
export type ProjectOrigin = z.output<typeof ProjectOriginSchema>;
export type ChildOrigin = z.output<typeof ChildOriginSchema>;
export type FounderOrigin = z.output<typeof FounderOriginSchema>;
export type PhotoOrigin = z.output<typeof PhotoOriginSchema>;

export interface Position {
  x: number;
  y: number;
}

/** A person as the tree shows it: everything but the big blobs. */
export interface PersonSummary {
  id: string;
  name: string;
  origin: ProjectOrigin;
  attributes: Attributes | null;
  attributesSource: AttributesSource;
  /** null: placed by the automatic layout. */
  position: Position | null;
  packId: string;
  createdAt: number;
  hasThumbnail: boolean;
  /** Changes when the stored face changes (see rows.ts). */
  faceKey: string;
}

export interface UnionRecord {
  id: string;
  fatherId: string;
  motherId: string;
  createdAt: number;
}

export interface TreeSnapshot {
  persons: PersonSummary[];
  unions: UnionRecord[];
}

export const BATCH_STATUSES = ['generating', 'ready', 'cancelled', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface BatchSummary {
  id: string;
  unionId: string;
  seed: number;
  count: number;
  settings: BreedSettings;
  target: ChildTarget | null;
  status: BatchStatus;
  createdAt: number;
  /** Candidate indices stored so far, ascending. */
  candidateIndices: number[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ProjectMeta {
  name: string;
  createdAt: number;
  modifiedAt: number;
  /** The model pack whose latent space the persons' W+ latents live in. */
  packId: string;
  /** Version of the app that created the file. */
  appVersion: string;
  schemaVersion: number;
}

// ---- inputs -----------------------------------------------------------------------

export interface NewPersonInput {
  name: string;
  origin: z.input<typeof ProjectOriginSchema>;
  attributes?: Attributes | null;
  attributesSource?: AttributesSource;
  wplus: Float32Array;
  /** PNG bytes. */
  image: Uint8Array;
  thumbnail?: Uint8Array | null;
  position?: Position | null;
  /** Defaults to the project's pack. */
  packId?: string;
  regionReport?: JsonValue | null;
}

export interface NewBatchInput {
  unionId: string;
  seed: number;
  count: number;
  settings: z.input<typeof breedSettingsSchema>;
  target?: ChildTarget | null;
}

export interface NewCandidateInput {
  index: number;
  wplus: Float32Array;
  image: Uint8Array;
  thumbnail?: Uint8Array | null;
  regionReport: JsonValue;
}

export interface KeepPick {
  index: number;
  name?: string;
  attributes?: Attributes | null;
  attributesSource?: AttributesSource;
  position?: Position | null;
}

// ---- checks -----------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Far above a 1024² PNG; stops a wrong buffer from bloating the file. */
const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/** W+ latent → exact little-endian bytes; refuses wrong length and non-finite values. */
export function latentToBlob(what: string, wplus: unknown): Buffer {
  if (!(wplus instanceof Float32Array)) throw new ProjectInputError(`${what}: wplus must be a Float32Array, got ${describe(wplus)}`);
  if (wplus.length !== WPLUS_LENGTH) {
    throw new ProjectInputError(`${what}: wplus has ${wplus.length} values, expected ${WPLUS_LENGTH} (${WPLUS_SHAPE_TEXT} float32)`);
  }
  for (let i = 0; i < wplus.length; i++) {
    const v = wplus[i] as number;
    if (v - v !== 0) {
      throw new ProjectInputError(`${what}: wplus[${i}] (layer ${Math.floor(i / LATENT_SHAPE.wDim)}, dim ${i % LATENT_SHAPE.wDim}) is ${v}, expected a finite number`);
    }
  }
  // Copy: the caller's array may be a view on a larger buffer it keeps mutating.
  return Buffer.from(new Uint8Array(wplus.buffer, wplus.byteOffset, wplus.byteLength));
}

export function blobToLatent(blob: Buffer): Float32Array {
  const out = new Float32Array(WPLUS_LENGTH);
  // Byte copy: the blob's offset in its buffer need not be 4-aligned.
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function pngToBlob(what: string, png: unknown): Buffer {
  if (!(png instanceof Uint8Array)) throw new ProjectInputError(`${what} must be PNG bytes (Uint8Array), got ${describe(png)}`);
  if (png.byteLength < PNG_SIGNATURE.length || !PNG_SIGNATURE.equals(png.subarray(0, PNG_SIGNATURE.length))) {
    throw new ProjectInputError(`${what} is not a PNG (missing PNG signature)`);
  }
  if (png.byteLength > MAX_IMAGE_BYTES) throw new ProjectInputError(`${what} is ${png.byteLength} bytes, over the ${MAX_IMAGE_BYTES}-byte limit`);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string') throw new ProjectInputError(`${what}: name must be a string, got ${describe(name)}`);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ProjectInputError(`${what}: name must not be empty`);
  if (trimmed.length > 200) throw new ProjectInputError(`${what}: name is ${trimmed.length} characters, at most 200`);
  return trimmed;
}

export function checkPosition(what: string, p: unknown): Position | null {
  if (p === null || p === undefined) return null;
  const r = z.object({ x: z.number().finite(), y: z.number().finite() }).strict().safeParse(p);
  if (!r.success) throw new ProjectInputError(`${what}: position must be {x, y} with finite numbers or null`);
  // -0 would not survive every encoding identically; it means the same place as 0.
  return { x: r.data.x + 0, y: r.data.y + 0 };
}

export function parseOrThrow<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new ProjectInputError(`${what}: ${issues.join('; ')}`);
  }
  return r.data;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
