/**
 * Age control through the studio's API on the built-in pack (real ONNX graphs, real
 * project file): children asked for 0-2 and 70+ read as that age (the pack's
 * attributes model reads latents), the settings stored with the kept child say the
 * target, strength and where the age directions came from, strength 0 gives the
 * paper's child bit for bit, and breeding again from the stored settings gives the
 * same child.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../src/core/api-router';

let service: StudioService;
let handlers: Handlers;

beforeAll(async () => {
  const resources = await builtinResources();
  service = await StudioService.create({ host: 'cli', dataDir: tempDir('kinship-age-'), resourcesDir: resources });
  handlers = createHandlers(service);
}, 120_000);
afterAll(async () => service?.dispose());

const ageOf = (i: number) => (c: { attributes: { ageGroup: string } | null }) => c.attributes?.ageGroup ?? `none ${i}`;

describe('age control in the studio', () => {
  it('breeds children at 0-2 and 70+ from adult parents and stores how', async () => {
    const dad = await call(handlers, 'founders.random', { seed: 31, ageGroup: '30-39', gender: 'male' });
    const mum = await call(handlers, 'founders.random', { seed: 32, ageGroup: '40-49', gender: 'female' });
    const base = { fatherId: dad.id, motherId: mum.id, seed: 5, count: 4 };

    const paper = await call(handlers, 'breed.generate', { ...base, jobId: 'a0', settings: {}, target: { ageGroup: '0-2', gender: 'female' } });
    const zero = await call(handlers, 'breed.generate', { ...base, jobId: 'a1', settings: { age: { target: '0-2', strength: 0 } }, target: { ageGroup: '0-2', gender: 'female' } });
    // Strength 0 is the method alone: the same images bit for bit (full size, fetched on demand).
    const full = (batchId: string, n: number) => Promise.all(Array.from({ length: n }, async (_, index) => (await call(handlers, 'candidates.image', { batchId, index })).image));
    expect(await full(zero.id, 4)).toEqual(await full(paper.id, 4));

    const baby = await call(handlers, 'breed.generate', { ...base, jobId: 'a2', settings: { age: { target: '0-2', strength: 1 } }, target: { ageGroup: '0-2', gender: 'female' } });
    expect(baby.candidates.map(ageOf(0))).toEqual(['0-2', '0-2', '0-2', '0-2']);
    const babyFull = await call(handlers, 'candidates.image', { batchId: baby.id, index: 2 });
    expect(baby.pool.age).toMatch(/age: moved to 0-2 at strength 1 — age directions from the pack's mapping network \(2048 samples/);
    expect(baby.settings.age).toMatchObject({ target: '0-2', strength: 1, source: 'mapping' });

    const old = await call(handlers, 'breed.generate', { ...base, jobId: 'a3', settings: { age: { target: '70+', strength: 1 } }, target: { ageGroup: '70+', gender: 'male' } });
    expect(old.candidates.map(ageOf(1))).toEqual(['70+', '70+', '70+', '70+']);

    const [kept] = await call(handlers, 'candidates.keep', { batchId: baby.id, indices: [2] });
    expect(kept!.attributes?.ageGroup).toBe('0-2');
    const o = kept!.origin;
    if (o.kind !== 'child') throw new Error('kept person is not a child');
    expect(o.settings.age).toMatchObject({ target: '0-2', strength: 1, source: 'mapping', layers: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(o.settings.age?.fingerprint).toMatch(/^[0-9a-f]{16}$/);

    // Breeding again from the stored settings makes the same child.
    const again = await call(handlers, 'breed.generate', { ...base, jobId: 'a4', count: 3, settings: o.settings, target: o.target });
    expect((await call(handlers, 'candidates.image', { batchId: again.id, index: 2 })).image).toBe(babyFull.image);
    // The batch carries thumbnails only: the full image is fetched on demand.
    expect(babyFull.image.length).toBeGreaterThan(baby.candidates[2]!.thumbnail.length);
  }, 300_000);
});
