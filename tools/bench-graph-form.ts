/**
 * `npm run bench:graph-form -- --checkpoints <dir> [--repeats 5] [--levels all,extended] [--preview]`
 *
 * Measures the two ways of writing StyleGAN2's modulated convolutions
 * (src/core/stylegene/stylegan2-graphs.ts, ModulationForm) on the generator converted from
 * the checkpoints in <dir> (official layout; random weights from tools/convert/make_random.py
 * do): 'activations' (scale channels around a convolution with the static weight) and
 * 'weights' (per-sample modulated weight, the reference's form, in a Scan over the batch).
 * Each form × graph level runs in its own process, so its peak RSS is its own: open ms,
 * one image from latents (ms p50 / p95 over the repeats, after one warm-up), the process's
 * peak RSS (kernel high-water mark), and how far the forms' images are apart (max |a − b|
 * relative to max |a|), plus whether an image drawn in a batch of 2 equals it drawn alone.
 * Figures only; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { TorchCheckpoint } from '../src/core/checkpoints/torch-file';
import { stateDictOf, WeightSource } from '../src/core/checkpoints/state-dict';
import { buildGenerator, inferGenerator, type ModulationForm } from '../src/core/stylegene/stylegan2-graphs';
import { sessionOptions } from '../src/core/inference/session-options';

const FILE = 'stylegan2-ffhq-config-f.pt';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function wplusOf(batch: number): Float32Array {
  const x = new Float32Array(batch * 18 * 512);
  for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(i * 0.37 + 1.3 * Math.floor(i / (18 * 512)));
  return x;
}

function hwmBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

/** Child process: open one graph, run it, print one JSON line. */
async function runOne(model: string, level: 'all' | 'extended', repeats: number, outFile: string, batchCheck: boolean): Promise<void> {
  const opts = { ...sessionOptions('cpu', 'generator'), graphOptimizationLevel: level };
  let t = performance.now();
  const session = await ort.InferenceSession.create(model, opts);
  const openMs = performance.now() - t;
  const inName = session.inputNames[0]!;
  const outName = session.outputNames[0]!;
  const one = wplusOf(1);
  const times: number[] = [];
  let image: Float32Array | null = null;
  for (let r = 0; r <= repeats; r++) {
    t = performance.now();
    const out = await session.run({ [inName]: new ort.Tensor('float32', one, [1, 18, 512]) });
    if (r > 0) times.push(performance.now() - t);
    image = out[outName]!.data as Float32Array;
  }
  writeFileSync(outFile, Buffer.from(image!.buffer, image!.byteOffset, image!.byteLength));
  let batchEqual: boolean | null = null;
  if (batchCheck) {
    // The same latent as the second image of a batch of 2: bit for bit the image drawn alone?
    const two = new Float32Array(2 * 18 * 512);
    two.set(wplusOf(2).subarray(0, 18 * 512), 0);
    two.set(one, 18 * 512);
    const out = (await session.run({ [inName]: new ort.Tensor('float32', two, [2, 18, 512]) }))[outName]!.data as Float32Array;
    const second = out.subarray(image!.length);
    batchEqual = second.every((v, i) => v === image![i]);
  }
  await session.release();
  console.log(JSON.stringify({ openMs, times, hwm: hwmBytes(), batchEqual }));
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    await runOne(arg('--model')!, arg('--level') as 'all' | 'extended', Number(arg('--repeats')), arg('--out')!, process.argv.includes('--batch-check'));
    return;
  }
  const dir = arg('--checkpoints');
  if (!dir) throw new Error('--checkpoints <dir> is required (the folder with stylegan2-ffhq-config-f.pt)');
  const repeats = Number(arg('--repeats', '5'));
  const levels = (arg('--levels', 'all,extended') ?? '').split(',') as Array<'all' | 'extended'>;
  const stopAt = process.argv.includes('--preview') ? 256 : undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'kinship-graph-form-'));
  try {
    const ck = await TorchCheckpoint.open(join(dir, FILE), FILE);
    const state = stateDictOf(ck.root, FILE, 'g_ema');
    const { resolution, channelMultiplier } = inferGenerator(state, FILE);
    const forms: ModulationForm[] = ['activations', 'weights'];
    const models: Record<string, string> = {};
    for (const form of forms) {
      const g = buildGenerator(new WeightSource(ck, state, FILE, 'generator', ''), { resolution, channelMultiplier, form, stopAt });
      models[form] = join(scratch, `${form}.onnx`);
      writeFileSync(models[form], g.serialize());
    }
    ck.close();
    console.log(`generator ${resolution}² ${stopAt ? `(preview graph, stopped at ${stopAt}²)` : ''}, batch 1 from latents; cpu ${cpus()[0]?.model ?? '?'} × ${cpus().length}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log('form         level     open ms   run ms p50 / p95 (n)   peak RSS   batch of 2 = alone');
    const images: Record<string, Float32Array> = {};
    for (const form of forms) {
      for (const level of levels) {
        const out = join(scratch, `${form}-${level}.f32`);
        const line = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child', '--model', models[form]!, '--level', level, '--repeats', String(repeats), '--out', out, '--batch-check'], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        const r = JSON.parse(line.trim().split('\n').pop()!) as { openMs: number; times: number[]; hwm: number; batchEqual: boolean | null };
        const buf = readFileSync(out);
        images[`${form}/${level}`] = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
        console.log(
          `${form.padEnd(12)} ${level.padEnd(9)} ${r.openMs.toFixed(0).padStart(7)}   ${`${pct(r.times, 50).toFixed(0)} / ${pct(r.times, 95).toFixed(0)} (${r.times.length})`.padEnd(22)} ${(r.hwm / 2 ** 30).toFixed(2)} GiB   ${r.batchEqual}`,
        );
      }
    }
    const ref = images[`activations/${levels[0]}`]!;
    let refMax = 0;
    for (const v of ref) refMax = Math.max(refMax, Math.abs(v));
    for (const [k, img] of Object.entries(images)) {
      let d = 0;
      for (let i = 0; i < img.length; i++) d = Math.max(d, Math.abs(img[i]! - ref[i]!));
      console.log(`${k}: max |Δ| vs activations/${levels[0]} = ${d.toExponential(2)} (relative ${(d / refMax).toExponential(2)})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`graph-form benchmark failed: ${e.message}`);
  process.exit(1);
});
