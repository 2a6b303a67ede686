/**
 * mulberry32: the studio's second PRNG, for fixture and build data only — the built-in
 * pack's constants and test founders (tools/builtin-pack/prng.ts), the mean w of a
 * converted pack without `latent_avg`, chaos-test schedules, cross-check inputs and
 * test latents. Why not PCG32 (src/core/genes/rng.ts, for everything a user can
 * reproduce): this one is a few 32-bit operations with no BigInt, and packs already
 * built from it must come out byte-identical. See docs/ARCHITECTURE.md, "Randomness".
 */

/** Uniform in [0, 1), 32-bit resolution, from a uint32 seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
