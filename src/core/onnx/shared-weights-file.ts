/**
 * One ONNX external-data file that several graphs keep their weights in, each distinct
 * tensor stored once: the StyleGene generator and its 256² preview graph share every
 * weight of the preview, so the pack holds those bytes once, not twice
 * (docs/stylegene-pack.md, "Preview graph").
 *
 * ONNX external data: an initializer names a `location` (relative to the graph's folder),
 * an `offset` and a `length` in that file. Tensors are written as they come (one at a
 * time, nothing kept but a digest per tensor), at page-aligned offsets so onnxruntime
 * may map the file instead of copying it.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

export const WEIGHTS_ALIGN = 4096;

export interface ExternalRange {
  offset: number;
  length: number;
}

/** Where a graph's initializers go instead of inline (GraphBuilder.serializeWithExternalData). */
export interface ExternalWeights {
  /** The file's name as the graph records it, relative to the graph's folder. */
  readonly location: string;
  put(dataType: number, dims: readonly number[], data: Uint8Array): ExternalRange;
}

export class SharedWeightsFile implements ExternalWeights {
  readonly location: string;
  private fd: number | null;
  private end = 0;
  private readonly stored = new Map<string, ExternalRange>();
  /** Bytes asked for again and not written (a tensor already in the file). */
  sharedBytes = 0;

  constructor(readonly path: string) {
    this.location = basename(path);
    this.fd = openSync(path, 'w');
  }

  /** The file's size so far. */
  get bytes(): number {
    return this.end;
  }

  put(dataType: number, dims: readonly number[], data: Uint8Array): ExternalRange {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    // Same type, shape and bytes: the same tensor (SHA-256, so equal digests mean equal bytes).
    const key = `${dataType}|${dims.join(',')}|${createHash('sha256').update(data).digest('hex')}`;
    const hit = this.stored.get(key);
    if (hit) {
      this.sharedBytes += data.length;
      return hit;
    }
    const offset = Math.ceil(this.end / WEIGHTS_ALIGN) * WEIGHTS_ALIGN;
    // Writing past the end leaves the padding as a hole that reads as zeros.
    for (let done = 0; done < data.length; ) done += writeSync(this.fd, data, done, data.length - done, offset + done);
    const range = { offset, length: data.length };
    this.stored.set(key, range);
    this.end = offset + data.length;
    return range;
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
