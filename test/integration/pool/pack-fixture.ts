/** The built-in pack built into temp folders for pool tests: A, and B = A with another version. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildBuiltinPack } from '../../../tools/builtin-pack/build.js';

export async function buildTestPacks(): Promise<{ dirA: string; dirB: string; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'kinship-poolpack-'));
  const dirA = join(root, 'a');
  const dirB = join(root, 'b');
  await buildBuiltinPack(dirA);
  cpSync(dirA, dirB, { recursive: true });
  const m = JSON.parse(readFileSync(join(dirB, 'manifest.json'), 'utf8')) as { version: string };
  m.version = '9.9.9';
  writeFileSync(join(dirB, 'manifest.json'), JSON.stringify(m));
  return { dirA, dirB, root };
}

/** Everything of every entry but its creation time, in id order. */
export function dumpEntries(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT id, source, source_ref, age_group, gender, race, attributes_source, hex(wplus) AS w FROM entries ORDER BY id').all();
  } finally {
    db.close();
  }
}
