/** Region transplant (paper Fig. 6): A's chosen regions replaced by B's genes, decoded and drawn. */
import { transplantRegions } from '../../genes/transplant';
import { GENE_LEN, WPLUS_LEN } from '../../breeding/pack-runtime';
import { tensorToPng } from '../../breeding/image-encode';
import { pngDataUrl } from '../to-dto';
import type { StudioContext } from '../studio-context';
import { InputError, NotFoundError } from '../../../domain/errors';

export async function previewTransplant(ctx: StudioContext, targetId: string, donorId: string, regions: number[]): Promise<{ image: string }> {
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
  const wplus = await runtime.decoder(mixed.mu);
  const { image } = await runtime.generator(wplus);
  return { image: pngDataUrl(await tensorToPng(image, 0, runtime.resolution)) };
}
