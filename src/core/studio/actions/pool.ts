/** The gene pool from the studio: heat map, builds with progress and cancel, browsing, corrections, founders. */
import { AGE_GROUPS, GENDERS, RACES, type AgeGroup, type Gender, type Race } from '../../genes/regions';
import { renderFaces } from '../images';
import { personDto, pngDataUrl } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { PoolSession } from '../pool-session';
import type { PersonDto } from '../../../shared/dto';
import type { PoolEntry } from '../../pool/pool-types';
import { NotFoundError } from '../../../domain/errors';

export function poolEntryDto(e: PoolEntry, thumbnail?: Buffer) {
  return {
    id: e.id,
    source: e.source,
    sourceRef: e.sourceRef,
    ageGroup: e.ageGroup,
    gender: e.gender,
    race: e.race,
    attributesSource: e.attributesSource,
    genesOnly: e.source === 'genes',
    thumbnail: thumbnail ? pngDataUrl(thumbnail) : null,
  };
}

export async function poolStatus(pools: PoolSession) {
  const pool = await pools.pool();
  const empty = AGE_GROUPS.map(() => GENDERS.map(() => RACES.map(() => 0)));
  if (!pool) return { path: pools.path(), exists: false, total: 0, counts: empty };
  const c = pool.counts();
  return { path: pool.path, exists: true, total: c.total, counts: c.counts };
}

export async function buildRandomPool(ctx: StudioContext, pools: PoolSession, jobId: string, count: number, seed: number) {
  return ctx.jobs.run(jobId, 'Building gene pool', async (signal, progress) => {
    const pool = (await pools.pool(true))!;
    const report = await pool.buildRandom({ count, seed }, { signal, onProgress: (p) => progress('Building gene pool', p.done, p.total) });
    return { added: report.added, total: pool.counts().total, seconds: report.seconds, complete: report.complete };
  });
}

export async function poolGroup(pools: PoolSession, group: { ageGroup: AgeGroup; gender: Gender; race: Race }, offset: number, limit: number) {
  const pool = await pools.pool();
  if (!pool) return [];
  const entries = await pool.listGroup(group, { offset, limit });
  return entries.map((e) => poolEntryDto(e, e.thumbnail));
}

export async function setPoolLabels(pools: PoolSession, id: number, labels: { ageGroup?: AgeGroup; gender?: Gender; race?: Race }) {
  const pool = await pools.pool();
  if (!pool) throw new NotFoundError('there is no gene pool for the active model pack yet');
  return poolEntryDto(pool.setLabels(id, labels));
}

/** A pool entry becomes a founder of the open project (its latent, its labels). */
export async function poolFounder(ctx: StudioContext, pools: PoolSession, id: number): Promise<PersonDto> {
  const pool = await pools.pool();
  if (!pool) throw new NotFoundError('there is no gene pool for the active model pack yet');
  const entry = pool.entry(id);
  const { wplus, approximate } = await pool.founderWplus(id);
  const [face] = await renderFaces(ctx.runtime(), wplus);
  const store = ctx.session.store();
  // Projects know founder/child/photo origins; a pool entry is stored as an imported
  // latent ('photo' kind) whose source names the pool entry it came from.
  const origin = {
    kind: 'photo' as const,
    source: `gene pool entry ${id} (${entry.source} ${entry.sourceRef}${approximate ? '; genes only: W+ decoded from mu, approximate' : ''})`,
  };
  const person = store.addPerson({
    name: `Pool ${entry.ageGroup} ${entry.gender}`,
    origin,
    attributes: { ageGroup: entry.ageGroup, gender: entry.gender, race: entry.race },
    attributesSource: entry.attributesSource === 'user' ? 'user' : 'auto',
    wplus,
    image: face!.image,
    thumbnail: face!.thumbnail,
    packId: ctx.runtime().id,
  });
  ctx.session.changed();
  return personDto(person);
}
