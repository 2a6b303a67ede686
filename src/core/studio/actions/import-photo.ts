/**
 * An aligned face becomes a founder: the active pack's encoder inverts it into W+
 * (latentAvg added by PackRuntime.encoder), the generator renders the
 * reconstruction, and both latent and reconstruction go into the project with origin
 * {kind:'photo', source: file name}. The aligned crop is always kept in
 * `<dataDir>/imports/`, so a pack without an encoder still leaves the user with it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { decodeAttributes } from '../../breeding/attributes-decode';
import { labelFaces } from '../../breeding/label-faces';
import { encoderInput } from '../../faces/encoder-input';
import type { PhotoSession } from '../../faces/photo-session';
import type { RgbImage } from '../../faces/types';
import { renderFaces } from '../images';
import { personDto } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { PersonDto } from '../../../shared/dto';

export interface ImportResult {
  person: PersonDto | null;
  aligned: Buffer;
  alignedPath: string;
  reconstruction: Buffer | null;
  /** Set when the import stopped after alignment (no encoder), in words. */
  message: string | null;
}

export async function importPhotoFounder(
  ctx: StudioContext,
  photos: PhotoSession,
  importsDir: string,
  input: { photoId: string; faceIndex: number; name?: string },
): Promise<ImportResult> {
  const { fileName, aligned, png } = await photos.align(input.photoId, input.faceIndex);
  const alignedPath = keepAligned(importsDir, fileName, input.faceIndex, png);
  const runtime = ctx.runtime();
  if (!runtime.has('encoder')) {
    return {
      person: null,
      aligned: png,
      alignedPath,
      reconstruction: null,
      message: `The model pack '${runtime.pack.manifest.name}' has no encoder, so the face cannot be turned into a founder. The aligned photo was kept in ${alignedPath}.`,
    };
  }
  const wplus = await runtime.encoder(await encoderInput(aligned.image, 256));
  const attributes = await attributesOf(ctx, wplus, aligned.image);
  const [face] = await renderFaces(runtime, wplus);
  const store = ctx.session.store();
  const person = store.addPerson({
    name: input.name ?? (basename(fileName, extname(fileName)).trim() || 'Imported photo'),
    origin: { kind: 'photo', source: fileName },
    attributes,
    attributesSource: 'auto',
    wplus,
    image: face!.image,
    thumbnail: face!.thumbnail,
    packId: runtime.id,
  });
  ctx.session.changed();
  return { person: personDto(person), aligned: png, alignedPath, reconstruction: face!.image, message: null };
}

/** Labels of the import: an image attributes model reads the photo itself, not the reconstruction. */
async function attributesOf(ctx: StudioContext, wplus: Float32Array, img: RgbImage) {
  const runtime = ctx.runtime();
  if (!runtime.has('attributes')) return null;
  if (runtime.pack.manifest.io.attributesInput === 'wplus') return (await labelFaces(runtime, wplus))![0]!;
  return decodeAttributes(await runtime.attributes({ image224: await encoderInput(img, 224) }), 0);
}

function keepAligned(dir: string, fileName: string, faceIndex: number, png: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const stem = basename(fileName, extname(fileName)).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'photo';
  const path = join(dir, `${stem}-face${faceIndex + 1}-${Date.now()}.png`);
  writeFileSync(path, png);
  return path;
}
