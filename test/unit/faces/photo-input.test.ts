/** Decoding photos: EXIF orientation, a 50 MP image, and refusals. */
import { describe, it, expect } from 'vitest';
import sharp from 'sharp';
import { decodePhoto, WORK_MAX_SIDE } from '../../../src/core/faces/photo-input';

describe('decodePhoto', () => {
  it('honours EXIF orientation (6 = rotate 90° clockwise to view)', async () => {
    // Stored 300×200 with the left half red; viewed upright it is 200×300 with the top half red.
    const raw = Buffer.alloc(300 * 200 * 3);
    for (let y = 0; y < 200; y++) for (let x = 0; x < 300; x++) raw.set(x < 150 ? [255, 0, 0] : [0, 0, 255], (y * 300 + x) * 3);
    const jpeg = await sharp(raw, { raw: { width: 300, height: 200, channels: 3 } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const p = await decodePhoto(jpeg, 'rotated.jpg');
    expect([p.width, p.height]).toEqual([200, 300]);
    expect([p.work.width, p.work.height]).toEqual([200, 300]);
    const at = (x: number, y: number) => Array.from(p.work.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3));
    expect(at(100, 20)[0]).toBeGreaterThan(200);
    expect(at(100, 280)[2]).toBeGreaterThan(200);
  });

  it('takes a 50 MP photo and works on a downscaled copy', async () => {
    const jpeg = await sharp({ create: { width: 8660, height: 5774, channels: 3, background: '#808080' } }).jpeg({ quality: 60 }).toBuffer();
    const p = await decodePhoto(jpeg, 'big.jpg');
    expect([p.width, p.height]).toEqual([8660, 5774]);
    expect(Math.max(p.work.width, p.work.height)).toBeLessThanOrEqual(WORK_MAX_SIDE);
    expect(Math.max(p.detect.width, p.detect.height)).toBeLessThanOrEqual(1024);
    expect(p.workScale).toBeGreaterThan(2);
  }, 60_000);

  it('refuses a file over the pixel limit before decoding it', async () => {
    const png = await sharp({ create: { width: 10000, height: 6000, channels: 3, background: '#000' } }).png({ compressionLevel: 1 }).toBuffer();
    await expect(decodePhoto(png, 'huge.png')).rejects.toThrow(/megapixels/);
  }, 60_000);

  it('refuses text, and a truncated JPEG', async () => {
    await expect(decodePhoto(Buffer.from('plain text'), 'a.txt')).rejects.toThrow(/not an image/);
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#a0522d' } }).jpeg().toBuffer();
    await expect(decodePhoto(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg')).rejects.toThrow(/truncated|corrupt/);
  });

  it('reads WebP', async () => {
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#123456' } }).webp().toBuffer();
    expect((await decodePhoto(webp, 'x.webp')).format).toBe('webp');
  });
});
