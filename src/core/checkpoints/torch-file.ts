/**
 * A torch.save file opened for reading without Python.
 *
 * Two layouts exist. Since PyTorch 1.6 a zip archive: `<name>/data.pkl` (the object tree)
 * and one stored member `<name>/data/<key>` per storage. Before that ("legacy"): a run of
 * pickles (magic number, protocol, system info, the object tree, the sorted storage keys)
 * followed by each storage as an 8-byte element count and its raw bytes. Either way only
 * the object tree is read on open; tensor bytes are read at their file offsets when asked
 * for, one tensor at a time, so memory follows the largest tensor, not the file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { BufferReader } from 'pickleparser';
import { CheckpointError } from './checkpoint-error';
import { DTYPE_BYTES, PickleTruncated, TorchStorage, TorchTensor, unpickleCheckpoint, type PickleValue } from './torch-pickle';
import { readZipIndex, readZipMember } from './zip-index';
import { halfValue } from '../inference/half';

const LEGACY_MAGIC = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
const ZIP_MAGIC = 0x04034b50;

export interface ByteRange {
  offset: number;
  length: number;
}

export class TorchCheckpoint {
  private fd: number | null;

  private constructor(
    readonly path: string,
    readonly label: string,
    readonly format: 'zip' | 'legacy',
    readonly root: PickleValue,
    readonly fileSize: number,
    /** Absolute byte offset of each storage's first element. */
    private readonly storageOffsets: Map<TorchStorage, number>,
  ) {
    this.fd = openSync(path, 'r');
  }

  static async open(path: string, label: string = basename(path)): Promise<TorchCheckpoint> {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new CheckpointError(label, (e as NodeJS.ErrnoException).code === 'ENOENT' ? `file not found at ${path}` : `cannot be opened (${(e as Error).message})`);
    }
    let size: number;
    const head = Buffer.alloc(LEGACY_MAGIC.length);
    try {
      size = fstatSync(fd).size;
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    if (size === 0) throw new CheckpointError(label, 'file is empty (interrupted download?)');
    if (head.readUInt32LE(0) === ZIP_MAGIC) return TorchCheckpoint.openZip(path, label, size);
    if (head.equals(LEGACY_MAGIC)) return TorchCheckpoint.openLegacy(path, label, size);
    throw new CheckpointError(label, 'is not a PyTorch checkpoint (neither a torch.save zip archive nor the older torch.save format)');
  }

  private static async openZip(path: string, label: string, size: number): Promise<TorchCheckpoint> {
    const index = await readZipIndex(path, label);
    const pkl = [...index.values()].find((m) => m.name.endsWith('/data.pkl') && m.name.split('/').length === 2);
    if (!pkl) throw new CheckpointError(label, 'is a zip archive without data.pkl (not a torch.save file)');
    const prefix = pkl.name.slice(0, -'data.pkl'.length);
    const storages: TorchStorage[] = [];
    const root = unpickleCheckpoint(await readZipMember(path, pkl, label), { label, onStorage: (s) => storages.push(s) });
    const offsets = new Map<TorchStorage, number>();
    for (const s of storages) {
      const m = index.get(`${prefix}data/${s.key}`);
      if (!m) throw new CheckpointError(label, `is missing the data of storage '${s.key}' (truncated or damaged archive)`);
      if (m.method !== 0) throw new CheckpointError(label, `stores tensor data '${m.name}' compressed; PyTorch stores it uncompressed`);
      const need = s.numel * DTYPE_BYTES[s.dtype];
      if (m.size < need) throw new CheckpointError(label, `storage '${s.key}' holds ${m.size} bytes, its tensors need ${need}`);
      offsets.set(s, m.dataOffset);
    }
    return new TorchCheckpoint(path, label, 'zip', root, size, offsets);
  }

  private static async openLegacy(path: string, label: string, size: number): Promise<TorchCheckpoint> {
    // The pickles come first; their length is unknown, so read a growing prefix until they parse.
    for (let want = Math.min(size, 8 << 20); ; want = Math.min(size, want * 4)) {
      const buf = readPrefix(path, want);
      const parsed = tryParseLegacyHead(buf, label);
      if (parsed) {
        const { root, storages, keys, end } = parsed;
        const offsets = new Map<TorchStorage, number>();
        const byKey = new Map(storages.map((s) => [s.key, s] as const));
        const fd = openSync(path, 'r');
        try {
          let at = end;
          const lenBuf = Buffer.alloc(8);
          for (const key of keys) {
            const s = byKey.get(key);
            if (!s) throw new CheckpointError(label, `lists storage '${key}' that no tensor uses`);
            if (readSync(fd, lenBuf, 0, 8, at) !== 8) throw new CheckpointError(label, `is truncated: storage '${key}' starts past the end of the file`);
            const numel = Number(lenBuf.readBigInt64LE(0));
            if (numel !== s.numel) throw new CheckpointError(label, `storage '${key}' says ${numel} elements, the pickle says ${s.numel}`);
            offsets.set(s, at + 8);
            at += 8 + numel * DTYPE_BYTES[s.dtype];
            if (at > size) throw new CheckpointError(label, `is truncated: storage '${key}' ends at byte ${at}, the file has ${size}`);
          }
        } finally {
          closeSync(fd);
        }
        return new TorchCheckpoint(path, label, 'legacy', root, size, offsets);
      }
      if (want >= size) throw new CheckpointError(label, 'is truncated: its pickled object tree ends early');
    }
  }

  /** Where a contiguous tensor's bytes are in the file (for indexes that point into it). */
  byteRange(t: TorchTensor): ByteRange {
    if (!t.contiguous) throw new CheckpointError(this.label, 'a tensor is not contiguous, so it has no single byte range');
    const base = this.storageOffsets.get(t.storage);
    if (base === undefined) throw new CheckpointError(this.label, `tensor data of storage '${t.storage.key}' is not in this file`);
    const bytes = DTYPE_BYTES[t.dtype];
    return { offset: base + t.storageOffset * bytes, length: t.numel * bytes };
  }

  /** A tensor's values as float32 (any float dtype; integers converted), in row-major order. */
  readFloat32(t: TorchTensor): Float32Array {
    if (this.fd === null) throw new Error(`${this.label}: already closed`);
    const bytes = DTYPE_BYTES[t.dtype];
    const base = this.storageOffsets.get(t.storage);
    if (base === undefined) throw new CheckpointError(this.label, `tensor data of storage '${t.storage.key}' is not in this file`);
    if (t.numel === 0) return new Float32Array(0);
    // Read the span the tensor touches (all of it when contiguous, as usual).
    const lastEl = t.shape.reduce((acc, d, i) => acc + (d - 1) * t.stride[i]!, 0);
    const spanEls = lastEl + 1;
    const raw = Buffer.alloc(spanEls * bytes);
    const got = readSync(this.fd, raw, 0, raw.length, base + t.storageOffset * bytes);
    if (got !== raw.length) throw new CheckpointError(this.label, `is truncated: a tensor of shape [${t.shape.join(',')}] ends past the end of the file`);
    const span = decode(raw, t.dtype, spanEls);
    if (t.contiguous) return span.length === t.numel ? span : span.subarray(0, t.numel);
    return gather(span, t.shape, t.stride);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function readPrefix(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The legacy head's pickles, or null when the buffer ends inside them. */
function tryParseLegacyHead(buf: Buffer, label: string): { root: PickleValue; storages: TorchStorage[]; keys: string[]; end: number } | null {
  const reader = new BufferReader(buf);
  reader.skip(LEGACY_MAGIC.length);
  const storages: TorchStorage[] = [];
  // The header pickles hold only plain values: the same restricted unpickler reads them.
  const plain = (): PickleValue => unpickleCheckpoint(reader, { label });
  try {
    const protocol = plain();
    if (protocol !== 1001) throw new CheckpointError(label, `uses torch.save legacy protocol ${String(protocol)}, expected 1001`);
    plain(); // system info: endianness and type sizes (PyTorch writes little-endian everywhere)
    const root = unpickleCheckpoint(reader, { label, onStorage: (s) => storages.push(s) });
    const keys = plain();
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new CheckpointError(label, 'has no storage key list after its object tree');
    return { root, storages, keys: keys as string[], end: reader.position };
  } catch (e) {
    if (e instanceof PickleTruncated) return null;
    throw e;
  }
}


function decode(raw: Buffer, dtype: TorchTensor['dtype'], n: number): Float32Array {
  switch (dtype) {
    case 'float32': {
      const out = new Float32Array(n);
      new Uint8Array(out.buffer).set(raw.subarray(0, n * 4));
      return out;
    }
    case 'float64': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.readDoubleLE(i * 8);
      return out;
    }
    case 'float16': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfValue(raw.readUInt16LE(i * 2));
      return out;
    }
    case 'bfloat16': {
      const u = new Uint32Array(n);
      for (let i = 0; i < n; i++) u[i] = raw.readUInt16LE(i * 2) << 16;
      return new Float32Array(u.buffer);
    }
    case 'int64': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(raw.readBigInt64LE(i * 8));
      return out;
    }
    case 'int32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.readInt32LE(i * 4);
      return out;
    }
    case 'int16': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.readInt16LE(i * 2);
      return out;
    }
    case 'int8': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.readInt8(i);
      return out;
    }
    case 'uint8':
    case 'bool': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw[i]!;
      return out;
    }
  }
}

function gather(span: Float32Array, shape: readonly number[], stride: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) off += idx[d]! * stride[d]!;
    out[k] = span[off]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
