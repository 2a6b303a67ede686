/**
 * Input checks run before any gene math, so a bad latent fails loudly with the name of
 * the tensor and the position of the first bad value instead of poisoning a child.
 */
import { describeRegion } from './regions.js';
import { type GeneShape, type Genes, geneLength, wplusLength } from './shape.js';

import { GeneInputError } from '../../domain/errors.js';

export { GeneInputError };

export function validateShape(shape: GeneShape): void {
  for (const key of ['numWs', 'regions', 'wDim'] as const) {
    const v = shape[key];
    if (!Number.isInteger(v) || v < 1) {
      throw new GeneInputError(`gene shape ${key} must be a positive integer, got ${String(v)}`);
    }
  }
}

function checkArray(name: string, arr: unknown, expected: number, what: string): Float32Array {
  if (!(arr instanceof Float32Array)) {
    throw new GeneInputError(`${name} must be a Float32Array, got ${arr === null ? 'null' : typeof arr}`);
  }
  if (arr.length !== expected) {
    throw new GeneInputError(`${name} has length ${arr.length}, expected ${expected} (${what})`);
  }
  return arr;
}

function firstNonFinite(arr: Float32Array): number {
  for (let i = 0; i < arr.length; i++) {
    // v - v is 0 for finite v and NaN for NaN or ±Infinity: one cheap test.
    const v = arr[i] as number;
    if (v - v !== 0) return i;
  }
  return -1;
}

function badValueName(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** Checks a gene tensor ([layer][region][dim]): type, length, finite values. */
export function validateGeneTensor(name: string, arr: unknown, shape: GeneShape): asserts arr is Float32Array {
  const a = checkArray(name, arr, geneLength(shape), `${shape.numWs} layers × ${shape.regions} regions × ${shape.wDim} dims`);
  const i = firstNonFinite(a);
  if (i >= 0) {
    const dim = i % shape.wDim;
    const region = Math.floor(i / shape.wDim) % shape.regions;
    const layer = Math.floor(i / (shape.wDim * shape.regions));
    throw new GeneInputError(
      `${name} contains ${badValueName(a[i] as number)} at index ${i} (layer ${layer}, ${describeRegion(region)}, dim ${dim})`,
    );
  }
}

/** Checks a W+ latent ([layer][dim]): type, length, finite values. */
export function validateWplus(name: string, arr: unknown, shape: GeneShape): asserts arr is Float32Array {
  const a = checkArray(name, arr, wplusLength(shape), `${shape.numWs} layers × ${shape.wDim} dims`);
  const i = firstNonFinite(a);
  if (i >= 0) {
    throw new GeneInputError(
      `${name} contains ${badValueName(a[i] as number)} at index ${i} (layer ${Math.floor(i / shape.wDim)}, dim ${i % shape.wDim})`,
    );
  }
}

/** Checks `name.mu` and `name.logvar`. */
export function validateGenes(name: string, genes: unknown, shape: GeneShape): asserts genes is Genes {
  if (typeof genes !== 'object' || genes === null) {
    throw new GeneInputError(`${name} must be an object with mu and logvar, got ${genes === null ? 'null' : typeof genes}`);
  }
  const g = genes as { mu?: unknown; logvar?: unknown };
  validateGeneTensor(`${name}.mu`, g.mu, shape);
  validateGeneTensor(`${name}.logvar`, g.logvar, shape);
}
