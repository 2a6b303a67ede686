/**
 * Build the built-in model pack from code: `npx tsx tools/build-builtin-pack.ts [--out dir] [--resolution 256]`
 * (default resources/models/builtin/, 256 px). Deterministic: reruns write identical bytes.
 */
import { resolve } from 'node:path';
import { buildBuiltinPack } from './builtin-pack/build.js';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (!v) throw new Error(`${name} needs a value`);
  return v;
}

const argv = process.argv.slice(2);
const out = resolve(arg(argv, '--out') ?? 'resources/models/builtin');
const res = arg(argv, '--resolution');
const resolution = res === undefined ? undefined : Number(res);
if (resolution !== undefined && !(Number.isInteger(resolution) && resolution >= 16 && resolution <= 1024)) {
  throw new Error(`--resolution must be an integer from 16 to 1024, got ${res}`);
}
const t0 = Date.now();
const built = await buildBuiltinPack(out, { resolution });
console.log(`built-in pack written to ${built.outDir}: ${(built.bytes / 1e6).toFixed(2)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
