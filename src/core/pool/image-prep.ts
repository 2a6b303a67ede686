/**
 * Image files as tensors for the pack's encoder (256×256) and image attributes
 * model (224×224): RGB, CHW, in [-1,1] like generator output. FFHQ-aligned images go
 * straight in; unaligned ones are aligned first by the photo-import aligner
 * (src/core/faces/pool-aligner.ts, an `ImagePreparer`).
 */
import sharp from 'sharp';
export { rgbToChw } from '../breeding/image-encode';

/** Decodes and resizes a file to size×size RGB; throws sharp's error for corrupt files. */
export async function fileToRgb(path: string, size: number): Promise<Buffer> {
  return sharp(path, { failOn: 'truncated' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
}
