/**
 * Messages between the inference client and its worker thread. Both sides
 * validate what they receive: a malformed message gets an error reply and does
 * nothing.
 */
import { z } from 'zod';
import { MODEL_ROLES } from '../packs/manifest';

export const TensorPayloadSchema = z.object({
  dims: z.array(z.number().int().nonnegative()),
  data: z.custom<Float32Array<ArrayBufferLike>>((v) => v instanceof Float32Array, 'expected a Float32Array'),
});
export type TensorPayload = z.infer<typeof TensorPayloadSchema>;

const RoleSchema = z.enum(MODEL_ROLES);

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
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string(), file: z.string().optional() }),
]);
export type WorkerResponse = z.infer<typeof WorkerResponseSchema>;
