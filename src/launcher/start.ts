/**
 * `npm start`: the desktop app when the Electron binary is installed, otherwise
 * a clear note and the same studio through the web host.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinaryPath } from '../core/environment';
import { findAppRoot } from '../core/paths';

const root = findAppRoot();
const electron = electronBinaryPath(root);
const built = existsSync(join(root, 'out', 'main', 'index.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));

if (!built) {
  console.error('Kinship Studio is not built yet. Run `npm run build` (or `npm run setup`) first.');
  process.exit(1);
}

if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'The Electron binary is not installed, so the desktop window cannot open.\n' +
      '  (On a machine with internet, `npm run fetch-electron` installs it.)\n' +
      'Starting the web host instead: open the printed address in Chromium or Chrome.\n',
  );
  await import('../web/serve');
}
