/**
 * Files in the projects folder must be what they seem. Anyone who can write to that
 * folder (another program, a synced share, a careless script) could plant a symbolic
 * link named like a project, or like a project's -wal/-journal side file, that points
 * at some other file the user can write; opening it would let SQLite write pages or a
 * WAL into that target. So a project path inside the projects folder is only used when
 * neither it nor its side files is a link and its real folder is inside the real
 * projects folder (a linked sub-folder points elsewhere too). Nothing is opened,
 * created or written before these checks pass.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ProjectFileError } from '../projects';

const SIDE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/** Whether `path` lies in `folder` or below it, by name (no file system access). */
export function isInFolder(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}

/** lstat without following links; null when nothing is there. */
function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Whether anything, a dangling link included, is at `path` (existsSync follows links). */
export function entryExists(path: string): boolean {
  return lstatOrNull(path) !== null;
}

/** Whether `path` is a plain file and not a link (for listings). */
export function isPlainFile(path: string): boolean {
  return lstatOrNull(path)?.isFile() === true;
}

/**
 * Throws unless the project at `path` (inside `projectsDir`) and its side files are no
 * symbolic links and its real location is inside the real projects folder.
 */
export function assertRealProjectFile(projectsDir: string, path: string): void {
  for (const suffix of SIDE_SUFFIXES) {
    const p = path + suffix;
    const st = lstatOrNull(p);
    if (st?.isSymbolicLink()) {
      let target = '?';
      try {
        target = readlinkSync(p);
      } catch {
        // The link's target is only for the message.
      }
      const what = suffix ? `its side file ${p}` : 'it';
      throw new ProjectFileError(path, 'not-a-file', `${what} is a symbolic link (to ${target}); projects in ${projectsDir} must be real files, so it was not opened`);
    }
  }
  let realFolder: string;
  let realParent: string;
  try {
    realFolder = realpathSync(projectsDir);
    realParent = realpathSync(dirname(path));
  } catch (e) {
    throw new ProjectFileError(path, 'not-found', `its folder cannot be resolved (${(e as Error).message})`, { cause: e });
  }
  if (realParent !== realFolder && !isInFolder(realFolder, realParent)) {
    throw new ProjectFileError(path, 'not-a-file', `its folder is a link to ${realParent}, outside ${projectsDir}; it was not opened`);
  }
}
