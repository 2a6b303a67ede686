import { describe, expect, it } from 'vitest';
import { decodeLatentBlob, encodeLatentBlob, floatToHalf, halfToFloat } from '../../../src/core/pool/latent-codec';

describe('fp16 latent storage', () => {
  it('encodes known values exactly as IEEE binary16', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00); // overflow → Inf
    expect(floatToHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie rounds to even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(halfToFloat(floatToHalf(NaN)))).toBe(true);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
  });

  it('round-trips W+-sized values within fp16 precision, half the bytes of fp32', () => {
    const v = Float32Array.from({ length: 18 * 512 }, (_, i) => Math.sin(i * 0.37) * 4);
    const blob16 = encodeLatentBlob(v, 'float16');
    const blob32 = encodeLatentBlob(v, 'float32');
    expect(blob16.byteLength).toBe(18 * 512 * 2);
    expect(blob32.byteLength).toBe(18 * 512 * 4);
    const back = new Float32Array(v.length);
    decodeLatentBlob(blob16, 'float16', back);
    for (let i = 0; i < v.length; i++) expect(Math.abs(back[i]! - v[i]!)).toBeLessThanOrEqual(Math.abs(v[i]!) * 2 ** -11 + 2 ** -24);
    const exact = new Float32Array(v.length);
    decodeLatentBlob(blob32, 'float32', exact);
    expect(exact).toEqual(v);
  });
});
