import { describe, expect, it } from 'vitest';
import { tensorToRgb } from '../../../src/core/breeding/image-encode';

describe('tensorToRgb', () => {
  it('maps [-1,1] to 0..255 rounded, clamps, blacks out NaN, and interleaves the planes of image `index`', () => {
    // Two 2×2 images [2,3,2,2]; image 1's planes: R = [-1, 0, 1, 2], G = [NaN, -3, 0.5, -0.5], B = [−0.75, 0.25, −0.9921875, 0.999].
    const R = [-1, 0, 1, 2];
    const G = [Number.NaN, -3, 0.5, -0.5];
    const B = [-0.75, 0.25, -0.9921875, 0.999];
    const batch = new Float32Array([...new Array<number>(12).fill(0.25), ...R, ...G, ...B]);
    const rgb = [...tensorToRgb(batch, 1, 2)];
    // Pixel by pixel (R, G, B): 0 → 127.5 → 128; 0.5 → 191.25 → 191; −0.5 → 63.75 → 64; −0.75 → 31.875 → 32; 0.25 → 159.375 → 159; −0.9921875 → 0.996 → 1; 0.999 → 254.9 → 255.
    expect(rgb).toEqual([0, 0, 32, 128, 0, 159, 255, 191, 1, 255, 64, 255]);
    expect([...tensorToRgb(batch, 0, 2)]).toEqual(new Array<number>(12).fill(159));
  });
});
