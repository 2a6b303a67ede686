/**
 * Official StyleGene checkpoints → a Kinship Studio model pack, in TypeScript (no Python).
 *
 * Order of work: open every checkpoint (its pickle only) and check every key and shape of
 * every part without reading weights, so a wrong or truncated file fails in seconds; then
 * write one graph at a time (read its weights, build, serialize, write, drop), so peak
 * memory follows the largest part, not the sum. The generator and its preview graph keep
 * their weights in one external-data file, `generator.weights`, each distinct tensor once
 * (docs/stylegene-pack.md, "Preview graph"). Writes into `outDir`, which the caller
 * treats as a staging folder (the installer renames it into place only when complete).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CheckpointError } from '../checkpoints/checkpoint-error';
import { stateDictOf, WeightSource, type StateDict } from '../checkpoints/state-dict';
import { TorchCheckpoint } from '../checkpoints/torch-file';
import { TorchTensor } from '../checkpoints/torch-pickle';
import type { GraphBuilder } from '../onnx/graph-builder';
import { SharedWeightsFile } from '../onnx/shared-weights-file';
import type { PackManifest } from '../packs/manifest';
import { CHECKPOINT_FILES, STYLEGENE_LICENSE, type CheckpointRole } from './checkpoint-files';
import { buildE4e, buildFairFace } from './encoder-graphs';
import { buildDecoder, buildLge } from './gene-graphs';
import { buildGenerator, buildMapping, inferGenerator, nLatent, type ModulationForm } from './stylegan2-graphs';
import { LATENT_SHAPE, WPLUS_LENGTH } from '../../domain/latent-shape';
import { mulberry32 } from '../random/mulberry32';

export interface ConvertProgress {
  /** Parts written so far, of `total`. */
  done: number;
  total: number;
  /** What is happening now: "generator.onnx". */
  step: string;
}

export interface ConvertOptions {
  checkpointsDir: string;
  outDir: string;
  /** Extra manifest fields (e.g. the files' SHA-256s). */
  sourceFiles?: NonNullable<PackManifest['source']>;
  /** Which checkpoints to convert (default: all that the folder has). */
  include?: CheckpointRole[];
  /** Also write the 256² preview graph (generatorPreview) when the resolution is above 256 (default true). */
  preview?: boolean;
  /** The preview's resolution (default 256; tests use a smaller one with a small generator). */
  previewResolution?: number;
  /**
   * Also write a float16 variant of every graph into `fp16/` (manifest `filesFloat16`):
   * half weights, float16 inputs and outputs, for GPU execution providers.
   */
  fp16?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ConvertProgress) => void;
  onLog?: (line: string) => void;
}

export interface ConvertResult {
  manifest: PackManifest;
  seconds: number;
  /** Seconds per written part. */
  parts: Record<string, number>;
}

interface Part {
  file: string;
  role: keyof PackManifest['files'];
  build: (dry: boolean) => GraphBuilder;
  /**
   * The external-data file (beside the graph) that holds this graph's weights, shared with
   * the other parts that name it, each distinct tensor once; absent: weights inline.
   */
  weights?: string;
}

/** The generator and its preview keep their weights here, so the preview adds no weights to the pack. */
const GENERATOR_WEIGHTS_FILE = 'generator.weights';

/**
 * Modulated activations, by a quiet measurement (tools/bench-graph-form.ts, 1024², batch 1,
 * level 'all', docs/stylegene-pack.md "Graph form"): 1,026 ms at 1.41 GiB peak, against
 * 1,447 ms at 0.85 GiB for per-sample weights. Both fit the 3.5 GiB budget for any batch (one
 * 1024² image per run), and only this form meets one child in <= 1.6 s. At 'all' a child is
 * the same bit for bit whatever chunk it is drawn in (chunked-breeding.test.ts).
 */
const GENERATOR_FORM: ModulationForm = 'activations';

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('conversion cancelled', 'AbortError');
}

export async function convertStyleGene(o: ConvertOptions): Promise<ConvertResult> {
  const t0 = performance.now();
  const log = o.onLog ?? (() => {});
  const path = (role: CheckpointRole): string => join(o.checkpointsDir, CHECKPOINT_FILES.find((f) => f.role === role)!.name);
  const nameOf = (role: CheckpointRole): string => CHECKPOINT_FILES.find((f) => f.role === role)!.name;

  const opened: TorchCheckpoint[] = [];
  // Shared external-data files by path (float32 and fp16/ each have their own).
  const weightFiles = new Map<string, SharedWeightsFile>();
  try {
    const open = async (role: CheckpointRole): Promise<TorchCheckpoint> => {
      const ck = await TorchCheckpoint.open(path(role), nameOf(role));
      opened.push(ck);
      return ck;
    };
    const sg = await open('stylegan2');
    const gState = stateDictOf(sg.root, nameOf('stylegan2'), 'g_ema');
    const { resolution, channelMultiplier } = inferGenerator(gState, nameOf('stylegan2'));
    log(`generator ${resolution}x${resolution}, channel multiplier ${channelMultiplier}, ${nLatent(resolution)} style layers`);
    const sgn = await open('stylegene');
    const sState = stateDictOf(sgn.root, nameOf('stylegene'));

    const gWhat = `StyleGAN2 generator at ${resolution}x${resolution}`;
    const wantPreview = o.previewResolution ?? 256;
    const previewResolution = o.preview !== false && resolution > wantPreview ? wantPreview : undefined;
    const parts: Part[] = [
      { file: 'mapping.onnx', role: 'mapping', build: (dry) => buildMapping(new WeightSource(sg, gState, nameOf('stylegan2'), 'StyleGAN2 mapping network', 'style.', dry)) },
      {
        file: 'generator.onnx',
        role: 'generator',
        weights: GENERATOR_WEIGHTS_FILE,
        build: (dry) => finished(new WeightSource(sg, gState, nameOf('stylegan2'), gWhat, '', dry), (w) => buildGenerator(w, { resolution, channelMultiplier, form: GENERATOR_FORM })),
      },
      ...(previewResolution
        ? [
            {
              file: 'generator-preview.onnx',
              role: 'generatorPreview' as const,
              weights: GENERATOR_WEIGHTS_FILE,
              // A part of the generator's keys: no unused-key check here (the generator part does it).
              build: (dry: boolean) => buildGenerator(new WeightSource(sg, gState, nameOf('stylegan2'), gWhat, '', dry), { resolution, channelMultiplier, stopAt: previewResolution, form: GENERATOR_FORM }),
            },
          ]
        : []),
      { file: 'lge.onnx', role: 'lge', build: (dry) => finished(new WeightSource(sgn, sState, nameOf('stylegene'), 'StyleGene LGE (w2sub34, N=18)', 'w2sub34.', dry), buildLge) },
      { file: 'decoder.onnx', role: 'decoder', build: (dry) => finished(new WeightSource(sgn, sState, nameOf('stylegene'), 'StyleGene gene decoder (sub2w, N=18)', 'sub2w.', dry), buildDecoder) },
    ];
    const include = (role: CheckpointRole): boolean => (o.include ? o.include.includes(role) : true) && existsSync(path(role));
    let latentAvgE4e: number[] | undefined;
    if (include('e4e')) {
      const e4e = await open('e4e');
      const eState = stateDictOf(e4e.root, nameOf('e4e'));
      const outside = [...eState.keys()].filter((k) => !k.startsWith('encoder.') && !k.startsWith('decoder.'));
      if (outside.length) throw new CheckpointError(nameOf('e4e'), `unexpected key '${outside[0]}' (${outside.length} keys outside encoder./decoder.)`);
      const la = e4e.root instanceof Map ? e4e.root.get('latent_avg') : undefined;
      if (!(la instanceof TorchTensor) || la.numel % LATENT_SHAPE.wDim !== 0) throw new CheckpointError(nameOf('e4e'), "missing key 'latent_avg' (the mean W+ the encoder's output is added to)");
      const rows = la.numel / LATENT_SHAPE.wDim;
      const nl = nLatent(resolution);
      if (rows !== LATENT_SHAPE.numWs && !(rows < LATENT_SHAPE.numWs && (rows === 1 || rows === nl))) throw new CheckpointError(nameOf('e4e'), `'latent_avg' has shape [${la.shape.join(',')}], expected [${LATENT_SHAPE.numWs},${LATENT_SHAPE.wDim}]`);
      parts.push({
        file: 'encoder.onnx',
        role: 'encoder',
        build: (dry) => {
          if (dry && [...eState.keys()].some((k) => k.startsWith('decoder.'))) {
            // e4e's own copy of the generator: checked like the generator, so every key is accounted for.
            finished(new WeightSource(e4e, eState, nameOf('e4e'), `e4e decoder (StyleGAN2 at ${resolution}x${resolution})`, 'decoder.', true), (w) => buildGenerator(w, { resolution, channelMultiplier }));
          }
          if (!dry && latentAvgE4e === undefined) {
            const v = Array.from(e4e.readFloat32(la));
            // Small test generators have fewer than 18 rows: the last row repeats (as tools/convert does).
            while (v.length < WPLUS_LENGTH) v.push(...v.slice(v.length - LATENT_SHAPE.wDim));
            latentAvgE4e = v;
          }
          return finished(new WeightSource(e4e, eState, nameOf('e4e'), `e4e encoder for a ${resolution}x${resolution} generator`, 'encoder.', dry), (w) => buildE4e(w, resolution));
        },
      });
    } else log(`note: ${nameOf('e4e')} not used - the pack will have no photo import (encoder)`);
    if (include('fairface')) {
      const ff = await open('fairface');
      let fState = stateDictOf(ff.root, nameOf('fairface'));
      if (fState.size && [...fState.keys()].every((k) => k.startsWith('module.'))) fState = new Map([...fState].map(([k, v]) => [k.slice('module.'.length), v])); // saved from DataParallel
      parts.push({ file: 'attributes.onnx', role: 'attributes', build: (dry) => finished(new WeightSource(ff, fState, nameOf('fairface'), 'FairFace ResNet-34 (18 outputs)', '', dry), buildFairFace) });
    } else log(`note: ${nameOf('fairface')} not used - the pack will have no attributes model`);

    const other = [...sState.keys()].filter((k) => !k.startsWith('w2sub34.') && !k.startsWith('sub2w.'));
    if (other.length) log(`note: ${other.length} keys of ${nameOf('stylegene')} outside w2sub34./sub2w. are not needed for inference`);

    // Phase 1: every key and shape of every part, no weights read.
    for (const p of parts) {
      throwIfAborted(o.signal);
      p.build(true);
    }
    const latentAvg = gState.size && sg.root instanceof Map ? sg.root.get('latent_avg') : undefined;

    // Phase 2: one part at a time.
    const times: Record<string, number> = {};
    const files: Partial<Record<Part['role'], string>> = {};
    const files16: Partial<Record<Part['role'], string>> = {};
    if (o.fp16) mkdirSync(join(o.outDir, 'fp16'), { recursive: true });
    // Each graph's bytes: inline, or with its weights appended to its shared file (written as it goes).
    const serialized = (graph: GraphBuilder, folder: string, weights: string | undefined): Uint8Array => {
      if (!weights) return graph.serialize();
      const path = join(folder, weights);
      let file = weightFiles.get(path);
      if (!file) weightFiles.set(path, (file = new SharedWeightsFile(path)));
      return graph.serializeWithExternalData(file);
    };
    for (const [i, p] of parts.entries()) {
      throwIfAborted(o.signal);
      o.onProgress?.({ done: i, total: parts.length, step: p.file });
      const ts = performance.now();
      const graph = p.build(false);
      let size: number;
      {
        // Scoped, so the float32 bytes can go before a half copy is made.
        const bytes = serialized(graph, o.outDir, p.weights);
        size = bytes.length;
        writeFileSync(join(o.outDir, p.file), bytes);
      }
      files[p.role] = p.file;
      let note = '';
      if (o.fp16) {
        graph.halve();
        const half = serialized(graph, join(o.outDir, 'fp16'), p.weights);
        writeFileSync(join(o.outDir, 'fp16', p.file), half);
        files16[p.role] = `fp16/${p.file}`;
        note = `, fp16 ${(half.length / 2 ** 20).toFixed(1)} MiB`;
      }
      times[p.file] = (performance.now() - ts) / 1000;
      log(`  wrote ${p.file} (${(size / 2 ** 20).toFixed(1)} MiB${note}, ${times[p.file]!.toFixed(1)} s)`);
      // Let the event loop breathe (progress events, cancel) between parts.
      await new Promise((r) => setImmediate(r));
    }
    for (const [path, f] of weightFiles) {
      f.close();
      log(`  wrote ${relative(o.outDir, path)} (${(f.bytes / 2 ** 20).toFixed(1)} MiB; ${(f.sharedBytes / 2 ** 20).toFixed(1)} MiB of weights two graphs share, stored once)`);
    }
    o.onProgress?.({ done: parts.length, total: parts.length, step: 'manifest.json' });

    let wAvg: number[];
    if (latentAvg instanceof TorchTensor && latentAvg.numel === LATENT_SHAPE.wDim) {
      wAvg = Array.from(sg.readFloat32(latentAvg));
      log("wAvg: the checkpoint's latent_avg");
    } else {
      wAvg = await meanOfMapping(join(o.outDir, 'mapping.onnx'));
      log('wAvg: mean of the mapping over 10,000 z');
    }
    const manifest: PackManifest = {
      formatVersion: 1,
      id: 'stylegene-ffhq',
      name: 'StyleGene FFHQ' + (resolution === 1024 ? '' : ` (${resolution}x${resolution})`),
      version: '1.0.0',
      license: STYLEGENE_LICENSE,
      description: 'StyleGAN2 FFHQ config-f and the StyleGene gene encoder and decoder, converted by Kinship Studio without Python.',
      resolution,
      ...LATENT_SHAPE,
      dtype: 'float32',
      wAvg,
      ...(latentAvgE4e ? { latentAvg: latentAvgE4e } : {}),
      files: files as PackManifest['files'],
      ...(o.fp16 ? { filesFloat16: files16 } : {}),
      io: { attributesInput: 'image', encoderInput: 'image', generatorMasks: false, ...(previewResolution ? { generatorPreview: previewResolution } : {}) },
      ...(o.sourceFiles ? { source: o.sourceFiles } : {}),
    };
    writeFileSync(join(o.outDir, 'manifest.json'), JSON.stringify(manifest));
    return { manifest, seconds: (performance.now() - t0) / 1000, parts: times };
  } finally {
    for (const ck of opened) ck.close();
    for (const f of weightFiles.values()) f.close();
  }
}

function finished(w: WeightSource, build: (w: WeightSource) => GraphBuilder): GraphBuilder {
  const g = build(w);
  w.finish();
  return g;
}

/** Mean w over 10,000 z ~ N(0, I) (a fixed seed), when the checkpoint has no latent_avg. */
async function meanOfMapping(mappingPath: string): Promise<number[]> {
  const session = await ort.InferenceSession.create(mappingPath);
  try {
    const rand = mulberry32(1234);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const D = LATENT_SHAPE.wDim;
    const acc = new Float64Array(D);
    const batch = 1000;
    for (let b = 0; b < 10; b++) {
      const z = new Float32Array(batch * D);
      for (let i = 0; i < z.length; i++) z[i] = normal();
      const out = await session.run({ z: new ort.Tensor('float32', z, [batch, D]) });
      const w = out.w!.data as Float32Array;
      for (let i = 0; i < w.length; i++) acc[i % D] = acc[i % D]! + w[i]!;
    }
    return Array.from(acc, (v) => v / 10_000);
  } finally {
    await session.release();
  }
}

export type { StateDict };
export { CheckpointError };
