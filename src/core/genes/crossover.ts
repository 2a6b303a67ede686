/**
 * Crossover and mutation of region-level facial genes (docs/ARCHITECTURE.md, "Domain vocabulary", step 4) with the
 * per-region user overrides.
 *
 * ## Which random regions mutate (η)
 * Exactly as the reference: k = floor(N·(1−η)) regions are drawn uniformly, without
 * replacement, from N candidates that always include the background (region 0); the
 * drawn ones are inherited (t = 0), the rest mutated (t = 1). The background is then set
 * apart whatever its draw (it takes the father's genes, or its override), so with no
 * overrides (N = 34) a child has 19 or 20 other inherited regions at η = 0.4: 20 when
 * the background was not drawn, 19 when it took one of the k slots (mean 20·33/34).
 *
 * With overrides the candidates are the regions left `random` plus region 0:
 *
 *     candidates = random regions ∪ {0},   N = |candidates|,   k = floor(N·(1 − η))
 *     inherited  = drawn ∩ random regions,  mutated = random regions − inherited
 *
 * Regions with other overrides take no part: γ and η act on `random` regions only. With
 * region 0 overridden to `random` it is an ordinary candidate that can mutate.
 *
 * ## Reproducibility contract: how the rng is consumed
 * `breedChildGenes` never advances the `rng` it is given; it only forks it
 * (`Rng.fork` is a pure function of the generator's identity and the label):
 * 1. `fork('inherit')`: `sampleWithoutReplacement(candidates ascending, k)` draws the
 *    inherited slots; the other random regions mutate.
 * 2. `fork('region/<r>')` for each region r that needs draws, in this order:
 *    inherited: α = uniform(0, 1−γ), then donor = int(#donors);
 *    mutated and `pool`: donor = int(#donors). Other modes draw nothing.
 * 3. `fork('noise/<r>')` for every region r: numWs·wDim normals, layer-major
 *    (layer 0 dims 0..wDim−1, then layer 1, ...). They are drawn whatever the mode
 *    and τ, so τ = 0 gives the mean of exactly the child that τ = 1 would sample,
 *    and changing one region's override leaves other regions' noise untouched.
 * The donor list order is part of the input; with no donors it is [father, mother].
 */
import { BACKGROUND_REGION, REGION_NAMES, describeRegion } from './regions.js';
import { type Rng, childRng } from './rng.js';
import {
  type BreedSettings,
  type BreedSettingsInput,
  type RegionOverride,
  parseBreedSettings,
  parseChildCount,
  parseSeed,
} from './settings.js';
import { DEFAULT_GENE_SHAPE, type DonorGenes, type GeneShape, type Genes, geneLength } from './shape.js';
import { GeneInputError, validateGeneTensor, validateGenes, validateShape } from './validate.js';

/** A parent's genes; `id` names it in reports when parents act as donors. */
export interface ParentGenes extends Genes {
  readonly id?: string;
}

export interface BreedInput {
  readonly father: ParentGenes;
  readonly mother: ParentGenes;
  /** Pool entries matching the child (step 3). Empty or absent: the parents are the donors. */
  readonly donors?: readonly DonorGenes[];
  /** Genes for `donor(id)` overrides (any pool entry or stored person); `donors` and parent ids are searched too. */
  readonly donorById?: ReadonlyMap<string, Genes> | Readonly<Record<string, Genes>>;
  /** Tensor sizes; default 18 × 34 × 512. */
  readonly shape?: GeneShape;
}

/** Where a region's donor came from: the pool list, the parents standing in for an empty pool, or a `donor(id)` override. */
export type DonorSource = 'pool' | 'parent' | 'chosen';

interface RegionBase {
  readonly region: number;
  readonly name: string;
}
interface WithDonor {
  readonly donorId: string;
  readonly donorSource: DonorSource;
}

/** What one region of the child did; enough to show it and to reproduce the child. */
export type RegionReport =
  | (RegionBase & { readonly mode: 'background'; readonly t: 0 }) // default region 0: father, sampled
  | (RegionBase & WithDonor & { readonly mode: 'inherited'; readonly t: 0; readonly alpha: number; readonly beta: number; readonly gamma: number })
  | (RegionBase & WithDonor & { readonly mode: 'mutated'; readonly t: 1 })
  | (RegionBase & { readonly mode: 'father'; readonly t: 0 })
  | (RegionBase & { readonly mode: 'mother'; readonly t: 0 })
  | (RegionBase & { readonly mode: 'blend'; readonly t: 0; readonly alpha: number })
  | (RegionBase & WithDonor & { readonly mode: 'pool'; readonly t: 1 })
  | (RegionBase & WithDonor & { readonly mode: 'donor'; readonly t: 1 });

export type RegionMode = RegionReport['mode'];

export interface BreedResult {
  /** Sampled genes g, [layer][region][dim], the decoder's input. */
  readonly genes: Float32Array;
  /** One entry per region, index = region. */
  readonly regions: readonly RegionReport[];
  /** Regions left `random`, ascending, and how η split them. */
  readonly randomRegions: readonly number[];
  readonly inheritedRegions: readonly number[];
  readonly mutatedRegions: readonly number[];
  /** True when the donor list was empty and the parents stood in (step 3). */
  readonly donorsAreParents: boolean;
  /** The parsed settings actually used (store them with the child). */
  readonly settings: BreedSettings;
}

/**
 * How many of `candidateCount` candidate regions (the random ones plus the background, see
 * the module comment) the crossover draws as inherited for η: floor(N·(1−η)).
 */
export function inheritedDrawCount(candidateCount: number, eta: number): number {
  // The reference computes int(34·(1−η)) in float64; so do we (0.4 → 20, 0.5 → 17).
  return Math.max(0, Math.min(candidateCount, Math.floor(candidateCount * (1 - eta))));
}

type Resolved = { readonly kind: 'background' } | RegionOverride;

interface Donor {
  readonly id: string;
  readonly genes: Genes;
  readonly source: DonorSource;
}

/** One term of a region's mix: weight and whose genes. */
export interface GeneTerm {
  readonly w: number;
  readonly genes: Genes;
}

/** One region's recipe: mu_c = Σ w·mu_X, logvar_c = Σ w·logvar_X over the listed terms. */
interface Recipe {
  readonly terms: readonly GeneTerm[];
  readonly report: RegionReport;
}

function lookupChosenDonor(input: BreedInput, id: string, region: number): Genes {
  const byId = input.donorById;
  if (byId instanceof Map) {
    const g = byId.get(id);
    if (g !== undefined) return g;
  } else if (byId !== undefined && Object.prototype.hasOwnProperty.call(byId, id)) {
    const g = (byId as Readonly<Record<string, Genes>>)[id];
    if (g !== undefined) return g;
  }
  const inList = input.donors?.find((d) => d.id === id);
  if (inList !== undefined) return inList;
  if (input.father.id === id) return input.father;
  if (input.mother.id === id) return input.mother;
  throw new GeneInputError(`${describeRegion(region)}: unknown donor id "${id}" (not in donorById, the donor list or the parents)`);
}

/**
 * What the children of one batch share: the gene tensors already checked (the parents'
 * and donors' genes are the same for every child, 1.25 M values each to scan) and the
 * buffer for one region's normals. Use one for a batch whose gene tensors do not change
 * while it lives; a tensor checked once is not checked again.
 */
export class CrossoverScratch {
  private checked = new WeakSet<Float32Array>();
  private checkedLength = -1;
  private eps = new Float64Array(0);

  /** validateGenes, skipped for a pair of tensors this scratch already passed at this length. */
  validateGenes(name: string, genes: unknown, shape: GeneShape): asserts genes is Genes {
    const len = geneLength(shape);
    const g = genes as Partial<Genes> | null | undefined;
    if (len === this.checkedLength && g?.mu instanceof Float32Array && g.logvar instanceof Float32Array) {
      if (this.checked.has(g.mu) && this.checked.has(g.logvar)) return;
    }
    validateGenes(name, genes, shape);
    if (len !== this.checkedLength) {
      // Another shape: what passed before proves nothing now.
      this.checked = new WeakSet();
      this.checkedLength = len;
    }
    this.checked.add(genes.mu);
    this.checked.add(genes.logvar);
  }

  /** A reused buffer of at least n float64s. */
  normals(n: number): Float64Array {
    if (this.eps.length < n) this.eps = new Float64Array(n);
    return this.eps;
  }
}

/**
 * out = mu_c + exp(0.5·logvar_c)·ε·τ over one region (every layer), the mix Σ w·x over
 * the live terms. One loop per term count keeps the hot loop free of branches; the float64
 * operations and their order are those of the reproducibility contract (module comment).
 * exp is pure, so its last argument and value are kept: where the logvar repeats (the
 * built-in pack's LGE gives one logvar everywhere) the value is reused, bit for bit.
 */
function sampleRegion(out: Float32Array, live: readonly GeneTerm[], eps: Float64Array, tau: number, r: number, shape: GeneShape): void {
  const { numWs, regions: R, wDim } = shape;
  const [t0, t1, t2] = live;
  let j = 0;
  let lastX = Number.NaN;
  let lastStd = Number.NaN;
  for (let l = 0; l < numWs; l++) {
    const start = (l * R + r) * wDim;
    const end = start + wDim;
    if (t0 === undefined) {
      for (let i = start; i < end; i++, j++) out[i] = 0 + Math.exp(0.5 * 0) * (eps[j] as number) * tau;
    } else if (t1 === undefined) {
      const w0 = t0.w, m0 = t0.genes.mu, v0 = t0.genes.logvar;
      for (let i = start; i < end; i++, j++) {
        const mu = w0 * (m0[i] as number);
        const x = 0.5 * (w0 * (v0[i] as number));
        if (x !== lastX) lastStd = Math.exp((lastX = x));
        out[i] = mu + lastStd * (eps[j] as number) * tau;
      }
    } else if (t2 === undefined) {
      const w0 = t0.w, m0 = t0.genes.mu, v0 = t0.genes.logvar;
      const w1 = t1.w, m1 = t1.genes.mu, v1 = t1.genes.logvar;
      for (let i = start; i < end; i++, j++) {
        const mu = w0 * (m0[i] as number) + w1 * (m1[i] as number);
        const x = 0.5 * (w0 * (v0[i] as number) + w1 * (v1[i] as number));
        if (x !== lastX) lastStd = Math.exp((lastX = x));
        out[i] = mu + lastStd * (eps[j] as number) * tau;
      }
    } else {
      const w0 = t0.w, m0 = t0.genes.mu, v0 = t0.genes.logvar;
      const w1 = t1.w, m1 = t1.genes.mu, v1 = t1.genes.logvar;
      const w2 = t2.w, m2 = t2.genes.mu, v2 = t2.genes.logvar;
      for (let i = start; i < end; i++, j++) {
        const mu = w0 * (m0[i] as number) + w1 * (m1[i] as number) + w2 * (m2[i] as number);
        const x = 0.5 * (w0 * (v0[i] as number) + w1 * (v1[i] as number) + w2 * (v2[i] as number));
        if (x !== lastX) lastStd = Math.exp((lastX = x));
        out[i] = mu + lastStd * (eps[j] as number) * tau;
      }
    }
  }
}

/** One child's draws (steps 1 and 2), before any tensor work: what `sampleChildRegions` fills genes from. */
export interface ChildPlan extends Omit<BreedResult, 'genes'> {
  readonly shape: GeneShape;
  /** Per region, the terms of Σ w·x with non-zero weight (zero weights dropped, so single-parent modes copy exactly). */
  readonly live: ReadonlyArray<readonly GeneTerm[]>;
  readonly rng: Rng;
}

/**
 * Breeds one child's genes from its parents' genes (step 4 with overrides).
 * Pure: every random choice comes from forks of `rng` (see the module comment).
 * Throws GeneInputError on bad settings, shapes, non-finite values or unknown donor ids.
 */
export function breedChildGenes(
  input: BreedInput,
  settingsInput: BreedSettingsInput | BreedSettings,
  rng: Rng,
  scratch: CrossoverScratch = new CrossoverScratch(),
): BreedResult {
  const plan = planChild(input, settingsInput, rng, scratch);
  const out = new Float32Array(geneLength(plan.shape));
  sampleChildRegions(plan, out, 0, 1, scratch);
  checkChildGenes(out, plan.shape);
  const { regions, randomRegions, inheritedRegions, mutatedRegions, donorsAreParents, settings } = plan;
  return { genes: out, regions, randomRegions, inheritedRegions, mutatedRegions, donorsAreParents, settings };
}

/** A huge logvar overflows std to Infinity; refuse rather than hand the decoder garbage. */
export function checkChildGenes(genes: Float32Array, shape: GeneShape = DEFAULT_GENE_SHAPE): void {
  validateGeneTensor('child genes', genes, shape);
}

/**
 * Steps 1 and 2 of `breedChildGenes`: settings, shapes and every used donor checked, the
 * inherited regions, α and the donors drawn. Cheap next to the sampling.
 */
export function planChild(
  input: BreedInput,
  settingsInput: BreedSettingsInput | BreedSettings,
  rng: Rng,
  scratch: CrossoverScratch = new CrossoverScratch(),
): ChildPlan {
  const settings = parseBreedSettings(settingsInput);
  const shape = input.shape ?? DEFAULT_GENE_SHAPE;
  validateShape(shape);
  scratch.validateGenes('father', input.father, shape);
  scratch.validateGenes('mother', input.mother, shape);
  const R = shape.regions;
  const { gamma, eta } = settings;

  // Resolve each region's mode.
  const resolved: Resolved[] = [];
  for (let r = 0; r < R; r++) {
    const ov = settings.overrides[r];
    resolved.push(ov ?? (r === BACKGROUND_REGION ? { kind: 'background' } : { kind: 'random' }));
  }
  for (const key of Object.keys(settings.overrides)) {
    if (Number(key) >= R) throw new GeneInputError(`override for region ${key} but the gene shape has only ${R} regions`);
  }

  const poolDonors: Donor[] = (input.donors ?? []).map((d) => ({ id: d.id, genes: d, source: 'pool' as const }));
  const donorsAreParents = poolDonors.length === 0;
  const donors: Donor[] = donorsAreParents
    ? [
        { id: input.father.id ?? 'father', genes: input.father, source: 'parent' },
        { id: input.mother.id ?? 'mother', genes: input.mother, source: 'parent' },
      ]
    : poolDonors;

  // Step 1: η splits the random regions.
  const randomRegions = resolved.flatMap((m, r) => (m.kind === 'random' ? [r] : []));
  // The background is always a candidate (the reference draws over all 34); when it is not
  // `random` its draw only uses up a slot and is then discarded.
  const candidates = randomRegions.includes(BACKGROUND_REGION) ? randomRegions : [BACKGROUND_REGION, ...randomRegions];
  const drawn = rng.fork('inherit').sampleWithoutReplacement(candidates, inheritedDrawCount(candidates.length, eta));
  const inherited = new Set(drawn.filter((r) => resolved[r]?.kind === 'random'));

  // Step 2: per-region recipes (draws α and donors; no tensor work yet).
  const { father, mother } = input;
  const recipes: Recipe[] = resolved.map((m, r): Recipe => {
    const base = { region: r, name: REGION_NAMES[r] ?? `region ${r}` };
    switch (m.kind) {
      case 'background':
        return { terms: [{ w: 1, genes: father }], report: { ...base, mode: 'background', t: 0 } };
      case 'father':
        return { terms: [{ w: 1, genes: father }], report: { ...base, mode: 'father', t: 0 } };
      case 'mother':
        return { terms: [{ w: 1, genes: mother }], report: { ...base, mode: 'mother', t: 0 } };
      case 'blend':
        return {
          terms: [{ w: m.alpha, genes: father }, { w: 1 - m.alpha, genes: mother }],
          report: { ...base, mode: 'blend', t: 0, alpha: m.alpha },
        };
      case 'donor': {
        const genes = lookupChosenDonor(input, m.donorId, r);
        return { terms: [{ w: 1, genes }], report: { ...base, mode: 'donor', t: 1, donorId: m.donorId, donorSource: 'chosen' } };
      }
      case 'pool': {
        const p = donors[rng.fork(`region/${r}`).int(donors.length)] as Donor;
        return { terms: [{ w: 1, genes: p.genes }], report: { ...base, mode: 'pool', t: 1, donorId: p.id, donorSource: p.source } };
      }
      case 'random': {
        const regionRng = rng.fork(`region/${r}`);
        if (inherited.has(r)) {
          const alpha = regionRng.uniform(0, 1 - gamma);
          const beta = 1 - gamma - alpha;
          const p = donors[regionRng.int(donors.length)] as Donor;
          return {
            terms: [{ w: alpha, genes: father }, { w: beta, genes: mother }, { w: gamma, genes: p.genes }],
            report: { ...base, mode: 'inherited', t: 0, alpha, beta, gamma, donorId: p.id, donorSource: p.source },
          };
        }
        const p = donors[regionRng.int(donors.length)] as Donor;
        return { terms: [{ w: 1, genes: p.genes }], report: { ...base, mode: 'mutated', t: 1, donorId: p.id, donorSource: p.source } };
      }
    }
  });

  // Validate every donor actually used, once, before any tensor work.
  for (const { terms, report } of recipes) {
    for (const { genes } of terms) scratch.validateGenes('donorId' in report ? `donor "${report.donorId}"` : 'donor', genes, shape);
  }

  const inheritedRegions = randomRegions.filter((r) => inherited.has(r));
  const mutatedRegions = randomRegions.filter((r) => !inherited.has(r));
  return {
    shape,
    rng,
    live: recipes.map((x) => x.terms.filter((t) => t.w !== 0)),
    regions: recipes.map((x) => x.report),
    randomRegions,
    inheritedRegions,
    mutatedRegions,
    donorsAreParents,
    settings,
  };
}

/**
 * Step 3, g = mu_c + exp(0.5·logvar_c) ⊙ ε·τ, for the regions r with r mod `parts` =
 * `part` (all of them for part 0 of 1), written into `out` (the child's whole tensor). Each
 * region's noise is its own fork of the child's rng, so threads that fill different
 * regions of one child give the genes one thread would (src/core/breeding/crossover-batch.ts).
 * Does not check the result: call `checkChildGenes` once every region is filled.
 */
export function sampleChildRegions(plan: ChildPlan, out: Float32Array, part: number, parts: number, scratch: CrossoverScratch, noise?: RegionNoise): void {
  const { shape, live, rng } = plan;
  const tau = plan.settings.temperature;
  const perRegion = shape.numWs * shape.wDim;
  const eps = scratch.normals(perRegion);
  for (let r = part; r < shape.regions; r += parts) {
    const draw = (into: Float64Array): void => rng.fork(`noise/${r}`).fillNormal(into, perRegion);
    let e = eps;
    if (noise) e = noise(r, perRegion, draw);
    else draw(eps);
    sampleRegion(out, live[r] as readonly GeneTerm[], e, tau, r, shape);
  }
}

/**
 * Where region r's n normals come from: `draw` writes exactly those of the child's
 * fork('noise/<r>'); a source may return a kept copy of them instead. They never depend on
 * the settings (module comment, step 3), so a kept copy serves any settings of that child.
 */
export type RegionNoise = (r: number, n: number, draw: (into: Float64Array) => void) => Float64Array;

/**
 * Breeds `count` children with seed `seed`; child k uses `childRng(seed, k)`, so it is
 * identical to breeding child k alone.
 */
export function breedChildren(
  input: BreedInput,
  settingsInput: BreedSettingsInput | BreedSettings,
  seed: number,
  count: number,
): BreedResult[] {
  const s = parseSeed(seed);
  const n = parseChildCount(count);
  const settings = parseBreedSettings(settingsInput);
  const scratch = new CrossoverScratch();
  return Array.from({ length: n }, (_, k) => breedChildGenes(input, settings, childRng(s, k), scratch));
}
