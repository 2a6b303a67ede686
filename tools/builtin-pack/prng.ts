/**
 * Seeded PRNG for the build (constants) and tests (founder z): mulberry32 with Box–Muller
 * normals. Portable and exact in JS doubles, so builds are byte-identical.
 */
export class Prng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
