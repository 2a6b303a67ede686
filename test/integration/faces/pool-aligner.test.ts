/**
 * The gene-pool builder's preparer aligns images that are not aligned yet with the
 * photo-import code: a non-square photo of a face comes out as encoder input, a
 * square one is taken as already aligned, and a photo without a face is skipped
 * with a reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { createAligningPreparer, faceApiDetector } from '../../../src/core/faces';
import { tempDir } from '../../support/builtin-pack';
import { astronautOrSkip } from './astronaut';

const astronaut = astronautOrSkip();
const dir = tempDir('kinship-pool-align-');
const prepare = createAligningPreparer(faceApiDetector());

beforeAll(async () => {
  if (!astronaut) return;
  // Not square: padded on the right, so the builder cannot take it as FFHQ-aligned.
  await sharp(astronaut).extend({ right: 160, background: '#808080' }).png().toFile(join(dir, 'wide.png'));
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#88aacc' } }).png().toFile(join(dir, 'noface.png'));
});

describe.skipIf(!astronaut)('pool aligner', () => {
  it('aligns a non-square face photo into 256×256 encoder input', async () => {
    const r = await prepare(join(dir, 'wide.png'), { minSize: 256, need224: true });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.image256.length).toBe(3 * 256 * 256);
      expect(r.image224?.length).toBe(3 * 224 * 224);
      const outside = r.image256.filter((v) => v < -1 || v > 1 || Number.isNaN(v)).length;
      expect(outside).toBe(0);
    }
  }, 120_000);

  it('takes a square image as already aligned', async () => {
    const r = await prepare(astronaut!, { minSize: 256, need224: false });
    expect(r.ok).toBe(true);
  });

  it('skips a photo without a face, saying why', async () => {
    const r = await prepare(join(dir, 'noface.png'), { minSize: 256, need224: false });
    expect(r).toMatchObject({ ok: false, reason: 'no face' });
  }, 120_000);
});
