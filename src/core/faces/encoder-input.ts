/** The encoder's input from an aligned crop (photo import and the FFHQ pool build). */
import sharp from 'sharp';
import { rgbToChw } from '../breeding/image-encode';
import type { RgbImage } from './types';

/** The aligned crop as the encoder's [1,3,size,size] input in [-1,1]. */
export async function encoderInput(img: RgbImage, size: number): Promise<Float32Array> {
  const rgb = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(size, size, { kernel: 'lanczos3' }).raw().toBuffer();
  return rgbToChw(rgb, size);
}
