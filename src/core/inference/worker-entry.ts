/**
 * Where the inference worker's code is. Bundled hosts (Electron) ship a compiled
 * `inference-worker.js` beside the bundle; source hosts (web host, CLI, tests run
 * through tsx/vitest) start the TypeScript file with the tsx loader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface WorkerEntry {
  path: string;
  execArgv: string[];
}

export function resolveWorkerEntry(explicit?: string): WorkerEntry {
  if (explicit) return { path: explicit, execArgv: explicit.endsWith('.ts') ? tsxArgv() : [] };
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'inference-worker.js');
  if (existsSync(bundled)) return { path: bundled, execArgv: [] };
  return { path: join(here, 'inference-worker.ts'), execArgv: tsxArgv() };
}

function tsxArgv(): string[] {
  const already = process.execArgv.some((a) => a.includes('tsx'));
  return already ? process.execArgv : ['--import', 'tsx'];
}
