/**
 * Contact sheet of the built-in pack: `npx tsx tools/builtin-pack/preview.ts [packDir] [out.png]`.
 * Rows: random founders, one row per age group, and children (region crossover of two
 * founders with layers 8–17 fused from the parents' average).
 */
import sharp from 'sharp';
import { AGE_GROUPS, generatorAttributes, GENDERS, RACES } from './attributes.js';
import { NUM_REGIONS, NUM_WS, RESOLUTION, SLICE, W_DIM } from './layout.js';
import { Prng } from './prng.js';
import { foundersFromSeed, openPack, render, toRgb8 } from './runtime.js';

const dir = process.argv[2] ?? 'resources/models/builtin';
const outPath = process.argv[3] ?? '/tmp/builtin-preview.png';
const COLS = 8;
const R = RESOLUTION;
const S = NUM_WS * W_DIM;

const pack = await openPack(dir);
const pool = await foundersFromSeed(pack, 7, 400);
const attrs = Array.from({ length: 400 }, (_, i) => generatorAttributes(pool, i));
const rows: Float32Array[] = [];
const labels: string[] = [];
const take = (i: number): Float32Array => pool.slice(i * S, (i + 1) * S);

for (let i = 0; i < 2 * COLS; i++) {
  rows.push(take(i));
  const a = attrs[i];
  labels.push(`${AGE_GROUPS[a.ageGroup]} ${GENDERS[a.gender]} ${RACES[a.race]}`);
}
for (let g = 0; g < AGE_GROUPS.length; g++) {
  const idx = attrs.map((a, i) => (a.ageGroup === g ? i : -1)).filter((i) => i >= 0).slice(0, COLS);
  for (let k = 0; k < COLS; k++) rows.push(idx[k] !== undefined ? take(idx[k]) : take(0));
}
// Children: parents are two adult founders; each region from one parent, fine layers averaged.
const rng = new Prng(99);
const adults = attrs.map((a, i) => (a.ageGroup >= 3 && a.ageGroup <= 5 ? i : -1)).filter((i) => i >= 0);
for (let fam = 0; fam < 2; fam++) {
  const F = take(adults[fam * 2]);
  const M = take(adults[fam * 2 + 1]);
  rows.push(F, M);
  for (let c = 0; c < COLS - 2; c++) {
    const child = new Float32Array(S);
    for (let r = 0; r < NUM_REGIONS; r++) {
      const src = rng.next() < 0.5 ? F : M;
      for (let l = 0; l < NUM_WS; l++) {
        for (let k = 0; k < SLICE; k++) {
          const d = l * W_DIM + r * SLICE + k;
          child[d] = l >= 8 ? 0.5 * (F[d] + M[d]) : src[d];
        }
      }
    }
    rows.push(child);
  }
}
const all = new Float32Array(rows.length * S);
rows.forEach((r, i) => all.set(r, i * S));
const t0 = Date.now();
const out = await render(pack, all);
console.log(`rendered ${rows.length} faces in ${Date.now() - t0} ms`);
const n = rows.length;
const H = Math.ceil(n / COLS);
const composites = [];
for (let i = 0; i < n; i++) {
  const png = await sharp(Buffer.from(toRgb8(out.image, i)), { raw: { width: R, height: R, channels: 3 } }).png().toBuffer();
  composites.push({ input: png, left: (i % COLS) * R, top: Math.floor(i / COLS) * R });
}
await sharp({ create: { width: COLS * R, height: H * R, channels: 3, background: '#ffffff' } })
  .composite(composites)
  .png()
  .toFile(outPath);
console.log(`wrote ${outPath}`);
console.log(labels.join(' | '));
await pack.release();
