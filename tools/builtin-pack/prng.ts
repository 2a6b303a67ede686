/**
 * Seeded PRNG for the build (constants) and tests (founder z): mulberry32 with Box–Muller
 * normals. Portable and exact in JS doubles, so builds are byte-identical.
 */
import { mulberry32 } from '../../src/core/random/mulberry32';

export class Prng {
  private readonly uniform: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Standard normal. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** `count` rows of 512 standard normals from `seed` (row-major Float32Array). */
export function seededZ(seed: number, count: number, dim = 512): Float32Array {
  const p = new Prng(seed);
  const z = new Float32Array(count * dim);
  for (let i = 0; i < z.length; i++) z[i] = p.normal();
  return z;
}
