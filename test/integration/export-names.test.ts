/**
 * Two exports of the same kind in the same second keep both results: distinct PNG and
 * sidecar names, each file holding its own export, and no temporary files left.
 * The clock is frozen so that both exports see one timestamp, as a fast double click would.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../src/core/api-router';

let service: StudioService;
let handlers: Handlers;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('kinship-export-names-');
  service = await StudioService.create({ host: 'cli', dataDir, resourcesDir: await builtinResources() });
  handlers = createHandlers(service);
});
afterAll(async () => {
  vi.useRealTimers();
  await service?.dispose();
});

describe('export names', () => {
  it('two concurrent exports of one kind in the same second get two paths and two files', async () => {
    const a = await call(handlers, 'founders.random', { seed: 11 });
    const b = await call(handlers, 'founders.random', { seed: 12 });
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T05:06:07.000Z') });
    const [ra, rb] = await Promise.all([
      call(handlers, 'export.grid', { jobId: 'ea', kind: 'person', personId: a.id, cellSize: 64, labels: false }),
      call(handlers, 'export.grid', { jobId: 'eb', kind: 'person', personId: b.id, cellSize: 96, labels: false }),
    ]);
    vi.useRealTimers();
    expect(ra.path).not.toBe(rb.path);
    expect(ra.sidecarPath).not.toBe(rb.sidecarPath);
    // Each file is its own export: sizes as asked, sidecars naming their own person.
    expect((await sharp(readFileSync(ra.path)).metadata()).width).toBe(64);
    expect((await sharp(readFileSync(rb.path)).metadata()).width).toBe(96);
    expect(JSON.parse(readFileSync(ra.sidecarPath, 'utf8')).persons[0].id).toBe(a.id);
    expect(JSON.parse(readFileSync(rb.sidecarPath, 'utf8')).persons[0].id).toBe(b.id);
    // PNG and sidecar of one export share their base name.
    expect(ra.sidecarPath.replace(/\.json$/, '')).toBe(ra.path.replace(/\.png$/, ''));
    expect(rb.sidecarPath.replace(/\.json$/, '')).toBe(rb.path.replace(/\.png$/, ''));
    expect(readdirSync(join(dataDir, 'exports')).sort()).toEqual(
      [ra.path, ra.sidecarPath, rb.path, rb.sidecarPath].map((p) => p.slice(join(dataDir, 'exports').length + 1)).sort(),
    );
  });
});
