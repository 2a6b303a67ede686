/**
 * Breeding settings (StyleGene steps 4 and 6; docs/ARCHITECTURE.md, "Domain vocabulary"), validated with zod so that every entry
 * point (IPC, web host, CLI, stored children) shares one definition and one set of
 * error messages ("gamma must be between 0 and 1, got 1.5").
 */
import { z } from 'zod';
import { AGE_GROUPS, RACES, REGION_COUNT, REGION_NAMES, describeRegion } from './regions.js';
import { MAX_SEED } from './seed.js';
import { LATENT_SHAPE } from './latent-shape.js';
import { GeneInputError } from './errors.js';

/** A finite number in [min, max] whose messages name the setting and the value received. */
function boundedNumber(name: string, min: number, max: number, opts: { integer?: boolean } = {}) {
  const what = opts.integer ? 'an integer' : 'a number';
  const msg = (v: unknown) => `${name} must be ${opts.integer ? 'an integer ' : ''}between ${min} and ${max}, got ${describeValue(v)}`;
  let s = z.number({ error: (iss) => `${name} must be ${what}, got ${describeValue(iss.input)}` });
  if (opts.integer) s = s.int({ error: (iss) => msg(iss.input) });
  return s.min(min, { error: (iss) => msg(iss.input) }).max(max, { error: (iss) => msg(iss.input) });
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

export const REGION_OVERRIDE_KINDS = ['random', 'father', 'mother', 'blend', 'pool', 'donor'] as const;
export type RegionOverrideKind = (typeof REGION_OVERRIDE_KINDS)[number];

/**
 * One region's override. `random` is step 4 as written; `father`/`mother` copy that
 * parent's mu and logvar; `blend` mixes α·F + (1−α)·M; `pool` mutates from a random
 * pool donor; `donor` mutates from a chosen pool entry or person.
 */
export const regionOverrideSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('random') }).strict(),
    z.object({ kind: z.literal('father') }).strict(),
    z.object({ kind: z.literal('mother') }).strict(),
    z.object({ kind: z.literal('blend'), alpha: boundedNumber('blend alpha', 0, 1) }).strict(),
    z.object({ kind: z.literal('pool') }).strict(),
    z
      .object({
        kind: z.literal('donor'),
        donorId: z
          .string({ error: (iss) => `donor override needs a donorId string, got ${describeValue(iss.input)}` })
          .min(1, { error: 'donor override needs a non-empty donorId' }),
      })
      .strict(),
  ],
  {
    error: (iss) =>
      `override must be an object with kind one of ${REGION_OVERRIDE_KINDS.join(', ')}, got ${describeValue(
        typeof iss.input === 'object' && iss.input !== null && 'kind' in iss.input ? (iss.input as { kind: unknown }).kind : iss.input,
      )}`,
  },
);
export type RegionOverride = z.infer<typeof regionOverrideSchema>;

/** Overrides keyed by region index; regions without an entry use the default (random; region 0: father). */
export type RegionOverrides = Readonly<Partial<Record<number, RegionOverride>>>;

function regionKeyToIndex(key: string): number | undefined {
  if (/^\d+$/.test(key)) {
    const i = Number(key);
    return i < REGION_COUNT ? i : undefined;
  }
  const byName = (REGION_NAMES as readonly string[]).indexOf(key);
  return byName >= 0 ? byName : undefined;
}

/**
 * Accepts either a record (region index or region name → override) or an array of 34
 * entries (null/undefined = default), and normalises to a sparse record by index.
 */
export const regionOverridesSchema = z.unknown().transform((input, ctx): RegionOverrides => {
  const out: Partial<Record<number, RegionOverride>> = {};
  if (input === undefined || input === null) return out;
  const entries: Array<[number | undefined, string, unknown]> = [];
  if (Array.isArray(input)) {
    if (input.length !== REGION_COUNT) {
      ctx.addIssue({ code: 'custom', message: `overrides array must have ${REGION_COUNT} entries (one per region), got ${input.length}` });
      return out;
    }
    input.forEach((v, i) => {
      if (v !== null && v !== undefined) entries.push([i, String(i), v]);
    });
  } else if (typeof input === 'object') {
    for (const [key, v] of Object.entries(input as Record<string, unknown>)) entries.push([regionKeyToIndex(key), key, v]);
  } else {
    ctx.addIssue({ code: 'custom', message: `overrides must be an object or an array of ${REGION_COUNT}, got ${describeValue(input)}` });
    return out;
  }
  for (const [index, key, value] of entries) {
    if (index === undefined) {
      ctx.addIssue({ code: 'custom', message: `overrides: unknown region "${key}" (use an index 0..${REGION_COUNT - 1} or a region name)`, path: [key] });
      continue;
    }
    const parsed = regionOverrideSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: `overrides: ${describeRegion(index)}: ${issue.message}`, path: [key] });
      }
      continue;
    }
    out[index] = parsed.data;
  }
  return out;
});

export const DEFAULT_GAMMA = 0.47;
export const DEFAULT_ETA = 0.4;
export const DEFAULT_FUSION_LAYER = 8;
export const DEFAULT_TEMPERATURE = 1;

/**
 * Default strength of the age control: the share of the way from the child's own age
 * to the target group's mean it is moved. Chosen by measurement (tools/bench-age.ts,
 * README "Age control"): at 1 the built-in pack's children read as the asked age
 * group nearly always; 0.5 and 1.5 read worse.
 */
export const DEFAULT_AGE_STRENGTH = 1;
export const MAX_AGE_STRENGTH_SETTING = 3;

/**
 * Age control (the studio's addition, step 7). Absent or strength 0: the method alone.
 * `source`, `fingerprint` and `layers` record which measured directions moved the
 * child (filled in by breeding), so a stored child says how it was made.
 */
export const ageSettingsSchema = z
  .object({
    target: z.enum(AGE_GROUPS, { error: (iss) => `age target must be one of ${AGE_GROUPS.join(', ')}, got ${describeValue(iss.input)}` }),
    strength: boundedNumber('age strength', 0, MAX_AGE_STRENGTH_SETTING).default(DEFAULT_AGE_STRENGTH),
    source: z.enum(['pool', 'mapping']).optional(),
    fingerprint: z.string().optional(),
    layers: z.array(z.number().int().min(0).max(63)).optional(),
    /** The race whose own age curve moves the child where the directions have one (parents of one race). */
    race: z.enum(RACES).optional(),
  })
  .strict();
export type AgeSettings = z.output<typeof ageSettingsSchema>;

export const breedSettingsSchema = z
  .object({
    /** Pool share of inherited regions. */
    gamma: boundedNumber('gamma', 0, 1).default(DEFAULT_GAMMA),
    /** Fraction of random regions that are mutated. */
    eta: boundedNumber('eta', 0, 1).default(DEFAULT_ETA),
    /** First W+ layer replaced by the parents' mean; numWs (18) = no fusion. */
    fusionLayer: boundedNumber('fusionLayer', 0, LATENT_SHAPE.numWs, { integer: true }).default(DEFAULT_FUSION_LAYER),
    /** τ scales ε; 0 gives the mean child. */
    temperature: boundedNumber('temperature', 0, 3).default(DEFAULT_TEMPERATURE),
    overrides: regionOverridesSchema.default({}),
    /** Move the child to this age along measured age directions; absent = as in the paper. */
    age: ageSettingsSchema.optional(),
  })
  .strict();

export type BreedSettings = z.output<typeof breedSettingsSchema>;
export type BreedSettingsInput = z.input<typeof breedSettingsSchema>;

export const childCountSchema = boundedNumber('childCount', 1, 64, { integer: true });
export const seedSchema = boundedNumber('seed', 0, MAX_SEED, { integer: true });

/** Parses settings or throws a GeneInputError listing every problem. */
export function parseBreedSettings(input: unknown = {}): BreedSettings {
  const r = breedSettingsSchema.safeParse(input ?? {});
  if (!r.success) throw new GeneInputError(formatIssues(r.error));
  return r.data;
}

export function parseChildCount(input: unknown): number {
  const r = childCountSchema.safeParse(input);
  if (!r.success) throw new GeneInputError(formatIssues(r.error));
  return r.data;
}

export function parseSeed(input: unknown): number {
  const r = seedSchema.safeParse(input);
  if (!r.success) throw new GeneInputError(formatIssues(r.error));
  return r.data;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown setting(s): ${i.keys.join(', ')}` : i.message))
    .join('; ');
}

export const DEFAULT_BREED_SETTINGS: BreedSettings = Object.freeze(parseBreedSettings({}));
