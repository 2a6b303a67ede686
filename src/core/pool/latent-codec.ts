/**
 * W+ latents as BLOBs. The pool stores them as IEEE half floats (fp16, little-endian,
 * [18,512] = 18,432 bytes) by default: half the size of fp32 (36,864 bytes), which
 * at 70,000 FFHQ entries is 1.3 GB instead of 2.6 GB. W+ values are O(1) (|w| < 10
 * in StyleGAN and the built-in pack), where fp16's relative error is ≤ 2^-11 ≈ 5e-4,
 * far below what changes a rendered face. A pool records its dtype in `meta`, so
 * fp32 pools (created with `wplusDtype: 'float32'`) read back exactly.
 */
import { endianness } from 'node:os';

export type WplusDtype = 'float16' | 'float32';

// Typed-array views use the platform's byte order; every platform we ship is LE.
if (endianness() !== 'LE') throw new Error('Kinship Studio gene pools need a little-endian CPU');

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float → fp16 bits, round to nearest even; overflow → ±Inf, NaN kept. */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Half subnormal: m·2^-24 with the implicit bit made explicit.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Inf).
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

function halfToFloatSlow(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

let table: Float32Array | null = null;
/** All 65,536 halves decoded once (256 KB): decoding a latent is then one lookup per value. */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloatSlow(h);
  }
  return table;
}

export function halfToFloat(h: number): number {
  return halfTable()[h & 0xffff]!;
}

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
  for (let i = 0; i < values.length; i++) out[i] = floatToHalf(values[i]!);
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
  const halves = new Uint16Array(bytes.buffer);
  const t = halfTable();
  for (let i = 0; i < n; i++) out[offset + i] = t[halves[i]!]!;
}
