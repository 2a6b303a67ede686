/** The model-pack manifest (docs/stylegene-pack.md): one schema for the type and the validation. */
import { z } from 'zod';
import { LATENT_SHAPE, WPLUS_LENGTH } from '../../domain/latent-shape';
import { FACE_FEATURES_LENGTH } from '../../domain/face-features';

export const MODEL_ROLES = ['mapping', 'generator', 'generatorPreview', 'encoder', 'lge', 'decoder', 'attributes'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];
export const REQUIRED_ROLES: readonly ModelRole[] = ['generator', 'lge', 'decoder'];

const fileName = z
  .string()
  .min(1)
  // Pack files live inside the pack folder: no absolute paths, no climbing out.
  .refine((f) => !f.includes('..') && !f.startsWith('/') && !f.includes('\\') && !/^[a-zA-Z]:/.test(f), {
    message: 'must be a file name inside the pack folder',
  });

const PackFilesSchema = z
  .object({
    mapping: fileName.optional(),
    generator: fileName,
    /**
     * Optional cheap preview: the same generator stopped at the `io.generatorPreview`
     * resolution (StyleGAN2's skip architecture has an RGB image at every resolution).
     * A separate graph because onnxruntime runs every node of a graph whatever outputs
     * are fetched (measured: fetching a cheap output alone costs the whole graph).
     */
    generatorPreview: fileName.optional(),
    encoder: fileName.optional(),
    lge: fileName,
    decoder: fileName,
    attributes: fileName.optional(),
  })
  .strict();

export const PackManifestSchema = z.object({
  formatVersion: z.literal(1).default(1),
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, 'may only contain letters, digits, dot, dash and underscore'),
  name: z.string().min(1).max(200),
  version: z.string().min(1).max(64),
  license: z.string().min(1),
  description: z.string().optional(),
  resolution: z.number().int().min(16).max(4096),
  numWs: z.literal(LATENT_SHAPE.numWs),
  wDim: z.literal(LATENT_SHAPE.wDim),
  regions: z.literal(LATENT_SHAPE.regions),
  dtype: z.enum(['float32', 'float16']),
  wAvg: z.array(z.number().finite()).length(LATENT_SHAPE.wDim).optional(),
  latentAvg: z.array(z.number().finite()).length(WPLUS_LENGTH).optional(),
  files: PackFilesSchema,
  /**
   * The same graphs with float16 weights and float16 inputs and outputs (the converter's
   * --fp16 option), opened instead of `files` when a GPU execution provider runs the pack
   * (src/core/inference/execution-provider.ts). The CPU provider always uses `files`.
   */
  filesFloat16: PackFilesSchema.partial().optional(),
  /** The checkpoint files a converted pack was made from: name, size and SHA-256 of each. */
  source: z
    .array(z.object({ file: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .optional(),
  io: z
    .object({
      /** What the attributes graph reads: the W+ latent or a 224×224 image. */
      attributesInput: z.enum(['wplus', 'image']).default('image'),
      /**
       * What the photo encoder reads: the aligned image (e4e) or the face description the
       * importer measures from landmarks and sampled colours (src/domain/face-features.ts;
       * the built-in pack's). Callers pass the aligned image either way (PackRuntime.encoder).
       */
      encoderInput: z.enum(['image', 'face-features']).default('image'),
      /** The generator has a second output `masks` [B,34,R,R]. */
      generatorMasks: z.boolean().default(false),
      /** Resolution P of the generatorPreview graph's output `preview` [B,3,P,P] (256 for StyleGene). */
      generatorPreview: z
        .number()
        .int()
        .min(16)
        .max(4096)
        .refine((p) => (p & (p - 1)) === 0, { message: 'must be a power of two' })
        .optional(),
    })
    .default({ attributesInput: 'image', encoderInput: 'image', generatorMasks: false }),
}).superRefine((m, ctx) => {
  // The preview graph and its resolution come together, and a preview is smaller than the image.
  const file = m.files.generatorPreview !== undefined;
  const res = m.io.generatorPreview;
  if (file !== (res !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: file ? ['io', 'generatorPreview'] : ['files', 'generatorPreview'],
      message: file ? 'is required when files.generatorPreview is given' : 'is required when io.generatorPreview is given',
    });
  }
  if (res !== undefined && res > m.resolution) {
    ctx.addIssue({ code: 'custom', path: ['io', 'generatorPreview'], message: `must not exceed the resolution ${m.resolution}` });
  }
});
export type PackManifest = z.infer<typeof PackManifestSchema>;

/** Expected tensors of each graph; 'B' is the symbolic batch dimension. */
export interface TensorSpec {
  name: string;
  shape: Array<number | 'B'>;
}
export interface GraphSpec {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export function expectedGraphIo(role: ModelRole, m: PackManifest): GraphSpec {
  const R = m.resolution;
  const { numWs: W, regions: Rg, wDim: D } = LATENT_SHAPE;
  switch (role) {
    case 'mapping':
      return { inputs: [{ name: 'z', shape: ['B', D] }], outputs: [{ name: 'w', shape: ['B', D] }] };
    case 'generator':
      return {
        inputs: [{ name: 'wplus', shape: ['B', W, D] }],
        outputs: [
          { name: 'image', shape: ['B', 3, R, R] },
          ...(m.io.generatorMasks ? [{ name: 'masks', shape: ['B', LATENT_SHAPE.regions, R, R] as Array<number | 'B'> }] : []),
        ],
      };
    case 'generatorPreview': {
      const P = m.io.generatorPreview ?? R;
      return { inputs: [{ name: 'wplus', shape: ['B', W, D] }], outputs: [{ name: 'preview', shape: ['B', 3, P, P] }] };
    }
    case 'encoder':
      return {
        inputs: m.io.encoderInput === 'face-features' ? [{ name: 'features', shape: ['B', FACE_FEATURES_LENGTH] }] : [{ name: 'image', shape: ['B', 3, 256, 256] }],
        outputs: [{ name: 'wplus', shape: ['B', W, D] }],
      };
    case 'lge':
      return {
        inputs: [{ name: 'wplus', shape: ['B', W, D] }],
        outputs: [
          { name: 'mu', shape: ['B', W, Rg, D] },
          { name: 'logvar', shape: ['B', W, Rg, D] },
        ],
      };
    case 'decoder':
      return { inputs: [{ name: 'genes', shape: ['B', W, Rg, D] }], outputs: [{ name: 'wplus', shape: ['B', W, D] }] };
    case 'attributes':
      return {
        inputs:
          m.io.attributesInput === 'wplus'
            ? [{ name: 'wplus', shape: ['B', W, D] }]
            : [{ name: 'image', shape: ['B', 3, 224, 224] }],
        outputs: [{ name: 'logits', shape: ['B', 18] }],
      };
  }
}

/** Human-readable zod issues: "files.generator: Required". */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
