/**
 * Every person's age can be changed later, children show their resemblance, a batch its
 * sibling diversity, and a person grows up in one strip — through the studio's API on the
 * built-in pack (real ONNX graphs, real project file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../src/core/api-router';

let service: StudioService;
let handlers: Handlers;

beforeAll(async () => {
  const resources = await builtinResources();
  service = await StudioService.create({ host: 'cli', dataDir: tempDir('kinship-age-person-'), resourcesDir: resources });
  handlers = createHandlers(service);
}, 120_000);
afterAll(async () => service?.dispose());

describe('age this person, resemblance, grow-up strip', () => {
  it('resemblance on every candidate and kept child; sibling diversity for the batch', async () => {
    const dad = await call(handlers, 'founders.random', { seed: 41, ageGroup: '30-39', gender: 'male' });
    const mum = await call(handlers, 'founders.random', { seed: 42, ageGroup: '30-39', gender: 'female' });
    // Every region forced to the father: the crossover reading must say 100 % father.
    const allFather = Object.fromEntries(Array.from({ length: 34 }, (_, r) => [String(r), { kind: 'father' }]));
    const fromDad = await call(handlers, 'breed.generate', { fatherId: dad.id, motherId: mum.id, seed: 3, count: 2, jobId: 'r0', settings: { overrides: allFather }, target: null });
    for (const c of fromDad.candidates) {
      expect(c.resemblance!.crossover.overall).toEqual({ father: 1, mother: 0, pool: 0 });
      expect(c.resemblance!.genes.overall.fatherShare).toBeGreaterThan(0.5);
    }

    const batch = await call(handlers, 'breed.generate', { fatherId: dad.id, motherId: mum.id, seed: 9, count: 6, jobId: 'r1', settings: {}, target: null });
    for (const c of batch.candidates) {
      const o = c.resemblance!.crossover.overall;
      expect(o.father + o.mother + o.pool).toBeCloseTo(1, 9);
      expect(Object.keys(c.resemblance!.crossover.groups).sort()).toEqual(['ears', 'eyes', 'faceShape', 'hair', 'mouth', 'nose', 'other']);
    }
    const d = batch.diversity!;
    expect(d.siblings).toBeGreaterThan(0);
    // Siblings share parents (and fused layers): closer than strangers.
    expect(d.ratio).toBeGreaterThan(0);
    expect(d.ratio).toBeLessThan(1);

    const [kept] = await call(handlers, 'candidates.keep', { batchId: batch.id, indices: [1] });
    const r = await call(handlers, 'persons.resemblance', { id: kept!.id });
    expect(r).toEqual(batch.candidates[1]!.resemblance);
    expect(await call(handlers, 'persons.resemblance', { id: dad.id })).toBeNull();
  }, 300_000);

  it('ages a person, stores it, undoes and redoes it bit for bit', async () => {
    const p = await call(handlers, 'founders.random', { seed: 51, ageGroup: '30-39', gender: 'female' });
    const before = await call(handlers, 'persons.detail', { id: p.id });
    const { person, note } = await call(handlers, 'persons.age', { id: p.id, ageGroup: '70+' });
    expect(note).toMatch(/^aged to 70\+ — age directions from/);
    expect(person.attributes?.ageGroup).toBe('70+');
    const aged = await call(handlers, 'persons.detail', { id: p.id });
    expect(aged.image).not.toBe(before.image);
    const project = await call(handlers, 'project.current', {});
    expect(project.undoLabel).toBe(`Age ${p.name} to 70+`);

    await call(handlers, 'history.undo', {});
    const undone = await call(handlers, 'persons.detail', { id: p.id });
    expect(undone.image).toBe(before.image);
    expect(undone.person.attributes).toEqual(before.person.attributes);
    await call(handlers, 'history.redo', {});
    expect((await call(handlers, 'persons.detail', { id: p.id })).image).toBe(aged.image);

    // Aging back lands on the same face as the grow-up strip's own cell: only the age moved.
    const young = await call(handlers, 'persons.age', { id: p.id, ageGroup: '3-9' });
    expect(young.person.attributes?.ageGroup).toBe('3-9');
  }, 300_000);

  it('a child ages with its stored settings updated; a grow-up strip exports with its sidecar', async () => {
    const dad = await call(handlers, 'founders.random', { seed: 61, ageGroup: '30-39', gender: 'male' });
    const mum = await call(handlers, 'founders.random', { seed: 62, ageGroup: '30-39', gender: 'female' });
    const batch = await call(handlers, 'breed.generate', { fatherId: dad.id, motherId: mum.id, seed: 4, count: 3, jobId: 'g0', settings: {}, target: null });
    const kids = await call(handlers, 'candidates.keep', { batchId: batch.id, indices: [0, 1, 2] });
    const child = kids[0]!;
    const { person } = await call(handlers, 'persons.age', { id: child.id, ageGroup: '0-2' });
    if (person.origin.kind !== 'child') throw new Error('not a child');
    expect(person.origin.settings.age).toMatchObject({ target: '0-2', strength: 1 });
    expect(person.attributes?.ageGroup).toBe('0-2');

    const strip = await call(handlers, 'persons.growUp', { id: child.id });
    expect(strip.cells.map((c) => c.ageGroup)).toEqual(['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+']);
    expect(strip.own).toBe('0-2');
    expect(strip.neighbourDistances).toHaveLength(8);
    expect(strip.siblingDistance).toBeGreaterThan(0);

    const out = await call(handlers, 'export.grid', { jobId: 'g1', kind: 'grow-up', personId: child.id, cellSize: 64, labels: true });
    expect(existsSync(out.path)).toBe(true);
    const meta = await sharp(out.path).metadata();
    expect(meta.width).toBeGreaterThan(9 * 64);
    const side = JSON.parse(readFileSync(out.sidecarPath, 'utf8')) as { kind: string; growUp: { ages: string[]; wplusDistanceToNextAge: number[]; wplusDistanceToSiblings: number } };
    expect(side.kind).toBe('grow-up');
    expect(side.growUp.ages).toHaveLength(9);
    expect(side.growUp.wplusDistanceToNextAge).toEqual(strip.neighbourDistances);
    expect(side.growUp.wplusDistanceToSiblings).toBeCloseTo(strip.siblingDistance!, 6);
  }, 300_000);
});
