/**
 * The authors' gene pool (geneFactorPool.pkl, or a file of its structure) into the gene
 * pool of the active pack, as gene-only entries indexed by offset (docs/stylegene-pack.md,
 * "The authors' gene pool"). Its genes are in the latent space of StyleGene's gene
 * encoder, so only a pack converted from stylegene_N18.ckpt takes them. The file is read
 * and checked completely before the pool is opened or created: a bad file leaves no pool
 * file and no entry behind.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexGeneFactorPool, type GeneFactorPoolIndex } from '../../pool/gene-factor-pool';
import type { GeneFileImport } from '../../pool/import-gene-file';
import type { PackRuntime } from '../../breeding/pack-runtime';
import type { PoolSession } from '../pool-session';
import type { JobRunner } from '../../jobs/job-runner';
import { InputError, NotFoundError, UnsupportedError } from '../../../domain/errors';

/** The checkpoint whose gene encoder made the authors' pool; a pack converted from it lists it in `source`. */
const STYLEGENE_CHECKPOINT = 'stylegene_N18.ckpt';

export interface GenesImportResult extends GeneFileImport {
  total: number;
  seconds: number;
}

export function assertStyleGenePack(runtime: PackRuntime): void {
  const m = runtime.pack.manifest;
  if (!(m.source ?? []).some((f) => f.file === STYLEGENE_CHECKPOINT)) {
    throw new UnsupportedError(
      `the authors' gene pool holds genes of StyleGene's gene encoder; the active pack '${m.id}' was not converted from ${STYLEGENE_CHECKPOINT}. Install and activate the StyleGene pack first (Model packs → Install StyleGene…).`,
    );
  }
}

/** Reads and checks the whole file (pickle, every tensor's type, shape and place); writes nothing. */
export async function checkGeneFile(file: string): Promise<GeneFactorPoolIndex> {
  const path = resolve(file);
  if (!existsSync(path)) throw new NotFoundError(`gene pool file ${path} does not exist`);
  if (!statSync(path).isFile()) throw new InputError(`${path} is not a file (give the path of geneFactorPool.pkl)`);
  return indexGeneFactorPool(path);
}

/** Imports an already checked file into the active pack's pool (created if there is none yet). */
export async function importCheckedGeneFile(pools: PoolSession, runtime: PackRuntime, indexed: GeneFactorPoolIndex, t0 = performance.now()): Promise<GenesImportResult> {
  assertStyleGenePack(runtime);
  if (!indexed.entries.length) throw new InputError(`${indexed.file} holds no gene groups of the form {age}-{gender}-{race}`);
  const pool = (await pools.pool(true))!;
  const r = pool.importGenes(indexed);
  return { ...r, total: pool.counts().total, seconds: (performance.now() - t0) / 1000 };
}

export async function importGenes(jobs: JobRunner, pools: PoolSession, runtime: () => PackRuntime, jobId: string, file: string): Promise<GenesImportResult> {
  return jobs.run(jobId, 'Importing the gene pool', async (signal, progress) => {
    const t0 = performance.now();
    assertStyleGenePack(runtime());
    progress('Reading the gene pool file', 0, 2);
    const indexed = await checkGeneFile(file);
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    progress('Adding the entries', 1, 2);
    const r = await importCheckedGeneFile(pools, runtime(), indexed, t0);
    progress('Done', 2, 2);
    return r;
  });
}
