/**
 * Where worker threads' code is, and how to start it. Bundled hosts (Electron)
 * ship compiled `<name>.js` files in one folder; source hosts (web host, CLI,
 * tests) start the TypeScript file through tsx's loader, registered inside the
 * worker because Node 20 does not pass `--import` loaders on to worker threads.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Every worker of the service layer, with its source file under src/core. */
const SOURCES = {
  'inference-worker': 'inference/inference-worker.ts',
  'face-detector-worker': 'faces/detector-worker.ts',
  'crossover-worker': 'breeding/crossover-worker.ts',
} as const;
export type WorkerName = keyof typeof SOURCES;

/** The worker's file: `<bundledDir>/<name>.js` when bundled, else its TypeScript source. */
export function workerPath(name: WorkerName, bundledDir?: string): string {
  if (bundledDir) return join(bundledDir, `${name}.js`);
  return join(dirname(fileURLToPath(import.meta.url)), '..', SOURCES[name]);
}

export function startWorker(entry: string, workerData?: unknown): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  // tsx's ESM API (the .mjs twin of what require.resolve finds).
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const bootstrap =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })` +
    `.catch((e) => { throw e; });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
