/**
 * Which external-data files an ONNX graph keeps its weights in, read without reading the
 * weights: the protobuf is walked field by field with positional reads, and every field
 * but the initializers' headers is skipped by its length, so a 1 GB inline graph costs a
 * few hundred small reads. The pack loader checks with it that each file a graph names
 * is there and long enough (onnxruntime's own error for a short one names neither it nor the pack),
 * and the inference worker sizes a graph by its weights, wherever they are
 * (docs/ARCHITECTURE.md, "Workers and cancellation").
 *
 * Only the main graph's initializers are read; a subgraph's (Scan, Loop, If bodies) are
 * not (the project's converters lift them into the main graph).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

export interface ExternalDataRef {
  tensor: string;
  /** As the graph writes it: relative to the graph's folder. */
  location: string;
  offset: number;
  /** Absent: to the end of the file. */
  length?: number;
}

/** Not an ONNX protobuf this reader can walk (truncated, or another format). */
export class OnnxScanError extends Error {}

// ModelProto.graph, GraphProto.initializer, TensorProto.{name, external_data, data_location},
// StringStringEntryProto.{key, value} (onnx.proto).
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_NAME = 8;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const LOCATION_EXTERNAL = 1;
const WINDOW = 64 * 1024;

class FileWindow {
  private buf = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  bytes(pos: number, n: number): Buffer {
    if (pos < this.start || pos + n > this.start + this.buf.length) {
      if (pos + n > this.size) throw new OnnxScanError(`ends at byte ${this.size}, a field needs ${pos + n}`);
      const len = Math.max(n, Math.min(WINDOW, this.size - pos));
      this.buf = Buffer.alloc(len);
      for (let got = 0; got < len; ) {
        const r = readSync(this.fd, this.buf, got, len - got, pos + got);
        if (r === 0) throw new OnnxScanError('file shrank while being read');
        got += r;
      }
      this.start = pos;
    }
    return this.buf.subarray(pos - this.start, pos - this.start + n);
  }

  /** A varint at `pos`: its value and where the next field starts. */
  varint(pos: number, end: number): [number, number] {
    const b = this.bytes(pos, Math.min(10, end - pos));
    let v = 0;
    for (let i = 0; i < b.length; i++) {
      v += (b[i]! & 0x7f) * 2 ** (7 * i);
      if (b[i]! < 0x80) return [v, pos + i + 1];
    }
    throw new OnnxScanError(`bad varint at byte ${pos}`);
  }
}

interface Field {
  field: number;
  /** Varint fields: the value. Length-delimited: the payload's length. */
  value: number;
  /** Length-delimited fields: where the payload starts. */
  at: number;
  wire: number;
}

function* fields(w: FileWindow, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [tag, p] = w.varint(pos, end);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    let next: number;
    let value = 0;
    let at = p;
    if (wire === 0) [value, next] = w.varint(p, end);
    else if (wire === 1) next = p + 8;
    else if (wire === 5) next = p + 4;
    else if (wire === 2) {
      [value, at] = w.varint(p, end);
      next = at + value;
    } else throw new OnnxScanError(`unsupported wire type ${wire} at byte ${pos}`);
    if (next > end) throw new OnnxScanError(`field ${field} at byte ${pos} runs past its message`);
    yield { field, value, at, wire };
    pos = next;
  }
}

/** The external-data references of `graphPath`'s initializers (none for an all-inline graph). */
export function externalDataRefs(graphPath: string): ExternalDataRef[] {
  const fd = openSync(graphPath, 'r');
  try {
    const w = new FileWindow(fd, fstatSync(fd).size);
    const text = (f: Field): string => w.bytes(f.at, f.value).toString('utf8');
    const refs: ExternalDataRef[] = [];
    for (const g of fields(w, 0, w.size)) {
      if (g.field !== MODEL_GRAPH || g.wire !== 2) continue;
      for (const t of fields(w, g.at, g.at + g.value)) {
        if (t.field !== GRAPH_INITIALIZER || t.wire !== 2) continue;
        let name = '';
        let external = false;
        const entries = new Map<string, string>();
        for (const f of fields(w, t.at, t.at + t.value)) {
          if (f.field === TENSOR_NAME && f.wire === 2) name = text(f);
          else if (f.field === TENSOR_DATA_LOCATION && f.wire === 0) external = f.value === LOCATION_EXTERNAL;
          else if (f.field === TENSOR_EXTERNAL_DATA && f.wire === 2) {
            let key = '';
            let value = '';
            for (const e of fields(w, f.at, f.at + f.value)) {
              if (e.wire !== 2) continue;
              if (e.field === 1) key = text(e);
              else if (e.field === 2) value = text(e);
            }
            entries.set(key, value);
          }
        }
        if (!external) continue;
        const num = (k: string): number | undefined => {
          const v = entries.get(k);
          if (v === undefined) return undefined;
          if (!/^\d+$/.test(v)) throw new OnnxScanError(`tensor '${name}': external-data ${k} '${v}' is not a number`);
          return Number(v);
        };
        refs.push({ tensor: name, location: entries.get('location') ?? '', offset: num('offset') ?? 0, length: num('length') });
      }
    }
    return refs;
  } finally {
    closeSync(fd);
  }
}

/** One external-data file a graph reads, as found on disk. */
export interface ExternalDataFile {
  /** As the graph names it (relative to the graph's folder). */
  location: string;
  path: string;
  /**
   * What is wrong, or null: the file is missing or too short (the weights file's fault), or
   * the graph names a place outside its folder (the graph's).
   */
  problem: { of: 'weights' | 'graph'; message: string } | null;
  /** Bytes of it the graph reads (distinct ranges). */
  bytes: number;
  /** How many of the graph's tensors are in it. */
  tensors: number;
}

/** The external-data files `graphPath` names, each checked against what the graph reads of it. */
export function externalDataFiles(graphPath: string): ExternalDataFile[] {
  const byLocation = new Map<string, ExternalDataRef[]>();
  for (const r of externalDataRefs(graphPath)) byLocation.set(r.location, [...(byLocation.get(r.location) ?? []), r]);
  const folder = dirname(graphPath);
  const out: ExternalDataFile[] = [];
  for (const [location, refs] of byLocation) {
    const path = join(folder, location);
    let problem: ExternalDataFile['problem'] = null;
    let size = -1;
    if (!location || isAbsolute(location) || location.split(/[\\/]/).includes('..')) {
      problem = { of: 'graph', message: `names a weights file outside its folder ('${location}')` };
    } else {
      try {
        size = statSync(path).size;
      } catch {
        problem = { of: 'weights', message: 'file is missing' };
      }
      const need = Math.max(...refs.map((r) => r.offset + (r.length ?? 0)));
      if (size >= 0 && size < need) problem = { of: 'weights', message: `file is truncated: ${size} bytes, the graph reads up to byte ${need}` };
    }
    // Distinct ranges: two tensors may share one (the same weight under two names).
    const ranges = new Map(refs.map((r) => [`${r.offset}+${r.length}`, r.length ?? Math.max(0, size - r.offset)]));
    const bytes = [...ranges.values()].reduce((a, b) => a + b, 0);
    out.push({ location, path, problem, bytes, tensors: refs.length });
  }
  return out;
}

/** A graph's external-data file that cannot be used; `file` is the one to blame (as the graph names it). */
export class ExternalDataError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExternalDataError';
  }
}

/**
 * A graph's weight bytes, wherever they are: the graph file plus what it reads of its
 * external-data files, after checking those are there and long enough (ExternalDataError
 * otherwise). A graph that cannot be walked counts its file alone; onnxruntime says why.
 */
export function checkedGraphBytes(graphPath: string): number {
  let external: ExternalDataFile[] = [];
  try {
    external = externalDataFiles(graphPath);
  } catch (e) {
    if (!(e instanceof OnnxScanError)) throw e;
  }
  for (const f of external) {
    if (f.problem) throw new ExternalDataError(f.problem.of === 'weights' ? f.location : basename(graphPath), f.problem.message);
  }
  return external.reduce((a, f) => a + f.bytes, statSync(graphPath).size);
}
