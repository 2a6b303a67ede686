/**
 * A person as a portable JSON file (CLI `founder --save`, `breed --save-children`):
 * its latent, attributes, and how it was made, so it can breed again elsewhere.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { AGE_GROUPS, GENDERS, RACES } from '../genes/regions';
import { WPLUS_LENGTH as WPLUS_LEN, WPLUS_SHAPE_TEXT } from '../../domain/latent-shape';
import { InputError } from '../../domain/errors';

export const AttributesSchema = z.object({
  ageGroup: z.enum(AGE_GROUPS),
  gender: z.enum(GENDERS),
  race: z.enum(RACES),
});

export const PersonOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('founder'), seed: z.number().int(), candidate: z.number().int(), psi: z.number() }),
  z.object({
    kind: z.literal('child'),
    fatherId: z.string(),
    motherId: z.string(),
    seed: z.number().int(),
    index: z.number().int(),
    /** Full breeding settings as parsed (γ, η, l, τ, overrides). */
    settings: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal('photo'), source: z.string() }),
]);
export type PersonOrigin = z.infer<typeof PersonOriginSchema>;

export const PersonFileSchema = z.object({
  format: z.literal('kinship-person'),
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  packId: z.string(),
  origin: PersonOriginSchema,
  attributes: AttributesSchema.nullable(),
  /** float32 little-endian [18,512], base64. */
  wplus: z.string(),
});
export type PersonFile = z.infer<typeof PersonFileSchema>;

export function encodeLatent(wplus: Float32Array): string {
  return Buffer.from(wplus.buffer, wplus.byteOffset, wplus.byteLength).toString('base64');
}

export function decodeLatent(b64: string, what = 'wplus'): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== WPLUS_LEN * 4) throw new InputError(`${what} has ${bytes.length} bytes, expected ${WPLUS_LEN * 4} (${WPLUS_SHAPE_TEXT} float32)`);
  const out = new Float32Array(WPLUS_LEN);
  Buffer.from(out.buffer).set(bytes);
  return out;
}

export function readPersonFile(path: string): PersonFile & { latent: Float32Array } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`${path}: not a readable person file (${(e as Error).message})`);
  }
  const parsed = PersonFileSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`${path}: not a person file: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return { ...parsed.data, latent: decodeLatent(parsed.data.wplus, `${path}: wplus`) };
}

export function writePersonFile(path: string, person: PersonFile): void {
  writeFileSync(path, `${JSON.stringify(person, null, 2)}\n`);
}
