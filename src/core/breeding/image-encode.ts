/** Generator output ([3,R,R] floats in [-1,1]) to PNG bytes and to model inputs, and RGB back to tensors. */
import sharp from 'sharp';

/** Interleaved 8-bit RGB of image `index` in a [B,3,R,R] batch. */
export function tensorToRgb(batch: Float32Array, index: number, resolution: number): Buffer {
  const plane = resolution * resolution;
  const base = index * 3 * plane;
  const out = Buffer.allocUnsafe(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = batch[base + c * plane + p]!;
      // [-1,1] → [0,255], rounded; NaN (never expected) becomes black rather than garbage.
      const b = Math.round((v + 1) * 127.5);
      out[p * 3 + c] = b > 255 ? 255 : b > 0 ? b : 0;
    }
  }
  return out;
}

export async function tensorToPng(batch: Float32Array, index: number, resolution: number, size?: number): Promise<Buffer> {
  let img = sharp(tensorToRgb(batch, index, resolution), { raw: { width: resolution, height: resolution, channels: 3 } });
  if (size && size !== resolution) img = img.resize(size, size, { kernel: 'lanczos3' });
  return img.png({ compressionLevel: 6 }).toBuffer();
}

/** Interleaved 8-bit RGB (size×size) → CHW float in [-1,1]. */
export function rgbToChw(rgb: Uint8Array, size: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = rgb[p * 3 + c]! / 127.5 - 1;
  }
  return out;
}

/** Generator output image `index` resized to the 224×224 RGB an image attributes model reads. */
export async function tensorToRgb224(batch: Float32Array, index: number, resolution: number): Promise<Buffer> {
  return sharp(tensorToRgb(batch, index, resolution), { raw: { width: resolution, height: resolution, channels: 3 } })
    .resize(224, 224, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
}
