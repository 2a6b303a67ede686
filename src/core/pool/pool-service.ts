/**
 * What the hosts (UI, web host, CLI) call for the gene pool: open the pool of the
 * active pack, the heat map, a group's entries with thumbnails, label corrections,
 * an entry's W+ for "use as founder", builds and donor sampling. Pure service
 * layer: no Electron, no printing.
 */
import { join } from 'node:path';
import type { PackRuntime, StageOptions } from '../breeding/pack-runtime';
import { defaultDataDir } from '../paths';
import { buildImagePool, type ImageBuildParams } from './build-images';
import { buildRandomPool, type RandomBuildParams } from './build-random';
import type { BuildOptions, BuildReport } from './build-report';
import { sampleDonorGenes, type DonorQuery, type DonorSample } from './donor-sampler';
import { GeneCache } from './gene-cache';
import { GeneFileReader } from './gene-file-reader';
import { importGeneFile, type GeneFileImport } from './import-gene-file';
import type { GeneFactorPoolIndex } from './gene-factor-pool';
import { packFingerprint } from './pack-fingerprint';
import { PoolError } from './pool-errors';
import { PoolIndex, type OpenPoolOptions } from './pool-index';
import type { EntryLabels, GroupCounts, PoolEntry } from './pool-types';
import type { DonorGenes } from '../genes/shape';
import { DEFAULT_THUMBNAIL_SIZE, ensureThumbnails } from './thumbnails';

/** `<dataDir>/pools/<packId>.kpool`. */
export function defaultPoolPath(packId: string, dataDir = defaultDataDir()): string {
  return join(dataDir, 'pools', `${packId}.kpool`);
}

/** The pool session of one open pack: the index plus its gene cache. */
export class GenePool {
  readonly genes: GeneCache;
  /** Reads of gene-only entries from their imported gene files. */
  readonly geneFiles = new GeneFileReader();

  private constructor(
    readonly index: PoolIndex,
    readonly runtime: PackRuntime,
    geneCacheBytes?: number,
  ) {
    this.genes = new GeneCache(runtime, geneCacheBytes);
  }

  /** Opens or creates the pool for `runtime`'s pack; a pool of another pack is refused (PoolPackMismatchError). */
  static async open(runtime: PackRuntime, path = defaultPoolPath(runtime.id), options: OpenPoolOptions & { geneCacheBytes?: number } = {}): Promise<GenePool> {
    const index = PoolIndex.open(path, await packFingerprint(runtime.pack), options);
    return new GenePool(index, runtime, options.geneCacheBytes);
  }

  get path(): string {
    return this.index.path;
  }

  close(): void {
    this.genes.clear();
    this.geneFiles.clear();
    this.index.close();
  }

  /** The 9×2×7 heat map. */
  counts(): GroupCounts {
    return this.index.counts();
  }

  /** A page of one group's entries with PNG thumbnails (rendered once, then cached in the file). */
  async listGroup(
    group: EntryLabels,
    page: { offset?: number; limit?: number; thumbnailSize?: number } = {},
    opts: StageOptions = {},
  ): Promise<Array<PoolEntry & { thumbnail: Buffer }>> {
    const entries = this.index.listGroup(group, page.offset ?? 0, page.limit ?? 50);
    const thumbs = await ensureThumbnails(this.index, this.runtime, entries.map((e) => e.id), page.thumbnailSize ?? DEFAULT_THUMBNAIL_SIZE, opts, this.geneFiles);
    return entries.map((e) => ({ ...e, thumbnail: thumbs.get(e.id)! }));
  }

  entry(id: number): PoolEntry {
    const e = this.index.entry(id);
    if (!e) throw new PoolError(`gene pool entry ${id} does not exist`);
    return e;
  }

  /** User correction of labels (attributesSource becomes 'user'; queries use them at once). */
  setLabels(id: number, labels: Partial<EntryLabels>): PoolEntry {
    return this.index.setLabels(id, labels);
  }

  /** [18,512] W+ of an entry (one with a W+). */
  wplus(id: number): Float32Array {
    this.entry(id);
    return this.index.wplus([id]);
  }

  /**
   * The W+ of an entry for "use as founder": its own, or for a gene-only entry the
   * decoder's W+ of its mu (the mean of its genes; approximate: the face the genes
   * describe, not a photo that was encoded).
   */
  async founderWplus(id: number, opts: StageOptions = {}): Promise<{ wplus: Float32Array; approximate: boolean }> {
    const e = this.entry(id);
    if (e.source !== 'genes') return { wplus: this.index.wplus([id]), approximate: false };
    const refs = this.index.geneRefs([id]);
    this.geneFiles.check(refs);
    return { wplus: await this.runtime.decoder(this.geneFiles.readMu(refs), opts), approximate: true };
  }

  /** Adds the entries of an indexed gene file (gene-factor-pool.ts) as gene-only entries. */
  importGenes(indexed: GeneFactorPoolIndex): GeneFileImport {
    return importGeneFile(this.index, indexed);
  }

  buildRandom(params: RandomBuildParams, opts: BuildOptions = {}): Promise<BuildReport> {
    return buildRandomPool(this.index, this.runtime, params, opts);
  }

  buildFromImages(params: ImageBuildParams, opts: BuildOptions = {}): Promise<BuildReport> {
    return buildImagePool(this.index, this.runtime, params, opts);
  }

  /** k donors for a child's group with widening, their genes from the LGE (cached). */
  sampleDonors(query: DonorQuery, signal?: AbortSignal): Promise<DonorSample & { donors: DonorGenes[] }> {
    return sampleDonorGenes(this.index, this.genes, this.geneFiles, query, signal);
  }
}
