/**
 * `npm run build:test`: the app built with its test hooks into out-test/ (the e2e suite
 * and the canvas benchmark use it; `npm run build` writes the production app to out/).
 * A script rather than `KINSHIP_TEST_HOOKS=1 electron-vite …` so it runs on Windows too.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Absolute: electron-vite resolves a relative outDir against each part's root (src/renderer for the renderer).
export const TEST_OUT_DIR = join(process.cwd(), 'out-test');

const cli = join(process.cwd(), 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const r = spawnSync(process.execPath, [cli, 'build', '--outDir', TEST_OUT_DIR], {
  stdio: 'inherit',
  env: { ...process.env, KINSHIP_TEST_HOOKS: '1' },
});
process.exit(r.status ?? 1);
