/**
 * Breeding from the studio: a live preview of one child, and "Generate N" into a
 * stored candidate batch (with progress and cancel), then keep or discard.
 */
import { breed, type BreedRequest } from '../../breeding/breed-pipeline';
import type { Attributes } from '../../breeding/attributes-decode';
import { labelFaces } from '../../breeding/label-faces';
import { snapshotGenerations } from '../tree-generations';
import { WPLUS_LEN } from '../../breeding/pack-runtime';
import { previewPng } from '../../breeding/image-encode';
import { encodeFaces } from '../images';
import { personDto, pngDataUrl, regionsDto, settingsDto } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { AgeDirections } from '../../genes/age-directions';
import { describeAgeDirections } from '../../breeding/age-measure';
import type { BreedSettings } from '../../genes/settings';
import type { BatchDto, CandidateDto, PersonDto, PoolUseDto, RegionReportDto, TargetDto } from '../../../shared/dto';
import type { ProjectStore } from '../../projects';
import { ConflictError, InputError, NotFoundError } from '../../../domain/errors';
import { batchDiversity, resemblanceOf } from './resemblance';

export interface BreedParams {
  fatherId: string;
  motherId: string;
  seed: number;
  settings: BreedSettings;
  target: TargetDto | null;
}

function parent(store: ProjectStore, id: string, role: 'father' | 'mother', packId: string): { id: string; wplus: Float32Array; attributes: Attributes | null } {
  if (!store.hasPerson(id)) throw new NotFoundError(`the ${role} (${id}) is not in this project`);
  const p = store.getPerson(id);
  // Latents live in one pack's space: another pack's generator would draw noise from them.
  if (p.packId !== packId) throw new ConflictError(`${p.name} was made with model pack '${p.packId}', but '${packId}' is active: switch packs in the side panel to breed ${p.name}`);
  return { id, wplus: store.getLatent(id), attributes: p.attributes };
}

async function request(ctx: StudioContext, p: BreedParams, count: number, signal?: AbortSignal) {
  if (p.fatherId === p.motherId) throw new InputError('choose two different persons as parents');
  const store = ctx.session.store();
  const packId = ctx.runtime().id;
  const father = parent(store, p.fatherId, 'father', packId);
  const mother = parent(store, p.motherId, 'mother', packId);
  const supply = await ctx.donorsFor({ target: p.target, father: father.attributes, mother: mother.attributes, seed: p.seed, signal });
  // Age control (step 7): measured directions, recorded in the settings stored with the child.
  let settings = p.settings;
  let ageDirections: AgeDirections | undefined;
  let ageLine: string | undefined;
  const age = settings.age;
  if (age && age.strength > 0) {
    ageDirections = await ctx.ageDirections({ signal });
    // Parents of one race: the child follows that race's own age curve where the directions have one.
    const race = father.attributes?.race && father.attributes.race === mother.attributes?.race ? father.attributes.race : undefined;
    settings = { ...settings, age: { ...age, source: ageDirections.source, fingerprint: ageDirections.fingerprint, layers: [...ageDirections.layers], ...(race ? { race } : {}) } };
    ageLine = `age: moved to ${age.target} at strength ${age.strength} — ${describeAgeDirections(ageDirections)}`;
  } else if (age) {
    ageLine = `age: strength 0 — as in the paper, the age comes only from the gene-pool donors`;
  }
  const req: BreedRequest = {
    father: { id: father.id, wplus: father.wplus },
    mother: { id: mother.id, wplus: mother.wplus },
    settings,
    seed: p.seed,
    count,
    donors: supply.donors,
    ageDirections,
    childGender: p.target?.gender ?? null,
  };
  return { req, supply: { ...supply, use: { ...supply.use, ...(ageLine ? { age: ageLine } : {}) } }, store, settings };
}

/** One child (index 0 of the seed), not stored: follows every change of the panel. */
export async function previewChild(ctx: StudioContext, p: BreedParams): Promise<{ image: string; regions: RegionReportDto[]; pool: PoolUseDto }> {
  const runtime = ctx.runtime();
  const { req, supply } = await request(ctx, p, 1);
  // The pack's cheap preview graph where it has one (256² for StyleGene): a fraction of a second per change.
  const out = await breed(runtime, req, { preview: true });
  return { image: pngDataUrl(await previewPng(out.images, 0, out.resolution)), regions: regionsDto(out.children[0]!.regions), pool: supply.use };
}

export async function generateCandidates(ctx: StudioContext, jobId: string, p: BreedParams & { count: number }): Promise<BatchDto> {
  return ctx.jobs.run(jobId, 'Breeding', async (signal, progress) => {
    const runtime = ctx.runtime();
    const { req, supply, store, settings } = await request(ctx, p, p.count, signal);
    const union = store.findUnion(p.fatherId, p.motherId) ?? store.addUnion(p.fatherId, p.motherId);
    const batch = store.createBatch({ unionId: union.id, seed: p.seed, count: p.count, settings, target: p.target });
    ctx.session.changed();
    try {
      const candidates: CandidateDto[] = [];
      const latents: Float32Array[] = [];
      const parents = { fatherId: p.fatherId, motherId: p.motherId, father: req.father.wplus, mother: req.mother.wplus };
      // Children are labelled, encoded and stored as each generator chunk finishes: the
      // batch never holds more than one chunk of full-size images (64 at 1024² would be 800 MB).
      const out = await breed(runtime, req, {
        signal,
        onProgress: (stage, done, total) => progress(stageLabel(stage), done, total),
        onChildren: async (children, images) => {
          const logits = await childAttributes(ctx, children.map((c) => c.wplus), signal, images);
          const faces = await encodeFaces(images, children.length, runtime.resolution);
          const resemblance = await resemblanceOf(runtime, parents, children, signal);
          for (const [k, child] of children.entries()) {
            const regions = regionsDto(child.regions);
            latents.push(child.wplus);
            // Each candidate is its own commit: a kill mid-batch keeps those already stored.
            store.addCandidate(batch.id, { index: child.index, wplus: child.wplus, image: faces[k]!.image, thumbnail: faces[k]!.thumbnail, regionReport: regions });
            // Only the thumbnail travels with the batch; the full image is fetched when looked at.
            candidates.push({ index: child.index, thumbnail: pngDataUrl(faces[k]!.thumbnail), regions, attributes: logits ? logits[k]! : null, resemblance: resemblance[k] ?? null });
          }
        },
      });
      store.setBatchStatus(batch.id, 'ready');
      return {
        id: batch.id,
        unionId: union.id,
        fatherId: p.fatherId,
        motherId: p.motherId,
        seed: p.seed,
        count: p.count,
        settings: settingsDto(out.settings),
        candidates,
        pool: supply.use,
        diversity: await batchDiversity(runtime, latents),
      };
    } catch (e) {
      // A cancelled or failed batch leaves nothing half-made in the project.
      store.discardBatch(batch.id);
      throw e;
    } finally {
      ctx.session.changed();
    }
  });
}

export async function keepCandidates(ctx: StudioContext, batchId: string, indices: number[]): Promise<PersonDto[]> {
  const store = ctx.session.store();
  const latents = indices.map((i) => store.getCandidateLatent(batchId, i));
  const attrs = await childAttributes(ctx, latents);
  const names = childNames(store, batchId, indices.length);
  const kept = store.keepCandidates(
    batchId,
    indices.map((index, k) => ({ index, name: names[k], attributes: attrs?.[k] ?? null, attributesSource: 'auto' as const })),
  );
  ctx.session.changed();
  return kept.map(personDto);
}

/** "Child 3", "Grandchild 1", …: numbered within the generation the children join. */
function childNames(store: ProjectStore, batchId: string, count: number): string[] {
  const snap = store.snapshot();
  const union = store.getUnion(store.getBatch(batchId).unionId);
  const gens = snapshotGenerations(snap);
  const gen = 1 + Math.max(gens.get(union.fatherId) ?? 0, gens.get(union.motherId) ?? 0);
  const word = gen === 1 ? 'Child' : gen === 2 ? 'Grandchild' : gen === 3 ? 'Great-grandchild' : `Generation ${gen + 1} child`;
  const existing = snap.persons.filter((p) => p.origin.kind === 'child' && gens.get(p.id) === gen).length;
  return Array.from({ length: count }, (_, k) => `${word} ${existing + k + 1}`);
}

/** One candidate's full-size image (the batch carries thumbnails only). */
export function candidateImage(ctx: StudioContext, batchId: string, index: number): { image: string } {
  const store = ctx.session.store();
  return { image: pngDataUrl(store.getCandidateImage(batchId, index)) };
}

export function discardCandidates(ctx: StudioContext, batchId: string): void {
  ctx.session.store().discardBatch(batchId);
  ctx.session.changed();
}

/** Labels from the pack's attributes model (from the latents or the faces); null without one. */
async function childAttributes(ctx: StudioContext, latents: Float32Array[], signal?: AbortSignal, images?: Float32Array): Promise<Attributes[] | null> {
  const all = new Float32Array(latents.length * WPLUS_LEN);
  latents.forEach((l, k) => all.set(l, k * WPLUS_LEN));
  return labelFaces(ctx.runtime(), all, { signal, images });
}

function stageLabel(stage: string): string {
  return { lge: 'Reading parents’ genes', crossover: 'Crossing genes', decoder: 'Decoding genes', generator: 'Drawing faces' }[stage] ?? stage;
}
