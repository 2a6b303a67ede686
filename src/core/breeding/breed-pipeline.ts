/**
 * One family's children, end to end (docs/ARCHITECTURE.md, "Domain vocabulary"): LGE on both parents →
 * crossover and mutation per child (pure gene math, seeded per child, in the inference
 * worker so the host's main thread stays free) → gene
 * decoder → layer fusion → generator. Every stage runs batched; progress covers
 * all stages; a cancel stops between or inside runs.
 */
import type { RegionReport } from '../genes/crossover';
import { fuseLayers } from '../genes/fusion';
import { parseBreedSettings, parseChildCount, parseSeed, type BreedSettings, type BreedSettingsInput } from '../genes/settings';
import { validateWplus } from '../genes/validate';
import { DEFAULT_GENE_SHAPE, type DonorGenes, type Genes } from '../genes/shape';
import type { AgeDirections } from '../genes/age-directions';
import { shiftAge } from '../genes/age-shift';
import type { Gender } from '../genes/regions';
import { GENE_LEN, WPLUS_LEN, type PackRuntime } from './pack-runtime';
import { InputError } from '../../domain/errors';
import { CROSSOVER_CHUNK, crossoverInputs } from './crossover-batch';
import type { CrossedChildren } from '../inference/messages';

export interface ParentLatent {
  id: string;
  wplus: Float32Array;
}

export interface BreedRequest {
  father: ParentLatent;
  mother: ParentLatent;
  settings: BreedSettingsInput | BreedSettings;
  seed: number;
  count: number;
  /** Children to make, by index within the seed (default 0..count−1); lets one child be remade alone. */
  indices?: number[];
  /** Pool donors for mutation, already through the LGE; none → the parents are the donors. */
  donors?: DonorGenes[];
  /** Genes of persons named by donor(id) overrides. */
  donorById?: ReadonlyMap<string, Genes>;
  /** Measured age directions, needed when `settings.age` asks for a strength above 0. */
  ageDirections?: AgeDirections;
  /** The children's gender (selects the per-gender age means); unknown = both genders' means. */
  childGender?: Gender | null;
}

export interface BredChild {
  index: number;
  wplus: Float32Array;
  regions: readonly RegionReport[];
  donorsAreParents: boolean;
  /** Age coordinate (fractional age group 0..8) before the age shift; null without age control. */
  ageFrom: number | null;
}

export interface BreedOutput {
  settings: BreedSettings;
  seed: number;
  children: BredChild[];
  /** [N,3,R,R] images in [-1,1], in the order of `children`; empty when they went to `onChildren`. */
  images: Float32Array;
  resolution: number;
  timings: Record<'lge' | 'crossover' | 'decoder' | 'fusion' | 'generator', number>;
  /** Set when stored settings named other age directions than the ones used now. */
  ageNote: string | null;
}

export type BreedStage = 'lge' | 'crossover' | 'decoder' | 'generator';

export interface BreedOptions {
  signal?: AbortSignal;
  onProgress?: (stage: BreedStage, done: number, total: number) => void;
  /**
   * Receives the children as each generator chunk finishes, with their images [n,3,R,R];
   * the images are then not kept, so a batch of 64 at 1024² holds one chunk's images.
   */
  onChildren?: (children: BredChild[], images: Float32Array) => Promise<void> | void;
  /** Live preview: the pack's cheap preview graph (256² for StyleGene) instead of the full generator. */
  preview?: boolean;
  /** false: stop before the generator (latents only, `images` empty); for measurements whose attributes model reads latents. */
  images?: boolean;
}

/** Validates everything before any graph runs, so bad input writes nothing. */
export function checkBreedRequest(req: BreedRequest): { settings: BreedSettings; indices: number[] } {
  const settings = parseBreedSettings(req.settings);
  const count = parseChildCount(req.count);
  parseSeed(req.seed);
  validateWplus('father.wplus', req.father.wplus, DEFAULT_GENE_SHAPE);
  validateWplus('mother.wplus', req.mother.wplus, DEFAULT_GENE_SHAPE);
  const indices = req.indices ?? Array.from({ length: count }, (_, i) => i);
  for (const i of indices) if (!Number.isInteger(i) || i < 0 || i > 0xffff) throw new InputError(`child index must be an integer 0..65535, got ${i}`);
  if (settings.age && settings.age.strength > 0 && !req.ageDirections) {
    throw new InputError(`age control (target ${settings.age.target}, strength ${settings.age.strength}) needs measured age directions, but none were given`);
  }
  return { settings, indices };
}

export async function breed(runtime: PackRuntime, req: BreedRequest, opts: BreedOptions = {}): Promise<BreedOutput> {
  const { settings, indices } = checkBreedRequest(req);
  const signal = opts.signal;
  const n = indices.length;
  const t0 = performance.now();

  // Each parent's genes once per batch (and from the runtime's cache across previews).
  const fatherGenes = await runtime.lgeOne(req.father.wplus, { signal });
  const motherGenes = await runtime.lgeOne(req.mother.wplus, { signal });
  opts.onProgress?.('lge', 1, 1);
  const t1 = performance.now();

  // Crossover in the inference worker, a chunk of children per request: the host's main
  // thread stays free, and progress and cancel come between chunks.
  const inputs = crossoverInputs({
    father: { id: req.father.id, mu: fatherGenes.mu, logvar: fatherGenes.logvar },
    mother: { id: req.mother.id, mu: motherGenes.mu, logvar: motherGenes.logvar },
    donors: req.donors,
    donorById: req.donorById,
    settings,
    seed: req.seed,
  });
  const childGenes = new Float32Array(n * GENE_LEN);
  const results: CrossedChildren['children'] = [];
  for (let k = 0; k < n; k += CROSSOVER_CHUNK) {
    const chunk = indices.slice(k, k + CROSSOVER_CHUNK);
    const crossed = await runtime.engine.crossover(inputs, chunk, signal);
    childGenes.set(crossed.genes, k * GENE_LEN);
    results.push(...crossed.children);
    opts.onProgress?.('crossover', k + chunk.length, n);
  }
  const t2 = performance.now();

  const decoded = await runtime.decoder(childGenes, { signal, onProgress: (d, t) => opts.onProgress?.('decoder', d, t) });
  const t3 = performance.now();
  const fused = new Float32Array(n * WPLUS_LEN);
  for (let k = 0; k < n; k++) {
    fused.set(fuseLayers(decoded.subarray(k * WPLUS_LEN, (k + 1) * WPLUS_LEN), req.father.wplus, req.mother.wplus, settings.fusionLayer), k * WPLUS_LEN);
  }
  // Step 7 (the studio's addition): move each child to the asked age. Off or strength 0: untouched.
  const age = settings.age;
  const ageFrom: Array<number | null> = new Array(n).fill(null);
  let usedSettings = settings;
  let ageNote: string | null = null;
  if (age && age.strength > 0 && req.ageDirections) {
    const dirs = req.ageDirections;
    for (let k = 0; k < n; k++) {
      const r = shiftAge(fused.subarray(k * WPLUS_LEN, (k + 1) * WPLUS_LEN), dirs, { target: age.target, strength: age.strength, gender: req.childGender, race: age.race ?? null });
      fused.set(r.wplus, k * WPLUS_LEN);
      ageFrom[k] = r.from;
    }
    if (age.fingerprint && age.fingerprint !== dirs.fingerprint) {
      ageNote = `the stored child was aged with other age directions (${age.source ?? '?'} ${age.fingerprint}); these use ${dirs.source} ${dirs.fingerprint}, so the face can differ`;
    }
    usedSettings = { ...settings, age: { ...age, source: dirs.source, fingerprint: dirs.fingerprint, layers: [...dirs.layers] } };
  }
  const t4 = performance.now();
  const children: BredChild[] = results.map((r, k) => ({
    index: indices[k]!,
    wplus: fused.slice(k * WPLUS_LEN, (k + 1) * WPLUS_LEN),
    regions: r.regions,
    donorsAreParents: r.donorsAreParents,
    ageFrom: ageFrom[k]!,
  }));
  const onProgress = (d: number, t: number): void => opts.onProgress?.('generator', d, t);
  let images: Float32Array;
  if (opts.images === false) images = new Float32Array(0);
  else if (opts.preview) images = await runtime.preview(fused, { signal, onProgress });
  else if (opts.onChildren) {
    const sink = opts.onChildren;
    await runtime.generatorStream(fused, (first, chunk, count) => sink(children.slice(first, first + count), chunk), { signal, onProgress });
    images = new Float32Array(0);
  } else images = (await runtime.generator(fused, { signal, onProgress })).image;
  const t5 = performance.now();

  return {
    settings: usedSettings,
    ageNote,
    seed: req.seed,
    resolution: opts.preview ? runtime.previewResolution : runtime.resolution,
    images,
    children,
    timings: { lge: t1 - t0, crossover: t2 - t1, decoder: t3 - t2, fusion: t4 - t3, generator: t5 - t4 },
  };
}
