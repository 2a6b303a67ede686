/** Downloads the Electron binary that `npm install` skipped (needs internet). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinaryPath } from '../src/core/environment';
import { findAppRoot } from '../src/core/paths';

const root = findAppRoot();
if (electronBinaryPath(root)) {
  console.log(`Electron is already installed: ${electronBinaryPath(root)}`);
  process.exit(0);
}
console.log('Downloading the Electron binary…');
const res = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
  stdio: 'inherit',
  env: { ...process.env, force_no_cache: 'true' },
});
if (res.status !== 0 || !electronBinaryPath(root)) {
  console.error(
    'Could not download Electron (no internet, or the download host is blocked). ' +
      'The studio still runs in the browser: `npm run serve`.',
  );
  process.exit(1);
}
console.log('Electron installed. Native modules must match its ABI: run `npm run rebuild:electron` before `npm start`.');
