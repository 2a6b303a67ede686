/**
 * How many images the generator makes per run, from the memory there is.
 *
 * The generator's working memory grows with the batch and the pixel count (its
 * activations are per pixel): measured with onnxruntime's CPU provider and the session
 * options of session-options.ts, a 1024² StyleGene generator run needs 1.52 GiB above the
 * loaded session for one image and 2.99 GiB for two. Budget = a share of the
 * free memory, capped so the studio stays within a laptop's reach whatever the free
 * memory says; chunk = budget / per-image cost, at least 1, at most MAX_CPU_CHUNK.
 */
import { freemem } from 'node:os';

/** Working bytes per output pixel and image (1.5 GiB per 1024² image, rounded up). */
export const BYTES_PER_PIXEL = 1500;
/** Share of the free memory the generator may use: the rest is for the OS and other apps. */
export const FREE_SHARE = 0.5;
/** Upper bound on the generator's working memory, free memory notwithstanding. */
export const MAX_GENERATOR_BYTES = 2 * 2 ** 30;
/**
 * Bigger chunks are slower per image on the CPU (built-in pack: 36 ms per child at 4,
 * 84 ms at 16; measured), so even with memory to spare the CPU runs at most 4. Smaller is
 * not faster where it counts: the built-in generator alone made 64 images in 1.10–1.21 s in
 * chunks of 2 against 1.26–1.38 s in chunks of 4, but `npm run bench -- --batches 64`
 * alternated three times (quiet, load average 2.1) gave 31.3–32.8 children/s at 2 against
 * 33.8–35.8 at 4: the pipeline encodes each chunk's PNGs while the next chunk is drawn, and
 * twice the round trips cost more than the smaller planes save (peak 1.06 against 1.35 GiB).
 */
export const MAX_CPU_CHUNK = 4;

export interface MemoryBudget {
  /** Bytes the generator may use for one run now. */
  generatorBytes(): number;
}

/** The machine's budget: half of the free memory, at most MAX_GENERATOR_BYTES. */
export const systemMemoryBudget: MemoryBudget = {
  generatorBytes: () => Math.min(freemem() * FREE_SHARE, MAX_GENERATOR_BYTES),
};

/** A fixed budget (tests, benchmarks, a user's setting). */
export function fixedMemoryBudget(bytes: number): MemoryBudget {
  return { generatorBytes: () => bytes };
}

export function generatorChunk(resolution: number, budget: MemoryBudget, maxChunk = MAX_CPU_CHUNK): number {
  const perImage = BYTES_PER_PIXEL * resolution * resolution;
  const fit = Math.floor(budget.generatorBytes() / perImage);
  return Math.max(1, Math.min(maxChunk, fit));
}
