/**
 * Validates an existing gene-pool file without writing to it. Opening a pool used to switch
 * the file to WAL and insert meta rows before anything was checked, so pointing the studio
 * at a project or a foreign SQLite database changed that file and then refused it. Here
 * the file is read through a read-only connection only: SQLite header, schema version,
 * tables, meta rows, pack fingerprint, `PRAGMA quick_check` and latent blob sizes. Only a
 * file that passes is opened read-write (pool-index.ts).
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { WPLUS_LEN } from '../breeding/pack-runtime';
import { bytesPerValue, type WplusDtype } from './latent-codec';
import { describeFingerprint, sameFingerprint, type PackFingerprint } from './pack-fingerprint';
import { PoolError, PoolPackMismatchError } from './pool-errors';
import { POOL_FORMAT, SCHEMA_VERSION, TABLES_BY_VERSION } from './schema';

export interface CheckedPoolFile {
  readonly uid: string;
  readonly wplusDtype: WplusDtype;
  readonly version: number;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** The 100-byte SQLite header, read with plain file I/O (no SQLite connection touches the file yet). */
function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the pool at `path` (which exists and is not empty) for `pack`. Throws PoolError
 * (PoolPackMismatchError for another pack's pool) naming the file and what is wrong.
 */
export function checkPoolFile(path: string, pack: PackFingerprint): CheckedPoolFile {
  const header = readHeader(path);
  if (header.length < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new PoolError(`${path} is not a gene pool (not an SQLite database).`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new PoolError(`${path} is not a readable gene pool (${(e as Error).message}).`);
  }
  try {
    return checkOpen(db, path, pack);
  } catch (e) {
    if (e instanceof PoolError) throw e;
    throw new PoolError(`${path} is not a readable gene pool (${(e as Error).message}).`);
  } finally {
    db.close();
  }
}

function checkOpen(db: Database.Database, path: string, pack: PackFingerprint): CheckedPoolFile {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new PoolError(`${path} is a gene pool of schema version ${version}; this Kinship Studio reads up to ${SCHEMA_VERSION}. Update the studio.`);
  }
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  // An older version is migrated after this check, so its own tables are what it must have.
  const missing = (TABLES_BY_VERSION[version] ?? TABLES_BY_VERSION[SCHEMA_VERSION]!).filter((t) => !tables.has(t));
  if (version === 0 || missing.length > 0) throw new PoolError(`${path} is an SQLite file but not a Kinship Studio gene pool.`);
  const meta = Object.fromEntries(
    (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: unknown; value: unknown }>).map((r) => [String(r.key), String(r.value)]),
  );
  if (meta.format !== POOL_FORMAT) throw new PoolError(`${path} is an SQLite file but not a Kinship Studio gene pool.`);
  let stored: PackFingerprint | null = null;
  try {
    stored = JSON.parse(meta.pack ?? 'null') as PackFingerprint | null;
  } catch {
    stored = null;
  }
  if (!stored || typeof stored !== 'object' || !sameFingerprint(stored, pack)) {
    throw new PoolPackMismatchError(
      `The gene pool ${path} was built for model pack ${stored && typeof stored === 'object' ? describeFingerprint(stored) : '(unknown)'}, ` +
        `but the active pack is ${describeFingerprint(pack)}. Its latents belong to the other pack; ` +
        `build a pool for this pack or switch back.`,
    );
  }
  if (meta.wplus_dtype !== 'float16' && meta.wplus_dtype !== 'float32') {
    throw new PoolError(`${path}: the gene pool's latent type is '${String(meta.wplus_dtype)}', expected float16 or float32 (damaged meta table).`);
  }
  const wplusDtype: WplusDtype = meta.wplus_dtype;
  if (!meta.uid) throw new PoolError(`${path}: the gene pool has no uid in its meta table (damaged file).`);
  const check = db.pragma('quick_check(5)', { simple: false }) as Array<{ quick_check: string }>;
  const problems = check.map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (problems.length > 0) throw new PoolError(`${path} is damaged (SQLite quick_check: ${problems.join('; ')}). Rebuild the gene pool.`);
  const expected = WPLUS_LEN * bytesPerValue(wplusDtype);
  const bad = db.prepare("SELECT id, length(wplus) AS n FROM entries WHERE source != 'genes' AND (typeof(wplus) != ? OR length(wplus) != ?) LIMIT 1").get('blob', expected) as
    | { id: number; n: number }
    | undefined;
  if (bad) {
    throw new PoolError(`${path} is damaged: entry ${bad.id} has a ${bad.n}-byte latent, expected ${expected} bytes (${WPLUS_LEN} ${wplusDtype} values). Rebuild the gene pool.`);
  }
  return { uid: meta.uid, wplusDtype, version };
}
