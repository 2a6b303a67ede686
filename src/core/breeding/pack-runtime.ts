/**
 * One open model pack as typed stages (mapping, lge, decoder, generator,
 * attributes) over the inference engine. Every stage is batched: callers pass
 * all items, the runtime splits them into chunks of `maxBatch`, reports progress
 * and stops between chunks (or at once, through the engine) when cancelled.
 */
import type { InferenceEngine } from '../inference/inference-engine';
import type { TensorPayload } from '../inference/messages';
import { checkStageOutput } from './output-check';
import type { PackInfo } from '../packs/pack-loader';
import type { ModelRole } from '../packs/manifest';
import { generatorChunk, MAX_CPU_CHUNK, systemMemoryBudget, type MemoryBudget } from './generator-chunk';
import { GENE_LENGTH, LATENT_SHAPE, WPLUS_LENGTH } from '../../domain/latent-shape';
import { UnsupportedError } from '../../domain/errors';
import { FACE_FEATURES_LENGTH } from '../../domain/face-features';
import { faceApiDetector } from '../faces/detector';
import { faceFeatureReader, type FaceFeatureReader } from '../faces/face-features';

// Short local names for the one latent shape (src/domain/latent-shape.ts).
export const NUM_WS = LATENT_SHAPE.numWs;
export const W_DIM = LATENT_SHAPE.wDim;
export const REGIONS = LATENT_SHAPE.regions;
export const WPLUS_LEN = WPLUS_LENGTH;
export const GENE_LEN = GENE_LENGTH;

export interface StageOptions {
  signal?: AbortSignal;
  /** Called after each chunk with items done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface LgeOutput {
  mu: Float32Array;
  logvar: Float32Array;
}

export interface GeneratorOutput {
  /** [B,3,R,R] in [-1,1]. */
  image: Float32Array;
  /** [B,34,R,R] in [0,1] when the pack has masks. */
  masks?: Float32Array;
}

/** Called with each generator chunk as it finishes: `first` is the index of its first image. */
export type ImageSink = (first: number, images: Float32Array, count: number) => Promise<void> | void;

export class PackRuntime {
  /** LGE outputs of recent parents: a couple's genes are computed once, not per preview or batch. */
  private readonly lgeCache: Array<{ wplus: Float32Array; genes: LgeOutput }> = [];

  constructor(
    readonly engine: InferenceEngine,
    readonly pack: PackInfo,
    readonly maxBatch = 16,
    /** Memory the generator may use: its chunk follows from it at each call (generator-chunk.ts). */
    readonly memory: MemoryBudget = systemMemoryBudget,
    /**
     * Measures faces for a landmark-based encoder (io.encoderInput 'face-features'). The
     * studio passes its worker-thread detector; without one, face-api runs in this thread.
     */
    private faceReader: FaceFeatureReader | null = null,
  ) {}

  /** Images per generator run now, from the memory budget and the resolution. */
  get generatorBatch(): number {
    return generatorChunk(this.resolution, this.memory, Math.min(MAX_CPU_CHUNK, this.maxBatch));
  }

  /** The preview's resolution: the pack's cheap preview graph, else the full image. */
  get previewResolution(): number {
    return this.has('generatorPreview') ? (this.pack.manifest.io.generatorPreview ?? this.resolution) : this.resolution;
  }

  get id(): string {
    return this.pack.manifest.id;
  }
  get resolution(): number {
    return this.pack.manifest.resolution;
  }
  has(role: ModelRole): boolean {
    return !!this.pack.files[role];
  }

  /** z [B,512] → w [B,512]. */
  async mapping(z: Float32Array, opts: StageOptions = {}): Promise<Float32Array> {
    this.require('mapping', 'random founders');
    return (await this.batched('mapping', 'z', z, W_DIM, ['w'], opts)).w!;
  }

  /** wplus [B,18,512] → genes mu, logvar [B,18,34,512]. */
  async lge(wplus: Float32Array, opts: StageOptions = {}): Promise<LgeOutput> {
    const out = await this.batched('lge', 'wplus', wplus, WPLUS_LEN, ['mu', 'logvar'], opts);
    return { mu: out.mu!, logvar: out.logvar! };
  }

  /** genes [B,18,34,512] → wplus [B,18,512]. */
  async decoder(genes: Float32Array, opts: StageOptions = {}): Promise<Float32Array> {
    return (await this.batched('decoder', 'genes', genes, GENE_LEN, ['wplus'], opts)).wplus!;
  }

  /** LGE of one person, from the cache when the same latent was seen lately. */
  async lgeOne(wplus: Float32Array, opts: StageOptions = {}): Promise<LgeOutput> {
    const hit = this.lgeCache.find((e) => sameData(e.wplus, wplus));
    if (hit) return hit.genes;
    const genes = await this.lge(wplus, opts);
    this.lgeCache.unshift({ wplus: wplus.slice(), genes });
    // Two couples' worth of parents (5 MB): enough for a preview session, bounded memory.
    this.lgeCache.length = Math.min(this.lgeCache.length, 4);
    return genes;
  }

  /** wplus [B,18,512] → image [B,3,R,R] (and masks where the pack has them). */
  async generator(wplus: Float32Array, opts: StageOptions & { masks?: boolean } = {}): Promise<GeneratorOutput> {
    const outputs = opts.masks && this.pack.manifest.io.generatorMasks ? ['image', 'masks'] : ['image'];
    const out = await this.batched('generator', 'wplus', wplus, WPLUS_LEN, outputs, opts, this.generatorBatch);
    return { image: out.image!, masks: out.masks };
  }

  /**
   * wplus [B,18,512] → images handed to `sink` chunk by chunk and not kept: the memory of
   * a batch is one chunk's, whatever its size.
   */
  async generatorStream(wplus: Float32Array, sink: ImageSink, opts: StageOptions = {}): Promise<void> {
    await this.batched('generator', 'wplus', wplus, WPLUS_LEN, ['image'], opts, this.generatorBatch, async (first, out, n) =>
      sink(first, out.image!, n),
    );
  }

  /** wplus [B,18,512] → preview images [B,3,P,P] (P = previewResolution) from the cheap preview graph. */
  async preview(wplus: Float32Array, opts: StageOptions = {}): Promise<Float32Array> {
    if (!this.has('generatorPreview')) return (await this.generator(wplus, opts)).image;
    return (await this.batched('generatorPreview', 'wplus', wplus, WPLUS_LEN, ['preview'], opts, this.generatorBatch)).preview!;
  }

  /** Aligned photos [B,3,256,256] in [-1,1] → wplus [B,18,512], latentAvg added (e4e convention). */
  async encoder(image256: Float32Array, opts: StageOptions = {}): Promise<Float32Array> {
    this.require('encoder', 'photo import');
    let wplus: Float32Array;
    if (this.pack.manifest.io.encoderInput === 'face-features') {
      // Same contract, other graph input: the face description measured from the image.
      this.faceReader ??= faceFeatureReader(faceApiDetector());
      const features = await this.faceReader(image256, 256);
      wplus = (await this.batched('encoder', 'features', features, FACE_FEATURES_LENGTH, ['wplus'], opts)).wplus!;
    } else {
      wplus = (await this.batched('encoder', 'image', image256, 3 * 256 * 256, ['wplus'], opts)).wplus!;
    }
    const avg = this.pack.manifest.latentAvg;
    if (avg) for (let i = 0; i < wplus.length; i++) wplus[i]! += avg[i % WPLUS_LEN]!;
    return wplus;
  }

  /** Attribute logits [B,18] (race 7, gender 2, age 9) from wplus or from images, as the pack says. */
  async attributes(input: { wplus?: Float32Array; image224?: Float32Array }, opts: StageOptions = {}): Promise<Float32Array> {
    this.require('attributes', 'automatic age, gender and race labels');
    if (this.pack.manifest.io.attributesInput === 'wplus') {
      if (!input.wplus) throw new Error('attributes graph reads the latent, but none was given');
      return (await this.batched('attributes', 'wplus', input.wplus, WPLUS_LEN, ['logits'], opts)).logits!;
    }
    if (!input.image224) throw new Error('attributes graph reads a 224×224 image, but none was given');
    return (await this.batched('attributes', 'image', input.image224, 3 * 224 * 224, ['logits'], opts)).logits!;
  }

  private require(role: ModelRole, feature: string): void {
    if (!this.has(role)) throw new UnsupportedError(`The model pack '${this.pack.manifest.name}' has no ${role} graph, so ${feature} is unavailable.`);
  }

  private async batched(
    role: ModelRole,
    inputName: string,
    data: Float32Array,
    itemLen: number,
    outputs: string[],
    opts: StageOptions,
    batch = this.maxBatch,
    sink?: (first: number, out: Record<string, Float32Array>, n: number) => Promise<void>,
  ): Promise<Record<string, Float32Array>> {
    if (data.length % itemLen !== 0) throw new Error(`${role}: input length ${data.length} is not a multiple of ${itemLen}`);
    const total = data.length / itemLen;
    const itemShape = shapeOf(role, inputName, itemLen);
    const parts: Record<string, Float32Array[]> = Object.fromEntries(outputs.map((o) => [o, []]));
    // The sink of chunk k (PNG encoding, storage) runs while the worker draws chunk k+1; at
    // most two chunks' images are alive at once, and chunks reach the sink in order.
    let sinking: Promise<void> | null = null;
    try {
      for (let start = 0; start < total; start += batch) {
        const n = Math.min(batch, total - start);
        const chunk = data.subarray(start * itemLen, (start + n) * itemLen);
        const feeds: Record<string, TensorPayload> = { [inputName]: { dims: [n, ...itemShape], data: chunk } };
        const res = await this.engine.run(this.id, role, feeds, outputs, opts.signal);
        // Shape, batch and finiteness of every output, before anything uses it.
        const checked = Object.fromEntries(outputs.map((o) => [o, checkStageOutput(this.pack, role, o, res[o], n)]));
        if (sink) {
          await sinking;
          sinking = sink(start, checked, n).then(() => opts.onProgress?.(start + n, total));
          sinking.catch(() => {}); // handled: awaited before the next chunk or below
          continue;
        }
        for (const o of outputs) parts[o]!.push(checked[o]!);
        opts.onProgress?.(start + n, total);
      }
      await sinking;
    } finally {
      // A failed run or cancel: the sink in flight still finishes (or fails) before we return.
      await sinking?.catch(() => {});
    }
    if (sink) return {};
    return Object.fromEntries(outputs.map((o) => [o, concat(parts[o]!)]));
  }
}

function shapeOf(role: ModelRole, input: string, itemLen: number): number[] {
  if (input === 'z') return [W_DIM];
  if (input === 'genes') return [NUM_WS, REGIONS, W_DIM];
  if (input === 'image') return [3, Math.round(Math.sqrt(itemLen / 3)), Math.round(Math.sqrt(itemLen / 3))];
  if (input === 'wplus') return [NUM_WS, W_DIM];
  if (input === 'features') return [FACE_FEATURES_LENGTH];
  throw new Error(`${role}: unknown input ${input}`);
}

function sameData(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
