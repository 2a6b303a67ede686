/**
 * A region transplant kept as a person, through the studio's API on the built-in pack
 * (real ONNX graphs, real project file): the new person shows the preview's face,
 * says what it was made from, and one undo removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../src/core/api-router';
import { REGION_GROUPS } from '../../src/domain/regions';

let service: StudioService;
let handlers: Handlers;

beforeAll(async () => {
  const resources = await builtinResources();
  service = await StudioService.create({ host: 'cli', dataDir: tempDir('kinship-transplant-'), resourcesDir: resources });
  handlers = createHandlers(service);
}, 120_000);
afterAll(async () => service?.dispose());

const pixels = async (dataUrl: string) => sharp(Buffer.from(dataUrl.split(',')[1]!, 'base64')).removeAlpha().raw().toBuffer();

describe('transplant.keep', () => {
  it('keeps the previewed transplant as a new person, one undo step', async () => {
    const a = await call(handlers, 'founders.random', { seed: 101, ageGroup: '30-39', gender: 'male' });
    const b = await call(handlers, 'founders.random', { seed: 202, ageGroup: '30-39', gender: 'female' });
    const regions = [...REGION_GROUPS.mouth];
    const preview = await call(handlers, 'transplant.preview', { targetId: a.id, donorId: b.id, regions });
    const kept = await call(handlers, 'transplant.keep', { targetId: a.id, donorId: b.id, regions });
    expect(kept.name).toBe('Founder 1 with Founder 2’s mouth');
    expect(kept.origin).toMatchObject({ kind: 'photo' });
    expect(kept.origin.kind === 'photo' && kept.origin.source).toMatch(/^transplant: Founder 1 .* with the mouth of Founder 2/);

    const detail = await call(handlers, 'persons.detail', { id: kept.id });
    // The stored face is the preview's face (same latent, same generator): pixel for pixel.
    const [p, k] = [await pixels(preview.image), await pixels(detail.image)];
    expect(k.length).toBe(p.length);
    let diff = 0;
    for (let i = 0; i < p.length; i++) diff = Math.max(diff, Math.abs(p[i]! - k[i]!));
    expect(diff).toBe(0);
    // And it is not the target unchanged.
    const target = await pixels((await call(handlers, 'persons.detail', { id: a.id })).image);
    expect(Buffer.compare(target, k)).not.toBe(0);

    expect((await call(handlers, 'tree.get', {})).persons.map((x) => x.id)).toContain(kept.id);
    await call(handlers, 'history.undo', {});
    expect((await call(handlers, 'tree.get', {})).persons.map((x) => x.id)).toEqual([a.id, b.id]);
  }, 180_000);

  it('refuses a transplant onto the donor itself, as the user\'s mistake', async () => {
    const tree = await call(handlers, 'tree.get', {});
    const id = tree.persons[0]!.id;
    await expect(call(handlers, 'transplant.keep', { targetId: id, donorId: id, regions: [26] })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
