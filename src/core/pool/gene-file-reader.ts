/**
 * Genes of gene-only pool entries, read from the imported gene file (the authors'
 * geneFactorPool.pkl) at the byte offsets the pool recorded: each mu and logvar is a
 * float32 [1,18,34,512] tensor stored uncompressed, so one entry is two reads of 1.2 MB.
 * Read entries are kept in a least-recently-used cache bounded by bytes.
 *
 * Donors made here are lazy: their `mu`/`logvar` are read when the crossover first
 * touches them, so a child's group can hold every entry of the file's group (as in the
 * reference) while only the ≤ 33 donors a child actually draws are ever read
 * (docs/ARCHITECTURE.md, "Domain vocabulary", step 3).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { GENE_LEN } from '../breeding/pack-runtime';
import type { DonorGenes, Genes } from '../genes/shape';
import { PoolError } from './pool-errors';
import type { GeneRef } from './pool-types';

/** 128 MB: about 50 entries, more than the 33 donors one child can draw. */
export const DEFAULT_GENE_FILE_CACHE_BYTES = 128 * 1024 * 1024;
const ENTRY_BYTES = 2 * GENE_LEN * 4;

export class GeneFileReader {
  private readonly cache = new Map<string, Genes>();
  /** Files whose size was checked against the pool's record (path → size). */
  private readonly checked = new Map<string, number>();
  /** Entries read from disk so far (tests read it). */
  reads = 0;

  constructor(readonly maxBytes = DEFAULT_GENE_FILE_CACHE_BYTES) {}

  /** Throws PoolError naming the file when one is missing or not the size it had when imported. */
  check(refs: readonly GeneRef[]): void {
    for (const r of refs) {
      if (this.checked.get(r.path) === r.size) continue;
      let size: number;
      try {
        size = statSync(r.path).size;
      } catch {
        throw new PoolError(`the gene file ${r.path} is missing (moved or deleted?). Its entries are read from it in place: put it back, or import it again from where it is now (pool import-genes).`, 'not-found');
      }
      if (size !== r.size) {
        throw new PoolError(`the gene file ${r.path} has changed since it was imported (${size} bytes, was ${r.size}). Import it again (pool import-genes).`, 'conflict');
      }
      this.checked.set(r.path, size);
    }
  }

  /** mu and logvar of one entry (each [18,34,512] float32). */
  read(ref: GeneRef): Genes {
    const key = `${ref.path}|${ref.entryId}|${ref.muOffset}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    this.check([ref]);
    const genes = { mu: readTensor(ref, ref.muOffset), logvar: readTensor(ref, ref.logvarOffset) };
    this.reads++;
    if (ENTRY_BYTES <= this.maxBytes) {
      this.cache.set(key, genes);
      while (this.cache.size * ENTRY_BYTES > this.maxBytes) this.cache.delete(this.cache.keys().next().value!);
    }
    return genes;
  }

  /** mu of several entries concatenated [n,18,34,512] (for decoding previews). */
  readMu(refs: readonly GeneRef[]): Float32Array {
    const out = new Float32Array(refs.length * GENE_LEN);
    refs.forEach((r, k) => out.set(this.read(r).mu, k * GENE_LEN));
    return out;
  }

  clear(): void {
    this.cache.clear();
    this.checked.clear();
  }
}

function readTensor(ref: GeneRef, offset: number): Float32Array {
  const out = new Float32Array(GENE_LEN);
  const view = new Uint8Array(out.buffer);
  const fd = openSync(ref.path, 'r');
  try {
    if (readSync(fd, view, 0, view.length, offset) !== view.length) {
      throw new PoolError(`the gene file ${basename(ref.path)} ends before entry ${ref.entryId}'s genes (byte ${offset}): it is truncated. Import it again.`, 'conflict');
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** A donor whose genes stay in a gene file until used; `geneFile` says where (the crossover worker reads it there). */
export interface GeneFileDonor extends DonorGenes {
  readonly geneFile: GeneRef;
}

export function isGeneFileDonor(d: DonorGenes): d is GeneFileDonor {
  return typeof (d as Partial<GeneFileDonor>).geneFile === 'object' && (d as Partial<GeneFileDonor>).geneFile !== null;
}

/** A donor whose genes are read from the gene file when first used. */
export function geneFileDonor(id: string, ref: GeneRef, reader: GeneFileReader): GeneFileDonor {
  return {
    id,
    geneFile: ref,
    get mu() {
      return reader.read(ref).mu;
    },
    get logvar() {
      return reader.read(ref).logvar;
    },
  };
}
