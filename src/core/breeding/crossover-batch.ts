/**
 * The crossover of a batch of children off the host's main thread (~31 ms a child):
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
import { CrossoverScratch, breedChildGenes } from '../genes/crossover';
import { childRng } from '../genes/rng';
import { parseBreedSettings, type BreedSettings } from '../genes/settings';
import { geneLength, type DonorGenes, type Genes } from '../genes/shape';
import type { CrossedChildren, CrossoverRequest } from '../inference/messages';
import { GeneFileReader, geneFileDonor, isGeneFileDonor } from '../pool/gene-file-reader';

/** The worker's reads of gene-file donors, cached across batches (bounded by bytes). */
const workerGeneFiles = new GeneFileReader();

/** What the worker needs for one batch, without the chunk's indices. */
export type CrossoverInputs = Omit<CrossoverRequest, 'type' | 'id' | 'indices'>;

/** Children per worker request: progress and cancel come between chunks (~0.25 s of work). */
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

/** Runs in the worker: the children at `indices`, each from its own `childRng(seed, index)`. */
export function crossChildren(req: Omit<CrossoverRequest, 'type' | 'id'>): CrossedChildren {
  const settings = parseBreedSettings(req.settings);
  const input = {
    father: req.father,
    mother: req.mother,
    donors: req.donors.map((d) => ('geneFile' in d ? geneFileDonor(d.id, d.geneFile, workerGeneFiles) : d)),
    donorById: new Map(req.donorById.map((d) => [d.id, d.genes])),
  };
  const len = geneLength();
  const genes = new Float32Array(req.indices.length * len);
  // The parents' and donors' tensors are checked once for the whole chunk.
  const scratch = new CrossoverScratch();
  const children = req.indices.map((index, k) => {
    const r = breedChildGenes(input, settings, childRng(req.seed, index), scratch);
    genes.set(r.genes, k * len);
    return { regions: [...r.regions], donorsAreParents: r.donorsAreParents };
  });
  return { genes, children };
}
