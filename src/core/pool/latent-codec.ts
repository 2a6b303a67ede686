/**
 * W+ latents as BLOBs. The pool stores them as IEEE half floats (fp16, little-endian,
 * [18,512] = 18,432 bytes) by default: half the size of fp32 (36,864 bytes), which
 * at 70,000 FFHQ entries is 1.3 GB instead of 2.6 GB. W+ values are O(1) (|w| < 10
 * in StyleGAN and the built-in pack), where fp16's relative error is ≤ 2^-11 ≈ 5e-4,
 * far below what changes a rendered face. A pool records its dtype in `meta`, so
 * fp32 pools (created with `wplusDtype: 'float32'`) read back exactly.
 */
import { endianness } from 'node:os';
import { halfBits, halfToFloat } from '../inference/half';

export type WplusDtype = 'float16' | 'float32';

// Typed-array views use the platform's byte order; every platform we ship is LE.
if (endianness() !== 'LE') throw new Error('Kinship Studio gene pools need a little-endian CPU');

/** A stored latent of the wrong size: a damaged or foreign pool row. */
export class LatentSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LatentSizeError';
  }
}

export function bytesPerValue(dtype: WplusDtype): number {
  return dtype === 'float16' ? 2 : 4;
}

export function encodeLatentBlob(values: Float32Array, dtype: WplusDtype): Buffer {
  if (dtype === 'float32') return Buffer.from(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = halfBits(values[i]!);
  return Buffer.from(out.buffer);
}

/**
 * Decodes into `out` at `offset` (values), so many entries fill one batch tensor. With
 * `expectedValues`, a blob of any other size is an error naming `what` (never zero-padded).
 */
export function decodeLatentBlob(
  blob: Uint8Array,
  dtype: WplusDtype,
  out: Float32Array,
  offset = 0,
  expectedValues?: number,
  what = 'latent blob',
): void {
  const bpv = bytesPerValue(dtype);
  if (blob.byteLength % bpv !== 0 || (expectedValues !== undefined && blob.byteLength !== expectedValues * bpv)) {
    const want = expectedValues === undefined ? `a multiple of ${bpv}` : `${expectedValues * bpv}`;
    throw new LatentSizeError(`${what}: the ${dtype} latent has ${blob.byteLength} bytes, expected ${want}`);
  }
  const n = blob.byteLength / bpv;
  if (offset + n > out.length) throw new RangeError('latent blob does not fit the output tensor');
  // Copy first: a Buffer from SQLite may sit at an odd offset in a shared pool.
  const bytes = new Uint8Array(blob.byteLength);
  bytes.set(blob);
  if (dtype === 'float32') {
    out.set(new Float32Array(bytes.buffer), offset);
    return;
  }
  out.set(halfToFloat(new Uint16Array(bytes.buffer)), offset);
}
