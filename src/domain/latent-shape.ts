/**
 * The latent shapes of StyleGAN2 at 1024 px and of StyleGene's region genes, written once.
 * Everything that sizes a W+ latent, a gene tensor or a stored blob derives from LATENT_SHAPE.
 */

export interface GeneShape {
  /** W+ layers (18 for StyleGAN2 at 1024). */
  readonly numWs: number;
  /** Facial regions (34). */
  readonly regions: number;
  /** Width of one W vector / one region gene (512). */
  readonly wDim: number;
}

/** The one shape the product uses; tests may pass smaller shapes to the gene math. */
export const LATENT_SHAPE: GeneShape = Object.freeze({ numWs: 18, regions: 34, wDim: 512 });

/** Elements in one W+ latent (18 × 512). */
export const WPLUS_LENGTH = LATENT_SHAPE.numWs * LATENT_SHAPE.wDim;
/** Bytes of one W+ latent stored as float32. */
export const WPLUS_BYTES = WPLUS_LENGTH * 4;
/** Elements in one person's mu (or logvar): 18 × 34 × 512. */
export const GENE_LENGTH = LATENT_SHAPE.numWs * LATENT_SHAPE.regions * LATENT_SHAPE.wDim;
/** "18×512", for messages. */
export const WPLUS_SHAPE_TEXT = `${LATENT_SHAPE.numWs}×${LATENT_SHAPE.wDim}`;
