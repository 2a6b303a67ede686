/** Tensor shapes of one person's genes and W+ latent, generalised so tests can use tiny tensors. */

export interface GeneShape {
  /** W+ layers (18 for StyleGAN2 at 1024). */
  readonly numWs: number;
  /** Facial regions (34). */
  readonly regions: number;
  /** Width of one W vector / one region gene (512). */
  readonly wDim: number;
}

export const DEFAULT_GENE_SHAPE: GeneShape = Object.freeze({ numWs: 18, regions: 34, wDim: 512 });

/** Region-level facial genes of one person, each laid out [layer][region][dim]. */
export interface Genes {
  readonly mu: Float32Array;
  /** Log-variance: std = exp(0.5 * logvar). */
  readonly logvar: Float32Array;
}

/** Genes with a stable id (pool entry or stored person) for reports and `donor` overrides. */
export interface DonorGenes extends Genes {
  readonly id: string;
}

/** Elements in mu or logvar: numWs * regions * wDim. */
export function geneLength(shape: GeneShape = DEFAULT_GENE_SHAPE): number {
  return shape.numWs * shape.regions * shape.wDim;
}

/** Elements in a W+ latent: numWs * wDim. */
export function wplusLength(shape: GeneShape = DEFAULT_GENE_SHAPE): number {
  return shape.numWs * shape.wDim;
}

/** Flat index of (layer, region, dim) in a gene tensor. */
export function geneIndex(shape: GeneShape, layer: number, region: number, dim: number): number {
  return (layer * shape.regions + region) * shape.wDim + dim;
}
