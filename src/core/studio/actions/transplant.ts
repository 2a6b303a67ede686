/** Region transplant (paper Fig. 6): A's chosen regions replaced by B's genes, decoded and drawn; kept as a new person on request. */
import { transplantRegions } from '../../genes/transplant';
import { GENE_LEN, WPLUS_LEN } from '../../breeding/pack-runtime';
import { tensorToPng } from '../../breeding/image-encode';
import { labelFaces } from '../../breeding/label-faces';
import { encodeFaces } from '../images';
import { personDto, pngDataUrl } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { PersonDto } from '../../../shared/dto';
import { describeRegionGroups } from '../../../domain/regions';
import { InputError, NotFoundError } from '../../../domain/errors';

/** Source text of a kept transplant (stored as an imported latent, like a pool founder). */
export const TRANSPLANT_SOURCE_PREFIX = 'transplant:';

async function transplantLatent(ctx: StudioContext, targetId: string, donorId: string, regions: number[]): Promise<Float32Array> {
  if (targetId === donorId) throw new InputError('choose two different persons for a transplant');
  const store = ctx.session.store();
  for (const id of [targetId, donorId]) if (!store.hasPerson(id)) throw new NotFoundError(`person ${id} is not in this project`);
  const runtime = ctx.runtime();
  const both = new Float32Array(2 * WPLUS_LEN);
  both.set(store.getLatent(targetId), 0);
  both.set(store.getLatent(donorId), WPLUS_LEN);
  const genes = await runtime.lge(both);
  const a = { mu: genes.mu.subarray(0, GENE_LEN), logvar: genes.logvar.subarray(0, GENE_LEN) };
  const b = { mu: genes.mu.subarray(GENE_LEN), logvar: genes.logvar.subarray(GENE_LEN) };
  // The mean genes (no sampling): the transplant shows B's region on A, not noise.
  const mixed = transplantRegions(a, b, regions);
  return runtime.decoder(mixed.mu);
}

export async function previewTransplant(ctx: StudioContext, targetId: string, donorId: string, regions: number[]): Promise<{ image: string }> {
  const runtime = ctx.runtime();
  const wplus = await transplantLatent(ctx, targetId, donorId, regions);
  const { image } = await runtime.generator(wplus);
  return { image: pngDataUrl(await tensorToPng(image, 0, runtime.resolution)) };
}

/**
 * The transplant kept as a new person (one undoable step), next to the target. Projects
 * know founder, child and photo origins; like a pool founder, it is stored as an imported
 * latent ('photo' kind) whose source says what it was made from.
 */
export async function keepTransplant(ctx: StudioContext, input: { targetId: string; donorId: string; regions: number[]; name?: string }): Promise<PersonDto> {
  const runtime = ctx.runtime();
  const wplus = await transplantLatent(ctx, input.targetId, input.donorId, input.regions);
  const { image } = await runtime.generator(wplus);
  const [face] = await encodeFaces(image, 1, runtime.resolution);
  const labels = await labelFaces(runtime, wplus, { images: image });
  const store = ctx.session.store();
  const target = store.getPerson(input.targetId);
  const donor = store.getPerson(input.donorId);
  const what = describeRegionGroups(input.regions);
  const person = store.addPerson({
    name: input.name ?? `${target.name} with ${donor.name}’s ${what}`,
    origin: { kind: 'photo', source: `${TRANSPLANT_SOURCE_PREFIX} ${target.name} (${target.id}) with the ${what} of ${donor.name} (${donor.id}); regions ${input.regions.join(',')}` },
    attributes: labels?.[0] ?? target.attributes,
    attributesSource: 'auto',
    wplus,
    image: face!.image,
    thumbnail: face!.thumbnail,
    packId: runtime.id,
  });
  ctx.session.changed();
  return personDto(person);
}
