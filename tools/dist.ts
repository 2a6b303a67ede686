/** `npm run dist`: builds the Linux packages with electron-builder, or says why it cannot. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinaryPath } from '../src/core/environment';
import { findAppRoot } from '../src/core/paths';

const root = findAppRoot();
if (!electronBinaryPath(root)) {
  console.error(
    'Cannot package: the Electron binary is not installed (it is a separate download that was skipped). ' +
      'On a machine with internet run `npm run fetch-electron`, then `npm run dist`.',
  );
  process.exit(1);
}
const run = (cmd: string, args: string[]): void => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['electron-vite', 'build']);
if (!existsSync(join(root, 'resources', 'models', 'builtin', 'manifest.json'))) run('npm', ['run', 'pack:builtin']);
const target = process.argv[2] ?? '--linux';
run('npx', ['electron-builder', target, '--publish', 'never']);
