/**
 * Random pools from the real built-in pack: determinism, resumption after a cancel
 * and after SIGKILL, refusal by another pack, thumbnails, "use as founder", donor
 * genes through the LGE.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackRuntime } from '../../../src/core/breeding/pack-runtime';
import { readPack } from '../../../src/core/packs/pack-loader';
import { DEFAULT_PSI, founderZ, truncateToWplus } from '../../../src/core/breeding/founders';
import { GENE_LEN } from '../../../src/core/breeding/pack-runtime';
import { createRng } from '../../../src/core/genes/rng';
import { openPackFolder } from '../../../src/core/pool/open-pack-folder';
import { PoolPackMismatchError } from '../../../src/core/pool/pool-errors';
import { GenePool } from '../../../src/core/pool/pool-service';
import { tempPoolPath } from '../../unit/pool/pool-fixtures';
import { buildTestPacks, dumpEntries } from './pack-fixture';

const COUNT = 200;
let packs: Awaited<ReturnType<typeof buildTestPacks>>;
let a: Awaited<ReturnType<typeof openPackFolder>>;
let reference: unknown[];

async function build(runtime: PackRuntime, path: string, batchSize: number, signal?: AbortSignal): Promise<boolean> {
  const pool = await GenePool.open(runtime, path);
  try {
    return (await pool.buildRandom({ count: COUNT, seed: 11 }, { batchSize, signal })).complete;
  } finally {
    pool.close();
  }
}

beforeAll(async () => {
  packs = await buildTestPacks();
  a = await openPackFolder(packs.dirA);
  const path = tempPoolPath();
  expect(await build(a.runtime, path, 64)).toBe(true);
  reference = dumpEntries(path);
});

afterAll(async () => {
  await a?.dispose();
  if (packs) rmSync(packs.root, { recursive: true, force: true });
});

describe('random pool from the built-in pack', () => {
  it('labels every sample and is independent of the batch size', async () => {
    expect(reference).toHaveLength(COUNT);
    const path = tempPoolPath();
    await build(a.runtime, path, 50);
    expect(dumpEntries(path)).toEqual(reference);
    const pool = await GenePool.open(a.runtime, path);
    const c = pool.counts();
    expect(c.total).toBe(COUNT);
    // The built-in attributes model spreads samples over many groups.
    expect(c.counts.flat(2).filter((n) => n > 0).length).toBeGreaterThan(50);
    pool.close();
  });

  it('resumes after a cancel to exactly the rows of an uninterrupted build', async () => {
    const path = tempPoolPath();
    const controller = new AbortController();
    const pool = await GenePool.open(a.runtime, path);
    const first = await pool.buildRandom({ count: COUNT, seed: 11 }, { batchSize: 32, signal: controller.signal, onProgress: (p) => p.done >= 64 && controller.abort() });
    expect(first.complete).toBe(false);
    expect(pool.index.total()).toBe(64);
    const second = await pool.buildRandom({ count: COUNT, seed: 11 }, { batchSize: 32 });
    expect(second).toMatchObject({ complete: true, resumedFrom: 64, added: COUNT - 64 });
    pool.close();
    expect(dumpEntries(path)).toEqual(reference);
  });

  it('resumes after SIGKILL of the building process', async () => {
    const path = tempPoolPath();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'build-child.ts'), packs.dirA, path, String(COUNT), '11', '16'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killedAt = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const done = [...out.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
        if ((done.at(-1) ?? 0) >= 48) {
          child.kill('SIGKILL');
          resolve(done.at(-1)!);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before the kill: ${stderr}`)));
    });
    await new Promise((r) => child.once('close', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeLessThan(COUNT);
    const partial = dumpEntries(path);
    expect(partial.length).toBeGreaterThanOrEqual(48);
    expect(partial.length).toBeLessThan(COUNT);
    expect(partial).toEqual(reference.slice(0, partial.length));
    expect(await build(a.runtime, path, 16)).toBe(true);
    expect(dumpEntries(path)).toEqual(reference);
  });

  it('is refused by another pack (another version of the same id)', async () => {
    const path = tempPoolPath();
    await build(a.runtime, path, 64);
    // Pack B is never run: refusing happens on the fingerprint, before any graph.
    const b = new PackRuntime(a.runtime.engine, readPack(packs.dirB));
    await expect(GenePool.open(b, path)).rejects.toThrow(PoolPackMismatchError);
    await expect(GenePool.open(b, path)).rejects.toThrow(/built for model pack 'builtin' version 1\.0\.0.*active pack is 'builtin' version 9\.9\.9/);
  });

  it('cannot label images without a CSV: the built-in pack reads attributes from latents', async () => {
    const pool = await GenePool.open(a.runtime, tempPoolPath());
    await expect(pool.buildFromImages({ imagesDir: packs.root })).rejects.toThrow(/no attributes model that reads images/);
    pool.close();
  });

  it('serves thumbnails (cached), founder latents and donor genes for the UI and breeding', async () => {
    const path = tempPoolPath();
    await build(a.runtime, path, 64);
    const pool = await GenePool.open(a.runtime, path);
    const first = pool.index.entry(1)!;
    const group = { ageGroup: first.ageGroup, gender: first.gender, race: first.race };
    const listed = await pool.listGroup(group, { limit: 4, thumbnailSize: 64 });
    expect(listed[0]!.id).toBe(1);
    expect(listed[0]!.thumbnail.subarray(1, 4).toString()).toBe('PNG');
    expect(pool.index.thumbnail(1, 64)).toEqual(listed[0]!.thumbnail);

    // "Use as founder": entry 1 is sample 0 of seed 11, within fp16 precision.
    const w = await a.runtime.mapping(founderZ(11, 0));
    const expected = truncateToWplus(w, a.runtime.pack.manifest.wAvg, DEFAULT_PSI);
    const stored = pool.wplus(1);
    for (let i = 0; i < stored.length; i += 37) expect(Math.abs(stored[i]! - expected[i]!)).toBeLessThan(1e-2);

    const q = { ...group, races: [first.race], k: 3 };
    const s1 = await pool.sampleDonors({ ...q, rng: createRng(5).fork('pool') });
    const s2 = await pool.sampleDonors({ ...q, rng: createRng(5).fork('pool') });
    expect(s1.donors.map((d) => d.id)).toEqual(s2.donors.map((d) => d.id));
    expect(s1.donors[0]!.mu).toHaveLength(GENE_LEN);
    expect(pool.genes.lgeRuns).toBe(1); // the second draw came from the cache
    const direct = await a.runtime.lge(pool.index.wplus([s1.entries[0]!.id]));
    expect(s1.donors[0]!.mu).toEqual(direct.mu);
    pool.close();
  });
});
