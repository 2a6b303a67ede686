/** The gene pool (docs/ARCHITECTURE.md, "Domain vocabulary" step 3 and "Storage"): public surface for hosts and breeding. */
export { GenePool, defaultPoolPath } from './pool-service';
export { PoolIndex, type EntryFilter, type OpenPoolOptions } from './pool-index';
export { PoolError, PoolPackMismatchError } from './pool-errors';
export { packFingerprint, type PackFingerprint } from './pack-fingerprint';
export { sampleDonors, sampleDonorGenes, donorId, type DonorQuery, type DonorSample, type WideningReport } from './donor-sampler';
export { wideningSteps, describeFilter, type DonorGroup } from './widening';
export { GeneCache, DEFAULT_GENE_CACHE_BYTES } from './gene-cache';
export { GeneFileReader, geneFileDonor, DEFAULT_GENE_FILE_CACHE_BYTES } from './gene-file-reader';
export { indexGeneFactorPool, type GeneFactorPoolIndex } from './gene-factor-pool';
export { importGeneFile, type GeneFileImport } from './import-gene-file';
export { buildRandomPool, type RandomBuildParams } from './build-random';
export { buildImagePool, type ImageBuildParams, type ImageBuildRuntime } from './build-images';
export { loadAlignedImage, type ImagePreparer } from './image-check';
export { parseAttributesCsv, readAttributesCsv, normaliseFileId, type CsvAttributes } from './attributes-csv';
export { ensureThumbnails, DEFAULT_THUMBNAIL_SIZE } from './thumbnails';
export type { BuildOptions, BuildProgress, BuildReport } from './build-report';
export type * from './pool-types';
