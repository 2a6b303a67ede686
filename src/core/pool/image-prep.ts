/**
 * Image tensors for the pack's encoder (256×256) and image attributes model
 * (224×224): RGB, CHW, scaled to [-1,1] like generator output. FFHQ-aligned images
 * go straight in; unaligned photos need alignment first (another issue: plug it in
 * through `ImagePreparer` in build-images.ts).
 */
import sharp from 'sharp';
import { tensorToRgb } from '../breeding/image-encode';

/** Interleaved 8-bit RGB (size×size) → CHW float in [-1,1]. */
export function rgbToChw(rgb: Uint8Array, size: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = rgb[p * 3 + c]! / 127.5 - 1;
  }
  return out;
}

/** Decodes and resizes a file to size×size RGB; throws sharp's error for corrupt files. */
export async function fileToRgb(path: string, size: number): Promise<Buffer> {
  return sharp(path, { failOn: 'truncated' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
}

export async function tensorToRgb224(batch: Float32Array, index: number, resolution: number): Promise<Buffer> {
  return sharp(tensorToRgb(batch, index, resolution), { raw: { width: resolution, height: resolution, channels: 3 } })
    .resize(224, 224, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
}
