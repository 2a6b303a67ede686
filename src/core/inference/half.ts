/** IEEE 754 half ↔ single conversions for fp16 packs (the app's tensors are float32). */

export function floatToHalf(src: Float32Array): Uint16Array {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) {
    f[0] = src[i]!;
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const rawExp = (x >>> 23) & 0xff;
    const mant = x & 0x7fffff;
    if (rawExp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
      continue;
    }
    const exp = rawExp - 127 + 15;
    if (exp >= 31) out[i] = sign | 0x7c00; // overflow → Inf
    else if (exp <= 0) {
      if (exp < -10) out[i] = sign; // underflow → ±0
      else {
        // Subnormal half, rounded to nearest even.
        const m = mant | 0x800000;
        const shift = 14 - exp;
        let h = m >> shift;
        const rest = m & ((1 << shift) - 1);
        const halfway = 1 << (shift - 1);
        if (rest > halfway || (rest === halfway && h & 1)) h++;
        out[i] = sign | h;
      }
    } else {
      // Normal: round to nearest even; a carry into the exponent is the right result.
      let h = (exp << 10) | (mant >> 13);
      const rest = mant & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
      out[i] = sign | h;
    }
  }
  return out;
}

export function halfToFloat(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const h = src[i]!;
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    out[i] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return out;
}
