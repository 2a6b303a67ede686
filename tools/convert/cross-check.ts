/**
 * Cross-check of the two converters: runs the TypeScript converter's graphs and the
 * Python converter's graphs (tools/convert/convert.py) on the Python converter's fixed
 * inputs and compares every output, relative to the output's magnitude:
 *   max |ts − py| ≤ tol · max(max |py|, 1e-12)   per output (tol 1e-5).
 * Also compares both with PyTorch's own outputs (saved by convert.py).
 *
 *   npx tsx tools/convert/cross-check.ts <tsPackDir> <pyPackDir> <parityDir> [--tolerance 1e-5]
 */
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../../src/core/random/mulberry32';
import { readF32 } from './parity';

export const CROSS_TOLERANCE = 1e-5;

interface TensorFile {
  name: string;
  shape: number[];
  path: string;
}
interface ParityGraph {
  role: string;
  file: string;
  inputs: TensorFile[];
  outputs: TensorFile[];
}

export interface CrossResult {
  role: string;
  output: string;
  /** max |ts − py| / max |py| */
  relToPython: number;
  /** max |ts − torch| / max |torch| */
  relToTorch: number;
  ok: boolean;
}

/** Largest absolute difference relative to the reference's largest magnitude; Infinity on a length mismatch or NaN. */
export function relErr(a: Float32Array, ref: Float32Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  if (a.length !== ref.length || Number.isNaN(d)) return Infinity;
  return d / Math.max(m, 1e-12);
}

async function run(file: string, g: ParityGraph): Promise<Record<string, Float32Array>> {
  const s = await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all' });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const i of g.inputs) feeds[i.name] = new ort.Tensor('float32', readF32(i.path), i.shape);
    const out = await s.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await s.release();
  }
}

export async function crossCheck(tsPack: string, pyPack: string, parityDir: string, tolerance = CROSS_TOLERANCE, roles?: string[]): Promise<CrossResult[]> {
  const parity = JSON.parse(readFileSync(join(parityDir, 'parity.json'), 'utf8')) as { graphs: ParityGraph[] };
  const results: CrossResult[] = [];
  for (const g of parity.graphs) {
    if (roles && !roles.includes(g.role)) continue;
    const ts = await run(join(tsPack, g.file), g);
    const py = await run(join(pyPack, g.file), g);
    for (const o of g.outputs) {
      const torch = readF32(o.path);
      const a = ts[o.name];
      const b = py[o.name];
      if (!a || !b) {
        results.push({ role: g.role, output: o.name, relToPython: Infinity, relToTorch: Infinity, ok: false });
        continue;
      }
      const relToPython = relErr(a, b);
      results.push({ role: g.role, output: o.name, relToPython, relToTorch: relErr(a, torch), ok: relToPython <= tolerance });
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [tsPack, pyPack, par] = process.argv.slice(2);
  const ti = process.argv.indexOf('--tolerance');
  const tol = ti > 0 ? Number(process.argv[ti + 1]) : CROSS_TOLERANCE;
  if (!tsPack || !pyPack || !par) {
    console.error('usage: npx tsx tools/convert/cross-check.ts <tsPackDir> <pyPackDir> <parityDir> [--tolerance 1e-5]');
    process.exit(2);
  }
  const res = await crossCheck(tsPack, pyPack, par, tol);
  for (const r of res) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.role}.${r.output}: rel. to Python ${r.relToPython.toExponential(2)}, rel. to PyTorch ${r.relToTorch.toExponential(2)} (limit ${tol})`);
  process.exit(res.every((r) => r.ok) ? 0 : 1);
}

/** Seeded inputs for `comparePacks`: W+ and genes ~ N(0, ½²), images uniform in [-1, 1]. */
function seededInputs(role: string, batch: number, seed: number): Record<string, { data: Float32Array; shape: number[] }> {
  const rand = mulberry32(seed);
  const normal = (n: number): Float32Array => Float32Array.from({ length: n }, () => 0.5 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  const uniform = (n: number): Float32Array => Float32Array.from({ length: n }, () => rand() * 2 - 1);
  switch (role) {
    case 'mapping':
      return { z: { data: normal(batch * 512).map((v) => v * 2), shape: [batch, 512] } };
    case 'generator':
    case 'generatorPreview':
    case 'lge':
      return { wplus: { data: normal(batch * 18 * 512), shape: [batch, 18, 512] } };
    case 'decoder':
      return { genes: { data: normal(batch * 18 * 34 * 512), shape: [batch, 18, 34, 512] } };
    case 'encoder':
      return { image: { data: uniform(batch * 3 * 256 * 256), shape: [batch, 3, 256, 256] } };
    case 'attributes':
      return { image: { data: uniform(batch * 3 * 224 * 224), shape: [batch, 3, 224, 224] } };
    default:
      throw new Error(`no inputs for role ${role}`);
  }
}

/**
 * Two packs (e.g. one converted in TypeScript, one by tools/convert/convert.py) on the same
 * seeded inputs, graph by graph (the files their manifests name): per output,
 * max |a − b| / max |b|.
 */
export async function comparePacks(packA: string, packB: string, roles: string[], batch = 1, seed = 7): Promise<Array<{ role: string; output: string; rel: number }>> {
  const files = (dir: string): Record<string, string> => (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> }).files;
  const fa = files(packA);
  const fb = files(packB);
  const out: Array<{ role: string; output: string; rel: number }> = [];
  for (const role of roles) {
    if (!fa[role] || !fb[role]) throw new Error(`graph '${role}' is missing from ${!fa[role] ? packA : packB}`);
    const inputs = seededInputs(role, batch, seed);
    const runOne = async (file: string): Promise<Record<string, Float32Array>> => {
      const s = await ort.InferenceSession.create(file);
      try {
        const feeds = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.shape)]));
        const res = await s.run(feeds);
        return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.data as Float32Array]));
      } finally {
        await s.release();
      }
    };
    const a = await runOne(join(packA, fa[role]));
    const b = await runOne(join(packB, fb[role]));
    for (const [name, ref] of Object.entries(b)) out.push({ role, output: name, rel: a[name] ? relErr(a[name], ref) : Infinity });
  }
  return out;
}
