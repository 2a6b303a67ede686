/**
 * Writes a set of files that share one base name (an export's PNG and its JSON
 * sidecar) under a name no other writer has taken: `stem.ext`, else `stem 2.ext`,
 * `stem 3.ext`, ... Each file is written in full to its own temporary file in the
 * target folder (a unique name, so concurrent writers never share it) and then
 * hard-linked to its final name. A link fails if the name exists, so claiming a name is
 * atomic: two exports in the same second get two names, and a final name never holds
 * a partly written file. Where a filesystem has no hard links, the name is claimed with
 * an exclusive create and the finished file renamed over that claim.
 */
import { closeSync, copyFileSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface NamedContent {
  /** Extension with its dot, e.g. ".png". */
  ext: string;
  data: Buffer | string;
}

const MAX_TRIES = 1000;

export function writeUniqueFiles(dir: string, stem: string, files: readonly NamedContent[]): string[] {
  const temps = files.map((f) => {
    const tmp = join(dir, `.${stem}.${randomBytes(6).toString('hex')}${f.ext}.tmp`);
    const fd = openSync(tmp, 'wx');
    try {
      writeFileSync(fd, f.data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
  });
  try {
    for (let n = 1; n <= MAX_TRIES; n++) {
      const base = n === 1 ? stem : `${stem} ${n}`;
      const finals = files.map((f) => join(dir, `${base}${f.ext}`));
      const claimed: string[] = [];
      let taken = false;
      for (let i = 0; i < files.length; i++) {
        if (claim(temps[i]!, finals[i]!)) claimed.push(finals[i]!);
        else {
          taken = true;
          break;
        }
      }
      if (!taken) return finals;
      // Another writer holds part of this name: give back what we claimed, try the next.
      for (const c of claimed) rmSync(c, { force: true });
    }
    throw new Error(`no free file name for '${stem}' in ${dir} after ${MAX_TRIES} tries`);
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
}

/** Puts the finished `tmp` under `dest` unless `dest` exists; false when it does. */
function claim(tmp: string, dest: string): boolean {
  try {
    linkSync(tmp, dest);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
  }
  // No hard links here (FAT, some network shares): an exclusive create claims the name.
  let fd: number;
  try {
    fd = openSync(dest, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  closeSync(fd);
  // The temp file is still needed if a later file of the set finds its name taken, so
  // a copy of it replaces the (empty) claim.
  const copy = `${tmp}.claim`;
  copyFileSync(tmp, copy);
  renameSync(copy, dest);
  return true;
}
