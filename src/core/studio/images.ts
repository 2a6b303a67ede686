/** Rendering latents to the PNGs a project stores: the full image and a card thumbnail. */
import sharp from 'sharp';
import { tensorToPng } from '../breeding/image-encode';
import type { PackRuntime, StageOptions } from '../breeding/pack-runtime';
import { WPLUS_LEN } from '../breeding/pack-runtime';

export const THUMB_SIZE = 192;

export interface RenderedFace {
  image: Buffer;
  thumbnail: Buffer;
}

/** Renders W+ latents [N,18,512] to PNGs (batched through the generator). */
export async function renderFaces(runtime: PackRuntime, wplus: Float32Array, opts: StageOptions = {}): Promise<RenderedFace[]> {
  const { image } = await runtime.generator(wplus, opts);
  return encodeFaces(image, wplus.length / WPLUS_LEN, runtime.resolution);
}

export async function encodeFaces(images: Float32Array, n: number, resolution: number): Promise<RenderedFace[]> {
  const out: RenderedFace[] = [];
  for (let k = 0; k < n; k++) {
    const full = await tensorToPng(images, k, resolution);
    const thumbnail = await sharp(full).resize(THUMB_SIZE, THUMB_SIZE, { kernel: 'lanczos3' }).png().toBuffer();
    out.push({ image: full, thumbnail });
  }
  return out;
}
