/**
 * The face detector's retry at other scales (src/core/faces/detector.ts): a built-in
 * founder whose face the first pass (416) misses is found by the default detector, and
 * photographs without a face (Debian's python3-skimage data: two that score near the
 * threshold at some scale, a cat, a still life) and a gradient still give no face.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { faceApiDetector } from '../../../src/core/faces/detector';
import type { RgbImage } from '../../../src/core/faces/types';
import { seededZ } from '../../../tools/builtin-pack/prng';
import { DESIGN_PSI, NUM_WS, W_DIM } from '../../../tools/builtin-pack/layout';
import { openBuiltinRuntime } from '../../support/builtin-pack';

const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const faceless = ['retina.jpg', 'ihc.png', 'chelsea.png', 'coffee.png'].map((f) => join(SKIMAGE, f)).filter((f) => existsSync(f));

async function rgb(file: string): Promise<RgbImage> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe('face detector retry', () => {
  let child: RgbImage;

  beforeAll(async () => {
    // Founder 9 of seed 777 (one of the round trip's own founders): the 416 pass finds no face
    // in it. (Founder 1 was the example until the pack's thin lines got a one-pixel edge;
    // the crisper face is now found at 416. Founders 17, 20 and 57 are also missed there.)
    const { runtime, engine } = await openBuiltinRuntime();
    try {
      const k = 9;
      const w = await runtime.mapping(seededZ(777, k + 1));
      const avg = runtime.pack.manifest.wAvg!;
      const wplus = new Float32Array(NUM_WS * W_DIM);
      for (let l = 0; l < NUM_WS; l++) for (let d = 0; d < W_DIM; d++) wplus[l * W_DIM + d] = avg[d]! + DESIGN_PSI * (w[k * W_DIM + d]! - avg[d]!);
      const { image } = await runtime.generator(wplus);
      const R = runtime.resolution;
      const data = new Uint8Array(R * R * 3);
      for (let i = 0; i < R * R; i++) for (let k = 0; k < 3; k++) data[i * 3 + k] = Math.max(0, Math.min(255, Math.round((image[k * R * R + i]! + 1) * 127.5)));
      child = { data, width: R, height: R };
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it('finds a face the first scale misses', async () => {
    expect(await faceApiDetector({ retrySizes: [] }).detect(child)).toHaveLength(0);
    const faces = await faceApiDetector().detect(child);
    expect(faces).toHaveLength(1);
    // The face of a 256² founder: centred, about half the image wide.
    const b = faces[0]!.box;
    expect(Math.abs(b.x + b.width / 2 - 128)).toBeLessThan(20);
    expect(b.width).toBeGreaterThan(90);
  }, 60_000);

  it('still finds no face where there is none', async () => {
    const gradient = Buffer.alloc(320 * 240 * 3);
    for (let i = 0; i < gradient.length; i++) gradient[i] = (((i / 3) % 320) * 0.8) | 0;
    const images: Array<[string, RgbImage]> = [['gradient', { data: new Uint8Array(gradient), width: 320, height: 240 }]];
    for (const f of faceless) images.push([f, await rgb(f)]);
    if (faceless.length === 0) console.warn(`skipping the photographs: ${SKIMAGE} is absent (apt-get install -y python3-skimage)`);
    const detector = faceApiDetector();
    for (const [name, img] of images) expect(await detector.detect(img), name).toHaveLength(0);
  }, 60_000);
});
