/**
 * Writes a large project for the canvas benchmark and the big-tree checks: founders in
 * couples, each couple with children, faces rendered by the built-in pack (so the
 * thumbnails have the size and PNG weight of real ones, 192² like the studio's).
 *
 *   npx tsx tools/make-big-project.ts <file.kinship> [--persons 1000] [--faces 24]
 *
 * 1,000 persons = 200 founders (100 couples) + 8 children per couple.
 */
import { resolve } from 'node:path';
import sharp from 'sharp';
import { ProjectStore } from '../src/core/projects';
import { THUMB_SIZE } from '../src/core/studio/images';
import { NUM_WS, W_DIM } from './builtin-pack/layout';
import { foundersFromSeed, openPack, render, toRgb8 } from './builtin-pack/runtime';

export interface BigProjectOptions {
  /** Total persons; a multiple of 10 (2 founders + 8 children per family). */
  persons: number;
  /** Distinct faces rendered (cards reuse them round-robin). */
  faces?: number;
  packDir?: string;
}

const CHILDREN_PER_COUPLE = 8;

/** Renders `n` built-in faces: W+ and a 192² PNG thumbnail each. */
async function renderFaces(packDir: string, n: number): Promise<{ wplus: Float32Array; png: Buffer }[]> {
  const pack = await openPack(packDir);
  try {
    const all = await foundersFromSeed(pack, 4242, n);
    const out = await render(pack, all);
    const S = NUM_WS * W_DIM;
    return await Promise.all(
      Array.from({ length: n }, async (_, i) => ({
        wplus: all.slice(i * S, (i + 1) * S),
        png: await sharp(Buffer.from(toRgb8(out.image, i, pack.resolution)), { raw: { width: pack.resolution, height: pack.resolution, channels: 3 } })
          .resize(THUMB_SIZE, THUMB_SIZE, { kernel: 'lanczos3' })
          .png()
          .toBuffer(),
      })),
    );
  } finally {
    await pack.release();
  }
}

/** Creates the project file at `path` (which must not exist) and returns its person count. */
export async function makeBigProject(path: string, opts: BigProjectOptions): Promise<number> {
  const families = Math.floor(opts.persons / (2 + CHILDREN_PER_COUPLE));
  if (families < 1 || families * (2 + CHILDREN_PER_COUPLE) !== opts.persons) {
    throw new Error(`--persons must be a positive multiple of ${2 + CHILDREN_PER_COUPLE}, got ${opts.persons}`);
  }
  const faces = await renderFaces(opts.packDir ?? resolve('resources/models/builtin'), opts.faces ?? 24);
  const face = (i: number) => faces[i % faces.length]!;
  const store = ProjectStore.create(path, { name: 'Big tree', packId: 'builtin', appVersion: 'bench' });
  try {
    for (let u = 0; u < families; u++) {
      const [fa, mo] = [2 * u, 2 * u + 1].map((i) =>
        store.addPerson({
          name: `Founder ${i + 1}`,
          origin: { kind: 'founder', seed: i, candidate: 0, psi: 0.7 },
          attributes: { ageGroup: '30-39', gender: i % 2 ? 'female' : 'male', race: 'White' },
          wplus: face(i).wplus,
          image: face(i).png,
          thumbnail: face(i).png,
        }),
      );
      const union = store.addUnion(fa!.id, mo!.id);
      for (let k = 0; k < CHILDREN_PER_COUPLE; k++) {
        const f = face(u * CHILDREN_PER_COUPLE + k + 7);
        store.addPerson({
          name: `Child ${u + 1}.${k + 1}`,
          origin: { kind: 'child', fatherId: union.fatherId, motherId: union.motherId, unionId: union.id, seed: u, index: k, settings: {} },
          wplus: f.wplus,
          image: f.png,
          thumbnail: f.png,
        });
      }
    }
    return store.snapshot().persons.length;
  } finally {
    store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const opt = (name: string, def: number): number => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!file) {
    console.error('usage: npx tsx tools/make-big-project.ts <file.kinship> [--persons 1000] [--faces 24]');
    process.exit(2);
  }
  const t0 = performance.now();
  makeBigProject(resolve(file), { persons: opt('--persons', 1000), faces: opt('--faces', 24) }).then(
    (n) => console.log(`${file}: ${n} persons written in ${((performance.now() - t0) / 1000).toFixed(1)} s`),
    (e: Error) => {
      console.error(`make-big-project failed: ${e.message}`);
      process.exit(1);
    },
  );
}
