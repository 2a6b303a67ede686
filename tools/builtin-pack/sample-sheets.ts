/**
 * Regenerates the README's sample sheets of the built-in pack under docs/:
 * `npx tsx tools/builtin-pack/sample-sheets.ts [packDir] [outDir]`.
 * - builtin-founders.png: 9 age groups (rows) × 2 men and 2 women (columns);
 * - builtin-family.png: two parents and 8 of their children (the app's breeding code);
 * - builtin-generations.png: grandparents → parents (with a sibling each) → grandchildren;
 * - builtin-proportions.png: each face proportion (tools/builtin-pack/geometry.ts, one row
 *   each) at −1, −0.5, 0, 0.5, 1 on an adult woman and man, everything else theirs;
 * - builtin-photo.png: the astronaut photograph (python3-skimage), its aligned crop and the
 *   founder the pack's photo encoder makes of it (skipped with a note where it is absent);
 * - sample-grid.png: the CLI's labelled grid of two parents and eight children (README).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PhotoSession } from '../../src/core/faces/photo-session.js';
import { faceApiDetector } from '../../src/core/faces/detector.js';
import { encoderInput } from '../../src/core/faces/encoder-input.js';
import { openPackFolder } from '../../src/core/pool/open-pack-folder.js';
import { tensorToRgb } from '../../src/core/breeding/image-encode.js';
import { AGE_GROUPS, generatorAttributes } from './attributes.js';
import { NUM_WS, RESOLUTION, W_DIM } from './layout.js';
import { GEOMETRY_CODES } from './geometry.js';
import { paramDim } from './params.js';
import { foundersFromSeed, openPack, PackRunner, render, toRgb8 } from './runtime.js';
import { breedFamily } from './family.js';

const S = NUM_WS * W_DIM;
const R = RESOLUTION;

async function sheet(p: PackRunner, faces: Float32Array[], cols: number, outPath: string, thumb = 160): Promise<void> {
  const all = new Float32Array(faces.length * S);
  faces.forEach((f, i) => all.set(f, i * S));
  const out = await render(p, all);
  const tiles = await Promise.all(
    faces.map((_, i) => sharp(Buffer.from(toRgb8(out.image, i)), { raw: { width: R, height: R, channels: 3 } }).resize(thumb, thumb).png().toBuffer()),
  );
  const rows = Math.ceil(faces.length / cols);
  await sharp({ create: { width: cols * thumb, height: rows * thumb, channels: 3, background: '#ffffff' } })
    .composite(tiles.map((input, i) => ({ input, left: (i % cols) * thumb, top: Math.floor(i / cols) * thumb })))
    .png()
    .toFile(outPath);
  console.log(`wrote ${outPath}`);
}

export async function founderGrid(p: PackRunner, seed = 7, perCell = 2): Promise<Float32Array[]> {
  const n = 600;
  const pool = await foundersFromSeed(p, seed, n);
  const at = Array.from({ length: n }, (_, i) => generatorAttributes(pool, i));
  const faces: Float32Array[] = [];
  for (let g = 0; g < AGE_GROUPS.length; g++) {
    for (const gender of [0, 1]) {
      const idx = at.map((a, i) => (a.ageGroup === g && a.gender === gender ? i : -1)).filter((i) => i >= 0).slice(0, perCell);
      for (const i of idx) faces.push(pool.slice(i * S, (i + 1) * S));
    }
  }
  return faces;
}

/** Rows: geometry codes; columns: the code at −1 … 1 on an adult woman, then on an adult man. */
export async function proportionGrid(p: PackRunner, seed = 7): Promise<Float32Array[]> {
  const n = 200;
  const pool = await foundersFromSeed(p, seed, n);
  const at = Array.from({ length: n }, (_, i) => generatorAttributes(pool, i));
  const pick = (gender: number) => at.findIndex((a) => a.gender === gender && a.ageGroup >= 3 && a.ageGroup <= 5);
  const steps = [-1, -0.5, 0, 0.5, 1];
  const faces: Float32Array[] = [];
  for (const code of GEOMETRY_CODES) {
    for (const i of [pick(1), pick(0)]) {
      for (const v of steps) {
        const f = pool.slice(i * S, (i + 1) * S);
        for (const [r, name] of code.targets) for (let l = 0; l < NUM_WS; l++) f[l * W_DIM + paramDim(r, name)] = v;
        faces.push(f);
      }
    }
  }
  return faces;
}

const ASTRONAUT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';

/** Photo, aligned crop and avatar side by side, 256 px each. */
async function photoSheet(dir: string, outPath: string): Promise<void> {
  if (!existsSync(ASTRONAUT)) {
    console.log(`skipped ${outPath}: ${ASTRONAUT} is absent (apt-get install -y python3-skimage)`);
    return;
  }
  const { runtime, dispose } = await openPackFolder(dir, 4);
  try {
    const photos = new PhotoSession(faceApiDetector());
    const d = await photos.detect(readFileSync(ASTRONAUT), 'astronaut.png');
    const { aligned } = await photos.align(d.photoId, 0);
    const wplus = await runtime.encoder(await encoderInput(aligned.image, 256));
    const { image } = await runtime.generator(wplus);
    const R = runtime.resolution;
    const T = 256;
    const tiles = [
      await sharp(ASTRONAUT).resize(T, T, { fit: 'cover' }).removeAlpha().png().toBuffer(),
      await sharp(Buffer.from(aligned.image.data), { raw: { width: aligned.image.width, height: aligned.image.height, channels: 3 } }).resize(T, T).png().toBuffer(),
      await sharp(tensorToRgb(image, 0, R), { raw: { width: R, height: R, channels: 3 } }).resize(T, T).png().toBuffer(),
    ];
    await sharp({ create: { width: 3 * T, height: T, channels: 3, background: '#ffffff' } })
      .composite(tiles.map((input, i) => ({ input, left: i * T, top: 0 })))
      .png()
      .toFile(outPath);
    console.log(`wrote ${outPath}`);
  } finally {
    await dispose();
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? 'resources/models/builtin';
  const outDir = process.argv[3] ?? 'docs';
  const p = await openPack(dir);
  try {
    await sheet(p, await founderGrid(p), 4, join(outDir, 'builtin-founders.png'));
    await sheet(p, await proportionGrid(p), 10, join(outDir, 'builtin-proportions.png'), 128);
    const fam = await breedFamily(p, 11, 8);
    await sheet(p, [fam.father, fam.mother, ...fam.children], 5, join(outDir, 'builtin-family.png'));
    const g1 = await breedFamily(p, 23, 4);
    const g1b = await breedFamily(p, 24, 4);
    const g2 = await breedFamily(p, 25, 4, { father: g1.children[0], mother: g1b.children[1] });
    // Row 1: two couples of grandparents; row 2: a child of each couple (outer columns, the
    // parents of row 3) beside a sibling; row 3: four grandchildren.
    await sheet(
      p,
      [g1.father, g1.mother, g1b.father, g1b.mother, g1.children[0], g1.children[2], g1b.children[0], g1b.children[1], ...g2.children],
      4,
      join(outDir, 'builtin-generations.png'),
    );
  } finally {
    await p.release();
  }
  await photoSheet(dir, join(outDir, 'builtin-photo.png'));
  // The README's grid is the CLI's own output (labels and layout as users get them).
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'breed', '--father-seed', '1', '--mother-seed', '2', '--children', '8', '--seed', '42', '--out', join(outDir, 'sample-grid.png')], { stdio: 'inherit' });
}

if (process.argv[1]?.endsWith('sample-sheets.ts')) await main();
