/**
 * Starts the inference worker. Bundled hosts (Electron) ship a compiled
 * `inference-worker.js` beside the bundle; source hosts (web host, CLI, tests)
 * start the TypeScript file through tsx's loader, registered inside the worker
 * because Node 20 does not pass `--import` loaders on to worker threads.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

export function resolveWorkerEntry(explicit?: string): string {
  if (explicit) return explicit;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'inference-worker.js');
  return existsSync(bundled) ? bundled : join(here, 'inference-worker.ts');
}

export function startWorker(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry);
  // tsx's ESM API (the .mjs twin of what require.resolve finds).
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const bootstrap =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })` +
    `.catch((e) => { throw e; });`;
  return new Worker(bootstrap, { eval: true });
}
