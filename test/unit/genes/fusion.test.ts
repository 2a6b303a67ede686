import { describe, expect, it } from 'vitest';
import { fuseLayers } from '../../../src/core/genes/index.js';

const shape = { numWs: 18, regions: 34, wDim: 2 };
const n = 18 * 2;
const child = Float32Array.from({ length: n }, (_, i) => 100 + i);
const father = Float32Array.from({ length: n }, (_, i) => i);
const mother = Float32Array.from({ length: n }, (_, i) => 3 * i + 1);
const mean = (i: number) => 0.5 * ((father[i] as number) + (mother[i] as number)); // = 2i + 0.5

function replacedLayers(out: Float32Array): number[] {
  const layers: number[] = [];
  for (let l = 0; l < 18; l++) {
    const isMean = [0, 1].every((d) => out[l * 2 + d] === mean(l * 2 + d));
    const isChild = [0, 1].every((d) => out[l * 2 + d] === child[l * 2 + d]);
    expect(isMean !== isChild).toBe(true); // every layer is exactly one of the two
    if (isMean) layers.push(l);
  }
  return layers;
}

describe('fuseLayers', () => {
  it('l = 8 replaces exactly layers 8..17 with 0.5·(F + M)', () => {
    const out = fuseLayers(child, father, mother, 8, shape);
    expect(replacedLayers(out)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(out[8 * 2 + 1]).toBe(0.5 * (17 + 52));
  });

  it.each([
    [18, []],
    [0, Array.from({ length: 18 }, (_, i) => i)],
    [17, [17]],
    [1, Array.from({ length: 17 }, (_, i) => i + 1)],
  ])('l = %s replaces layers %j', (l, layers) => {
    expect(replacedLayers(fuseLayers(child, father, mother, l, shape))).toEqual(layers);
  });

  it('returns a new array and leaves the inputs alone', () => {
    const before = Float32Array.from(child);
    const out = fuseLayers(child, father, mother, 0, shape);
    expect(out).not.toBe(child);
    expect(child).toEqual(before);
    expect(fuseLayers(child, father, mother, 18, shape)).not.toBe(child);
  });

  it('uses the default 18 × 512 shape', () => {
    const big = new Float32Array(18 * 512).fill(1);
    const out = fuseLayers(big, new Float32Array(18 * 512).fill(2), new Float32Array(18 * 512).fill(4), 8);
    expect(out[8 * 512 - 1]).toBe(1);
    expect(out[8 * 512]).toBe(3);
  });

  it('refuses a bad layer, a wrong length or a non-finite latent', () => {
    expect(() => fuseLayers(child, father, mother, 19, shape)).toThrow('fusionLayer must be an integer between 0 and 18, got 19');
    expect(() => fuseLayers(child, father, mother, -1, shape)).toThrow('fusionLayer must be an integer between 0 and 18, got -1');
    expect(() => fuseLayers(child, father, mother, 2.5, shape)).toThrow(/got 2.5/);
    expect(() => fuseLayers(child, father.subarray(2), mother, 8, shape)).toThrow(
      'father wplus has length 34, expected 36 (18 layers × 2 dims)',
    );
    const bad = Float32Array.from(mother);
    bad[21] = Number.NaN;
    expect(() => fuseLayers(child, father, bad, 8, shape)).toThrow('mother wplus contains NaN at index 21 (layer 10, dim 1)');
  });
});
