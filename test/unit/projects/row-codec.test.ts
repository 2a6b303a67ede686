import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow } from '../../../src/core/projects/row-codec';

describe('row codec (undo row images)', () => {
  it('round-trips every SQLite value exactly, including doubles JSON cannot carry', () => {
    const row = {
      a: null,
      b: 'naïve ✓ "quoted"\n\u0000',
      c: 42,
      d: -0,
      e: Number.NaN,
      f: Number.NEGATIVE_INFINITY,
      g: 5e-324,
      h: 12345678901234567890n,
      i: Buffer.from([0, 1, 2, 255]),
      j: Buffer.alloc(0),
      k: Buffer.alloc(70_000, 7),
    };
    const back = decodeRow(encodeRow(row));
    expect(Object.keys(back)).toEqual(Object.keys(row));
    expect(Object.is(back.d, -0)).toBe(true);
    expect(Number.isNaN(back.e)).toBe(true);
    expect(back).toEqual(row);
    expect((back.k as Buffer).equals(row.k)).toBe(true);
  });
});
