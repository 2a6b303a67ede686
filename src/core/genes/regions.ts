/** Moved to the domain layer (docs/ARCHITECTURE.md, "Layers"); kept so core imports stay short. */
export * from '../../domain/regions.js';
