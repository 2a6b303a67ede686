/**
 * Parity check: runs each exported graph with onnxruntime-node on the converter's fixed
 * inputs and compares with the PyTorch outputs it saved (raw float32 + parity.json).
 *
 *   node --import tsx tools/convert/parity.ts <parityDir> [--tolerance 1e-3]
 */
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { floatToHalf, halfToFloat } from '../../src/core/inference/half';

/** fp32: max |onnx − torch| ≤ 1e-3 · max(1, max |torch|) per output (relative for large activations). */
export const FP32_TOLERANCE = 1e-3;
/** fp16 graphs: half precision carries ~3 decimal digits through deep networks. */
export const FP16_TOLERANCE = 5e-2;

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
interface ParityFile {
  graphs: ParityGraph[];
  packDir: string;
  fp16: { files: Record<string, string> } | null;
}

export interface ParityResult {
  role: string;
  file: string;
  output: string;
  maxAbsError: number;
  refMaxAbs: number;
  limit: number;
  ok: boolean;
}

/** A raw little-endian float32 file (the parity references). */
export function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  // Copy into an aligned buffer: readFileSync's may start at any byte offset.
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

async function runGraph(path: string, g: ParityGraph, half: boolean): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const i of g.inputs) {
      const data = readF32(i.path);
      feeds[i.name] = half ? new ort.Tensor('float16', floatToHalf(data), i.shape) : new ort.Tensor('float32', data, i.shape);
    }
    const res = await session.run(feeds);
    const out: Record<string, Float32Array> = {};
    for (const o of g.outputs) {
      const t = res[o.name];
      if (!t) throw new Error(`${g.file}: no output '${o.name}'`);
      if (t.dims.join(',') !== o.shape.join(',')) throw new Error(`${g.file}: output '${o.name}' has shape [${t.dims}], PyTorch gave [${o.shape}]`);
      out[o.name] = t.type === 'float16' ? halfToFloat(t.data as Uint16Array) : (t.data as Float32Array);
    }
    return out;
  } finally {
    await session.release();
  }
}

export async function checkParity(parityDir: string, opts: { log?: (s: string) => void } = {}): Promise<ParityResult[]> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const spec = JSON.parse(readFileSync(join(parityDir, 'parity.json'), 'utf8')) as ParityFile;
  const results: ParityResult[] = [];
  const variants: Array<{ half: boolean; files: Record<string, string> }> = [
    { half: false, files: Object.fromEntries(spec.graphs.map((g) => [g.role, g.file])) },
  ];
  if (spec.fp16) variants.push({ half: true, files: spec.fp16.files });
  for (const v of variants) {
    for (const g of spec.graphs) {
      const file = v.files[g.role];
      if (!file) continue;
      const got = await runGraph(join(spec.packDir, file), g, v.half);
      for (const o of g.outputs) {
        const ref = readF32(o.path);
        const out = got[o.name]!;
        let maxErr = 0;
        let refMax = 0;
        for (let k = 0; k < ref.length; k++) {
          const d = Math.abs(out[k]! - ref[k]!);
          // NaN never passes: a NaN difference fails the comparison below.
          if (!(d <= maxErr)) maxErr = Number.isNaN(d) ? Infinity : d;
          refMax = Math.max(refMax, Math.abs(ref[k]!));
        }
        const limit = (v.half ? FP16_TOLERANCE : FP32_TOLERANCE) * Math.max(1, refMax);
        const ok = maxErr <= limit;
        results.push({ role: g.role, file, output: o.name, maxAbsError: maxErr, refMaxAbs: refMax, limit, ok });
        log(
          `  parity ${file.padEnd(22)} ${o.name.padEnd(7)} max|onnx-torch| = ${maxErr.toExponential(2)}` +
            `  (limit ${limit.toExponential(1)}, max|torch| ${refMax.toFixed(3)})  ${ok ? 'ok' : 'FAIL'}`,
        );
      }
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: parity.ts <parityDir>');
    process.exit(2);
  }
  const results = await checkParity(dir);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
