/**
 * The one IEEE 754 binary16 (fp16) codec of the studio: fp16 packs' tensors (the app's
 * are float32), fp16 pool latents (src/core/pool/latent-codec.ts) and fp16 checkpoint
 * tensors (src/core/checkpoints/torch-file.ts). Encoding rounds to nearest, ties to even;
 * overflow gives ±Inf; NaN stays NaN.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float → fp16 bits, round to nearest even. */
export function halfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const rawExp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (rawExp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const exp = rawExp - 127 + 15;
  if (exp >= 31) return sign | 0x7c00; // overflow → Inf
  if (exp <= 0) {
    if (exp < -10) return sign; // underflow → ±0
    // Subnormal half (m·2^-24, implicit bit made explicit), rounded to nearest even.
    const m = mant | 0x800000;
    const shift = 14 - exp;
    let h = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && h & 1)) h++;
    return sign | h;
  }
  // Normal: round to nearest even; a carry into the exponent is the right result (up to Inf).
  let h = (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

function decode(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

let table: Float32Array | null = null;
/** All 65,536 halves decoded once (256 KB): decoding is then one lookup per value. */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = decode(h);
  }
  return table;
}

/** fp16 bits → float. */
export function halfValue(h: number): number {
  return halfTable()[h & 0xffff]!;
}

export function floatToHalf(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = halfBits(src[i]!);
  return out;
}

export function halfToFloat(src: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = t[src[i]!]!;
  return out;
}
