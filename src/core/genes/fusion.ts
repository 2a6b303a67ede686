/**
 * Layer fusion (docs/ARCHITECTURE.md, "Domain vocabulary", step 6): W+ layers l..numWs−1 of the child are replaced by
 * the parents' mean. Those fine layers carry hair colour, skin tone, lighting and
 * background, so the child keeps the family's colouring.
 */
import { DEFAULT_GENE_SHAPE, type GeneShape } from './shape.js';
import { GeneInputError, validateShape, validateWplus } from './validate.js';

/**
 * Returns a new W+ array: layers < l from `childWplus`, layers l..numWs−1 set to
 * 0.5·(father + mother). l = numWs replaces nothing, l = 0 replaces every layer.
 */
export function fuseLayers(
  childWplus: Float32Array,
  fatherWplus: Float32Array,
  motherWplus: Float32Array,
  l: number,
  shape: GeneShape = DEFAULT_GENE_SHAPE,
): Float32Array {
  validateShape(shape);
  if (!Number.isInteger(l) || l < 0 || l > shape.numWs) {
    throw new GeneInputError(`fusionLayer must be an integer between 0 and ${shape.numWs}, got ${String(l)}`);
  }
  validateWplus('child wplus', childWplus, shape);
  validateWplus('father wplus', fatherWplus, shape);
  validateWplus('mother wplus', motherWplus, shape);
  const out = Float32Array.from(childWplus);
  for (let i = l * shape.wDim; i < out.length; i++) {
    out[i] = 0.5 * ((fatherWplus[i] as number) + (motherWplus[i] as number));
  }
  return out;
}
