/**
 * Donor sampling for mutation: the first non-empty filter of widening.ts, then the
 * donors from that filter's ids in ascending order, so the same pool, group and rng
 * state give the same donors:
 *   - gene-only entries (an imported gene file such as the authors' geneFactorPool.pkl)
 *     are ALL donors, as in the reference (every entry of the child's group, union over
 *     the parents' races); their genes are read lazily, only for the regions that draw
 *     them (gene-file-reader.ts);
 *   - entries with a W+ need the LGE first, so k of them are drawn with the caller's rng.
 * The caller passes a fork of the breeding rng (e.g. `rng.fork('pool')`) so donor choice
 * does not shift the other draws of the child.
 */
import type { Rng } from '../genes/rng';
import type { DonorGenes } from '../genes/shape';
import type { GeneCache } from './gene-cache';
import { geneFileDonor, type GeneFileReader } from './gene-file-reader';
import type { PoolIndex } from './pool-index';
import type { PoolEntry } from './pool-types';
import { describeFilter, wideningSteps, type DonorGroup } from './widening';

export interface DonorQuery extends DonorGroup {
  /** How many donors at most. */
  k: number;
  rng: Rng;
}

export interface WideningReport {
  requested: DonorGroup;
  /** The filter used, in words, or null when the pool had nobody suitable. */
  used: string | null;
  /** One sentence per widening, in order ("no 0-2 male East Asian entries; used ages 0-2 to 3-9 …"). */
  widened: string[];
  /** Entries matching the filter used. */
  candidates: number;
  /** True when no entry matched at all: the parents will be the donors. */
  empty: boolean;
}

export interface DonorSample {
  entries: PoolEntry[];
  report: WideningReport;
}

export function sampleDonors(index: PoolIndex, q: DonorQuery): DonorSample {
  if (!Number.isInteger(q.k) || q.k < 0) throw new RangeError(`k must be a non-negative integer, got ${String(q.k)}`);
  const requested: DonorGroup = { ageGroup: q.ageGroup, gender: q.gender, races: [...q.races] };
  const widened: string[] = [];
  let previous: string | null = null;
  for (const step of wideningSteps(q)) {
    const { ids, geneOnly } = index.matching(step.filter);
    const words = describeFilter(step.filter);
    if (previous) widened.push(`no ${previous} entries; widened to ${step.label}`);
    if (ids.length) {
      const withWplus = geneOnly.size ? ids.filter((id) => !geneOnly.has(id)) : ids;
      const picked = [...ids.filter((id) => geneOnly.has(id)), ...q.rng.sampleWithoutReplacement(withWplus, Math.min(q.k, withWplus.length))];
      return { entries: index.entries(picked), report: { requested, used: words, widened, candidates: ids.length, empty: false } };
    }
    previous = words;
  }
  widened.push(`no ${previous ?? 'suitable'} entries either; the parents are the donors`);
  return { entries: [], report: { requested, used: null, widened, candidates: 0, empty: true } };
}

/**
 * Donors with their genes, in the sample's order: what `BreedInput.donors` takes. W+
 * entries go through the LGE (cached); gene-only entries are lazy reads of their file,
 * whose presence and size are checked here so a moved file is reported before breeding.
 */
export async function sampleDonorGenes(
  index: PoolIndex,
  cache: GeneCache,
  files: GeneFileReader,
  q: DonorQuery,
  signal?: AbortSignal,
): Promise<DonorSample & { donors: DonorGenes[] }> {
  const sample = sampleDonors(index, q);
  const geneOnly = sample.entries.filter((e) => e.source === 'genes');
  const refs = new Map(index.geneRefs(geneOnly.map((e) => e.id)).map((r) => [r.entryId, r]));
  files.check([...refs.values()]);
  const others = sample.entries.filter((e) => e.source !== 'genes');
  const computed = new Map((await cache.genes(index, others.map((e) => e.id), signal)).map((g, k) => [others[k]!.id, g]));
  const donors = sample.entries.map((e) => computed.get(e.id) ?? geneFileDonor(donorId(index.uid, e.id), refs.get(e.id)!, files));
  return { ...sample, donors };
}

/** The id a pool entry has in breeding reports and `donor(id)` overrides. */
export function donorId(poolUid: string, entryId: number): string {
  return `pool:${poolUid.slice(0, 8)}:${entryId}`;
}
