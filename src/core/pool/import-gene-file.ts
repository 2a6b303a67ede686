/**
 * Imports an indexed gene file (gene-factor-pool.ts: the authors' geneFactorPool.pkl or a
 * file of the same structure) into a pool as gene-only entries: labels from the file's
 * "{age}-{gender}-{race}" keys, genes left in the file and found by byte offset, so the
 * 27.8 GB are not copied. The file was fully validated while it was indexed, and the
 * entries go in one transaction: a bad file writes nothing, a kill mid-import leaves the
 * pool as it was. Importing the same file again adds nothing; a moved file re-imported
 * from its new place keeps its entries (ids, labels corrections, thumbnails).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GeneFactorPoolIndex } from './gene-factor-pool';
import type { PoolIndex } from './pool-index';

export interface GeneFileImport {
  /** The file, as an absolute path (the pool reads genes from it from now on). */
  file: string;
  fileBytes: number;
  /** Entries in the file (known groups), and how many of them were new to the pool. */
  entries: number;
  added: number;
  skippedKeys: GeneFactorPoolIndex['skippedKeys'];
}

export function importGeneFile(index: PoolIndex, indexed: GeneFactorPoolIndex): GeneFileImport {
  const file = resolve(indexed.file);
  const st = statSync(file);
  const added = index.insertGeneOnly(
    { path: file, size: indexed.fileSize, mtimeMs: st.mtimeMs },
    indexed.entries.map((e) => ({
      ageGroup: e.ageGroup,
      gender: e.gender,
      race: e.race,
      sourceRef: `${e.ageGroup}-${e.gender}-${e.race}#${e.index}`,
      muOffset: e.muOffset,
      logvarOffset: e.logvarOffset,
    })),
  );
  return { file, fileBytes: indexed.fileSize, entries: indexed.entries.length, added, skippedKeys: indexed.skippedKeys };
}
