/** Adds a random founder (seed, optional age group and gender) to the open project. */
import { randomInt } from 'node:crypto';
import { createFounders } from '../../breeding/founders';
import { encodeFaces } from '../images';
import { labelFaces } from '../../breeding/label-faces';
import { personDto } from '../to-dto';
import type { StudioContext } from '../studio-context';
import type { AgeGroup, Gender } from '../../genes/regions';
import type { PersonDto } from '../../../shared/dto';

export async function addRandomFounder(
  ctx: StudioContext,
  input: { seed?: number; ageGroup?: AgeGroup; gender?: Gender; name?: string },
): Promise<PersonDto> {
  const runtime = ctx.runtime();
  const seed = input.seed ?? randomInt(0, 0xffffffff);
  const [founder] = await createFounders(runtime, [{ seed, ageGroup: input.ageGroup, gender: input.gender }]);
  const f = founder!;
  const { image } = await runtime.generator(f.wplus);
  const [face] = await encodeFaces(image, 1, runtime.resolution);
  // Packs whose attributes model reads images label the founder from the face just drawn.
  const attributes = f.attributes ?? (await labelFaces(runtime, f.wplus, { images: image }))?.[0] ?? null;
  const store = ctx.session.store();
  const count = store.snapshot().persons.filter((p) => p.origin.kind === 'founder').length;
  const person = store.addPerson({
    name: input.name ?? `Founder ${count + 1}`,
    origin: { kind: 'founder', seed, candidate: f.candidate, psi: f.psi },
    attributes,
    attributesSource: 'auto',
    wplus: f.wplus,
    image: face!.image,
    thumbnail: face!.thumbnail,
    packId: runtime.id,
  });
  ctx.session.changed();
  return personDto(person);
}
