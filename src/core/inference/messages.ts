/**
 * Messages between the inference client and its worker thread. Both sides
 * validate what they receive: a malformed message gets an error reply and does
 * nothing.
 */
import { z } from 'zod';
import { MODEL_ROLES } from '../packs/manifest';
import { ERROR_CODES } from '../../domain/errors';
import type { RegionReport } from '../genes/crossover';

/** A Float32Array, on an ArrayBuffer or (crossover genes, shared without a copy) a SharedArrayBuffer. */
const Float32Schema = z.custom<Float32Array<ArrayBufferLike>>((v) => v instanceof Float32Array, 'expected a Float32Array');

export const TensorPayloadSchema = z.object({
  dims: z.array(z.number().int().nonnegative()),
  data: Float32Schema,
});
export type TensorPayload = z.infer<typeof TensorPayloadSchema>;

const RoleSchema = z.enum(MODEL_ROLES);

/** One person's genes (mu, logvar), each [18,34,512]. */
const GenesPayloadSchema = z.object({ mu: Float32Schema, logvar: Float32Schema });

/** Crossover and mutation of some children of one batch (src/core/breeding/crossover-batch.ts). */
const CrossoverRequestSchema = z.object({
  type: z.literal('crossover'),
  id: z.number().int(),
  /** Parsed again in the worker (BreedSettings). */
  settings: z.unknown(),
  seed: z.number().int(),
  indices: z.array(z.number().int().nonnegative()),
  father: GenesPayloadSchema.extend({ id: z.string().optional() }),
  mother: GenesPayloadSchema.extend({ id: z.string().optional() }),
  /** Genes on shared memory, or (gene-only pool entries) where in a gene file the worker reads them. */
  donors: z.array(
    z.union([
      GenesPayloadSchema.extend({ id: z.string() }),
      z.object({
        id: z.string(),
        geneFile: z.object({
          entryId: z.number().int(),
          path: z.string(),
          size: z.number().int().nonnegative(),
          muOffset: z.number().int().nonnegative(),
          logvarOffset: z.number().int().nonnegative(),
        }),
      }),
    ]),
  ),
  donorById: z.array(z.object({ id: z.string(), genes: GenesPayloadSchema })),
});

export const WorkerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('open'),
    id: z.number().int(),
    packKey: z.string(),
    /** Absolute graph paths by role. */
    files: z.partialRecord(RoleSchema, z.string()),
    /** Expected I/O by role, from manifest.ts. */
    specs: z.partialRecord(
      RoleSchema,
      z.object({
        inputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.literal('B')])) })),
        outputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.literal('B')])) })),
      }),
    ),
    dtype: z.enum(['float32', 'float16']),
    providers: z.array(z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu'])).min(1),
    /**
     * Roles whose session is created at their first run (I/O checked then) and released
     * after `idleReleaseMs` without a run: the 1 GB photo encoder costs nothing until a photo
     * is imported. The others are opened (and checked) at once.
     */
    lazy: z.array(RoleSchema).optional(),
    idleReleaseMs: z.number().int().positive().optional(),
  }),
  z.object({
    type: z.literal('run'),
    id: z.number().int(),
    packKey: z.string(),
    role: RoleSchema,
    feeds: z.record(z.string(), TensorPayloadSchema),
    outputs: z.array(z.string()).min(1),
  }),
  z.object({ type: z.literal('close'), id: z.number().int(), packKey: z.string() }),
  /** Which sessions are in memory now (lazy loading is observable: tests, benchmark). */
  z.object({ type: z.literal('loaded'), id: z.number().int(), packKey: z.string() }),
  CrossoverRequestSchema,
]);
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;

export const WorkerResponseSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('opened'),
    id: z.number().int(),
    executionProvider: z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']),
    fallbackReason: z.string().optional(),
  }),
  z.object({ type: z.literal('result'), id: z.number().int(), outputs: z.record(z.string(), TensorPayloadSchema) }),
  z.object({ type: z.literal('closed'), id: z.number().int() }),
  z.object({ type: z.literal('loaded'), id: z.number().int(), roles: z.array(RoleSchema) }),
  z.object({
    type: z.literal('crossed'),
    id: z.number().int(),
    /** The children's genes, [n,18,34,512] in the order of `indices`. */
    genes: Float32Schema,
    /** Threads that filled them (the inference worker and its crossover helpers). */
    threads: z.number().int().positive(),
    children: z.array(
      z.object({
        // From our own worker, built by breedChildGenes: checked for shape only.
        regions: z.array(z.custom<RegionReport>((v) => typeof v === 'object' && v !== null && 'mode' in v)),
        donorsAreParents: z.boolean(),
      }),
    ),
  }),
  z.object({
    type: z.literal('error'),
    id: z.number().int(),
    message: z.string(),
    file: z.string().optional(),
    /** A KinshipError's code (a bad donor id is the user's mistake, not a crash). */
    code: z.enum(ERROR_CODES).optional(),
  }),
]);
export type WorkerResponse = z.infer<typeof WorkerResponseSchema>;

export type CrossoverRequest = Extract<WorkerRequest, { type: 'crossover' }>;
/** The children's genes and reports, as the worker answers a crossover request. */
export type CrossedChildren = Omit<Extract<WorkerResponse, { type: 'crossed' }>, 'type' | 'id'>;

/**
 * A crossover helper thread's share of one chunk (src/core/breeding/crossover-helpers.ts):
 * every child's regions r with r mod `parts` = `part`, written into `genes` (shared memory).
 */
export const CrossoverPartSchema = z.object({
  id: z.number().int(),
  req: CrossoverRequestSchema.omit({ type: true, id: true }),
  genes: Float32Schema,
  part: z.number().int().positive(),
  parts: z.number().int().positive(),
});
export type CrossoverPart = z.infer<typeof CrossoverPartSchema>;

/** A helper's answer: ready to take parts, a part done, or a part failed. */
export const CrossoverHelperReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('done'), id: z.number().int() }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
]);
export type CrossoverHelperReply = z.infer<typeof CrossoverHelperReplySchema>;
