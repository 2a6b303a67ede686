/**
 * Photo import through the API handlers, with the real face detector: the astronaut
 * is found, aligned and (with the TEST FIXTURE encoder pack) becomes a founder that
 * breeds with a random founder; bad files and face-less images add nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { StudioService } from '../../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../../src/core/api-router';
import { builtinResources, tempDir } from '../../support/builtin-pack';
import { writeEncoderPack, TEST_ENCODER_PACK_ID } from './encoder-pack-fixture';
import { astronautOrSkip } from './astronaut';

const astronaut = astronautOrSkip();
let service: StudioService;
let h: Handlers;

beforeAll(async () => {
  const dataDir = tempDir('kinship-import-');
  await writeEncoderPack(dataDir);
  service = await StudioService.create({ host: 'cli', dataDir, resourcesDir: await builtinResources() });
  h = createHandlers(service);
}, 180_000);

afterAll(async () => {
  await service?.dispose();
});

const b64 = (b: Buffer) => b.toString('base64');
const personCount = async () => (await call(h, 'tree.get', {})).persons.length;

describe('photo import', () => {
  it('uses the test encoder pack', async () => {
    const s = await call(h, 'studio.status', {});
    expect(s.activePack?.id).toBe(TEST_ENCODER_PACK_ID);
    expect(s.activePack?.capabilities.encoder).toBe(true);
  });

  it.skipIf(!astronaut)('imports the astronaut as a founder that breeds', async () => {
    const d = await call(h, 'photo.detect', { fileName: 'astronaut.png', data: b64(readFileSync(astronaut!)) });
    expect(d.faces.length).toBe(1);
    const f = d.faces[0]!;
    expect(f.problem).toBeNull();
    // The face is in the upper middle of the 512² photo, eyes level.
    expect(f.box.x).toBeGreaterThan(120);
    expect(f.box.x + f.box.width).toBeLessThan(340);
    expect(Math.abs(f.points.leftEye.y - f.points.rightEye.y)).toBeLessThan(15);
    const a = await call(h, 'photo.align', { photoId: d.photoId, faceIndex: 0 });
    const alignedMeta = await sharp(Buffer.from(a.aligned.split(',')[1]!, 'base64')).metadata();
    expect([alignedMeta.width, alignedMeta.height]).toEqual([1024, 1024]);
    const r = await call(h, 'photo.import', { photoId: d.photoId, faceIndex: 0, name: 'Astronaut' });
    expect(r.person?.origin).toEqual({ kind: 'photo', source: 'astronaut.png' });
    expect(r.reconstruction).toMatch(/^data:image\/png;base64,/);
    expect(existsSync(r.alignedPath)).toBe(true);
    expect(r.alignedPath.startsWith(join(service.dataDir, 'imports'))).toBe(true);
    const other = await call(h, 'founders.random', { seed: 5 });
    const child = await call(h, 'breed.preview', { fatherId: other.id, motherId: r.person!.id, seed: 1, settings: {}, target: null });
    expect(child.image).toMatch(/^data:image\/png;base64,/);
  }, 120_000);

  it('refuses a non-image, a truncated file and a face-less image, adding nobody', async () => {
    const before = await personCount();
    await expect(call(h, 'photo.detect', { fileName: 'notes.txt', data: b64(Buffer.from('hello, not an image')) })).rejects.toThrow(/not an image/);
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#336699' } }).png().toBuffer();
    await expect(call(h, 'photo.detect', { fileName: 'cut.png', data: b64(png.subarray(0, Math.floor(png.length / 2))) })).rejects.toThrow(/truncated|corrupt/);
    const gradient = await sharp(Buffer.from(Array.from({ length: 300 * 200 * 3 }, (_, i) => (i % 900) / 4)), { raw: { width: 300, height: 200, channels: 3 } }).jpeg().toBuffer();
    await expect(call(h, 'photo.detect', { fileName: 'gradient.jpg', data: b64(gradient) })).rejects.toThrow(/No face/);
    expect(await personCount()).toBe(before);
  }, 60_000);
});
