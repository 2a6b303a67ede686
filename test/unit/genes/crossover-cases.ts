/**
 * Crossover cases whose outputs were recorded from the straightforward implementation
 * (one `normal()` call per value, re-validation per child) before it was optimised; the
 * known-answer test checks every later version against them bit for bit, so a stored
 * child still reproduces from its seed and settings.
 */
import { createHash } from 'node:crypto';
import {
  type BreedInput,
  type BreedResult,
  type BreedSettingsInput,
  type GeneShape,
  type Genes,
  DEFAULT_GENE_SHAPE,
  breedChildGenes,
  childRng,
  createRng,
  geneLength,
} from '../../../src/core/genes/index.js';

/** Deterministic genes: mu ~ N(0, muScale²), logvar ~ lvMean + N(0, 0.3²). */
function genes(seed: number, shape: GeneShape, muScale = 0.5, lvMean = -2): Genes {
  const rng = createRng(seed);
  const n = geneLength(shape);
  const mu = new Float32Array(n);
  const logvar = new Float32Array(n);
  for (let i = 0; i < n; i++) mu[i] = rng.normal() * muScale;
  for (let i = 0; i < n; i++) logvar[i] = lvMean + rng.normal() * 0.3;
  return { mu, logvar };
}

/** The same mu with every logvar = lv. */
function constLogvar<T extends Genes>(g: T, lv: number): T {
  return { ...g, logvar: new Float32Array(g.logvar.length).fill(lv) };
}

/** The same mu with logvars in runs of 7 equal values. */
function runLogvar<T extends Genes>(g: T): T {
  return { ...g, logvar: g.logvar.map((_, i) => -4 + ((Math.floor(i / 7) * 37) % 11) / 4) };
}

export interface KnownAnswerCase {
  readonly name: string;
  readonly input: BreedInput;
  readonly settings: BreedSettingsInput;
  readonly seed: number;
  readonly indices: readonly number[];
}

/** An odd number of values per region (3·5 = 15): the Box–Muller spare of the last pair is dropped. */
const ODD: GeneShape = { numWs: 3, regions: 34, wDim: 5 };

export function knownAnswerCases(): KnownAnswerCase[] {
  const full = DEFAULT_GENE_SHAPE;
  const father = { id: 'F', ...genes(1, full) };
  const mother = { id: 'M', ...genes(2, full) };
  const pool = [3, 4, 5].map((s) => ({ id: `pool:${s}`, ...genes(s, full) }));
  const chosen = genes(6, full, 1.5, 0.5);
  // Wide logvars (std from e^-5 to e^4) so exp() sees a broad range.
  const wide = { id: 'W', ...genes(7, full, 2, -1) };
  for (let i = 0; i < wide.logvar.length; i++) wide.logvar[i] = -10 + ((i * 7919) % 1800) / 100;
  const oddF = genes(11, ODD);
  const oddM = genes(12, ODD);
  const oddPool = [13, 14].map((s) => ({ id: `odd:${s}`, ...genes(s, ODD) }));
  const everyOverride: BreedSettingsInput = {
    gamma: 0.3,
    eta: 0.5,
    temperature: 0.8,
    overrides: {
      1: { kind: 'father' },
      2: { kind: 'mother' },
      3: { kind: 'blend', alpha: 0.25 },
      4: { kind: 'pool' },
      5: { kind: 'donor', donorId: 'P7' },
      6: { kind: 'donor', donorId: 'pool:4' },
      7: { kind: 'donor', donorId: 'M' },
    },
  };
  return [
    { name: 'defaults, parents as donors', input: { father, mother }, settings: {}, seed: 0, indices: [0, 1, 63] },
    { name: 'defaults, largest seed', input: { father, mother }, settings: {}, seed: 0xffffffff, indices: [0, 7, 65535] },
    {
      name: 'every override kind, pool and chosen donors, τ 0.8',
      input: { father, mother, donors: pool, donorById: new Map([['P7', chosen]]) },
      settings: everyOverride,
      seed: 1234,
      indices: [0, 5, 40],
    },
    { name: 'τ 0: the mean child', input: { father, mother, donors: pool }, settings: { temperature: 0 }, seed: 77, indices: [2] },
    { name: 'τ 1.7, γ 0 (zero weights dropped), η 0', input: { father, mother: wide, donors: pool }, settings: { temperature: 1.7, gamma: 0, eta: 0 }, seed: 5, indices: [0, 1] },
    { name: 'η 1, wide logvars', input: { father: wide, mother, donors: [wide, ...pool] }, settings: { eta: 1, temperature: 1.3 }, seed: 9, indices: [3] },
    {
      name: 'region 0 random, blends at α 0 and 1, record of donors',
      input: { father, mother, donorById: { P7: chosen } },
      settings: { gamma: 0.6, eta: 0.2, overrides: { 0: { kind: 'random' }, 8: { kind: 'blend', alpha: 0 }, 9: { kind: 'blend', alpha: 1 }, 10: { kind: 'donor', donorId: 'P7' } } },
      seed: 31337,
      indices: [0, 12],
    },
    {
      // One logvar everywhere, as the built-in pack's LGE gives, and logvars repeating in runs.
      name: 'constant and run-repeating logvars',
      input: { father: constLogvar(father, -5), mother: constLogvar(mother, -5), donors: [runLogvar(pool[0]!), constLogvar(pool[1]!, -3)] },
      settings: { gamma: 0.35, temperature: 0.9, overrides: { 2: { kind: 'blend', alpha: 0.4 } } },
      seed: 2024,
      indices: [0, 9],
    },
    { name: 'odd values per region (3 × 5)', input: { father: oddF, mother: oddM, donors: oddPool, shape: ODD }, settings: { gamma: 0.2, temperature: 1.1 }, seed: 4, indices: [0, 1, 2, 3] },
  ];
}

export function runCase(c: KnownAnswerCase): BreedResult[] {
  return c.indices.map((k) => breedChildGenes(c.input, c.settings, childRng(c.seed, k)));
}

/** SHA-256 over every child's gene bytes and its reports, in order. */
export function digest(results: readonly BreedResult[]): string {
  const h = createHash('sha256');
  for (const r of results) {
    h.update(new Uint8Array(r.genes.buffer, r.genes.byteOffset, r.genes.byteLength));
    h.update(JSON.stringify([r.regions, r.inheritedRegions, r.mutatedRegions, r.donorsAreParents]));
  }
  return h.digest('hex');
}
