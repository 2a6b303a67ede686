/**
 * Pools from image folders. The built-in pack's encoder needs a face in every image, so these tests use a
 * stand-in runtime whose "encoder" summarises each image (mean colour per channel
 * spread over W+) — enough to check decoding, skipping, labelling and resumption.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import { buildImagePool, type ImageBuildRuntime } from '../../../src/core/pool/build-images';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import type { ModelRole } from '../../../src/core/packs/manifest';
import { PACK_A, tempPoolPath } from '../../unit/pool/pool-fixtures';
import { dumpEntries } from './pack-fixture';

function fakeRuntime(opts: { encoder?: boolean; attributesInput?: 'wplus' | 'image'; attributes?: boolean } = {}): ImageBuildRuntime & { encoded: number } {
  const has = new Set<ModelRole>(['generator', 'lge', 'decoder']);
  if (opts.encoder !== false) has.add('encoder');
  if (opts.attributes !== false) has.add('attributes');
  const rt = {
    encoded: 0,
    pack: { manifest: { name: 'Fake', io: { attributesInput: opts.attributesInput ?? 'image' } } },
    has: (role: ModelRole) => has.has(role),
    async encoder(image: Float32Array): Promise<Float32Array> {
      const plane = 256 * 256;
      const n = image.length / (3 * plane);
      rt.encoded += n;
      const out = new Float32Array(n * WPLUS_LEN);
      for (let k = 0; k < n; k++) {
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let p = 0; p < plane; p++) s += image[(k * 3 + c) * plane + p]!;
          out.fill(s / plane, k * WPLUS_LEN + c * 3072, k * WPLUS_LEN + (c + 1) * 3072);
        }
      }
      return out;
    },
    // Logits: Black (race 1), female (gender 1), 70+ (age 8) for every image.
    async attributes(input: { image224?: Float32Array }): Promise<Float32Array> {
      const n = input.image224!.length / (3 * 224 * 224);
      const out = new Float32Array(n * 18);
      for (let k = 0; k < n; k++) [1, 8, 17].forEach((i) => (out[k * 18 + i] = 5));
      return out;
    },
  };
  return rt;
}

let dir = '';
const CSV = 'file_id,gender,age,race,race4,hair_color\n00001,Male,0-2,White,White,blond\n00002,Female,30-39,Indian,Indian,black\n00003,Male,3-9,Black,Black,black\n00004,Male,3-9,Black,Black,black\n00005,Male,3-9,Black,Black,black\n00006,Male,3-9,Black,Black,black\n00008,Female,70+,East Asian,Asian,gray\n';
let csvPath = '';

async function face(size: number, height = size, colour = { r: 200, g: 120, b: 90 }): Promise<Buffer> {
  return sharp({ create: { width: size, height, channels: 3, background: colour } }).png().toBuffer();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kinship-ffhq-'));
  writeFileSync(join(dir, '00001.png'), await face(256));
  writeFileSync(join(dir, '00002.png'), await face(300, 300, { r: 10, g: 20, b: 250 }));
  writeFileSync(join(dir, '00003.png'), Buffer.from('this is not a PNG file at all'));
  // A real PNG of noise cut short: the header reads, the pixels do not.
  const noise = Buffer.from(Array.from({ length: 256 * 256 * 3 }, (_, i) => (i * 2654435761) >>> 24));
  const full = await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } }).png().toBuffer();
  writeFileSync(join(dir, '00004.png'), full.subarray(0, Math.floor(full.length * 0.6)));
  writeFileSync(join(dir, '00005.png'), await face(64));
  writeFileSync(join(dir, '00006.png'), await face(256, 200));
  writeFileSync(join(dir, '00007.png'), await face(256)); // not in the CSV
  writeFileSync(join(dir, '00008.jpg'), await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer());
  writeFileSync(join(dir, 'notes.txt'), 'not an image, ignored');
  csvPath = join(dir, 'attributes.csv');
  writeFileSync(csvPath, CSV);
});

describe('pool from a folder of FFHQ-aligned images', () => {
  it('encodes good images with CSV labels and skips bad ones with reasons', async () => {
    const index = PoolIndex.open(tempPoolPath(), PACK_A);
    const r = await buildImagePool(index, fakeRuntime(), { imagesDir: dir, csvPath }, { batchSize: 3 });
    expect(r).toMatchObject({ complete: true, total: 8, added: 3, resumedFrom: 0 });
    expect(r.skippedByReason).toEqual({ unreadable: 2, 'too small': 1, 'not square': 1, 'not in CSV': 1 });
    expect(r.skipped.map((s) => [s.item, s.reason])).toEqual([
      ['00003.png', 'unreadable'],
      ['00004.png', 'unreadable'],
      ['00005.png', 'too small'],
      ['00006.png', 'not square'],
      ['00007.png', 'not in CSV'],
    ]);
    expect(r.skipped[2]!.detail).toMatch(/64×64; at least 256×256/);
    const e = index.entries([1, 2, 3]);
    expect(e.map((x) => [x.sourceRef, x.ageGroup, x.gender, x.race, x.hairColor, x.attributesSource])).toEqual([
      ['00001', '0-2', 'male', 'White', 'blond', 'csv'],
      ['00002', '30-39', 'female', 'Indian', 'black', 'csv'],
      ['00008', '70+', 'female', 'East Asian', 'gray', 'csv'],
    ]);
    // Pixels reached the encoder as [-1,1] CHW: 00002 is blue.
    const w = index.wplus([2]);
    expect(w[0]).toBeCloseTo(10 / 127.5 - 1, 2);
    expect(w[2 * 3072]).toBeCloseTo(250 / 127.5 - 1, 2);
    index.close();
  });

  it('resumes after a cancel without redoing finished or skipped images', async () => {
    const path = tempPoolPath();
    const index = PoolIndex.open(path, PACK_A);
    const controller = new AbortController();
    const rt = fakeRuntime();
    const first = await buildImagePool(index, rt, { imagesDir: dir, csvPath }, { batchSize: 2, signal: controller.signal, onProgress: (p) => p.done >= 4 && controller.abort() });
    expect(first.complete).toBe(false);
    const encodedBefore = rt.encoded;
    const second = await buildImagePool(index, rt, { imagesDir: dir, csvPath }, { batchSize: 2 });
    expect(second).toMatchObject({ complete: true, resumedFrom: 4 });
    expect(rt.encoded - encodedBefore).toBe(1); // only 00008 was left to encode
    index.close();

    const straight = tempPoolPath();
    const other = PoolIndex.open(straight, PACK_A);
    await buildImagePool(other, fakeRuntime(), { imagesDir: dir, csvPath }, { batchSize: 2 });
    other.close();
    expect(dumpEntries(path)).toEqual(dumpEntries(straight));
  });

  it('labels with the pack’s image attributes model when there is no CSV', async () => {
    const index = PoolIndex.open(tempPoolPath(), PACK_A);
    const r = await buildImagePool(index, fakeRuntime(), { imagesDir: dir });
    expect(r.added).toBe(4); // 00007 is fine without a CSV
    expect(index.entry(1)).toMatchObject({ ageGroup: '70+', gender: 'female', race: 'Black', attributesSource: 'model' });
    index.close();
  });

  it('says clearly what is missing: an encoder, or labels', async () => {
    const index = PoolIndex.open(tempPoolPath(), PACK_A);
    await expect(buildImagePool(index, fakeRuntime({ encoder: false }), { imagesDir: dir, csvPath })).rejects.toThrow(/'Fake' has no encoder/);
    await expect(buildImagePool(index, fakeRuntime({ attributesInput: 'wplus' }), { imagesDir: dir })).rejects.toThrow(/no attributes model that reads images; give an attributes CSV/);
    await expect(buildImagePool(index, fakeRuntime(), { imagesDir: join(dir, 'nope'), csvPath })).rejects.toThrow(/cannot read the image folder/);
    index.close();
  });
});
