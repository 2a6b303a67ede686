/** Synthetic pools for unit tests: rows with tiny distinct latents, no pack needed. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import type { AgeGroup, Gender, Race } from '../../../src/core/genes/regions';
import type { PackFingerprint } from '../../../src/core/pool/pack-fingerprint';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import type { NewEntry } from '../../../src/core/pool/pool-types';

export const PACK_A: PackFingerprint = { packId: 'builtin', packVersion: '1.0.0', lgeSha256: 'a'.repeat(64) };
export const PACK_B: PackFingerprint = { packId: 'stylegene', packVersion: '1.0.0', lgeSha256: 'b'.repeat(64) };

export function tempPoolPath(name = 'test.kpool'): string {
  return join(mkdtempSync(join(tmpdir(), 'kinship-pool-')), name);
}

export function row(ref: string, ageGroup: AgeGroup, gender: Gender, race: Race, fill = 0): NewEntry {
  return { source: 'import', sourceRef: ref, ageGroup, gender, race, attributesSource: 'csv', wplus: new Float32Array(WPLUS_LEN).fill(fill) };
}

export function openWith(rows: NewEntry[], path = tempPoolPath()): PoolIndex {
  const index = PoolIndex.open(path, PACK_A);
  index.insertEntries(rows);
  return index;
}
