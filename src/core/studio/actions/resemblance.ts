/**
 * Resemblance of children to their parents and diversity among siblings, from the
 * studio's data (docs/ARCHITECTURE.md "Resemblance and sibling diversity"): the
 * stored region report, the parents' and children's genes (LGE of their W+), and a
 * fixed set of unrelated founders of the active pack as the reference for diversity.
 */
import { crossoverResemblance, geneDistanceResemblance, siblingDiversity, type RegionRecipe } from '../../genes/resemblance';
import { DEFAULT_GENE_SHAPE } from '../../genes/shape';
import { createFounders } from '../../breeding/founders';
import { GENE_LEN, WPLUS_LEN, type PackRuntime } from '../../breeding/pack-runtime';
import type { StudioContext } from '../studio-context';
import type { RegionReportDto, ResemblanceDto, SiblingDiversityDto } from '../../../shared/dto';
import { NotFoundError } from '../../../domain/errors';

export interface ChildForResemblance {
  wplus: Float32Array;
  regions: readonly RegionRecipe[];
}

/** Resemblance of each child to the parents (ids as the region report names them). */
export async function resemblanceOf(
  runtime: PackRuntime,
  parents: { fatherId: string; motherId: string; father: Float32Array; mother: Float32Array },
  children: readonly ChildForResemblance[],
  signal?: AbortSignal,
): Promise<ResemblanceDto[]> {
  if (children.length === 0) return [];
  const f = await runtime.lgeOne(parents.father, { signal });
  const m = await runtime.lgeOne(parents.mother, { signal });
  const all = new Float32Array(children.length * WPLUS_LEN);
  children.forEach((c, k) => all.set(c.wplus, k * WPLUS_LEN));
  const genes = await runtime.lge(all, { signal });
  return children.map((c, k) => ({
    crossover: crossoverResemblance(c.regions, parents),
    genes: geneDistanceResemblance(genes.mu.subarray(k * GENE_LEN, (k + 1) * GENE_LEN), f.mu, m.mu, DEFAULT_GENE_SHAPE),
  }));
}

const UNRELATED_COUNT = 16;
// Fixed seeds far from the ones users type, so the reference is the same in every session.
const UNRELATED_SEED_BASE = 900_001;
const unrelatedCache = new WeakMap<PackRuntime, Promise<Float32Array[]>>();

/** W+ latents of unrelated persons: 16 founders of the pack's mapping network (fixed seeds, default ψ). */
export function unrelatedLatents(runtime: PackRuntime): Promise<Float32Array[]> {
  let hit = unrelatedCache.get(runtime);
  if (!hit) {
    hit = createFounders(runtime, Array.from({ length: UNRELATED_COUNT }, (_, k) => ({ seed: UNRELATED_SEED_BASE + k }))).then((fs) => fs.map((f) => f.wplus));
    hit.catch(() => unrelatedCache.delete(runtime));
    unrelatedCache.set(runtime, hit);
  }
  return hit;
}

/** Mean pairwise W+ distance among `siblings` against unrelated founders; null with fewer than two. */
export async function batchDiversity(runtime: PackRuntime, siblings: readonly Float32Array[]): Promise<SiblingDiversityDto | null> {
  if (siblings.length < 2) return null;
  return siblingDiversity(siblings, await unrelatedLatents(runtime));
}

/** A stored child's resemblance; null for founders and photo persons, or a child whose parents or report are gone. */
export async function personResemblance(ctx: StudioContext, id: string): Promise<ResemblanceDto | null> {
  const store = ctx.session.store();
  if (!store.hasPerson(id)) throw new NotFoundError(`person ${id} is not in this project`);
  const p = store.getPerson(id);
  const o = p.origin;
  if (o.kind !== 'child' || !store.hasPerson(o.fatherId) || !store.hasPerson(o.motherId)) return null;
  const regions = store.getRegionReport(id) as RegionReportDto[] | null;
  if (!regions || !Array.isArray(regions)) return null;
  const runtime = ctx.runtime();
  // Latents of another pack's space cannot go through this pack's LGE.
  if (p.packId !== runtime.id) return null;
  const [r] = await resemblanceOf(
    runtime,
    { fatherId: o.fatherId, motherId: o.motherId, father: store.getLatent(o.fatherId), mother: store.getLatent(o.motherId) },
    [{ wplus: store.getLatent(id), regions }],
  );
  return r ?? null;
}
