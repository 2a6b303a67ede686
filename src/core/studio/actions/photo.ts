/** The photo.* procedures over one PhotoSession per service (decoded photos live here). */
import { join } from 'node:path';
import { faceApiDetector } from '../../faces/detector';
import { PhotoSession } from '../../faces/photo-session';
import { PhotoError, type FaceDetector } from '../../faces/types';
import { importPhotoFounder } from './import-photo';
import { pngDataUrl } from '../to-dto';
import type { StudioContext } from '../studio-context';

export { PhotoError };

export function photoHandlers(ctx: StudioContext, dataDir: string, detector: FaceDetector = faceApiDetector()) {
  const photos = new PhotoSession(detector);
  const importsDir = join(dataDir, 'imports');
  return {
    'photo.detect': async ({ fileName, data }: { fileName: string; data: string }) => {
      const d = await photos.detect(Buffer.from(data, 'base64'), fileName);
      return {
        ...d,
        preview: pngDataUrl(d.preview),
        faces: d.faces.map((f) => ({ index: f.index, score: f.score, box: f.box, points: f.points, problem: f.problem, preview: pngDataUrl(f.preview) })),
      };
    },
    'photo.align': async ({ photoId, faceIndex }: { photoId: string; faceIndex: number }) => {
      const { png } = await photos.align(photoId, faceIndex);
      let encoder = false;
      try {
        encoder = ctx.runtime().has('encoder');
      } catch {
        // No pack could be opened: the aligned crop is still worth showing.
      }
      return { aligned: pngDataUrl(png), encoder };
    },
    'photo.import': async (input: { photoId: string; faceIndex: number; name?: string }) => {
      const r = await importPhotoFounder(ctx, photos, importsDir, input);
      return {
        person: r.person,
        aligned: pngDataUrl(r.aligned),
        alignedPath: r.alignedPath,
        reconstruction: r.reconstruction ? pngDataUrl(r.reconstruction) : null,
        message: r.message,
      };
    },
  };
}
