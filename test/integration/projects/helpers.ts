/** Shared fixtures for the project store tests: temp dirs, deterministic latents and PNG-like images, file hashes, raw table dumps. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ProjectStore } from '../../../src/core/projects';
import { mulberry32 } from '../../../src/core/random/mulberry32';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kinship-projects-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Small deterministic generator for test data (mulberry32, the fixture PRNG). */
export const rng = mulberry32;

export function latent(seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(18 * 512);
  for (let i = 0; i < out.length; i++) out[i] = (r() - 0.5) * 6;
  // Values whose bits a lossy path would change: subnormal, -0, extremes.
  out[0] = -0;
  out[1] = 1.4e-45;
  out[2] = 3.4028234663852886e38;
  return out;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bytes with a PNG signature and seeded content (the store checks the signature only). */
export function png(seed: number, size = 2048): Buffer {
  const r = rng(seed ^ 0x5bd1e995);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = Math.floor(r() * 256);
  Buffer.from(PNG_SIG).copy(b, 0);
  return b;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function sideFiles(path: string): string[] {
  return ['-wal', '-shm', '-journal'].filter((s) => existsSync(path + s));
}

export function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Everything the tree is, bit for bit: the snapshot plus every person's blobs and
 * region report, read through the public API.
 */
export function fullState(store: ProjectStore) {
  const snap = store.snapshot();
  return {
    snap,
    blobs: snap.persons.map((p) => ({
      id: p.id,
      latent: bytesOf(store.getLatent(p.id)).toString('hex'),
      image: store.getImage(p.id).toString('hex'),
      thumbnail: store.getThumbnail(p.id)?.toString('hex') ?? null,
      report: store.getRegionReport(p.id),
    })),
  };
}

/** Raw rows of the tree tables (every column, BLOBs hashed), through a second read-only connection. */
export function dumpTables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of ['persons', 'unions']) {
      out[t] = (db.prepare(`SELECT * FROM ${t} ORDER BY seq`).all() as Array<Record<string, unknown>>).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? createHash('sha256').update(v).digest('hex') : v])),
      );
    }
    return out;
  } finally {
    db.close();
  }
}

export const founder = (seed: number) => ({ kind: 'founder' as const, seed, candidate: 0, psi: 0.7 });
