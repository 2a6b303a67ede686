/**
 * The typed studio API: the one contract between the renderer and every host
 * (Electron IPC, the web host's WebSocket, the CLI). Each procedure has one zod
 * schema for its input and one for its output; the TypeScript types are inferred
 * from them, so validation and typing cannot drift apart.
 */
import { z } from 'zod';
import { breedSettingsSchema } from '../domain/breed-settings';
import { AGE_GROUPS, GENDERS, RACES, REGION_COUNT } from '../domain/regions';
import { ERROR_CODES } from '../domain/errors';
import {
  AttributesDtoSchema,
  GrowUpDtoSchema,
  ResemblanceDtoSchema,
  DetectedPhotoDtoSchema,
  BatchDtoSchema,
  PersonDtoSchema,
  PoolEntryDtoSchema,
  PoolUseDtoSchema,
  PositionSchema,
  ProjectDtoSchema,
  RecentProjectSchema,
  RegionReportDtoSchema,
  TargetDtoSchema,
  TreeDtoSchema,
} from './dto';
import { PHOTO_MAX_BASE64_CHARS, PHOTO_MAX_BYTES, formatMiB } from './limits';

export const ExecutionProviderSchema = z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
export type ExecutionProvider = z.infer<typeof ExecutionProviderSchema>;

export const PackSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  folder: z.string(),
  builtin: z.boolean(),
  resolution: z.number().int(),
  /** Which optional graphs the pack has; the UI enables features from this. */
  capabilities: z.object({
    mapping: z.boolean(),
    encoder: z.boolean(),
    attributes: z.boolean(),
  }),
  status: z.enum(['ready', 'error']),
  /** Set when status is 'error': names the file and the problem. */
  error: z.string().optional(),
});
export type PackSummary = z.infer<typeof PackSummarySchema>;

export const MissingPartSchema = z.object({
  part: z.enum(['electron', 'onnxruntime-gpu', 'model-pack', 'better-sqlite3']),
  message: z.string(),
});
export type MissingPart = z.infer<typeof MissingPartSchema>;

export const StudioStatusSchema = z.object({
  appVersion: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  activePack: PackSummarySchema.nullable(),
  executionProvider: ExecutionProviderSchema.nullable(),
  missing: z.array(MissingPartSchema),
  /** Where the user's model packs go (copy a pack folder here, then rescan). */
  userPacksDir: z.string(),
});
export type StudioStatus = z.infer<typeof StudioStatusSchema>;

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(100);
const JobId = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
const Seed = z.number().int().min(0).max(0xffffffff);
const ImageOut = z.object({ image: z.string() });
const BreedInput = z
  .object({
    fatherId: Id,
    motherId: Id,
    seed: Seed,
    settings: breedSettingsSchema,
    target: TargetDtoSchema.nullable().default(null),
  })
  .strict();

/** Every procedure: name → input/output schema. */
export const procedures = {
  'studio.status': { input: Empty, output: StudioStatusSchema },
  'packs.list': { input: Empty, output: z.array(PackSummarySchema) },
  'packs.rescan': { input: Empty, output: z.array(PackSummarySchema) },
  'packs.activate': {
    input: z.object({ packId: z.string().min(1).max(200) }).strict(),
    output: StudioStatusSchema,
  },
  /** The StyleGene checkpoint files and the weights' licence terms, shown before an install. */
  'packs.stylegeneInfo': {
    input: Empty,
    output: z.object({
      license: z.string(),
      files: z.array(z.object({ name: z.string(), required: z.boolean(), what: z.string() })),
      downloadFrom: z.string(),
    }),
  },
  /** Installs StyleGene from a folder of the official files, or downloads them (licence accepted); a job with progress and cancel. */
  'packs.installStyleGene': {
    input: z
      .object({
        jobId: JobId,
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('folder'), folder: z.string().trim().min(1).max(4096) }).strict(),
          z.object({ kind: z.literal('download'), acceptLicense: z.literal(true) }).strict(),
        ]),
      })
      .strict(),
    output: z.object({
      packId: z.string(),
      name: z.string(),
      seconds: z.number(),
      status: StudioStatusSchema,
      /** The authors' gene pool, when geneFactorPool.pkl was in the folder: entries imported. */
      genePool: z.object({ file: z.string(), entries: z.number(), added: z.number(), total: z.number() }).nullable(),
    }),
  },

  // Projects (one SQLite file each). Paths come from the projects folder, the
  // recent list, or (in Electron) a native dialog handled by the main process.
  'project.current': { input: Empty, output: ProjectDtoSchema },
  'project.list': {
    input: Empty,
    output: z.object({ folder: z.string(), projects: z.array(RecentProjectSchema), recent: z.array(RecentProjectSchema) }),
  },
  'project.new': { input: z.object({ name: z.string().trim().min(1).max(200).optional() }).strict(), output: ProjectDtoSchema },
  'project.open': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: ProjectDtoSchema },
  'project.saveAs': { input: z.object({ name: z.string().trim().min(1).max(120) }).strict(), output: ProjectDtoSchema },
  'history.undo': { input: Empty, output: ProjectDtoSchema },
  'history.redo': { input: Empty, output: ProjectDtoSchema },

  // The tree.
  'tree.get': { input: Empty, output: TreeDtoSchema },
  'persons.images': {
    input: z.object({ ids: z.array(Id).max(5000), size: z.enum(['thumb', 'full']) }).strict(),
    output: z.record(z.string(), z.string()),
  },
  'persons.detail': {
    input: z.object({ id: Id }).strict(),
    output: z.object({
      person: PersonDtoSchema,
      image: z.string(),
      father: PersonDtoSchema.nullable(),
      mother: PersonDtoSchema.nullable(),
      regions: z.array(RegionReportDtoSchema).nullable(),
    }),
  },
  'persons.update': {
    input: z
      .object({
        id: Id,
        name: z.string().trim().min(1).max(200).optional(),
        attributes: AttributesDtoSchema.nullable().optional(),
        position: PositionSchema.nullable().optional(),
      })
      .strict(),
    output: PersonDtoSchema,
  },
  'persons.move': {
    input: z.object({ moves: z.array(z.object({ id: Id, position: PositionSchema.nullable() }).strict()).min(1).max(5000) }).strict(),
    output: z.object({}),
  },
  'persons.delete': { input: z.object({ id: Id }).strict(), output: z.object({}) },
  /** How much of each parent a stored child carries; null for founders and photo persons. */
  'persons.resemblance': { input: z.object({ id: Id }).strict(), output: ResemblanceDtoSchema.nullable() },
  /** Re-renders the person at another age group (same identity) and stores it; undoable. */
  'persons.age': {
    input: z.object({ id: Id, ageGroup: z.enum(AGE_GROUPS) }).strict(),
    output: z.object({ person: PersonDtoSchema, note: z.string() }),
  },
  /** The person at all 9 age groups (not stored). */
  'persons.growUp': {
    input: z.object({ id: Id }).strict(),
    output: GrowUpDtoSchema,
  },
  'founders.random': {
    input: z
      .object({
        seed: Seed.optional(),
        ageGroup: z.enum(AGE_GROUPS).optional(),
        gender: z.enum(GENDERS).optional(),
        name: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    output: PersonDtoSchema,
  },

  // Breeding.
  'breed.preview': { input: BreedInput, output: ImageOut.extend({ regions: z.array(RegionReportDtoSchema), pool: PoolUseDtoSchema }) },
  'breed.generate': {
    input: BreedInput.extend({ jobId: JobId, count: z.number().int().min(1).max(64) }).strict(),
    output: BatchDtoSchema,
  },
  'candidates.keep': {
    input: z.object({ batchId: Id, indices: z.array(z.number().int().min(0).max(0xffff)).min(1).max(64) }).strict(),
    output: z.array(PersonDtoSchema),
  },
  'candidates.image': {
    input: z.object({ batchId: Id, index: z.number().int().min(0).max(0xffff) }).strict(),
    output: ImageOut,
  },
  'candidates.discard': { input: z.object({ batchId: Id }).strict(), output: z.object({}) },
  'transplant.preview': {
    input: z.object({ targetId: Id, donorId: Id, regions: z.array(z.number().int().min(0).max(REGION_COUNT - 1)).min(1).max(REGION_COUNT) }).strict(),
    output: ImageOut,
  },
  /** The transplant kept as a new person (one undoable step). */
  'transplant.keep': {
    input: z
      .object({ targetId: Id, donorId: Id, regions: z.array(z.number().int().min(0).max(33)).min(1).max(34), name: z.string().trim().min(1).max(200).optional() })
      .strict(),
    output: PersonDtoSchema,
  },
  'jobs.cancel': { input: z.object({ jobId: JobId }).strict(), output: z.object({ cancelled: z.boolean() }) },

  // Gene pool of the active pack.
  'pool.status': {
    input: Empty,
    output: z.object({ path: z.string(), exists: z.boolean(), total: z.number(), counts: z.array(z.array(z.array(z.number()))) }),
  },
  'pool.buildRandom': {
    input: z.object({ jobId: JobId, count: z.number().int().min(1).max(100_000), seed: Seed }).strict(),
    output: z.object({ added: z.number(), total: z.number(), seconds: z.number(), complete: z.boolean() }),
  },
  'pool.group': {
    input: z
      .object({
        ageGroup: z.enum(AGE_GROUPS),
        gender: z.enum(GENDERS),
        race: z.enum(RACES),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100).default(40),
      })
      .strict(),
    output: z.array(PoolEntryDtoSchema),
  },
  'pool.setLabels': {
    input: z.object({ id: z.number().int().min(1), ageGroup: z.enum(AGE_GROUPS).optional(), gender: z.enum(GENDERS).optional(), race: z.enum(RACES).optional() }).strict(),
    output: PoolEntryDtoSchema,
  },
  'pool.useAsFounder': { input: z.object({ id: z.number().int().min(1) }).strict(), output: PersonDtoSchema },
  /** The authors' gene pool (geneFactorPool.pkl) as gene-only entries, read in place by offset; a job. */
  'pool.importGenes': {
    input: z.object({ jobId: JobId, file: z.string().trim().min(1).max(4096) }).strict(),
    output: z.object({
      file: z.string(),
      fileBytes: z.number(),
      entries: z.number(),
      added: z.number(),
      skippedKeys: z.array(z.object({ key: z.string(), reason: z.string() })),
      total: z.number(),
      seconds: z.number(),
    }),
  },

  // Photo import: detect (bytes cross once; the service keeps the decoded photo under
  // photoId), align one face for confirmation, import it as a founder.
  'photo.detect': {
    input: z
      .object({
        fileName: z.string().trim().min(1).max(500),
        /** The file's bytes, base64; the limit fits one web-host message (shared/limits.ts). */
        data: z
          .string()
          .min(1)
          .max(PHOTO_MAX_BASE64_CHARS, { message: `the photo is larger than ${formatMiB(PHOTO_MAX_BYTES)}, the largest that can be imported` }),
      })
      .strict(),
    output: DetectedPhotoDtoSchema,
  },
  'photo.align': {
    input: z.object({ photoId: Id, faceIndex: z.number().int().min(0).max(999) }).strict(),
    output: z.object({ aligned: z.string(), encoder: z.boolean() }),
  },
  'photo.import': {
    input: z.object({ photoId: Id, faceIndex: z.number().int().min(0).max(999), name: z.string().trim().min(1).max(200).optional() }).strict(),
    output: z.object({
      /** Null when the import stopped after alignment (see message). */
      person: PersonDtoSchema.nullable(),
      aligned: z.string(),
      /** Where the aligned crop was kept (`<dataDir>/imports/`). */
      alignedPath: z.string(),
      reconstruction: z.string().nullable(),
      message: z.string().nullable(),
    }),
  },

  // Export.
  'export.grid': {
    input: z
      .object({
        jobId: JobId,
        kind: z.enum(['family', 'generations', 'candidates', 'person', 'grow-up']),
        unionId: Id.optional(),
        batchId: Id.optional(),
        personId: Id.optional(),
        cellSize: z.number().int().min(32).max(1024).default(256),
        labels: z.boolean().default(true),
      })
      .strict(),
    output: z.object({ path: z.string(), sidecarPath: z.string(), width: z.number(), height: z.number() }),
  },
} as const;

export type ProcedureName = keyof typeof procedures;
export type ProcedureInput<N extends ProcedureName> = z.input<(typeof procedures)[N]['input']>;
export type ProcedureOutput<N extends ProcedureName> = z.output<(typeof procedures)[N]['output']>;

export const PROCEDURE_NAMES = Object.keys(procedures) as ProcedureName[];

/** A request as it crosses a process boundary (IPC or WebSocket). */
export const RequestEnvelopeSchema = z
  .object({
    id: z.number().int().nonnegative(),
    method: z.enum(PROCEDURE_NAMES as [ProcedureName, ...ProcedureName[]]),
    input: z.unknown(),
  })
  .strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const ApiErrorSchema = z.object({
  /** 'invalid-request': a malformed envelope; the rest: docs/ARCHITECTURE.md, "Error codes". */
  code: z.enum(['invalid-request', ...ERROR_CODES]),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const ResponseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ApiErrorSchema }),
]);
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

/** Commands of the application menu (native in Electron, in-page in the browser). */
export const MenuCommandSchema = z.enum(['project-new', 'project-open', 'project-save-as', 'export', 'pool', 'add-pack', 'undo', 'redo', 'fit-view', 'zoom-in', 'zoom-out', 'about']);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

/** Events pushed from the service to every client (progress of long jobs, status). */
export const StudioEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('menu'), command: MenuCommandSchema }),
  /** The open project or its tree changed (any client's edit, undo, open). */
  z.object({ type: z.literal('tree-changed'), project: ProjectDtoSchema }),
  z.object({ type: z.literal('status'), status: StudioStatusSchema }),
  z.object({
    type: z.literal('job-progress'),
    jobId: z.string(),
    label: z.string(),
    done: z.number(),
    total: z.number(),
  }),
  z.object({
    type: z.literal('job-finished'),
    jobId: z.string(),
    outcome: z.enum(['completed', 'cancelled', 'failed']),
    message: z.string().optional(),
  }),
]);
export type StudioEvent = z.infer<typeof StudioEventSchema>;

/** What the renderer sees, whichever host it runs in. */
export interface StudioApi {
  invoke<N extends ProcedureName>(method: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** Error thrown on the client side when a call fails; carries the service's code. */
export class StudioApiError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'StudioApiError';
  }
}

/** What the web host sends over its WebSocket: a reply or a pushed event. */
export const ServerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('response'), response: ResponseEnvelopeSchema }),
  z.object({ kind: z.literal('event'), event: StudioEventSchema }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
