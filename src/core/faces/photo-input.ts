/**
 * Photo bytes → pixels, safely: the format is checked from the data (not the name),
 * EXIF orientation is applied, the decoder refuses more than MAX_INPUT_PIXELS before
 * allocating anything, truncated data is an error rather than grey rows, and the
 * result is capped at WORK_MAX_SIDE (JPEGs shrink while decoding, so a 50 MP photo
 * never sits in memory at full size).
 */
import sharp, { type Metadata } from 'sharp';
import { resize } from './ffhq-align';
import { PhotoError, type RgbImage } from './types';

/** 50 "camera" megapixels (8688×5792 and the like) pass; more is refused. */
export const MAX_INPUT_PIXELS = 52_500_000;
/** Working copy: enough for a 1024 crop of any face that fills at most a quarter of the frame. */
export const WORK_MAX_SIDE = 4096;
/** The detector sees at most this; landmarks are scaled back to the working copy. */
export const DETECT_MAX_SIDE = 1024;

const FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'tiff', 'gif']);

export interface DecodedPhoto {
  fileName: string;
  format: string;
  /** Size after EXIF orientation, in original pixels. */
  width: number;
  height: number;
  work: RgbImage;
  detect: RgbImage;
  /** Original pixels per working-copy pixel (≥ 1). */
  workScale: number;
  /** Working-copy pixels per detector pixel (≥ 1). */
  detectScale: number;
}

export async function decodePhoto(bytes: Uint8Array, fileName: string): Promise<DecodedPhoto> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoError('not-an-image', `“${fileName}” is not an image this studio can read (JPEG, PNG, WebP, AVIF/HEIF, TIFF).`);
  }
  const format = meta.format ?? 'unknown';
  if (!FORMATS.has(format)) {
    throw new PhotoError('unsupported-format', `“${fileName}” is a ${format} file; use JPEG, PNG, WebP, AVIF/HEIF or TIFF.`);
  }
  if (format === 'heif' && meta.compression === 'hevc') {
    throw new PhotoError('unsupported-format', `“${fileName}” is HEIC (HEVC-coded), which the bundled image library cannot decode; export it as JPEG first.`);
  }
  const w0 = meta.width ?? 0;
  const h0 = meta.height ?? 0;
  if (!w0 || !h0) throw new PhotoError('not-an-image', `“${fileName}” has no image size in its header.`);
  if (w0 * h0 > MAX_INPUT_PIXELS) {
    throw new PhotoError('too-large', `“${fileName}” has ${(w0 * h0 / 1e6).toFixed(1)} megapixels; at most ${Math.floor(MAX_INPUT_PIXELS / 1e6)} are supported.`);
  }
  let work: RgbImage;
  try {
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize({ width: WORK_MAX_SIDE, height: WORK_MAX_SIDE, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    work = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    const msg = (e as Error).message;
    throw new PhotoError('truncated', `“${fileName}” could not be decoded (the file looks truncated or corrupt): ${msg.split('\n')[0]}`);
  }
  // Orientations 5–8 swap the sides.
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = swapped ? h0 : w0;
  const height = swapped ? w0 : h0;
  const detectScale = Math.max(1, Math.max(work.width, work.height) / DETECT_MAX_SIDE);
  const detect = detectScale > 1 ? await resize(work, Math.round(work.width / detectScale), Math.round(work.height / detectScale)) : work;
  return { fileName, format, width, height, work, detect, workScale: width / work.width, detectScale: work.width / detect.width };
}
