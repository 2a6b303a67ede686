/**
 * The crossover of a batch of children off the host's main thread (8–16 ms a child on one core, shared with helper threads):
 * the host sends chunks of children to the inference worker, which runs the same
 * `breedChildGenes` with the same `childRng(seed, index)`, so the genes are bit for bit
 * those of an in-process call (docs/ARCHITECTURE.md, "Workers and cancellation").
 *
 * The parents' and donors' genes (up to 45 MB with 16 pool donors) are copied once per
 * batch onto SharedArrayBuffers, so each chunk's message shares them instead of copying.
 * Donors of an imported gene file (the authors' pool: every entry of the child's group,
 * hundreds) travel as file references instead, and the worker reads only the ones a child
 * draws (src/core/pool/gene-file-reader.ts).
 */
import { CrossoverScratch, checkChildGenes, planChild, sampleChildRegions, type RegionNoise } from '../genes/crossover';
import type { CrossoverHelpers } from './crossover-helpers';
import { childRng } from '../genes/rng';
import { parseBreedSettings, type BreedSettings } from '../genes/settings';
import { geneLength, type DonorGenes, type Genes } from '../genes/shape';
import type { CrossedChildren, CrossoverRequest } from '../inference/messages';
import { GeneFileReader, geneFileDonor, isGeneFileDonor } from '../pool/gene-file-reader';

/** The worker's reads of gene-file donors, cached across batches (bounded by bytes). */
const workerGeneFiles = new GeneFileReader();

/**
 * The normals of the last single child this thread crossed (2.5 MB: 34 regions × 18 × 512
 * float64s). A live preview re-crosses one child (same seed and index) at every face-map
 * change, and a child's normals never depend on its settings, so from the second preview
 * on the Box–Muller draws (most of a child's crossover) are skipped; the values are the
 * same float64s, so the genes are bit for bit those of a fresh draw. Batches don't use it:
 * their children are all different.
 */
class LastChildNoise {
  private key = '';
  private regions = new Map<number, Float64Array>();

  source(key: string): RegionNoise {
    if (key !== this.key) {
      this.key = key;
      this.regions.clear();
    }
    return (r, n, draw) => {
      let e = this.regions.get(r);
      if (e === undefined || e.length !== n) {
        e = new Float64Array(n);
        draw(e);
        this.regions.set(r, e);
      }
      return e;
    };
  }
}
const lastChildNoise = new LastChildNoise();

/** What the worker needs for one batch, without the chunk's indices. */
export type CrossoverInputs = Omit<CrossoverRequest, 'type' | 'id' | 'indices'>;

/** Children per worker request: progress and cancel come between chunks (~0.1 s of work on one core). */
export const CROSSOVER_CHUNK = 8;

function shared(a: Float32Array): Float32Array<SharedArrayBuffer> {
  const out = new Float32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function sharedGenes(g: Genes): { mu: Float32Array<SharedArrayBuffer>; logvar: Float32Array<SharedArrayBuffer> } {
  return { mu: shared(g.mu), logvar: shared(g.logvar) };
}

/** The batch's inputs with every gene tensor copied once onto shared memory. */
export function crossoverInputs(input: {
  father: Genes & { id?: string };
  mother: Genes & { id?: string };
  donors?: readonly DonorGenes[];
  donorById?: ReadonlyMap<string, Genes>;
  settings: BreedSettings;
  seed: number;
}): CrossoverInputs {
  return {
    settings: input.settings,
    seed: input.seed,
    father: { id: input.father.id, ...sharedGenes(input.father) },
    mother: { id: input.mother.id, ...sharedGenes(input.mother) },
    donors: (input.donors ?? []).map((d) => (isGeneFileDonor(d) ? { id: d.id, geneFile: d.geneFile } : { id: d.id, ...sharedGenes(d) })),
    donorById: [...(input.donorById ?? new Map<string, Genes>())].map(([id, g]) => ({ id, genes: sharedGenes(g) })),
  };
}

/**
 * Every child's regions r with r mod `parts` = `part`, written into `genes` ([n,18,34,512],
 * in the order of `indices`), each child from its own `childRng(seed, index)`. The genes
 * are not checked here: `crossChildren` checks them once every part is written.
 */
export function crossChildrenPart(req: Omit<CrossoverRequest, 'type' | 'id'>, genes: Float32Array, part: number, parts: number): CrossedChildren['children'] {
  const settings = parseBreedSettings(req.settings);
  const input = {
    father: req.father,
    mother: req.mother,
    donors: req.donors.map((d) => ('geneFile' in d ? geneFileDonor(d.id, d.geneFile, workerGeneFiles) : d)),
    donorById: new Map(req.donorById.map((d) => [d.id, d.genes])),
  };
  const len = geneLength();
  // The parents' and donors' tensors are checked once for the whole chunk.
  const scratch = new CrossoverScratch();
  const single = req.indices.length === 1 ? req.indices[0] : undefined;
  const noise = single === undefined ? undefined : lastChildNoise.source(`${req.seed}/${single}`);
  return req.indices.map((index, k) => {
    const plan = planChild(input, settings, childRng(req.seed, index), scratch);
    sampleChildRegions(plan, genes.subarray(k * len, (k + 1) * len), part, parts, scratch, noise);
    return { regions: [...plan.regions], donorsAreParents: plan.donorsAreParents };
  });
}

/**
 * Runs in the inference worker: the children at `indices`, the regions shared with the
 * ready `helpers` (each fills whole regions, so the genes are those of one thread). A
 * helper that fails has its part redone here, so a helper can cost time, never a child.
 */
export async function crossChildren(req: Omit<CrossoverRequest, 'type' | 'id'>, helpers?: Pick<CrossoverHelpers, 'available' | 'run'>): Promise<CrossedChildren> {
  const len = geneLength();
  const size = req.indices.length * len;
  const parts = 1 + (helpers?.available() ?? 0);
  const genes = parts > 1 ? new Float32Array(new SharedArrayBuffer(size * 4)) : new Float32Array(size);
  const remote = parts > 1 && helpers ? helpers.run(req, genes, parts) : [];
  let children: CrossedChildren['children'];
  try {
    children = crossChildrenPart(req, genes, 0, parts);
  } finally {
    // Never return (or start the next request) while a helper still writes.
    await Promise.allSettled(remote);
  }
  const results = await Promise.allSettled(remote);
  for (let part = 1; part < parts; part++) {
    if (results[part - 1]?.status !== 'fulfilled') crossChildrenPart(req, genes, part, parts);
  }
  for (let k = 0; k < req.indices.length; k++) checkChildGenes(genes.subarray(k * len, (k + 1) * len));
  return { genes, children, threads: parts };
}
