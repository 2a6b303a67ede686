/**
 * `npm run check:no-test-hooks`: fails when the production renderer (out/renderer, what
 * `npm run build` ships) contains a test hook. Hooks live under `if (__KINSHIP_TEST_HOOKS__)`
 * and only the test build (out-test/) keeps them (docs/ARCHITECTURE.md, "Test hooks").
 *
 * Usage: tsx tools/check-no-test-hooks.ts [renderer dir, default out/renderer]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What a hook leaves in a bundle: the window property, or the switch left unreplaced. */
export const HOOK_MARKERS = ['__kinshipCanvas', '__KINSHIP_TEST_HOOKS__'] as const;

export function findTestHooks(dir: string): Array<{ file: string; marker: string; line: number }> {
  const found: Array<{ file: string; marker: string; line: number }> = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|mjs|cjs|html)$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        for (const marker of HOOK_MARKERS) {
          const at = text.indexOf(marker);
          if (at >= 0) found.push({ file: relative(process.cwd(), path), marker, line: text.slice(0, at).split('\n').length });
        }
      }
    }
  };
  walk(dir);
  return found;
}

function main(): void {
  const dir = process.argv[2] ?? join(process.cwd(), 'out', 'renderer');
  if (!existsSync(dir)) {
    console.error(`check-no-test-hooks: ${dir} does not exist; run npm run build first`);
    process.exit(2);
  }
  const hooks = findTestHooks(dir);
  if (hooks.length > 0) {
    for (const h of hooks) console.error(`test hook in the production renderer: ${h.marker} in ${h.file}:${h.line}`);
    console.error('Test hooks belong under `if (__KINSHIP_TEST_HOOKS__)`, which only npm run build:test keeps.');
    process.exit(1);
  }
  console.log(`check-no-test-hooks: no test hook in ${relative(process.cwd(), dir) || dir}`);
}

main();
