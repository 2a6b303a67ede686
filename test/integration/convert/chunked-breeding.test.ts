/**
 * Chunking never changes a child: with a StyleGene-layout pack (random weights in the
 * official layouts, generator at 32² for CI time, LGE and decoder at full size), 8 children
 * bred in one batch — generator chunks of 3 from an injected memory budget, children
 * streamed as each chunk finishes — equal, bit for bit, each child bred alone by a fresh
 * runtime (own LGE cache, chunk of 1). Needs Debian's python3-torch to make the
 * checkpoints; skips without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython } from '../../../tools/convert/python';
import { openPackFolder } from '../../../src/core/pool/open-pack-folder';
import { PackRuntime, WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import { BYTES_PER_PIXEL, fixedMemoryBudget } from '../../../src/core/breeding/generator-chunk';
import { breed, type BreedRequest, type BredChild } from '../../../src/core/breeding/breed-pipeline';

const python = findPython();
if (!python) console.warn('skipping the chunked-breeding test: /usr/bin/python3 has no torch/onnx');
const RES = 32;

let root: string;
let opened: Awaited<ReturnType<typeof openPackFolder>>;

describe.skipIf(!python)('chunked, streamed breeding on a StyleGene-layout pack', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kinship-chunked-'));
    const ck = join(root, 'ck');
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck, '--resolution', String(RES), '--no-e4e', '--no-fairface'], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(mk.stderr);
    const cv = spawnSync(python!, ['tools/convert/convert.py', '--checkpoints', ck, '--out', join(root, 'pack'), '--parity-dir', join(root, 'parity'), '--wavg-samples', '1000'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (cv.status !== 0) throw new Error(cv.stdout + cv.stderr);
  }, 400_000);
  afterAll(async () => {
    await opened?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('8 children in chunks of 3 equal each child bred alone, bit for bit', async () => {
    opened = await openPackFolder(join(root, 'pack'));
    const info = opened.runtime.pack;
    const budget3 = fixedMemoryBudget(3 * BYTES_PER_PIXEL * RES * RES);
    const batched = new PackRuntime(opened.runtime.engine, info, 16, budget3);
    expect(batched.generatorBatch).toBe(3);

    const wAvg = info.manifest.wAvg!;
    const parent = (k: number): Float32Array => Float32Array.from({ length: WPLUS_LEN }, (_, i) => wAvg[i % 512]! + 0.5 * Math.sin(i * 0.37 + k));
    const req: BreedRequest = { father: { id: 'F', wplus: parent(1) }, mother: { id: 'M', wplus: parent(2) }, settings: {}, seed: 42, count: 8 };

    const streamed: Array<{ child: BredChild; image: Float32Array }> = [];
    const chunkSizes: number[] = [];
    const out = await breed(batched, req, {
      onChildren: (children, images) => {
        chunkSizes.push(children.length);
        const len = 3 * RES * RES;
        children.forEach((child, k) => streamed.push({ child, image: images.slice(k * len, (k + 1) * len) }));
      },
    });
    expect(chunkSizes).toEqual([3, 3, 2]);
    expect(out.images.length).toBe(0); // streamed, not kept
    expect(streamed.map((s) => s.child.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    for (const { child, image } of streamed) {
      // A fresh runtime: its own LGE cache, one image per generator run.
      const alone = new PackRuntime(opened.runtime.engine, info, 16, fixedMemoryBudget(0));
      expect(alone.generatorBatch).toBe(1);
      const one = await breed(alone, { ...req, indices: [child.index] });
      expect(Buffer.from(one.children[0]!.wplus.buffer).equals(Buffer.from(child.wplus.buffer)), `child ${child.index} latent`).toBe(true);
      expect(Buffer.from(one.images.buffer).equals(Buffer.from(image.buffer)), `child ${child.index} image`).toBe(true);
    }
    // Siblings differ (the comparison above is not between identical images).
    expect(Buffer.from(streamed[0]!.image.buffer).equals(Buffer.from(streamed[1]!.image.buffer))).toBe(false);
  }, 300_000);
});
