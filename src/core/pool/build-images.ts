/**
 * Builder (b): a folder of FFHQ-aligned images → pool entries. The pack's encoder
 * turns each image into W+; labels come from an attributes CSV (FFHQ/FairFace
 * format) or, without one, from the pack's attributes model when it reads images.
 * Unreadable or unsuitable images are skipped and recorded with a reason.
 *
 * Resuming: an image whose file stem is already an entry (source 'ffhq', ref = stem)
 * or a recorded skip of this job is not looked at again, so a rerun after a kill
 * continues with what is left. Each batch's entries, skips and counters are one
 * transaction.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { decodeAttributes } from '../breeding/attributes-decode';
import { WPLUS_LEN, type StageOptions } from '../breeding/pack-runtime';
import type { ModelRole } from '../packs/manifest';
import { normaliseFileId, readAttributesCsv, type AttributesCsv } from './attributes-csv';
import { countReasons, isAbort, type BuildOptions, type BuildReport } from './build-report';
import { loadAlignedImage, type ImagePreparer, type PreparedImage } from './image-check';
import { PoolError } from './pool-errors';
import type { PoolIndex } from './pool-index';
import type { NewEntry, SkippedItem } from './pool-types';

/** What this builder needs of a PackRuntime (tests pass a stand-in). */
export interface ImageBuildRuntime {
  readonly pack: { readonly manifest: { readonly name: string; readonly io: { readonly attributesInput: 'wplus' | 'image' } } };
  has(role: ModelRole): boolean;
  encoder(image256: Float32Array, opts?: StageOptions): Promise<Float32Array>;
  attributes(input: { wplus?: Float32Array; image224?: Float32Array }, opts?: StageOptions): Promise<Float32Array>;
}

export interface ImageBuildParams {
  imagesDir: string;
  csvPath?: string;
  /** Smallest accepted side (default 256, the encoder's input). */
  minSize?: number;
  /** Default: loadAlignedImage (FFHQ-aligned input). */
  prepare?: ImagePreparer;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];
export const DEFAULT_IMAGE_BATCH = 16;

export function imageJobId(imagesDir: string): string {
  return `images:${resolve(imagesDir)}`;
}

export async function buildImagePool(
  index: PoolIndex,
  runtime: ImageBuildRuntime,
  params: ImageBuildParams,
  opts: BuildOptions = {},
): Promise<BuildReport> {
  const t0 = performance.now();
  const name = runtime.pack.manifest.name;
  if (!runtime.has('encoder')) throw new PoolError(`The model pack '${name}' has no encoder, so it cannot turn images into pool entries.`);
  const csv: AttributesCsv | null = params.csvPath ? readAttributesCsv(params.csvPath) : null;
  const modelLabels = !csv;
  if (modelLabels && !(runtime.has('attributes') && runtime.pack.manifest.io.attributesInput === 'image')) {
    throw new PoolError(`The model pack '${name}' has no attributes model that reads images; give an attributes CSV (--csv) to label the images.`);
  }
  const files = listImages(params.imagesDir);
  const job = imageJobId(params.imagesDir);
  const present = index.sourceRefs('ffhq');
  const skippedBefore = new Set(index.skips(job).map((s) => s.item));
  const todo = files.filter((f) => !present.has(stem(f)) && !skippedBefore.has(f));
  const resumedFrom = files.length - todo.length;
  const state = index.buildState(job) ?? { job, kind: 'images' as const, params: { imagesDir: resolve(params.imagesDir), csv: params.csvPath ?? null }, nextIndex: 0, total: files.length, added: 0, complete: false };
  const prepare = params.prepare ?? loadAlignedImage;
  const batchSize = opts.batchSize ?? DEFAULT_IMAGE_BATCH;
  let added = 0;
  let skipped = skippedBefore.size;
  let done = resumedFrom;
  const finish = (complete: boolean): BuildReport => {
    const skips = index.skips(job);
    return { job, total: files.length, added, skippedByReason: countReasons(skips), skipped: skips, resumedFrom, seconds: (performance.now() - t0) / 1000, complete };
  };
  opts.onProgress?.({ done, total: files.length, added, skipped });
  try {
    for (let start = 0; start < todo.length; start += batchSize) {
      if (opts.signal?.aborted) return finish(false);
      const batch = todo.slice(start, start + batchSize);
      const skips: SkippedItem[] = [];
      const good: Array<{ file: string; img: Extract<PreparedImage, { ok: true }> }> = [];
      const prepared = await Promise.all(
        batch.map(async (file): Promise<PreparedImage> => {
          if (csv && !csv.rows.has(normaliseFileId(stem(file)))) return { ok: false, reason: 'not in CSV', detail: `no row for file_id ${stem(file)}` };
          return prepare(join(params.imagesDir, file), { minSize: params.minSize ?? 256, need224: modelLabels });
        }),
      );
      prepared.forEach((p, k) => (p.ok ? good.push({ file: batch[k]!, img: p }) : skips.push({ item: batch[k]!, reason: p.reason, detail: p.detail })));
      const entries = good.length ? await encodeBatch(runtime, good, csv, opts.signal) : [];
      index.transaction(() => {
        added += index.insertEntries(entries);
        for (const s of skips) index.recordSkip(job, s);
        done += batch.length;
        skipped += skips.length;
        index.saveBuildState({ ...state, total: files.length, added: state.added + added, nextIndex: done, complete: done >= files.length });
      });
      opts.onProgress?.({ done, total: files.length, added, skipped });
    }
  } catch (e) {
    if (isAbort(e, opts.signal)) return finish(false);
    throw e;
  }
  index.saveBuildState({ ...state, total: files.length, added: state.added + added, nextIndex: files.length, complete: true });
  return finish(true);
}

async function encodeBatch(
  runtime: ImageBuildRuntime,
  good: Array<{ file: string; img: Extract<PreparedImage, { ok: true }> }>,
  csv: AttributesCsv | null,
  signal?: AbortSignal,
): Promise<NewEntry[]> {
  const plane256 = 3 * 256 * 256;
  const images = new Float32Array(good.length * plane256);
  good.forEach((g, k) => images.set(g.img.image256, k * plane256));
  const wplus = await runtime.encoder(images, { signal });
  let logits: Float32Array | null = null;
  if (!csv) {
    const plane224 = 3 * 224 * 224;
    const small = new Float32Array(good.length * plane224);
    good.forEach((g, k) => small.set(g.img.image224!, k * plane224));
    logits = await runtime.attributes({ image224: small }, { signal });
  }
  return good.map((g, k): NewEntry => {
    const ref = stem(g.file);
    const row = csv?.rows.get(normaliseFileId(ref));
    const labels = row ? { ageGroup: row.ageGroup, gender: row.gender, race: row.race } : decodeAttributes(logits!, k);
    return {
      ...labels,
      source: 'ffhq',
      sourceRef: ref,
      hairColor: row?.hairColor ?? null,
      attributesSource: row ? 'csv' : 'model',
      wplus: wplus.slice(k * WPLUS_LEN, (k + 1) * WPLUS_LEN),
    };
  });
}

function stem(file: string): string {
  return basename(file, extname(file));
}

function listImages(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new PoolError(`cannot read the image folder ${dir}: ${(e as Error).message}`);
  }
  // Sorted, so batches (and therefore ids) follow file order on every platform.
  return names.filter((n) => IMAGE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
}
