/**
 * Detect and align, with the decoded photo kept between the two steps (the bytes of
 * a 50 MP photo cross the wire once; the user then picks a face by index). A few
 * recent photos are kept, oldest dropped first.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { alignFace, cropRgb, rgbToPng, type AlignedFace } from './ffhq-align';
import { checkFace, measureFace } from './face-checks';
import { decodePhoto, type DecodedPhoto } from './photo-input';
import { mapPoints } from './landmarks';
import { PhotoError, type Box, type FaceDetector, type FivePoints, type Point } from './types';

export interface PhotoFace {
  index: number;
  score: number;
  /** In original-photo pixels (after EXIF orientation). */
  box: Box;
  points: FivePoints;
  landmarks68: Point[] | null;
  /** Why this face cannot be imported, or null. */
  problem: string | null;
  /** A small PNG of the face box. */
  preview: Buffer;
}

export interface DetectedPhoto {
  photoId: string;
  fileName: string;
  format: string;
  width: number;
  height: number;
  faces: PhotoFace[];
  /** The whole photo, at most 640 px, as PNG (the UI draws boxes over it). */
  preview: Buffer;
}

interface Entry {
  photo: DecodedPhoto;
  faces: PhotoFace[];
  /** Points in working-copy pixels, per face. */
  workPoints: FivePoints[];
}

const KEEP = 4;
const PREVIEW_SIDE = 640;
const FACE_PREVIEW = 128;

export class PhotoSession {
  private readonly photos = new Map<string, Entry>();

  constructor(private readonly detector: FaceDetector) {}

  async detect(bytes: Uint8Array, fileName: string): Promise<DetectedPhoto> {
    const photo = await decodePhoto(bytes, fileName);
    const found = await this.detector.detect(photo.detect);
    if (found.length === 0) {
      throw new PhotoError('no-face', `No face was found in “${fileName}”. Use a photo where the face is clearly visible, upright and not too small.`);
    }
    const toWork = (p: Point): Point => ({ x: p.x * photo.detectScale, y: p.y * photo.detectScale });
    const toOrig = (p: Point): Point => ({ x: p.x * photo.workScale, y: p.y * photo.workScale });
    const workPoints: FivePoints[] = [];
    const faces: PhotoFace[] = [];
    for (const [index, f] of found.entries()) {
      const wp = mapPoints(f.points, toWork);
      workPoints.push(wp);
      let problem: string | null = null;
      try {
        checkFace(wp, photo.workScale);
      } catch (e) {
        if (!(e instanceof PhotoError)) throw e;
        problem = e.message;
      }
      const k = photo.detectScale * photo.workScale;
      const box = { x: f.box.x * k, y: f.box.y * k, width: f.box.width * k, height: f.box.height * k };
      faces.push({
        index,
        score: f.score,
        box,
        points: mapPoints(wp, toOrig),
        landmarks68: f.landmarks68?.map((p) => toOrig(toWork(p))) ?? null,
        problem,
        preview: await facePreview(photo, f.box),
      });
    }
    const photoId = randomUUID();
    this.photos.set(photoId, { photo, faces, workPoints });
    while (this.photos.size > KEEP) this.photos.delete(this.photos.keys().next().value!);
    const preview = await sharp(photo.work.data, { raw: { width: photo.work.width, height: photo.work.height, channels: 3 } })
      .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    return { photoId, fileName, format: photo.format, width: photo.width, height: photo.height, faces, preview };
  }

  /** The FFHQ-aligned crop (1024², PNG) of one detected face; refuses unusable faces. */
  async align(photoId: string, faceIndex: number): Promise<{ fileName: string; face: PhotoFace; aligned: AlignedFace; png: Buffer }> {
    const entry = this.photos.get(photoId);
    if (!entry) throw new PhotoError('bad-face-index', 'This photo is no longer open; choose the file again.');
    const face = entry.faces[faceIndex];
    const points = entry.workPoints[faceIndex];
    if (!face || !points) throw new PhotoError('bad-face-index', `There is no face ${faceIndex + 1} in “${entry.photo.fileName}” (it has ${entry.faces.length}).`);
    checkFace(points, entry.photo.workScale);
    const aligned = await alignFace(entry.photo.work, points);
    const png = await rgbToPng(aligned.image);
    return { fileName: entry.photo.fileName, face, aligned, png };
  }

  measures(photoId: string, faceIndex: number) {
    const points = this.photos.get(photoId)?.workPoints[faceIndex];
    return points ? measureFace(points) : null;
  }
}

/** The detector-space box, grown by a quarter, cut from the detector image. */
async function facePreview(photo: DecodedPhoto, box: Box): Promise<Buffer> {
  const img = photo.detect;
  const grow = Math.max(box.width, box.height) * 0.25;
  const left = Math.max(0, Math.floor(box.x - grow));
  const top = Math.max(0, Math.floor(box.y - grow));
  const right = Math.min(img.width, Math.ceil(box.x + box.width + grow));
  const bottom = Math.min(img.height, Math.ceil(box.y + box.height + grow));
  const c = cropRgb(img, left, top, Math.max(1, right - left), Math.max(1, bottom - top));
  return sharp(c.data, { raw: { width: c.width, height: c.height, channels: 3 } })
    .resize(FACE_PREVIEW, FACE_PREVIEW, { fit: 'contain', background: '#202020' })
    .png()
    .toBuffer();
}
