/**
 * Downloads the Electron binary that `npm install` does not let electron's own
 * install script fetch (package.json allowScripts keeps offline installs working).
 *   npm run fetch-electron        – explicit; fails when the download fails
 *   (postinstall) --optional      – tried after every install; a failure is a notice
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinaryPath } from '../src/core/environment';
import { findAppRoot } from '../src/core/paths';

const optional = process.argv.includes('--optional');
const root = findAppRoot();
if (electronBinaryPath(root)) {
  if (!optional) console.log(`Electron is already installed: ${electronBinaryPath(root)}`);
  process.exit(0);
}
if (process.env.KINSHIP_SKIP_ELECTRON === '1') process.exit(0);
console.log('Fetching the Electron binary…');
const res = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
  stdio: optional ? 'ignore' : 'inherit',
  env: { ...process.env, force_no_cache: 'true' },
  timeout: 10 * 60_000,
});
if (res.status === 0 && electronBinaryPath(root)) {
  console.log('Electron installed. Native modules must match its ABI: run `npm run rebuild:electron` before `npm start`.');
  process.exit(0);
}
const why =
  'Could not download the Electron binary (no internet, or the download host is blocked). ' +
  'The studio still runs in the browser: `npm start` starts the web host; `npm run fetch-electron` retries later.';
if (optional) {
  console.log(why);
  process.exit(0);
}
console.error(why);
process.exit(1);
