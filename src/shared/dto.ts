/**
 * Data shapes the studio API returns to the renderer (persons, unions, batches,
 * projects). Images travel as PNG data: URLs, which the CSP allows for img-src.
 */
import { z } from 'zod';
import { AGE_GROUPS, GENDERS, RACES } from '../domain/regions';
import { ageSettingsSchema, regionOverrideSchema } from '../domain/breed-settings';

export const AttributesDtoSchema = z.object({
  ageGroup: z.enum(AGE_GROUPS),
  gender: z.enum(GENDERS),
  race: z.enum(RACES),
});
export type AttributesDto = z.infer<typeof AttributesDtoSchema>;

/** Breed settings as stored and shown (overrides keyed by region index). */
export const SettingsDtoSchema = z.object({
  gamma: z.number(),
  eta: z.number(),
  fusionLayer: z.number(),
  temperature: z.number(),
  overrides: z.record(z.string(), regionOverrideSchema),
  /** Age control as used (target, strength, where the directions came from); absent = as in the paper. */
  age: ageSettingsSchema.optional(),
});
export type SettingsDto = z.infer<typeof SettingsDtoSchema>;

export const TargetDtoSchema = z.object({ ageGroup: z.enum(AGE_GROUPS), gender: z.enum(GENDERS) });
export type TargetDto = z.infer<typeof TargetDtoSchema>;

export const OriginDtoSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('founder'), seed: z.number(), candidate: z.number(), psi: z.number() }),
  z.object({
    kind: z.literal('child'),
    fatherId: z.string(),
    motherId: z.string(),
    unionId: z.string(),
    seed: z.number(),
    index: z.number(),
    settings: SettingsDtoSchema,
    target: TargetDtoSchema.nullable(),
    batchId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('photo'), source: z.string() }),
]);
export type OriginDto = z.infer<typeof OriginDtoSchema>;

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const PersonDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: OriginDtoSchema,
  attributes: AttributesDtoSchema.nullable(),
  attributesSource: z.enum(['auto', 'user']),
  position: PositionSchema.nullable(),
  createdAt: z.number(),
  /** Changes when the stored face changes (aged, undone): the UI refetches the thumbnail. */
  faceKey: z.string().optional(),
});
export type PersonDto = z.infer<typeof PersonDtoSchema>;

export const UnionDtoSchema = z.object({ id: z.string(), fatherId: z.string(), motherId: z.string() });
export type UnionDto = z.infer<typeof UnionDtoSchema>;

export const ProjectDtoSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  name: z.string(),
  packId: z.string(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  undoLabel: z.string().nullable(),
  redoLabel: z.string().nullable(),
});
export type ProjectDto = z.infer<typeof ProjectDtoSchema>;

export const TreeDtoSchema = z.object({
  project: ProjectDtoSchema,
  persons: z.array(PersonDtoSchema),
  unions: z.array(UnionDtoSchema),
});
export type TreeDto = z.infer<typeof TreeDtoSchema>;

export const RegionReportDtoSchema = z.object({
  region: z.number(),
  name: z.string(),
  mode: z.string(),
  alpha: z.number().optional(),
  beta: z.number().optional(),
  donorId: z.string().optional(),
});
export type RegionReportDto = z.infer<typeof RegionReportDtoSchema>;

export const PoolUseDtoSchema = z.object({
  /** The group the donors came from, and every widening step in words. */
  group: z.string(),
  widened: z.array(z.string()),
  donors: z.number(),
  /** Age control in words: target, strength and where the age directions came from. */
  age: z.string().optional(),
});
export type PoolUseDto = z.infer<typeof PoolUseDtoSchema>;

/** Fractions of a child from father, mother and other donors (they add up to 1). */
export const ParentShareDtoSchema = z.object({ father: z.number(), mother: z.number(), pool: z.number() });
export type ParentShareDto = z.infer<typeof ParentShareDtoSchema>;

export const DistanceReadingDtoSchema = z.object({ toFather: z.number(), toMother: z.number(), fatherShare: z.number() });
export type DistanceReadingDto = z.infer<typeof DistanceReadingDtoSchema>;

/**
 * How much of each parent a child carries (docs/ARCHITECTURE.md "Resemblance and sibling
 * diversity"): from the crossover that happened, and from its genes' distance to each parent.
 * Groups are keyed by the face-map group names of src/domain/regions.ts.
 */
export const ResemblanceDtoSchema = z.object({
  crossover: z.object({ overall: ParentShareDtoSchema, groups: z.record(z.string(), ParentShareDtoSchema.nullable()) }),
  genes: z.object({ overall: DistanceReadingDtoSchema, groups: z.record(z.string(), DistanceReadingDtoSchema.nullable()) }),
});
export type ResemblanceDto = z.infer<typeof ResemblanceDtoSchema>;

/** Mean pairwise W+ distance among a batch's children against unrelated pairs (ratio 1 = as different as strangers). */
export const SiblingDiversityDtoSchema = z.object({ siblings: z.number(), unrelated: z.number(), ratio: z.number() });
export type SiblingDiversityDto = z.infer<typeof SiblingDiversityDtoSchema>;

export const CandidateDtoSchema = z.object({
  index: z.number(),
  /**
   * The card-size thumbnail (PNG data URL, 192²). The full image is fetched on demand
   * ('candidates.image'): 64 full 1024² PNGs in one batch would be hundreds of MB of strings.
   */
  thumbnail: z.string(),
  regions: z.array(RegionReportDtoSchema),
  attributes: AttributesDtoSchema.nullable(),
  resemblance: ResemblanceDtoSchema.nullable(),
});
export type CandidateDto = z.infer<typeof CandidateDtoSchema>;

export const BatchDtoSchema = z.object({
  id: z.string(),
  unionId: z.string(),
  fatherId: z.string(),
  motherId: z.string(),
  seed: z.number(),
  count: z.number(),
  settings: SettingsDtoSchema,
  candidates: z.array(CandidateDtoSchema),
  pool: PoolUseDtoSchema,
  /** Null with fewer than two children. */
  diversity: SiblingDiversityDtoSchema.nullable(),
});
export type BatchDto = z.infer<typeof BatchDtoSchema>;

export const RecentProjectSchema = z.object({ path: z.string(), name: z.string(), exists: z.boolean() });

export const PoolEntryDtoSchema = z.object({
  id: z.number(),
  source: z.string(),
  sourceRef: z.string(),
  ageGroup: z.enum(AGE_GROUPS),
  gender: z.enum(GENDERS),
  race: z.enum(RACES),
  attributesSource: z.string(),
  /** An entry of an imported gene file: genes, no W+; its thumbnail is decoded from mu (approximate). */
  genesOnly: z.boolean(),
  thumbnail: z.string().nullable(),
});
export type PoolEntryDto = z.infer<typeof PoolEntryDtoSchema>;

/** Photo import: one detected face (original-photo pixels, after EXIF orientation). */
const PointDtoSchema = z.object({ x: z.number(), y: z.number() });
export const PhotoFaceDtoSchema = z.object({
  index: z.number(),
  score: z.number(),
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  points: z.object({ leftEye: PointDtoSchema, rightEye: PointDtoSchema, nose: PointDtoSchema, mouthLeft: PointDtoSchema, mouthRight: PointDtoSchema }),
  /** Why this face cannot be imported (too small, too rotated), or null. */
  problem: z.string().nullable(),
  /** PNG data: URL of the face. */
  preview: z.string(),
});
export type PhotoFaceDto = z.infer<typeof PhotoFaceDtoSchema>;

export const DetectedPhotoDtoSchema = z.object({
  photoId: z.string(),
  fileName: z.string(),
  format: z.string(),
  width: z.number(),
  height: z.number(),
  faces: z.array(PhotoFaceDtoSchema),
  /** The whole photo, at most 640 px (PNG data: URL). */
  preview: z.string(),
});
export type DetectedPhotoDto = z.infer<typeof DetectedPhotoDtoSchema>;

/** One person at all 9 ages (the grow-up strip); distances are W+ Euclidean. */
export const GrowUpDtoSchema = z.object({
  own: z.enum(AGE_GROUPS),
  strength: z.number(),
  cells: z.array(z.object({ ageGroup: z.enum(AGE_GROUPS), image: z.string() })),
  neighbourDistances: z.array(z.number()),
  /** Mean distance to the person's siblings in the project; null without any. */
  siblingDistance: z.number().nullable(),
  directions: z.object({ source: z.string(), fingerprint: z.string(), layers: z.array(z.number()), text: z.string() }),
});
export type GrowUpDto = z.infer<typeof GrowUpDtoSchema>;
