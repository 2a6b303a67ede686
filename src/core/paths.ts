/** Where things live on disk, for every host. Hosts may override each one. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder that holds package.json, found by walking up from this module. */
export function findAppRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** App resources (the built-in pack); KINSHIP_RESOURCES_DIR wins (tests, portable installs). */
export function defaultResourcesDir(): string {
  return process.env.KINSHIP_RESOURCES_DIR ?? join(findAppRoot(), 'resources');
}

/**
 * The FFHQ/FairFace attribute labels that ship with the app (resources/data): the default
 * labels of `pool build-ffhq`. Looked up in the resources folder in use, then in the app's own.
 */
export const ATTRIBUTES_CSV_NAME = 'ffhq_fairface_attributes.csv';
export function bundledAttributesCsv(resourcesDir: string = defaultResourcesDir()): string {
  const first = join(resourcesDir, 'data', ATTRIBUTES_CSV_NAME);
  if (existsSync(first)) return first;
  return join(findAppRoot(), 'resources', 'data', ATTRIBUTES_CSV_NAME);
}

/** Per-user data folder (settings, user packs, recent files); KINSHIP_DATA_DIR wins. */
export function defaultDataDir(): string {
  if (process.env.KINSHIP_DATA_DIR) return process.env.KINSHIP_DATA_DIR;
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Kinship Studio');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Kinship Studio');
    default:
      return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'kinship-studio');
  }
}
