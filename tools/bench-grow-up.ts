/**
 * `npm run bench:grow-up`: does a grow-up strip keep one identity? Over N random couples
 * (default 50) with 4 children each (default settings, no gene pool: the parents are the
 * donors), every child is moved to all 9 age groups (the strip of the inspector, the
 * export and `cli grow-up`: strength 1 along the mapping-network age directions). Prints
 * the W+ distance between neighbouring ages of one child, the whole 0-2 → 70+ span,
 * the distance between siblings and between unrelated founders: mean, p50, p95. Also
 * how often the attributes model reads each cell as its own age group. Asserts nothing.
 *
 *   npm run bench:grow-up -- [--couples 50] [--children 4] [--pack DIR]
 *
 * Without --pack it builds the built-in pack into a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBuiltinPack } from './builtin-pack/build';
import { openPackFolder } from '../src/core/pool/open-pack-folder';
import { createFounders } from '../src/core/breeding/founders';
import { breed } from '../src/core/breeding/breed-pipeline';
import { labelFaces } from '../src/core/breeding/label-faces';
import { measure, describeAgeDirections } from '../src/core/breeding/age-measure';
import { growUpLatents } from '../src/core/breeding/grow-up';
import { WPLUS_LEN } from '../src/core/breeding/pack-runtime';
import { AGE_GROUPS } from '../src/core/genes/regions';
import { latentDistance } from '../src/core/genes/resemblance';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const COUPLES = Number(arg('couples', '50'));
const CHILDREN = Number(arg('children', '4'));

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `mean ${mean.toFixed(2).padStart(6)}  p50 ${q(0.5).toFixed(2).padStart(6)}  p95 ${q(0.95).toFixed(2).padStart(6)}  (n = ${s.length})`;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-grow-up-'));
  let packDir = arg('pack', '');
  if (!packDir) {
    packDir = join(tmp, 'builtin');
    await buildBuiltinPack(packDir);
  }
  const { runtime, dispose } = await openPackFolder(packDir, 64);
  try {
    const dirs = await measure(runtime, null);
    console.log(`pack: ${runtime.pack.manifest.name} ${runtime.pack.manifest.version}; ${describeAgeDirections(dirs)}`);
    console.log(`${COUPLES} couples × ${CHILDREN} children, each drawn at all ${AGE_GROUPS.length} age groups (strength 1); distances are W+ Euclidean`);
    const founders = await createFounders(runtime, Array.from({ length: 2 * COUPLES }, (_, i) => ({ seed: 50_000 + i })));
    const neighbour: number[] = [];
    const span: number[] = [];
    const sibling: number[] = [];
    const unrelated: number[] = [];
    let ownAge = 0;
    let cells = 0;
    for (let i = 0; i < 2 * COUPLES; i++) for (let j = i + 1; j < 2 * COUPLES; j++) unrelated.push(latentDistance(founders[i]!.wplus, founders[j]!.wplus));
    for (let c = 0; c < COUPLES; c++) {
      const f = founders[2 * c]!;
      const m = founders[2 * c + 1]!;
      const out = await breed(runtime, { father: { id: 'F', wplus: f.wplus }, mother: { id: 'M', wplus: m.wplus }, settings: {}, seed: 7000 + c, count: CHILDREN }, { images: false });
      const kids = out.children.map((k) => k.wplus);
      for (let a = 0; a < kids.length; a++) for (let b = a + 1; b < kids.length; b++) sibling.push(latentDistance(kids[a]!, kids[b]!));
      for (const kid of kids) {
        const g = growUpLatents(kid, dirs, { gender: null, strength: 1 });
        neighbour.push(...g.neighbourDistances);
        span.push(latentDistance(g.latents.subarray(0, WPLUS_LEN), g.latents.subarray((AGE_GROUPS.length - 1) * WPLUS_LEN)));
        const labels = await labelFaces(runtime, g.latents);
        if (labels) labels.forEach((l, k) => ((ownAge += l.ageGroup === AGE_GROUPS[k] ? 1 : 0), cells++));
      }
    }
    console.log(`neighbouring ages of one child   ${stats(neighbour)}`);
    console.log(`0-2 to 70+ of one child          ${stats(span)}`);
    console.log(`siblings (same parents, seed)    ${stats(sibling)}`);
    console.log(`unrelated founders               ${stats(unrelated)}`);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`neighbouring ages / siblings: ${(mean(neighbour) / mean(sibling)).toFixed(3)}; whole span / siblings: ${(mean(span) / mean(sibling)).toFixed(3)}`);
    if (cells) {
      const latent = runtime.pack.manifest.io.attributesInput === 'wplus';
      console.log(`strip cells read as their own age group by the attributes model${latent ? ' (it reads LATENTS, not images)' : ''}: ${((100 * ownAge) / cells).toFixed(1)} % of ${cells}`);
    }
  } finally {
    await dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
