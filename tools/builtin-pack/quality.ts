/**
 * Figures of the built-in pack measured on rendered pixels, larger than the test suite runs:
 * `npx tsx tools/builtin-pack/quality.ts [--pack dir] [--children 1000] [--couples 200] [--bench]`.
 * - clean rendering over N random children at the pack's resolution (see-through pixels,
 *   one skin tone, mask partition), measured by tools/builtin-pack/pixel-metrics.ts;
 * - inheritance over C couples on 32-px thumbnails (father-copy child, siblings vs unrelated);
 * - --bench: time of one preview (generator, one child) and of 64 children (LGE, crossover,
 *   decoder, fusion, generator in chunks of 16), p50 and p95, single process on CPU.
 */
import { REGION_NAMES } from '../../src/core/genes/regions.js';
import { cleanliness, distance, thumbnail } from './pixel-metrics.js';
import { breedWplus, couples } from './family.js';
import { NUM_WS, W_DIM } from './layout.js';
import { openPack, PackRunner, render } from './runtime.js';

const S = NUM_WS * W_DIM;
const argv = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : def;
};
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const q = (x: number[], p: number) => [...x].sort((a, b) => a - b)[Math.min(x.length - 1, Math.floor(p * x.length))];

async function clean(p: PackRunner, n: number): Promise<void> {
  const cps = await couples(p, 41, Math.ceil(n / 8));
  const see: number[] = [];
  const tone: number[] = [];
  let part = 0;
  for (let k = 0; k < cps.length && see.length < n; k++) {
    const kids = await breedWplus(p, cps[k].father, cps[k].mother, 1000 + k, 8);
    const batch = new Float32Array(kids.length * S);
    kids.forEach((c, i) => batch.set(c, i * S));
    const img = await render(p, batch, 8);
    for (let b = 0; b < kids.length; b++) {
      const c = cleanliness({ image: img.image, masks: img.masks, R: p.resolution, b });
      see.push(c.seeThrough);
      tone.push(c.toneCoherence);
      part = Math.max(part, c.partitionError);
    }
  }
  console.log(
    `clean: ${see.length} children at ${p.resolution} px: see-through mean ${(100 * mean(see)).toFixed(3)}% p99 ${(100 * q(see, 0.99)).toFixed(3)}% worst ${(100 * Math.max(...see)).toFixed(3)}%; ` +
      `one skin tone median ${(100 * q(tone, 0.5)).toFixed(1)}% p1 ${(100 * q(tone, 0.01)).toFixed(1)}% worst ${(100 * Math.min(...tone)).toFixed(1)}%; partition error ${part.toExponential(2)}`,
  );
  // The test suite's bounds (test/integration/builtin-pack.test.ts, 64 children there).
  const fails = [
    part >= 0.02 && `partition error ${part} ≥ 0.02`,
    mean(see) >= 0.008 && `mean see-through ${mean(see)} ≥ 0.8 %`,
    Math.max(...see) >= 0.015 && `worst see-through ${Math.max(...see)} ≥ 1.5 %`,
    Math.min(...tone) < 0.85 && `worst one-tone share ${Math.min(...tone)} < 85 %`,
  ].filter(Boolean);
  if (fails.length) {
    console.log(`clean: FAILED: ${fails.join('; ')}`);
    process.exitCode = 1;
  } else console.log('clean: within the test suite\'s bounds');
}

async function inheritance(p: PackRunner, n: number): Promise<void> {
  const cps = await couples(p, 77, n);
  const allFather = Object.fromEntries(REGION_NAMES.map((x) => [x, { kind: 'father' as const }]));
  let closer = 0;
  const sib: number[] = [];
  const un: number[] = [];
  let prev: Float32Array[] | null = null;
  for (let k = 0; k < n; k++) {
    const { father, mother } = cps[k];
    const [copy] = await breedWplus(p, father, mother, 5000 + k, 1, { overrides: allFather });
    const kids = await breedWplus(p, father, mother, 9000 + k, 8);
    const faces = [father, mother, copy, ...kids];
    const batch = new Float32Array(faces.length * S);
    faces.forEach((c, i) => batch.set(c, i * S));
    const img = await render(p, batch, 11);
    const th = faces.map((_, b) => thumbnail({ image: img.image, masks: img.masks, R: p.resolution, b }, 32));
    if (distance(th[2], th[0]) < distance(th[2], th[1])) closer++;
    const kt = th.slice(3);
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) sib.push(distance(kt[i], kt[j]));
    if (prev) for (let i = 0; i < 8; i++) un.push(distance(kt[i], prev[i]));
    prev = kt;
  }
  console.log(`inheritance: ${n} couples: father-copy closer to the father ${((100 * closer) / n).toFixed(1)}%; siblings ${mean(sib).toFixed(4)} = ${((100 * mean(sib)) / mean(un)).toFixed(1)}% of unrelated ${mean(un).toFixed(4)}`);
}

async function bench(p: PackRunner): Promise<void> {
  const [cp] = await couples(p, 5, 1);
  const one = (await breedWplus(p, cp.father, cp.mother, 1, 1))[0];
  const pre: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    await render(p, one, 1);
    pre.push(performance.now() - t0);
  }
  const fam: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const kids = await breedWplus(p, cp.father, cp.mother, 100 + i, 64);
    const batch = new Float32Array(64 * S);
    kids.forEach((c, j) => batch.set(c, j * S));
    await render(p, batch, 16);
    fam.push(performance.now() - t0);
  }
  console.log(`bench: preview (generator, 1 child at ${p.resolution} px) p50 ${q(pre, 0.5).toFixed(0)} ms p95 ${q(pre, 0.95).toFixed(0)} ms; 64 children (genes → images) p50 ${q(fam, 0.5).toFixed(0)} ms p95 ${q(fam, 0.95).toFixed(0)} ms`);
}

const p = await openPack(opt('--pack', 'resources/models/builtin'));
try {
  if (argv.includes('--bench')) await bench(p);
  const n = Number(opt('--children', '0'));
  if (n > 0) await clean(p, n);
  const c = Number(opt('--couples', '0'));
  if (c > 0) await inheritance(p, c);
} finally {
  await p.release();
}
