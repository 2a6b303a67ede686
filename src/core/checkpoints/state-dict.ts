/**
 * Strict access to a checkpoint's state dict while a graph is written from it.
 *
 * Every key a graph builder asks for must exist with exactly the shape the architecture
 * expects, and when the part is done every key under its prefix must have been used: a
 * checkpoint of another architecture, resolution or configuration stops with the file
 * and the first key or shape that does not match (the same rule as tools/convert's
 * load_strict). In `dry` mode nothing is read from disk (zeros of the right size), which
 * lets an install check every file's keys before any long work starts.
 */
import { CheckpointError } from './checkpoint-error';
import type { TorchCheckpoint } from './torch-file';
import { TorchTensor, type PickleDict, type PickleValue } from './torch-pickle';

export type StateDict = Map<string, PickleValue>;

const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/** The state dict inside a checkpoint: `root[key]`, else `root.state_dict`, else the root itself. */
export function stateDictOf(root: PickleValue, file: string, key?: string): StateDict {
  if (!(root instanceof Map)) throw new CheckpointError(file, `expected a dict checkpoint, found ${Array.isArray(root) ? 'a list' : typeof root}`);
  let obj: PickleValue = root;
  if (key !== undefined) {
    if (!root.has(key)) throw new CheckpointError(file, `missing top-level key '${key}' (found: ${[...root.keys()].slice(0, 8).map(String).join(', ')})`);
    obj = root.get(key);
  } else if (root.get('state_dict') instanceof Map) {
    obj = root.get('state_dict');
  }
  if (!(obj instanceof Map)) throw new CheckpointError(file, `'${key ?? 'state_dict'}' is not a state dict`);
  const out: StateDict = new Map();
  for (const [k, v] of obj as PickleDict) out.set(String(k), v);
  return out;
}

export class WeightSource {
  private readonly used = new Set<string>();

  constructor(
    private readonly ck: TorchCheckpoint,
    private readonly state: StateDict,
    readonly file: string,
    /** What the part is, for messages: "StyleGAN2 generator at 1024x1024". */
    readonly what: string,
    readonly prefix = '',
    readonly dry = false,
  ) {}

  has(key: string): boolean {
    return this.state.has(this.prefix + key);
  }

  /** The tensor's shape, checked; no data read. */
  tensor(key: string, shape: readonly number[]): TorchTensor {
    const k = this.prefix + key;
    const t = this.state.get(k);
    if (t === undefined) {
      throw new CheckpointError(this.file, `missing key '${k}' (expected shape ${fmt(shape)}) - not a ${this.what} checkpoint, or another resolution/configuration`);
    }
    if (!(t instanceof TorchTensor)) throw new CheckpointError(this.file, `key '${k}' is not a tensor`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(this.file, `key '${k}' has shape ${fmt(t.shape)}, expected ${fmt(shape)} - another architecture, resolution or configuration than ${this.what}`);
    }
    this.used.add(k);
    return t;
  }

  /** The values of `key` as float32, after checking its shape. */
  take(key: string, shape: readonly number[]): Float32Array {
    const t = this.tensor(key, shape);
    if (this.dry) return new Float32Array(t.numel);
    return this.ck.readFloat32(t);
  }

  /** Every key under the prefix was used (call when the part is built). */
  finish(): void {
    const extra = [...this.state.keys()].filter((k) => k.startsWith(this.prefix) && !this.used.has(k));
    if (extra.length) {
      throw new CheckpointError(this.file, `unexpected key '${extra[0]}' (${extra.length} unused keys) - the checkpoint holds more than ${this.what}`);
    }
  }
}
