/**
 * Project store benchmark: inserts N persons (W+ latent + PNG-sized image + thumbnail),
 * reads them back, and prints ms per insert / read and file bytes per person.
 *
 *   npx tsx tools/bench-project.ts [--persons 1000] [--image-kb 48] [--thumb-kb 6]
 *
 * Image bytes are incompressible filler behind a PNG signature, sized like the built-in
 * pack's 256² PNGs; pass --image-kb to model a bigger pack.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProjectStore } from '../src/core/projects';
import { WPLUS_LENGTH } from '../src/domain/latent-shape';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const N = arg('persons', 1000);
const imageBytes = arg('image-kb', 48) * 1024;
const thumbBytes = arg('thumb-kb', 6) * 1024;
const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const fakePng = (n: number) => Buffer.concat([sig, randomBytes(n - sig.length)]);

const dir = mkdtempSync(join(tmpdir(), 'kinship-bench-'));
const path = join(dir, 'bench.kinship');
try {
  const store = ProjectStore.create(path, { name: 'Bench', packId: 'builtin', appVersion: 'bench' });
  const wplus = new Float32Array(WPLUS_LENGTH).map(() => Math.random() * 2 - 1);
  const image = fakePng(imageBytes);
  const thumb = fakePng(thumbBytes);
  const ids: string[] = [];

  let t = performance.now();
  for (let i = 0; i < N; i++) {
    ids.push(store.addPerson({ name: `P${i}`, origin: { kind: 'founder', seed: i, candidate: 0, psi: 0.7 }, wplus, image, thumbnail: thumb }).id);
  }
  const insertMs = (performance.now() - t) / N;

  t = performance.now();
  const snap = store.snapshot();
  const snapshotMs = performance.now() - t;
  t = performance.now();
  store.snapshot();
  const snapshotWarmMs = performance.now() - t;

  t = performance.now();
  let bytes = 0;
  for (const id of ids) bytes += store.getLatent(id).byteLength + store.getImage(id).length + (store.getThumbnail(id)?.length ?? 0);
  const readMs = (performance.now() - t) / N;
  store.close(); // checkpoints the WAL into the main file

  const fileBytes = statSync(path).size;
  const payload = wplus.byteLength + imageBytes + thumbBytes;
  console.log(`persons:            ${N} (payload ${payload} B each: wplus ${wplus.byteLength}, image ${imageBytes}, thumbnail ${thumbBytes})`);
  console.log(`insert:             ${insertMs.toFixed(3)} ms/person (one committed transaction each, synchronous=FULL, with undo record)`);
  console.log(`read blobs:         ${readMs.toFixed(3)} ms/person (latent + image + thumbnail; ${bytes} B total)`);
  console.log(`snapshot:           ${snapshotMs.toFixed(1)} ms first, ${snapshotWarmMs.toFixed(1)} ms again, for ${snap.persons.length} persons (no BLOBs)`);
  console.log(`file:               ${fileBytes} B = ${(fileBytes / N).toFixed(0)} B/person (${((fileBytes / N / payload - 1) * 100).toFixed(1)}% over payload)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
