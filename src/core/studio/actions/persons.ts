/** Reading and editing persons of the open project. */
import { personDto, pngDataUrl, projectDto, unionDto } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { PersonDto, ProjectDto, RegionReportDto, TreeDto, AttributesDto } from '../../../shared/dto';
import { ConflictError, NotFoundError } from '../../../domain/errors';

export function getTree(ctx: StudioContext): TreeDto {
  const store = ctx.session.store();
  const snap = store.snapshot();
  return { project: projectDto(store), persons: snap.persons.map(personDto), unions: snap.unions.map(unionDto) };
}

export function personImages(ctx: StudioContext, ids: string[], size: 'thumb' | 'full'): Record<string, string> {
  const store = ctx.session.store();
  const out: Record<string, string> = {};
  for (const id of ids) {
    if (!store.hasPerson(id)) continue;
    const png = size === 'thumb' ? (store.getThumbnail(id) ?? store.getImage(id)) : store.getImage(id);
    out[id] = pngDataUrl(png);
  }
  return out;
}

export function personDetail(ctx: StudioContext, id: string) {
  const store = ctx.session.store();
  if (!store.hasPerson(id)) throw new NotFoundError(`person ${id} is not in this project`);
  const person = store.getPerson(id);
  const o = person.origin;
  const find = (pid: string): PersonDto | null => (store.hasPerson(pid) ? personDto(store.getPerson(pid)) : null);
  return {
    person: personDto(person),
    image: pngDataUrl(store.getImage(id)),
    father: o.kind === 'child' ? find(o.fatherId) : null,
    mother: o.kind === 'child' ? find(o.motherId) : null,
    regions: (store.getRegionReport(id) as RegionReportDto[] | null) ?? null,
  };
}

export function updatePerson(
  ctx: StudioContext,
  input: { id: string; name?: string; attributes?: AttributesDto | null; position?: { x: number; y: number } | null },
): PersonDto {
  const store = ctx.session.store();
  if (!store.hasPerson(input.id)) throw new NotFoundError(`person ${input.id} is not in this project`);
  if (input.name !== undefined) store.renamePerson(input.id, input.name);
  if (input.attributes !== undefined) store.setAttributes(input.id, input.attributes, 'user');
  if (input.position !== undefined) store.movePerson(input.id, input.position);
  ctx.session.changed();
  return personDto(store.getPerson(input.id));
}

export function movePersons(ctx: StudioContext, moves: { id: string; position: { x: number; y: number } | null }[]): void {
  ctx.session.store().movePersons(moves);
  ctx.session.changed();
}

export function deletePerson(ctx: StudioContext, id: string): void {
  ctx.session.store().deletePerson(id);
  ctx.session.changed();
}

export function undo(ctx: StudioContext): ProjectDto {
  const store = ctx.session.store();
  if (!store.undo()) throw new ConflictError('nothing to undo');
  ctx.session.changed();
  return projectDto(store);
}

export function redo(ctx: StudioContext): ProjectDto {
  const store = ctx.session.store();
  if (!store.redo()) throw new ConflictError('nothing to redo');
  ctx.session.changed();
  return projectDto(store);
}
