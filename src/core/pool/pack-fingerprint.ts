/**
 * Which latent space a pool belongs to. A pool's W+ latents only make sense for the
 * pack whose generator/LGE they were made with, so a pool records the pack id,
 * version and a SHA-256 of its lge.onnx (the graph that turns those latents into
 * genes); another pack, or the same id with different weights, is refused.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { PackInfo } from '../packs/pack-loader';
import { UnsupportedError } from '../../domain/errors';

export interface PackFingerprint {
  packId: string;
  packVersion: string;
  lgeSha256: string;
}

const hashCache = new Map<string, string>();

async function sha256File(path: string): Promise<string> {
  const st = statSync(path);
  // Hashing a large LGE takes a moment; re-hash only when the file changed.
  const key = `${path}|${st.size}|${st.mtimeMs}`;
  const cached = hashCache.get(key);
  if (cached) return cached;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const hex = hash.digest('hex');
  hashCache.set(key, hex);
  return hex;
}

export async function packFingerprint(pack: PackInfo): Promise<PackFingerprint> {
  const lge = pack.files.lge;
  if (!lge) throw new UnsupportedError(`model pack '${pack.manifest.id}' has no lge graph`);
  return { packId: pack.manifest.id, packVersion: pack.manifest.version, lgeSha256: await sha256File(lge) };
}

export function describeFingerprint(f: PackFingerprint): string {
  return `'${f.packId}' version ${f.packVersion} (lge ${f.lgeSha256.slice(0, 12)})`;
}

export function sameFingerprint(a: PackFingerprint, b: PackFingerprint): boolean {
  return a.packId === b.packId && a.packVersion === b.packVersion && a.lgeSha256 === b.lgeSha256;
}
