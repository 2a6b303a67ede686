/**
 * Persons belong to the latent space of the pack that made them: founders are
 * tagged with the active pack, children with their parents' pack, and breeding
 * across packs is refused with a message naming both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../src/core/api-router';

let service: StudioService;
let handlers: Handlers;

beforeAll(async () => {
  const resources = await builtinResources();
  const dataDir = tempDir('kinship-spaces-');
  // A second pack: the built-in one under another id.
  const copy = join(dataDir, 'packs', 'other');
  mkdirSync(copy, { recursive: true });
  cpSync(join(resources, 'models', 'builtin'), copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify({ ...manifest, id: 'other', name: 'Other pack' }));
  service = await StudioService.create({ host: 'cli', dataDir, resourcesDir: resources });
  handlers = createHandlers(service);
});
afterAll(async () => service?.dispose());

describe('latent spaces of packs', () => {
  it('tags persons with their pack and refuses cross-pack breeding', async () => {
    const a = await call(handlers, 'founders.random', { seed: 1 });
    const b = await call(handlers, 'founders.random', { seed: 2 });
    const batch = await call(handlers, 'breed.generate', { jobId: 'j1', fatherId: a.id, motherId: b.id, seed: 3, count: 1, settings: {}, target: null });
    const [child] = await call(handlers, 'candidates.keep', { batchId: batch.id, indices: [0] });
    const store = service.session.store();
    expect(store.getPerson(child!.id).packId).toBe('builtin');

    await call(handlers, 'packs.activate', { packId: 'other' });
    const c = await call(handlers, 'founders.random', { seed: 4 });
    expect(store.getPerson(c.id).packId).toBe('other');
    await expect(call(handlers, 'breed.preview', { fatherId: a.id, motherId: c.id, seed: 1, settings: {}, target: null })).rejects.toThrow(
      /Founder 1 was made with model pack 'builtin', but 'other' is active/,
    );
  });
});
