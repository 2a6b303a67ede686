/**
 * Build the built-in model pack from code: `npx tsx tools/build-builtin-pack.ts [--out dir]`
 * (default resources/models/builtin/). Deterministic: reruns write identical bytes.
 */
import { resolve } from 'node:path';
import { buildBuiltinPack } from './builtin-pack/build.js';

function outDir(argv: string[]): string {
  const i = argv.indexOf('--out');
  if (i >= 0) {
    const v = argv[i + 1];
    if (!v) throw new Error('--out needs a directory');
    return resolve(v);
  }
  return resolve('resources/models/builtin');
}

const t0 = Date.now();
const res = await buildBuiltinPack(outDir(process.argv.slice(2)));
console.log(`built-in pack written to ${res.outDir}: ${(res.bytes / 1e6).toFixed(2)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
