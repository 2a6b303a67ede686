import { describe, expect, it } from 'vitest';
import { KINSHIP_STREAM, Pcg32, assertSeed, childRng, createRng } from '../../../src/core/genes/index.js';

const hex = (x: number) => `0x${x.toString(16).padStart(8, '0')}`;

/** Straight BigInt transcription of the reference C code, to cross-check the 32-bit emulation. */
function referencePcg32(initState: bigint, initSeq: bigint) {
  const M = (1n << 64n) - 1n;
  let state = 0n;
  const inc = ((initSeq << 1n) | 1n) & M;
  const next = () => {
    const old = state;
    state = (old * 6364136223846793005n + inc) & M;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << (-rot & 31))) >>> 0;
  };
  next();
  state = (state + initState) & M;
  next();
  return next;
}

describe('PCG32 known answers (pcg32-demo of the reference C library, seed 42, stream 54)', () => {
  it('reproduces the first six 32-bit outputs', () => {
    const r = Pcg32.fromStateAndSequence(42n, 54n);
    const got = Array.from({ length: 6 }, () => hex(r.nextUint32()));
    expect(got).toEqual(['0xa15c02b7', '0x7b47f409', '0xba1d3330', '0x83d2f293', '0xbfa4784b', '0xcbed606e']);
  });

  it('reproduces the demo coin flips and dice rolls (pcg32_boundedrand_r)', () => {
    const r = Pcg32.fromStateAndSequence(42n, 54n);
    for (let i = 0; i < 6; i++) r.nextUint32();
    const coins = Array.from({ length: 65 }, () => (r.int(2) ? 'H' : 'T')).join('');
    expect(coins).toBe('HHTTTHTHHHTHTTTHHHHHTTTHHHTHTHTHTTHTTTHHHHHHTTTTHHTTTTTHTTTTTTTHT');
    const rolls = Array.from({ length: 33 }, () => r.int(6) + 1).join(' ');
    expect(rolls).toBe('3 4 1 1 2 2 3 2 4 3 2 4 3 3 5 2 3 1 3 1 5 1 4 1 5 6 4 6 6 2 6 3 3');
  });

  it('createRng(seed) is pcg32_srandom_r(seed, KINSHIP_STREAM) (vectors from the C code)', () => {
    expect(KINSHIP_STREAM).toBe(0x4b696e73686970n);
    const r = createRng(4294967295);
    expect(Array.from({ length: 4 }, () => hex(r.nextUint32()))).toEqual(['0xd75e60d7', '0x192e6beb', '0x93553b24', '0x39905528']);
    const z = Pcg32.fromStateAndSequence(0n, 0n);
    expect(Array.from({ length: 4 }, () => hex(z.nextUint32()))).toEqual(['0xe4c14788', '0x379c6516', '0x5c4ab3bb', '0x601d23e0']);
  });

  it('matches a BigInt transcription of the reference for many seeds and streams', () => {
    const cases: Array<[bigint, bigint]> = [
      [1n, 1n],
      [0xffffffffffffffffn, 0x7fffffffffffffffn],
      [123456789n, 987654321n],
      [0x853c49e6748fea9bn, 0xda3e39cb94b95bdbn],
    ];
    for (const [s, q] of cases) {
      const fast = Pcg32.fromStateAndSequence(s, q);
      const ref = referencePcg32(s, q);
      for (let i = 0; i < 2000; i++) expect(fast.nextUint32()).toBe(ref());
    }
  });
});

describe('seeds', () => {
  it('accepts 0 and 2^32-1, rejects others with a clear message', () => {
    expect(() => createRng(0)).not.toThrow();
    expect(() => createRng(0xffffffff)).not.toThrow();
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN, Infinity]) {
      expect(() => createRng(bad)).toThrow(/seed must be an integer between 0 and 4294967295/);
    }
    expect(() => assertSeed('7')).toThrow(/got 7/);
  });
});

describe('derived draws', () => {
  it('nextFloat is in [0,1) and uniform(a,b) in [a,b)', () => {
    const r = createRng(5);
    for (let i = 0; i < 10000; i++) {
      const f = r.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const u = r.uniform(-2, 3);
      expect(u >= -2 && u < 3).toBe(true);
    }
  });

  it('nextFloat is the raw output / 2^32', () => {
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 10; i++) expect(a.nextFloat()).toBe(b.nextUint32() / 2 ** 32);
  });

  it('int(n) covers 0..n-1 uniformly enough and rejects bad n', () => {
    const r = createRng(11);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(7)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
  });

  it('normal() has mean 0 and variance 1 and is deterministic', () => {
    const r = createRng(3);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      if (!Number.isFinite(z)) nonFinite++;
      s += z;
      s2 += z * z;
    }
    expect(nonFinite).toBe(0);
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    const a = createRng(8);
    const b = createRng(8);
    for (let i = 0; i < 100; i++) expect(a.normal()).toBe(b.normal());
  });

  it('normal() is Box–Muller on two draws (cos first, then the sin spare)', () => {
    const r = createRng(21);
    const raw = createRng(21);
    const u1 = (raw.nextUint32() + 1) / 2 ** 32;
    const u2 = raw.nextUint32() / 2 ** 32;
    const rad = Math.sqrt(-2 * Math.log(u1));
    expect(r.normal()).toBe(rad * Math.cos(2 * Math.PI * u2));
    expect(r.normal()).toBe(rad * Math.sin(2 * Math.PI * u2));
    expect(r.nextUint32()).toBe(raw.nextUint32());
  });

  it('fillNormal(out, n) writes what n normal() calls return and leaves the same spare and state', () => {
    // Odd and even counts, a spare carried in and out, many seeds and streams (fork labels).
    for (const seed of [0, 1, 77, 0xffffffff]) {
      for (const label of ['noise/0', 'noise/33', 'x']) {
        const bulk = createRng(seed).fork(label);
        const one = createRng(seed).fork(label);
        for (const n of [0, 1, 2, 3, 7, 512, 1001, 9216]) {
          const out = new Float64Array(n + 2).fill(-99);
          bulk.fillNormal(out, n);
          for (let i = 0; i < n; i++) expect(out[i]).toBe(one.normal());
          expect(out[n]).toBe(-99);
        }
        // Same spare and same position afterwards.
        expect(bulk.normal()).toBe(one.normal());
        expect(bulk.normal()).toBe(one.normal());
        expect(bulk.nextUint32()).toBe(one.nextUint32());
      }
    }
  });

  it('shuffle is a deterministic permutation; sampleWithoutReplacement gives distinct items', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = createRng(4).shuffle(items.slice());
    const b = createRng(4).shuffle(items.slice());
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    const s = createRng(4).sampleWithoutReplacement(items, 8);
    expect(s).toHaveLength(8);
    expect(new Set(s).size).toBe(8);
    expect(createRng(4).sampleWithoutReplacement(items, 8)).toEqual(s);
    expect(createRng(4).sampleWithoutReplacement(items, 20).sort((x, y) => x - y)).toEqual(items);
    expect(() => createRng(4).sampleWithoutReplacement(items, 21)).toThrow(RangeError);
  });
});

describe('sub-streams', () => {
  it('fork is a function of identity and label, not of position', () => {
    const a = createRng(77);
    const b = createRng(77);
    for (let i = 0; i < 50; i++) b.nextUint32();
    const fa = a.fork('child/3');
    const fb = b.fork('child/3');
    for (let i = 0; i < 20; i++) expect(fa.nextUint32()).toBe(fb.nextUint32());
  });

  it('different labels, seeds and fork paths give different streams', () => {
    const first = (r: Pcg32) => Array.from({ length: 4 }, () => r.nextUint32()).join(',');
    const seen = new Set([
      first(createRng(1)),
      first(createRng(1).fork('a')),
      first(createRng(1).fork('b')),
      first(createRng(2).fork('a')),
      first(createRng(1).fork('a').fork('b')),
      first(createRng(1).fork('b').fork('a')),
    ]);
    expect(seen.size).toBe(6);
  });

  it('childRng(seed, k) = createRng(seed).fork("child/k") and validates its arguments', () => {
    const a = childRng(10, 4);
    const b = createRng(10).fork('child/4');
    for (let i = 0; i < 10; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    expect(() => childRng(10, -1)).toThrow(/child index/);
    expect(() => childRng(-10, 1)).toThrow(/seed must be/);
  });
});
