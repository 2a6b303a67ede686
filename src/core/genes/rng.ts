/**
 * The one seeded random generator behind every gene-math choice.
 *
 * Algorithm: PCG32 (PCG-XSH-RR 64/32, M. E. O'Neill, https://www.pcg-random.org),
 * exactly as the reference `pcg32_random_r` / `pcg32_srandom_r` /
 * `pcg32_boundedrand_r` of the minimal C library. It is portable (only 64-bit
 * integer arithmetic, emulated here with 32-bit halves so it stays fast in JS) and
 * has 2^63 independent streams, which we use for sub-streams.
 *
 * - `Pcg32.fromStateAndSequence(42n, 54n)` reproduces the pcg32-demo vectors
 *   (0xa15c02b7 0x7b47f409 0xba1d3330 ...), checked in the unit tests.
 * - `createRng(seed)` = `pcg32_srandom_r(initstate = seed, initseq = KINSHIP_STREAM)`.
 * - `fork(label)` derives a child generator from this generator's *identity*
 *   (initstate, initseq), never from its current position: `fork` is a pure
 *   function of (seed, fork path). So `createRng(s).fork('child/3')` is the same
 *   stream whether child 3 is bred alone or as part of a batch.
 *
 * Derived values:
 * - `nextFloat()` = nextUint32() / 2^32, in [0, 1) (one draw).
 * - `uniform(a, b)` = a + (b - a) * nextFloat() (one draw).
 * - `int(n)` = pcg32_boundedrand_r (unbiased rejection; usually one draw).
 * - `normal()` = Box–Muller on two draws u1 = (x1 + 1) / 2^32 in (0, 1] and
 *   u2 = x2 / 2^32; returns r·cos(2πu2) and keeps r·sin(2πu2) for the next call.
 *   `fillNormal(out, n)` writes exactly what n calls of `normal()` return, spare included.
 *   Math.log/cos/sin are fdlibm ports in V8, so results are bit-identical across
 *   platforms for one Node version.
 */
import { MAX_SEED } from '../../domain/seed.js';

export interface Rng {
  /** Next raw 32-bit output, 0..2^32-1. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32-bit resolution. */
  nextFloat(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** Uniform integer in [0, n), n an integer in 1..2^32. */
  int(n: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** out[0..n) = n successive `normal()` values, bit for bit, leaving the same spare (the crossover's hot path). */
  fillNormal(out: Float64Array, n: number): void;
  /** Fisher–Yates in place (i from length-1 down to 1, j = int(i + 1)); returns the array. */
  shuffle<T>(items: T[]): T[];
  /** k distinct items, in draw order (partial Fisher–Yates: slot i swaps with i + int(n - i)). */
  sampleWithoutReplacement<T>(items: readonly T[], k: number): T[];
  /** An independent generator derived from this one's identity and `label` (position-independent). */
  fork(label: string | number): Rng;
}

const MASK64 = (1n << 64n) - 1n;
const TWO_POW_32 = 4294967296;
/** Multiplier of the PCG 64-bit LCG, 6364136223846793005, as 32-bit halves. */
const MUL_HI = 0x5851f42d;
const MUL_LO = 0x4c957f2d;
/** Stream selector for `createRng`: ASCII "Kinship". Part of the reproducibility contract. */
export const KINSHIP_STREAM = 0x4b696e73686970n;
export { MAX_SEED };

/** High 32 bits of the 64-bit product of two uint32 (16-bit limbs keep every step exact). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const a0b0 = a0 * b0;
  const a1b0 = a1 * b0;
  const a0b1 = a0 * b1;
  const mid = (a0b0 >>> 16) + (a1b0 & 0xffff) + (a0b1 & 0xffff);
  return (a1 * b1 + (a1b0 >>> 16) + (a0b1 >>> 16) + (mid >>> 16)) >>> 0;
}

/** PCG-XSH-RR output of the 64-bit state (hi, lo): xorshifted = ((s >> 18) ^ s) >> 27 (low 32 bits), rotated by s >> 59. */
function pcgOutput(oh: number, ol: number): number {
  const xh = oh ^ (oh >>> 18);
  const xl = ol ^ ((ol >>> 18) | (oh << 14));
  const xs = ((xl >>> 27) | (xh << 5)) >>> 0;
  const rot = oh >>> 27;
  return ((xs >>> rot) | (xs << (-rot & 31))) >>> 0;
}

/** splitmix64 finaliser: decorrelates derived (state, sequence) pairs. */
function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a 64 over the label's UTF-8 bytes. */
function fnv1a64(label: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(label)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** Throws unless `seed` is an integer in 0..2^32-1. */
export function assertSeed(seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer between 0 and ${MAX_SEED}, got ${String(seed)}`);
  }
}

export class Pcg32 implements Rng {
  // 64-bit state and increment as unsigned 32-bit halves.
  private stateHi = 0;
  private stateLo = 0;
  private readonly incHi: number;
  private readonly incLo: number;
  private spareNormal: number | null = null;

  private constructor(
    /** Identity used by `fork`: the srandom arguments. */
    readonly initState: bigint,
    readonly initSeq: bigint,
  ) {
    const inc = ((initSeq << 1n) | 1n) & MASK64;
    this.incHi = Number(inc >> 32n);
    this.incLo = Number(inc & 0xffffffffn);
    // pcg32_srandom_r: state = 0; step; state += initstate; step.
    this.step();
    const s = ((BigInt(this.stateHi) << 32n) | BigInt(this.stateLo)) + (initState & MASK64);
    this.stateHi = Number((s >> 32n) & 0xffffffffn);
    this.stateLo = Number(s & 0xffffffffn);
    this.step();
  }

  /** The reference seeding, `pcg32_srandom_r(initstate, initseq)` (both taken mod 2^64). */
  static fromStateAndSequence(initState: bigint, initSeq: bigint): Pcg32 {
    return new Pcg32(initState & MASK64, initSeq & MASK64);
  }

  /** state = state * MUL + inc (mod 2^64). */
  private step(): void {
    const sh = this.stateHi;
    const sl = this.stateLo;
    const lo = (Math.imul(sl, MUL_LO) >>> 0) + this.incLo;
    const carry = lo >= TWO_POW_32 ? 1 : 0;
    this.stateLo = lo >>> 0;
    this.stateHi = (mulHi32(sl, MUL_LO) + Math.imul(sh, MUL_LO) + Math.imul(sl, MUL_HI) + this.incHi + carry) >>> 0;
  }

  nextUint32(): number {
    const oh = this.stateHi;
    const ol = this.stateLo;
    this.step();
    return pcgOutput(oh, ol);
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.nextFloat();
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs an integer n in 1..2^32, got ${String(n)}`);
    }
    if (n === TWO_POW_32) return this.nextUint32();
    // pcg32_boundedrand_r: threshold = (2^32 - n) % n; reject r < threshold.
    const threshold = (TWO_POW_32 - n) % n;
    for (;;) {
      const r = this.nextUint32();
      if (r >= threshold) return r % n;
    }
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const u1 = (this.nextUint32() + 1) / TWO_POW_32; // (0, 1]: log never sees 0
    const u2 = this.nextUint32() / TWO_POW_32;
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  fillNormal(out: Float64Array, n: number): void {
    let i = 0;
    if (n > 0 && this.spareNormal !== null) {
      out[i++] = this.spareNormal;
      this.spareNormal = null;
    }
    // `normal()` with the generator state in locals and the LCG step inlined: the same
    // integer steps and the same float operations in the same order, without a call and a
    // field round trip per draw (docs/ARCHITECTURE.md, "Domain vocabulary", step 4).
    let sh = this.stateHi;
    let sl = this.stateLo;
    const incHi = this.incHi;
    const incLo = this.incLo;
    while (i < n) {
      let lo = (Math.imul(sl, MUL_LO) >>> 0) + incLo;
      const x1 = pcgOutput(sh, sl);
      let nh = (mulHi32(sl, MUL_LO) + Math.imul(sh, MUL_LO) + Math.imul(sl, MUL_HI) + incHi + (lo >= TWO_POW_32 ? 1 : 0)) >>> 0;
      sl = lo >>> 0;
      sh = nh;
      lo = (Math.imul(sl, MUL_LO) >>> 0) + incLo;
      const x2 = pcgOutput(sh, sl);
      nh = (mulHi32(sl, MUL_LO) + Math.imul(sh, MUL_LO) + Math.imul(sl, MUL_HI) + incHi + (lo >= TWO_POW_32 ? 1 : 0)) >>> 0;
      sl = lo >>> 0;
      sh = nh;
      const u1 = (x1 + 1) / TWO_POW_32;
      const u2 = x2 / TWO_POW_32;
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = 2 * Math.PI * u2;
      out[i++] = r * Math.cos(theta);
      if (i < n) out[i++] = r * Math.sin(theta);
      else this.spareNormal = r * Math.sin(theta);
    }
    this.stateHi = sh;
    this.stateLo = sl;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  sampleWithoutReplacement<T>(items: readonly T[], k: number): T[] {
    const n = items.length;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(`cannot sample ${String(k)} items without replacement from ${n}`);
    }
    const pool = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i] as T;
      pool[i] = pool[j] as T;
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  }

  fork(label: string | number): Pcg32 {
    const h = fnv1a64(String(label));
    return new Pcg32(splitmix64(this.initState ^ h), splitmix64((this.initSeq + h) & MASK64));
  }
}

/** The root generator for a uint32 seed. */
export function createRng(seed: number): Pcg32 {
  assertSeed(seed);
  return Pcg32.fromStateAndSequence(BigInt(seed), KINSHIP_STREAM);
}

/**
 * The generator for child `index` of a batch bred with `seed`:
 * `createRng(seed).fork('child/' + index)`. Child k is the same alone or in a batch.
 */
export function childRng(seed: number, index: number): Pcg32 {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`child index must be a non-negative integer, got ${String(index)}`);
  }
  return createRng(seed).fork(`child/${index}`);
}
