import type { DonorGenes, GeneShape, Genes } from '../../../src/core/genes/index.js';
import { geneLength } from '../../../src/core/genes/index.js';

/** Small shape used across tests: 4 layers, the real 34 regions, 3 dims. */
export const SMALL: GeneShape = { numWs: 4, regions: 34, wDim: 3 };

/** Genes whose mu is f(layer, region, dim) and whose logvar is g(...). */
export function makeGenes(
  shape: GeneShape,
  mu: (l: number, r: number, d: number) => number,
  logvar: (l: number, r: number, d: number) => number = () => 0,
): Genes {
  const n = geneLength(shape);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  for (let l = 0; l < shape.numWs; l++)
    for (let r = 0; r < shape.regions; r++)
      for (let d = 0; d < shape.wDim; d++) {
        const i = (l * shape.regions + r) * shape.wDim + d;
        m[i] = mu(l, r, d);
        v[i] = logvar(l, r, d);
      }
  return { mu: m, logvar: v };
}

/** Constant genes: every mu = value, every logvar = lv. */
export function constGenes(shape: GeneShape, value: number, lv = 0): Genes {
  return makeGenes(shape, () => value, () => lv);
}

export function donor(id: string, genes: Genes): DonorGenes {
  return { id, mu: genes.mu, logvar: genes.logvar };
}

/** All values of region r (every layer and dim) of a gene tensor. */
export function regionValues(arr: Float32Array, shape: GeneShape, r: number): number[] {
  const out: number[] = [];
  for (let l = 0; l < shape.numWs; l++)
    for (let d = 0; d < shape.wDim; d++) out.push(arr[(l * shape.regions + r) * shape.wDim + d] as number);
  return out;
}
