/**
 * Entry thumbnails for the pool browser: rendered by the pack's generator in one
 * batch for the entries that lack one, resized with sharp, and kept in the pool
 * file (PNG BLOBs) so browsing a group a second time renders nothing. A gene-only
 * entry has no W+: its preview is the decoder's W+ of its mu (the mean of its genes),
 * an approximation the browser labels as such.
 */
import { WPLUS_LEN, type PackRuntime, type StageOptions } from '../breeding/pack-runtime';
import { tensorToPng } from '../breeding/image-encode';
import type { PoolIndex } from './pool-index';
import type { GeneFileReader } from './gene-file-reader';

export const DEFAULT_THUMBNAIL_SIZE = 96;

export async function ensureThumbnails(
  index: PoolIndex,
  runtime: Pick<PackRuntime, 'generator' | 'resolution' | 'decoder'>,
  ids: readonly number[],
  size = DEFAULT_THUMBNAIL_SIZE,
  opts: StageOptions = {},
  geneFiles?: GeneFileReader,
): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  const missing: number[] = [];
  for (const id of ids) {
    const png = index.thumbnail(id, size);
    if (png) out.set(id, png);
    else missing.push(id);
  }
  if (!missing.length) return out;
  const geneOnly = index.geneOnlyIds(missing);
  let wplus: Float32Array;
  if (geneOnly.size) {
    if (!geneFiles) throw new Error('ensureThumbnails: gene-only entries need a GeneFileReader');
    const genes = missing.filter((id) => geneOnly.has(id));
    const refs = index.geneRefs(genes);
    geneFiles.check(refs);
    const decoded = await runtime.decoder(geneFiles.readMu(refs), opts);
    const others = missing.filter((id) => !geneOnly.has(id));
    const own = others.length ? index.wplus(others) : new Float32Array(0);
    wplus = new Float32Array(missing.length * WPLUS_LEN);
    let g = 0;
    let o = 0;
    missing.forEach((id, k) => {
      if (geneOnly.has(id)) wplus.set(decoded.subarray(g * WPLUS_LEN, ++g * WPLUS_LEN), k * WPLUS_LEN);
      else wplus.set(own.subarray(o * WPLUS_LEN, ++o * WPLUS_LEN), k * WPLUS_LEN);
    });
  } else {
    wplus = index.wplus(missing);
  }
  const { image } = await runtime.generator(wplus, opts);
  const pngs = await Promise.all(missing.map((_, k) => tensorToPng(image, k, runtime.resolution, size)));
  index.transaction(() => missing.forEach((id, k) => index.putThumbnail(id, size, pngs[k]!)));
  missing.forEach((id, k) => out.set(id, pngs[k]!));
  return out;
}
