/** Gene tensors; the shape itself lives in the domain layer (src/domain/latent-shape.ts). */
import { LATENT_SHAPE, type GeneShape } from '../../domain/latent-shape.js';

export type { GeneShape };

/** The product's shape (18 × 34 × 512); the gene math takes a shape so tests can use tiny tensors. */
export const DEFAULT_GENE_SHAPE: GeneShape = LATENT_SHAPE;

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
