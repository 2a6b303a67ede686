/**
 * Region transplant (paper Fig. 6): person A with some regions' genes taken from B.
 * Same machinery as crossover, between any two persons.
 */
import { describeRegion } from './regions.js';
import { DEFAULT_GENE_SHAPE, type GeneShape, type Genes } from './shape.js';
import { GeneInputError, validateGenes, validateShape } from './validate.js';

/**
 * Returns new genes equal to `a` except that, for every region in `regions`, mu and
 * logvar (all layers, all dims) are copied from `b`. Inputs are not modified.
 */
export function transplantRegions(a: Genes, b: Genes, regions: Iterable<number>, shape: GeneShape = DEFAULT_GENE_SHAPE): Genes {
  validateShape(shape);
  validateGenes('A', a, shape);
  validateGenes('B', b, shape);
  const set = new Set<number>();
  for (const r of regions) {
    if (!Number.isInteger(r) || r < 0 || r >= shape.regions) {
      throw new GeneInputError(`transplant region must be an integer 0..${shape.regions - 1}, got ${String(r)}`);
    }
    set.add(r);
  }
  const mu = Float32Array.from(a.mu);
  const logvar = Float32Array.from(a.logvar);
  const { numWs, regions: R, wDim } = shape;
  for (const r of set) {
    for (let l = 0; l < numWs; l++) {
      const start = (l * R + r) * wDim;
      mu.set(b.mu.subarray(start, start + wDim), start);
      logvar.set(b.logvar.subarray(start, start + wDim), start);
    }
  }
  return { mu, logvar };
}

/** Human-readable list of transplanted regions, for logs and the UI. */
export function describeTransplant(regions: Iterable<number>): string {
  return [...regions].map(describeRegion).join(', ');
}
