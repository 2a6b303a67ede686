/** Public API of the gene math: pure functions over typed arrays (no I/O, no inference). */
export * from './shape.js';
export * from './regions.js';
export * from './rng.js';
export * from './settings.js';
export * from './validate.js';
export * from './crossover.js';
export * from './fusion.js';
export * from './transplant.js';
