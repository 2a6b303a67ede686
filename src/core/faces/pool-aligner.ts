/**
 * An ImagePreparer (src/core/pool/image-check.ts) that lets the gene-pool builder
 * take unaligned photos: images that already look FFHQ-aligned (square, big enough)
 * go through the pool's own loader; anything else is detected and aligned with the
 * same code as photo import (largest usable face), then sized for the encoder.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadAlignedImage, type ImagePreparer } from '../pool/image-check';
import { alignFace } from './ffhq-align';
import { checkFace } from './face-checks';
import { encoderInput } from './encoder-input';
import { decodePhoto } from './photo-input';
import { mapPoints } from './landmarks';
import { PhotoError, type FaceDetector } from './types';

export interface PoolAlignerOptions {
  /** Align every image, even square ones (for folders of mixed, unaligned photos). */
  alignAll?: boolean;
}

export function createAligningPreparer(detector: FaceDetector, opts: PoolAlignerOptions = {}): ImagePreparer {
  return async (path, { minSize, need224 }) => {
    if (!opts.alignAll) {
      const direct = await loadAlignedImage(path, { minSize, need224 });
      if (direct.ok || direct.reason !== 'not square') return direct;
    }
    try {
      const photo = await decodePhoto(await readFile(path), basename(path));
      const faces = await detector.detect(photo.detect);
      if (faces.length === 0) return { ok: false, reason: 'no face', detail: 'no face found for alignment' };
      const s = photo.detectScale;
      const scaled = faces.map((f) => mapPoints(f.points, (p) => ({ x: p.x * s, y: p.y * s })));
      // The first (largest) face that passes the size and pose checks.
      let lastProblem = '';
      for (const points of scaled) {
        try {
          checkFace(points, photo.workScale);
        } catch (e) {
          lastProblem = (e as Error).message;
          continue;
        }
        const { image } = await alignFace(photo.work, points);
        const image256 = await encoderInput(image, 256);
        const image224 = need224 ? await encoderInput(image, 224) : undefined;
        return { ok: true, image256, image224 };
      }
      return { ok: false, reason: 'unusable face', detail: lastProblem };
    } catch (e) {
      if (e instanceof PhotoError) return { ok: false, reason: e.reason === 'no-face' ? 'no face' : 'unreadable', detail: e.message };
      return { ok: false, reason: 'unreadable', detail: (e as Error).message };
    }
  };
}
