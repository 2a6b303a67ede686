/**
 * Reading one FFHQ-aligned image for the encoder, or saying why it is unsuitable.
 * Reasons are categories the build report counts: 'unreadable' (corrupt, truncated,
 * not an image), 'not square', 'too small'.
 */
import sharp from 'sharp';
import { fileToRgb, rgbToChw } from './image-prep';

export type PreparedImage =
  | { ok: true; image256: Float32Array; image224?: Float32Array }
  | { ok: false; reason: string; detail: string };

/**
 * Turns an image file into encoder input. The default expects FFHQ-aligned crops;
 * photo alignment (face detection + FFHQ crop) is another issue's job and plugs in
 * here by wrapping or replacing this function.
 */
export type ImagePreparer = (path: string, opts: { minSize: number; need224: boolean }) => Promise<PreparedImage>;

export const loadAlignedImage: ImagePreparer = async (path, { minSize, need224 }) => {
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(path).metadata());
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: (e as Error).message };
  }
  if (!width || !height) return { ok: false, reason: 'unreadable', detail: 'no image size in the file' };
  if (width !== height) return { ok: false, reason: 'not square', detail: `${width}×${height}; FFHQ-aligned images are square` };
  if (width < minSize) return { ok: false, reason: 'too small', detail: `${width}×${height}; at least ${minSize}×${minSize} needed` };
  try {
    // Decoding the pixels is what finds truncated or corrupt data behind a valid header.
    const image256 = rgbToChw(await fileToRgb(path, 256), 256);
    const image224 = need224 ? rgbToChw(await fileToRgb(path, 224), 224) : undefined;
    return { ok: true, image256, image224 };
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: (e as Error).message };
  }
};
