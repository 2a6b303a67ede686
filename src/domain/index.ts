/**
 * The domain vocabulary every layer shares (docs/ARCHITECTURE.md, "Layers"): regions and
 * attributes, breeding settings, latent shapes, seeds and the error model. Pure TypeScript
 * plus zod; it imports nothing from the rest of the project.
 */
export * from './regions.js';
export * from './breed-settings.js';
export * from './latent-shape.js';
export * from './seed.js';
export * from './errors.js';
