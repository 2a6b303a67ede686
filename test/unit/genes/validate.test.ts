import { describe, expect, it } from 'vitest';
import { GeneInputError, validateGenes, validateWplus } from '../../../src/core/genes/index.js';
import { SMALL, constGenes } from './helpers.js';

describe('validate', () => {
  it('passes finite tensors of the right length', () => {
    expect(() => validateGenes('p', constGenes(SMALL, 1), SMALL)).not.toThrow();
    expect(() => validateWplus('w', new Float32Array(12), SMALL)).not.toThrow();
  });

  it('names the tensor, the value and the position', () => {
    const g = constGenes(SMALL, 1);
    g.logvar[(2 * 34 + 14) * 3 + 1] = Number.POSITIVE_INFINITY;
    expect(() => validateGenes('child 3', g, SMALL)).toThrow(
      'child 3.logvar contains Infinity at index 247 (layer 2, region 14 (eyebrow), dim 1)',
    );
    const w = new Float32Array(12);
    w[11] = Number.NaN;
    expect(() => validateWplus('founder wplus', w, SMALL)).toThrow('founder wplus contains NaN at index 11 (layer 3, dim 2)');
  });

  it('refuses wrong lengths, wrong types and missing fields with GeneInputError', () => {
    expect(() => validateWplus('w', new Float32Array(13), SMALL)).toThrow('w has length 13, expected 12 (4 layers × 3 dims)');
    expect(() => validateWplus('w', new Float64Array(12), SMALL)).toThrow(GeneInputError);
    expect(() => validateGenes('p', null, SMALL)).toThrow('p must be an object with mu and logvar, got null');
    expect(() => validateGenes('p', { mu: new Float32Array(408) }, SMALL)).toThrow('p.logvar must be a Float32Array, got undefined');
  });
});
