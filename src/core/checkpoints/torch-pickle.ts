/**
 * A restricted unpickler for the pickle inside a torch.save file.
 *
 * Pickles can name any Python callable; a checkpoint only needs the few that rebuild
 * tensors and ordered dicts. pickleparser (from npm) walks the opcodes; every global it
 * meets goes through ALLOWED below, and anything else stops the read with a message that
 * names the file and the global. Tensors become TorchTensor descriptors (storage key, dtype,
 * shape, strides): their bytes stay in the file until someone reads them.
 */
import { BufferReader, Parser } from 'pickleparser';
import { CheckpointError } from './checkpoint-error';

export type TorchDtype = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export const DTYPE_BYTES: Record<TorchDtype, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

const STORAGE_TYPES: Record<string, TorchDtype> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

/** A storage named by the pickle's persistent id; its bytes live in the archive (or after the pickle). */
export class TorchStorage {
  constructor(
    readonly key: string,
    readonly dtype: TorchDtype,
    readonly numel: number,
  ) {}
}

export class TorchTensor {
  constructor(
    readonly storage: TorchStorage,
    /** In elements of the storage's dtype. */
    readonly storageOffset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {}
  get dtype(): TorchDtype {
    return this.storage.dtype;
  }
  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  /** Row-major with no gaps: readable in one piece. */
  get contiguous(): boolean {
    let expect = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.stride[i] !== expect) return false;
      expect *= this.shape[i]!;
    }
    return true;
  }
}

export type PickleValue = null | undefined | boolean | number | bigint | string | Uint8Array | TorchTensor | PickleValue[] | PickleDict;
export type PickleDict = Map<PickleValue, PickleValue>;

/** The storage type's marker: only ever an element of a persistent id, never called. */
class StorageType {
  constructor(readonly dtype: TorchDtype) {}
}

function ints(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) throw new Error(`${what} is not a tuple of sizes`);
  return v as number[];
}

function rebuildTensor(storage: unknown, offset: unknown, size: unknown, stride: unknown): TorchTensor {
  if (!(storage instanceof TorchStorage)) throw new Error('a tensor is rebuilt from something that is not a storage');
  if (typeof offset !== 'number') throw new Error('a tensor has a non-numeric storage offset');
  const shape = ints(size, 'a tensor size');
  const strides = ints(stride, 'a tensor stride');
  if (shape.length !== strides.length) throw new Error('a tensor has sizes and strides of different lengths');
  const t = new TorchTensor(storage, offset, shape, strides);
  // The furthest element must lie inside the storage.
  const last = shape.some((d) => d === 0) ? -1 : offset + shape.reduce((acc, d, i) => acc + (d - 1) * strides[i]!, 0);
  if (last >= storage.numel) throw new Error(`a tensor of shape [${shape.join(',')}] reaches past its storage '${storage.key}' (${storage.numel} elements)`);
  return t;
}

/**
 * The only callables a checkpoint may name (module → name → implementation). Written as
 * plain functions so pickle's REDUCE can call them; none has side effects.
 */
const ALLOWED: Record<string, Record<string, (...args: unknown[]) => unknown>> = {
  'torch._utils': {
    _rebuild_tensor_v2: (storage, offset, size, stride) => rebuildTensor(storage, offset, size, stride),
    _rebuild_tensor: (storage, offset, size, stride) => rebuildTensor(storage, offset, size, stride),
    // A Parameter is its tensor for reading weights.
    _rebuild_parameter: (data) => data,
    _rebuild_parameter_with_state: (data) => data,
  },
  collections: {
    OrderedDict: (items?: unknown) => {
      const m: PickleDict = new Map();
      if (Array.isArray(items)) for (const kv of items) if (Array.isArray(kv) && kv.length === 2) m.set(kv[0] as PickleValue, kv[1] as PickleValue);
      return m;
    },
  },
  torch: {
    Size: (dims?: unknown) => (Array.isArray(dims) ? [...dims] : []),
    device: (name?: unknown) => String(name ?? 'cpu'),
  },
  // Protocol 2 pickles write bytes as _codecs.encode(text, 'latin1').
  _codecs: {
    encode: (text?: unknown, enc?: unknown) => {
      if (typeof text !== 'string') throw new Error('_codecs.encode of a non-string');
      return Uint8Array.from(Buffer.from(text, enc === 'latin1' || enc === 'latin-1' ? 'latin1' : 'utf8'));
    },
  },
};

function resolveGlobal(module: string, name: string): (...args: unknown[]) => unknown {
  if (module === 'torch' && name in STORAGE_TYPES) {
    const marker = new StorageType(STORAGE_TYPES[name]!);
    // Returned as a value: pickleparser's types call it a function, but it is never called (REDUCE on it throws).
    return marker as unknown as (...args: unknown[]) => unknown;
  }
  const fn = ALLOWED[module]?.[name];
  if (!fn || !Object.prototype.hasOwnProperty.call(ALLOWED[module], name)) throw new RefusedGlobal(module, name);
  return fn;
}

class RefusedGlobal extends Error {
  constructor(
    readonly module: string,
    readonly global: string,
  ) {
    super(`${module}.${global}`);
  }
}

export interface UnpickleOptions {
  /** The checkpoint's file name, for messages. */
  label: string;
  /** Legacy (pre-zip) files put a view description after the numel; zip files do not. */
  onStorage?: (storage: TorchStorage) => void;
}

/**
 * Unpickles a checkpoint's object tree. Storages are created once per key (tensors that
 * share a storage share the object).
 */
export function unpickleCheckpoint(source: Uint8Array | BufferReader, opts: UnpickleOptions): PickleValue {
  const storages = new Map<string, TorchStorage>();
  const parser = new Parser({
    unpicklingTypeOfDictionary: 'Map',
    unpicklingTypeOfSet: 'array',
    nameResolver: { resolve: resolveGlobal },
    persistentResolver: {
      resolve: (pid: unknown) => {
        if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) throw new Error('an unknown kind of persistent object (not a storage)');
        const [, type, key, , numel] = pid as [string, unknown, unknown, unknown, unknown];
        if (!(type instanceof StorageType)) throw new Error('a storage of an unknown type');
        if (typeof numel !== 'number' || !Number.isInteger(numel) || numel < 0) throw new Error('a storage without a valid element count');
        const k = String(key);
        let s = storages.get(k);
        if (!s) {
          s = new TorchStorage(k, type.dtype, numel);
          storages.set(k, s);
          opts.onStorage?.(s);
        }
        return s;
      },
    },
    extensionResolver: {
      resolve: (code: number) => {
        throw new Error(`pickle extension code ${code}`);
      },
    },
  });
  try {
    return parser.read<PickleValue>(source instanceof BufferReader ? source : new BufferReader(source));
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    if (e instanceof RefusedGlobal) {
      throw new CheckpointError(
        opts.label,
        `refused: its pickle calls ${e.module}.${e.global}, which is not one of the tensor-rebuild functions a weights file needs (the file may run code; not loaded)`,
      );
    }
    if (/end of (file|line)|more bytes/i.test((e as Error).message)) {
      throw new PickleTruncated(opts.label, 'is truncated: its pickled object tree ends early');
    }
    throw new CheckpointError(opts.label, `has a pickle that cannot be read (${(e as Error).message}) - truncated, damaged or not a PyTorch checkpoint`);
  }
}

/** The pickle stream ended before STOP: a truncated file (or, for legacy files, too short a prefix read). */
export class PickleTruncated extends CheckpointError {}
