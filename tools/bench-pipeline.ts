/**
 * `npm run bench -- [--pack <dir>] [--batches 1,16,64] [--repeats 3] [--budget-gib N]`
 *
 * Times the breeding pipeline on one pack (default: the built-in pack) with the app's own
 * runtime (inference worker, session options, memory-budgeted generator chunks, children
 * streamed to PNG as each chunk finishes, as the studio stores them) and prints:
 *   - model-open ms (all eager graphs; the photo encoder is lazy and not counted),
 *   - one child of a new couple (both parents' LGE included), the "single children" rate,
 *   - per batch size: ms per stage (lge, crossover, decoder, generator, png), children/s,
 *     peak RSS of the process tree during that batch size, and its throughput against singles,
 *     p50 and p95 over the repeats (n is printed: few repeats make p95 the maximum),
 *   - preview ms (one child through the pack's preview graph, from latents, genes cached):
 *     of a new seed each time, and per face-map change (the same seed, one region's override
 *     changed each time, as the breeding panel asks at each click),
 *   - peak RSS of the process tree (this process with its worker threads, plus any child
 *     processes), sampled every 50 ms, and the kernel's high-water mark of this process,
 *   - the machine's GEMM rate measured in the same run (a 2048×512·512×512 MatMul chain in
 *     the same worker and session options) and, for StyleGAN2 generators, the share of it
 *     the generator reaches (its multiply-adds counted from the config-f layer shapes).
 * Figures only; asserts nothing.
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceEngine } from '../src/core/inference/inference-engine';
import { LAZY_GRAPHS } from '../src/core/inference/session-options';
import { packGraphSpecs, readPack } from '../src/core/packs/pack-loader';
import { PackRuntime, W_DIM, WPLUS_LEN } from '../src/core/breeding/pack-runtime';
import { fixedMemoryBudget, systemMemoryBudget } from '../src/core/breeding/generator-chunk';
import { breed, type BreedRequest } from '../src/core/breeding/breed-pipeline';
import { previewPng, tensorToPng } from '../src/core/breeding/image-encode';
import { GraphBuilder } from '../src/core/onnx/graph-builder';
import { buildBuiltinPack } from './builtin-pack/build';

interface Args {
  pack?: string;
  batches: number[];
  repeats: number;
  budgetGiB?: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { batches: [1, 16, 64], repeats: 3 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--pack') a.pack = v();
    else if (k === '--batches') a.batches = v().split(',').map(Number);
    else if (k === '--repeats') a.repeats = Number(v());
    else if (k === '--budget-gib') a.budgetGiB = Number(v());
    else throw new Error(`unknown option ${k}`);
  }
  if (a.batches.some((b) => !Number.isInteger(b) || b < 1 || b > 64)) throw new Error('--batches: integers 1..64');
  if (!Number.isInteger(a.repeats) || a.repeats < 1) throw new Error('--repeats: a positive integer');
  return a;
}

// ---------------------------------------------------------------- memory of the process tree

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // not Linux, or the process ended
  }
  return out;
}
function treeRss(pid: number): number {
  return rssOf(pid) + childrenOf(pid).reduce((s, c) => s + treeRss(c), 0);
}
function selfHwm(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return process.memoryUsage().rss;
  }
}
let peakTree = 0;
const sample = (): void => void (peakTree = Math.max(peakTree, treeRss(process.pid)));
const sampler = setInterval(sample, 50);
const GiB = 2 ** 30;

// ---------------------------------------------------------------- figures

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const p50p95 = (xs: number[]): string => `${pct(xs, 50).toFixed(0)} / ${pct(xs, 95).toFixed(0)}`;

/** Multiply-adds of a StyleGAN2 config-f synthesis network at `res` (convolutions and to_rgb). */
function styleganMacs(res: number, upTo = res): number {
  const ch: Record<number, number> = { 4: 512, 8: 512, 16: 512, 32: 512, 64: 512, 128: 256, 256: 128, 512: 64, 1024: 32 };
  let macs = 16 * 9 * 512 * 512 + 16 * 512 * 3; // conv1 and to_rgb1 at 4²
  for (let r = 8; r <= Math.min(res, upTo); r *= 2) {
    const cin = ch[r / 2]!;
    const cout = ch[r]!;
    macs += (r / 2) ** 2 * 9 * cin * cout; // stride-2 transposed conv, computed at the input size
    macs += r * r * 9 * cout * cout;
    macs += r * r * cout * 3;
  }
  return macs;
}

async function gemmRate(engine: InferenceEngine, dir: string): Promise<number> {
  const steps = 8;
  const rows = 2048;
  const g = new GraphBuilder('gemm');
  let v = g.input('z', ['B', 512]);
  const w = new Float32Array(512 * 512);
  for (let i = 0; i < w.length; i++) w[i] = (((i * 2654435761) % 1000) / 1000 - 0.5) / 16;
  const W = g.constF(w, [512, 512]);
  for (let s = 0; s < steps; s++) v = g.node('MatMul', [v, W]);
  g.output('w', v, ['B', 512]);
  const path = join(dir, 'gemm.onnx');
  (await import('node:fs')).writeFileSync(path, g.serialize());
  await engine.openPack({ packKey: 'gemm', files: { mapping: path }, specs: {}, dtype: 'float32', providers: ['cpu'] });
  const z = new Float32Array(rows * 512).fill(0.01);
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    await engine.run('gemm', 'mapping', { z: { dims: [rows, 512], data: z } }, ['w']);
    best = Math.min(best, performance.now() - t);
  }
  await engine.closePack('gemm');
  return (2 * rows * 512 * 512 * steps) / (best / 1000);
}

function parents(runtime: PackRuntime, couple = 0): { father: Float32Array; mother: Float32Array } {
  // Parents near the average face (wAvg plus a deterministic offset), as founders would be.
  const avg = runtime.pack.manifest.wAvg ?? new Array<number>(W_DIM).fill(0);
  const make = (k: number): Float32Array => {
    const w = new Float32Array(WPLUS_LEN);
    for (let i = 0; i < WPLUS_LEN; i++) w[i] = avg[i % W_DIM]! + 0.3 * Math.sin(i * 0.731 + k);
    return w;
  };
  return { father: make(1 + 2 * couple), mother: make(2 + 2 * couple) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'kinship-bench-'));
  let packDir = args.pack;
  if (!packDir) {
    packDir = join(scratch, 'builtin');
    await buildBuiltinPack(packDir);
  }
  const info = readPack(packDir);
  const engine = new InferenceEngine();
  try {
    console.log(`pack: ${info.manifest.name} ${info.manifest.version} (${info.manifest.resolution}px, ${info.manifest.dtype}) from ${packDir}`);
    console.log(`cpu: ${cpus()[0]?.model ?? '?'} × ${cpus().length}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (other jobs share this machine)`);
    const gemm = await gemmRate(engine, scratch);
    console.log(`GEMM (MatMul 2048×512·512×512, best of 7): ${(gemm / 1e9).toFixed(1)} GFLOP/s`);

    let t = performance.now();
    const opened = await engine.openPack({
      packKey: info.manifest.id,
      files: info.files,
      specs: packGraphSpecs(info),
      dtype: info.manifest.dtype,
      providers: ['cpu'],
      ...LAZY_GRAPHS,
    });
    const openMs = performance.now() - t;
    sample();
    console.log(`model open: ${openMs.toFixed(0)} ms (${(await engine.loadedRoles(info.manifest.id)).join(', ')}; provider ${opened.executionProvider}); tree RSS after open ${(treeRss(process.pid) / GiB).toFixed(2)} GiB`);
    const budget = args.budgetGiB ? fixedMemoryBudget(args.budgetGiB * GiB) : systemMemoryBudget;
    const runtime = new PackRuntime(engine, info, 16, budget);
    console.log(`generator chunk from the memory budget: ${runtime.generatorBatch} image(s) per run`);
    const { father, mother } = parents(runtime);
    const base: BreedRequest = { father: { id: 'F', wplus: father }, mother: { id: 'M', wplus: mother }, settings: {}, seed: 0, count: 1 };

    // The LGE of one parent, uncached (breeding caches parents' genes, so below it shows ~0).
    const lgeMs: number[] = [];
    for (let r = 0; r < 3; r++) {
      t = performance.now();
      await runtime.lge(father);
      lgeMs.push(performance.now() - t);
    }
    console.log(`lge of one parent (uncached), ms p50 / p95 over 3: ${p50p95(lgeMs)}`);

    // Preview: one child from latents through the preview graph (first run warms up).
    const previewMs: number[] = [];
    for (let r = 0; r <= Math.max(3, args.repeats); r++) {
      t = performance.now();
      const out = await breed(runtime, { ...base, seed: 100 + r }, { preview: true });
      await previewPng(out.images, 0, out.resolution);
      if (r > 0) previewMs.push(performance.now() - t);
    }
    const pres = runtime.previewResolution;
    const previewGraph = runtime.has('generatorPreview') ? 'preview graph' : 'full generator';
    console.log(`preview ${pres}² of a new seed (${previewGraph}), ms p50 / p95 over ${previewMs.length}: ${p50p95(previewMs)}`);
    // What the breeding panel does at each face-map click: child 1 of the same seed, one
    // region's override changed (the previous run of this seed warms up).
    const changeMs: number[] = [];
    const modes = [{ kind: 'father' }, { kind: 'mother' }, { kind: 'blend', alpha: 0.5 }, { kind: 'random' }] as const;
    await breed(runtime, { ...base, seed: 500 }, { preview: true });
    for (let r = 0; r < Math.max(8, args.repeats); r++) {
      const settings = { overrides: { [1 + (r % 33)]: modes[r % modes.length]! } };
      t = performance.now();
      const out = await breed(runtime, { ...base, seed: 500, settings }, { preview: true });
      await previewPng(out.images, 0, out.resolution);
      changeMs.push(performance.now() - t);
    }
    console.log(`preview ${pres}² per face-map change (same seed, one region's override changed; ${previewGraph}), ms p50 / p95 over ${changeMs.length}: ${p50p95(changeMs)}`);

    // Single children as a user makes them one at a time: each from a new couple, so both
    // parents' genes are computed (the LGE twice), then one child through every stage and PNG.
    const singleMs: number[] = [];
    for (let r = 0; r < Math.max(3, args.repeats); r++) {
      const couple = parents(runtime, 100 + r);
      t = performance.now();
      const out = await breed(runtime, { ...base, father: { id: `F${r}`, wplus: couple.father }, mother: { id: `M${r}`, wplus: couple.mother }, seed: r }, {
        onChildren: async (_c, images) => void (await tensorToPng(images, 0, runtime.resolution)),
      });
      void out;
      singleMs.push(performance.now() - t);
    }
    const singleRate = 1000 / pct(singleMs, 50);
    console.log(`one child of a new couple (LGE of both parents, crossover, decoder, generator, PNG), ms p50 / p95 over ${singleMs.length}: ${p50p95(singleMs)} = ${singleRate.toFixed(3)} children/s`);

    // The batches below are one couple's: its genes computed once before (the singles evicted them).
    await runtime.lgeOne(father);
    await runtime.lgeOne(mother);

    const macs = info.manifest.id.startsWith('stylegene') ? styleganMacs(info.manifest.resolution) : 0;
    console.log(`\nms per stage for the whole batch, p50 / p95 over n repeats (png: time spent encoding, overlapped with the generator's next chunk); children/s from the p50 total; peak RSS of the process tree during that batch size`);
    console.log('batch  n  lge        crossover   decoder     generator        png         children/s  peak RSS  generator share of GEMM rate');
    const throughput = new Map<number, number>();
    for (const batch of args.batches) {
      // Peak RSS of the process tree during this batch size's runs only.
      const peakBefore = peakTree;
      peakTree = treeRss(process.pid);
      const rows: Record<string, number[]> = { lge: [], crossover: [], decoder: [], generator: [], png: [], total: [] };
      for (let r = 0; r < args.repeats; r++) {
        let pngMs = 0;
        t = performance.now();
        const out = await breed(
          runtime,
          { ...base, seed: r, count: batch },
          {
            onChildren: async (children, images) => {
              const tp = performance.now();
              for (let k = 0; k < children.length; k++) await tensorToPng(images, k, runtime.resolution);
              pngMs += performance.now() - tp;
            },
          },
        );
        rows.total!.push(performance.now() - t);
        rows.lge!.push(out.timings.lge);
        rows.crossover!.push(out.timings.crossover);
        rows.decoder!.push(out.timings.decoder + out.timings.fusion);
        // The generator stage's wall time; PNG encoding runs beside it (chunk k while k+1 is drawn).
        rows.generator!.push(out.timings.generator);
        rows.png!.push(pngMs);
      }
      sample();
      const perSec = (batch * 1000) / pct(rows.total!, 50);
      throughput.set(batch, perSec);
      const genRate = macs ? (2 * macs * batch) / (pct(rows.generator!, 50) / 1000) : 0;
      console.log(
        `${String(batch).padStart(5)} ${String(args.repeats).padStart(2)}  ${['lge', 'crossover', 'decoder', 'generator', 'png'].map((k) => p50p95(rows[k]!).padEnd(11)).join(' ')} ${perSec.toFixed(3).padStart(10)}  ${(peakTree / GiB).toFixed(2).padStart(4)} GiB  ${macs ? `${((100 * genRate) / gemm).toFixed(0)}% (${(genRate / 1e9).toFixed(1)} GFLOP/s, ${(macs / 1e9).toFixed(1)} GMAC per child)` : 'n/a (not a StyleGAN2 generator)'}`,
      );
      peakTree = Math.max(peakTree, peakBefore);
    }
    for (const [batch, perSec] of throughput) if (batch > 1) console.log(`batch of ${batch}: ${(perSec / singleRate).toFixed(2)}× the per-child throughput of single children of new couples`);
    sample();
    console.log(`load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`\npeak RSS of the process tree (sampled every 50 ms): ${(peakTree / GiB).toFixed(2)} GiB; this process's high-water mark: ${(selfHwm() / GiB).toFixed(2)} GiB`);
  } finally {
    clearInterval(sampler);
    await engine.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`benchmark failed: ${e.message}`);
  process.exit(1);
});
