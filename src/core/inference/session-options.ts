/**
 * onnxruntime session options, chosen by measurement: CPU provider, onnxruntime-node 1.30,
 * the StyleGene-size 1024² generator with random weights (tools/convert), peak RSS of one
 * process that opens the graph and runs it; 2-core machine shared with other heavy jobs
 * (load average 15–19), so the times are indicative only, the memory figures are not noisy:
 *
 *   arena  patterns  graph level  batch  peak RSS  RSS after  open    run
 *   on     on        all          1      4.21 GiB  4.21 GiB   6.5 s   53 s   (onnxruntime's defaults)
 *   on     off       all          1      2.25 GiB  2.25 GiB   6.7 s   43 s
 *   off    on        all          1      1.76 GiB  0.32 GiB   4.5 s   96 s
 *   off    off       all          1      1.75 GiB  0.23 GiB   5.8 s   74 s
 *   off    off       all          2      3.22 GiB  0.34 GiB   6.8 s  171 s
 *   off    off       extended     1      0.73 GiB  0.24 GiB   1.5 s   49 s
 *   off    off       extended     2      0.92 GiB  0.32 GiB   2.8 s  115 s
 *   off    off       basic        1      0.74 GiB  0.28 GiB   2.5 s   76 s
 *   preview graph (256²), off/off/extended, batch 1: 0.37 GiB peak (all: 0.64 GiB)
 *
 * The arena keeps every block it ever grew to for the life of the session, so one 1024²
 * child pinned 2–4 GiB for good; without it each tensor is a plain allocation returned at
 * once. The table above is the first generator form (modulated activations); at 'all' its
 * NCHWc layout copies of every activation more than doubled the peak (1.75 vs 0.73 GiB).
 *
 * The generator can also modulate weights per sample inside a Scan over the batch
 * (src/core/stylegene/stylegan2-graphs.ts). Quiet run of `npm run bench:graph-form` (1024²,
 * batch 1, one process per row, 5 repeats, load average 2 with its own threads):
 *
 *   form         level     peak RSS  run p50 / p95    image in a batch of 2 = alone
 *   activations  all       1.41 GiB  1,026 / 1,115 ms  yes
 *   activations  extended  1.03 GiB  1,467 / 1,478 ms  no
 *   weights      all       0.85 GiB  1,447 / 1,467 ms  yes
 *   weights      extended  0.88 GiB  1,469 / 1,508 ms  yes
 *
 * The pack ships modulated activations (the fastest; both fit the memory budget). Children
 * must not depend on the chunk they were drawn in (same seed, same child, bit for bit): at
 * 'all' that holds for the activations form and 'extended' breaks it, so the generator runs
 * at 'all'. The preview graph also runs at 'all': 432 ms against 491 ms at 'extended' (1024²
 * pack's 256² preview, same quiet window, 5 repeats). The small graphs use 'extended'.
 * Arena for the generators, re-measured on the pack as shipped (modulated activations, 1024²,
 * quiet machine, load average 1.5, one process per row, 6 runs after a warm-up, p50; `peak` is
 * the process's max RSS, `after` its RSS once the runs are done):
 *
 *   graph              arena  patterns  level     batch  run p50   peak / after
 *   generator          off    off       all       1      1,066 ms  1.00 / 0.39 GiB
 *   generator          on     off       all       1        574 ms  1.12 / 1.12 GiB
 *   generator          on     off       all       2      1,147 ms  1.63 / 1.63 GiB
 *   generator          on     off       all       4      2,293 ms  2.91 / 2.87 GiB
 *   preview (256²)     off    off       all       1        314 ms  — / 0.32 GiB
 *   preview (256²)     on     off       all       1        237 ms  — / 0.48 GiB
 *   preview (256²)     on     on        all       1        239 ms  — / 0.57 GiB
 *   preview (256²)     off    on        all       1        315 ms  — / 0.34 GiB
 *   preview (256²)     on     on        extended  1        277 ms  — / 0.46 GiB
 *
 * Without the arena every activation (up to 128 MB at 1024²) is a fresh mapping whose pages
 * are faulted in and zeroed on every run: that was half of the generator's time. With it the
 * blocks are reused: the peak barely moves (1.12 against 1.00 GiB) but stays resident while
 * the session is open, so the generator keeps the arena, the chunk stays at one 1024² image
 * (generator-chunk.ts; a batch is no faster per image) and memory patterns stay off (no
 * faster, more memory). The other big graphs (LGE, decoder, encoder) gained nothing from it
 * (LGE 104 against 104 ms, decoder 51 against 53 ms) and keep it off.
 *
 * Threads: onnxruntime's default (one per physical core); one thread measured the same
 * under load, and the worker runs one request at a time.
 */
import type * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../../shared/api';
import type { ModelRole } from '../packs/manifest';

/** `graphBytes`: the graph's weights wherever they are, its external-data files included. */
export function sessionOptions(provider: ExecutionProvider, role: ModelRole, graphBytes = Infinity): ort.InferenceSession.SessionOptions {
  const small = graphBytes < SMALL_GRAPH_BYTES;
  const generator = role === 'generator' || role === 'generatorPreview';
  return {
    executionProviders: [provider],
    graphOptimizationLevel: generator ? 'all' : 'extended',
    // The generators keep the arena (see the arena table above); memory patterns stay off.
    enableCpuMemArena: small || generator,
    enableMemPattern: small,
  };
}

/**
 * A second session, on one thread, for single images through a small generator (the
 * built-in pack's live preview and single children); null for every other graph. Its
 * thousands of elementwise nodes over 256² planes are too small to share between threads:
 * on this 2-core machine one image took 26 ms of CPU on one thread (wall 26 ms) against a
 * 32 ms wall on two threads when quiet, and 50 ms when other jobs leave one core (interleaved,
 * load average 4-6); batches of 4 stay on the default threads, 19.5 ms an image when
 * quiet against 26 on one thread (64 children through `npm run bench`, alternated at load
 * average 2.0-2.4: generator 1.40 / 1.50 s on the default threads, 1.68 / 1.76 s on one).
 * Same pixels either way (compared bit for bit).
 */
export function singleImageOptions(provider: ExecutionProvider, role: ModelRole, graphBytes: number): ort.InferenceSession.SessionOptions | null {
  if (graphBytes >= SMALL_GRAPH_BYTES || (role !== 'generator' && role !== 'generatorPreview')) return null;
  return { ...sessionOptions(provider, role, graphBytes), intraOpNumThreads: 1 };
}

/**
 * Graphs under this size keep onnxruntime's memory arena and patterns. The built-in pack's
 * generator (0.7 MB, hundreds of elementwise nodes over 256² planes) allocates and frees a
 * plane per node: both options interleaved in one process (two runs, load average 5), one
 * 256² image took 112–159 ms without the arena and 68–134 ms with it, a batch of 4 103–131
 * against 57–91 ms per image (a first, sequential comparison showed 5×: load noise). A graph
 * this small has small activations too, so what the arena keeps is bounded; StyleGene's
 * graphs are far larger (docs/ARCHITECTURE.md, "Workers and cancellation").
 */
export const SMALL_GRAPH_BYTES = 16 * 1024 * 1024;

/**
 * Graphs opened at their first run and released after a minute without one: the photo
 * encoder (1 GB of weights for StyleGene) is only needed while importing photos, and
 * loading it with the pack made opening take seconds and cost a gigabyte for nothing.
 */
export const LAZY_GRAPHS: { lazy: ModelRole[]; idleReleaseMs: number } = { lazy: ['encoder'], idleReleaseMs: 60_000 };
