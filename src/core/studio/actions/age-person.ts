/**
 * Every person has an age that can be changed later (docs/ARCHITECTURE.md "Age
 * control"): "age this person" moves the stored latent to another age group along the
 * pack's measured age directions (strength 1, so aging twice lands where aging once
 * would), re-renders it and stores it as one undoable step; the grow-up strip shows the
 * same identity at all 9 ages.
 */
import { AGE_GROUPS, type AgeGroup } from '../../genes/regions';
import { shiftAge } from '../../genes/age-shift';
import { DEFAULT_AGE_STRENGTH } from '../../genes/settings';
import { describeAgeDirections } from '../../breeding/age-measure';
import { growUpLatents } from '../../breeding/grow-up';
import { labelFaces } from '../../breeding/label-faces';
import { latentDistance } from '../../genes/resemblance';
import { encodeFaces, renderFaces } from '../images';
import { personDto, pngDataUrl } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { PersonSummary, ProjectStore } from '../../projects';
import type { PersonDto } from '../../../shared/dto';
import { ConflictError, NotFoundError } from '../../../domain/errors';

/** Aging always moves the whole way to the group's mean (see the module comment). */
const AGE_PERSON_STRENGTH = DEFAULT_AGE_STRENGTH;

function person(ctx: StudioContext, id: string): { store: ProjectStore; p: PersonSummary } {
  const store = ctx.session.store();
  if (!store.hasPerson(id)) throw new NotFoundError(`person ${id} is not in this project`);
  const p = store.getPerson(id);
  const packId = ctx.runtime().id;
  if (p.packId !== packId) throw new ConflictError(`${p.name} was made with model pack '${p.packId}', but '${packId}' is active: switch packs to age ${p.name}`);
  return { store, p };
}

/** Re-renders the person at `target` (same identity, only the age moved) and stores it; undoable. */
export async function agePerson(ctx: StudioContext, id: string, target: AgeGroup): Promise<{ person: PersonDto; note: string }> {
  const { store, p } = person(ctx, id);
  const runtime = ctx.runtime();
  const dirs = await ctx.ageDirections();
  const gender = p.attributes?.gender ?? null;
  const race = p.attributes?.race ?? null;
  const { wplus } = shiftAge(store.getLatent(id), dirs, { target, strength: AGE_PERSON_STRENGTH, gender, race });
  const { image } = await runtime.generator(wplus);
  const [face] = await encodeFaces(image, 1, runtime.resolution);
  const labels = await labelFaces(runtime, wplus, { images: image });
  const measured = labels?.[0] ?? null;
  // A user's own gender and race stay; the age group is the measured one (or the asked one without a model).
  const attributes =
    p.attributesSource === 'user' && p.attributes
      ? { ...p.attributes, ageGroup: target }
      : (measured ?? (p.attributes ? { ...p.attributes, ageGroup: target } : null));
  const o = p.origin;
  const age = { target, strength: AGE_PERSON_STRENGTH, source: dirs.source, fingerprint: dirs.fingerprint, layers: [...dirs.layers], ...(race ? { race } : {}) };
  const updated = store.replaceFace(id, {
    label: `Age ${p.name} to ${target}`,
    wplus,
    image: face!.image,
    thumbnail: face!.thumbnail,
    attributes,
    // A child's stored settings name the age it now shows, so breeding it again gives this face.
    ...(o.kind === 'child' ? { origin: { ...o, settings: { ...o.settings, age } } } : {}),
  });
  ctx.session.changed();
  return { person: personDto(updated), note: `aged to ${target} — ${describeAgeDirections(dirs)}` };
}

export interface GrowUpStrip {
  own: AgeGroup;
  strength: number;
  cells: Array<{ ageGroup: AgeGroup; image: string }>;
  /** W+ distance between neighbouring ages, and the person's mean distance to its siblings (null without any). */
  neighbourDistances: number[];
  siblingDistance: number | null;
  directions: { source: string; fingerprint: string; layers: number[]; text: string };
}

/** The person at all 9 ages; images as PNG bytes (`pngs`) and data: URLs. */
export async function growUpPerson(ctx: StudioContext, id: string, opts: { signal?: AbortSignal } = {}): Promise<GrowUpStrip & { pngs: Buffer[] }> {
  const { store, p } = person(ctx, id);
  const runtime = ctx.runtime();
  const dirs = await ctx.ageDirections({ signal: opts.signal });
  const latent = store.getLatent(id);
  const g = growUpLatents(latent, dirs, { gender: p.attributes?.gender ?? null, race: p.attributes?.race ?? null, strength: AGE_PERSON_STRENGTH });
  const faces = await renderFaces(runtime, g.latents, { signal: opts.signal });
  const pngs = faces.map((f) => f.image);
  return {
    own: g.own,
    strength: AGE_PERSON_STRENGTH,
    cells: AGE_GROUPS.map((ageGroup, k) => ({ ageGroup, image: pngDataUrl(faces[k]!.thumbnail) })),
    pngs,
    neighbourDistances: g.neighbourDistances,
    siblingDistance: siblingDistance(store, p, latent),
    directions: { source: dirs.source, fingerprint: dirs.fingerprint, layers: [...dirs.layers], text: describeAgeDirections(dirs) },
  };
}

function siblingDistance(store: ProjectStore, p: PersonSummary, latent: Float32Array): number | null {
  const o = p.origin;
  if (o.kind !== 'child') return null;
  const sibs = store.snapshot().persons.filter((q) => q.id !== p.id && q.origin.kind === 'child' && q.origin.unionId === o.unionId);
  if (sibs.length === 0) return null;
  return sibs.reduce((s, q) => s + latentDistance(latent, store.getLatent(q.id)), 0) / sibs.length;
}

