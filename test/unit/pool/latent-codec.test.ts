import { describe, expect, it } from 'vitest';
import { decodeLatentBlob, encodeLatentBlob } from '../../../src/core/pool/latent-codec';

// The fp16 codec itself is tested in test/unit/inference/half.test.ts.
describe('fp16 latent storage', () => {
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
