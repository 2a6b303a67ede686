/** The studio's one fp16 codec (src/core/inference/half.ts), used by packs, pools and checkpoints. */
import { describe, expect, it } from 'vitest';
import { floatToHalf, halfBits, halfToFloat, halfValue } from '../../../src/core/inference/half';
import { createRng } from '../../../src/core/genes/rng';

/** binary16 by its definition, written independently of the codec: (−1)^s · 2^(e−15) · (1 + m/1024), subnormals 2^−14 · m/1024. */
function reference(h: number): number {
  const sign = h >= 0x8000 ? -1 : 1;
  const e = Math.floor(h / 1024) % 32;
  const m = h % 1024;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return e === 0 ? sign * Math.pow(2, -14) * (m / 1024) : sign * Math.pow(2, e - 15) * (1 + m / 1024);
}

describe('fp16 codec', () => {
  it('encodes known values exactly as IEEE binary16', () => {
    expect(halfBits(1)).toBe(0x3c00);
    expect(halfBits(-2)).toBe(0xc000);
    expect(halfBits(65504)).toBe(0x7bff);
    expect(halfBits(1e6)).toBe(0x7c00); // overflow → Inf
    expect(halfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(halfBits(2 ** -26)).toBe(0x0000); // underflow → 0
    expect(halfBits(-0)).toBe(0x8000);
    expect(halfBits(1 + 2 ** -11)).toBe(0x3c00); // tie rounds to even
    expect(halfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(halfBits(65520)).toBe(0x7c00); // halfway to the next power rounds up to Inf
    expect(Number.isNaN(halfValue(halfBits(NaN)))).toBe(true);
    expect(halfValue(0x3555)).toBeCloseTo(0.33325, 5);
  });

  it('decodes all 65,536 halves as the definition says, and encodes each back to itself', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const want = reference(h);
      const ok = Number.isNaN(want) ? Number.isNaN(halfValue(h)) : Object.is(halfValue(h), want) && halfBits(want) === h;
      if (!ok) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('rounds any float to the nearest half, ties to the even one', () => {
    const rng = createRng(16);
    const wrong: number[] = [];
    for (let i = 0; i < 20000; i++) {
      // Magnitudes across the normal and subnormal ranges.
      const x = Math.fround((rng.nextFloat() * 2 - 1) * 2 ** (rng.int(40) - 26));
      const h = halfBits(x);
      const got = reference(h);
      const mag = h & 0x7fff;
      // The neighbours one step either side (same sign) are never strictly closer.
      for (const n of [mag - 1, mag + 1]) {
        if (n < 0 || n >= 0x7c00) continue;
        const other = reference((h & 0x8000) | n);
        const d = Math.abs(x - got);
        const dn = Math.abs(x - other);
        if (d > dn || (d === dn && mag & 1)) wrong.push(x);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('array forms agree with the scalar forms', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37) * 4);
    const halves = floatToHalf(v);
    expect(Array.from(halves)).toEqual(Array.from(v, (x) => halfBits(x)));
    expect(Array.from(halfToFloat(halves))).toEqual(Array.from(halves, (h) => halfValue(h)));
  });
});
