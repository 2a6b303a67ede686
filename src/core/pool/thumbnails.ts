/**
 * Entry thumbnails for the pool browser: rendered by the pack's generator in one
 * batch for the entries that lack one, resized with sharp, and kept in the pool
 * file (PNG BLOBs) so browsing a group a second time renders nothing.
 */
import type { PackRuntime, StageOptions } from '../breeding/pack-runtime';
import { tensorToPng } from '../breeding/image-encode';
import type { PoolIndex } from './pool-index';

export const DEFAULT_THUMBNAIL_SIZE = 96;

export async function ensureThumbnails(
  index: PoolIndex,
  runtime: Pick<PackRuntime, 'generator' | 'resolution'>,
  ids: readonly number[],
  size = DEFAULT_THUMBNAIL_SIZE,
  opts: StageOptions = {},
): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  const missing: number[] = [];
  for (const id of ids) {
    const png = index.thumbnail(id, size);
    if (png) out.set(id, png);
    else missing.push(id);
  }
  if (!missing.length) return out;
  const { image } = await runtime.generator(index.wplus(missing), opts);
  const pngs = await Promise.all(missing.map((_, k) => tensorToPng(image, k, runtime.resolution, size)));
  index.transaction(() => missing.forEach((id, k) => index.putThumbnail(id, size, pngs[k]!)));
  missing.forEach((id, k) => out.set(id, pngs[k]!));
  return out;
}
