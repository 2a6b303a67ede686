/**
 * The gene pool drives mutation: children bred for the 0-2 group from a pool of
 * built-in founders come out younger (by the pack's attributes model) than their
 * 30-39 parents and than the same children bred without a pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openBuiltinRuntime, tempDir } from '../support/builtin-pack';
import { GenePool } from '../../src/core/pool';
import { createFounders } from '../../src/core/breeding/founders';
import { breed } from '../../src/core/breeding/breed-pipeline';
import { decodeAttributes } from '../../src/core/breeding/attributes-decode';
import { WPLUS_LEN, type PackRuntime } from '../../src/core/breeding/pack-runtime';
import { createRng } from '../../src/core/genes/rng';
import { AGE_GROUPS } from '../../src/core/genes/regions';
import type { InferenceEngine } from '../../src/core/inference/inference-engine';

let runtime: PackRuntime;
let engine: InferenceEngine;
let pool: GenePool;

beforeAll(async () => {
  ({ runtime, engine } = await openBuiltinRuntime());
  pool = await GenePool.open(runtime, join(tempDir('kinship-pool-breed-'), 'p.kpool'), { create: true });
  await pool.buildRandom({ count: 600, seed: 5 });
});
afterAll(async () => {
  pool?.close();
  await engine?.dispose();
});

async function meanAgeIndex(latents: Float32Array[]): Promise<number> {
  const all = new Float32Array(latents.length * WPLUS_LEN);
  latents.forEach((l, i) => all.set(l, i * WPLUS_LEN));
  const logits = await runtime.attributes({ wplus: all });
  return latents.reduce((sum, _, i) => sum + AGE_GROUPS.indexOf(decodeAttributes(logits, i).ageGroup), 0) / latents.length;
}

describe('gene pool in breeding', () => {
  it('0-2 donors make younger children than the parents and than pool-less breeding', async () => {
    const [f, m] = await createFounders(runtime, [
      { seed: 1, ageGroup: '30-39', gender: 'male' },
      { seed: 2, ageGroup: '30-39', gender: 'female' },
    ]);
    const sample = await pool.sampleDonors({ ageGroup: '0-2', gender: 'female', races: [f!.attributes!.race, m!.attributes!.race], k: 16, rng: createRng(9).fork('pool') });
    expect(sample.donors.length).toBeGreaterThan(0);
    expect(sample.entries.every((e) => e.ageGroup === '0-2' || sample.report.widened.length > 0)).toBe(true);
    const base = { father: { id: 'F', wplus: f!.wplus }, mother: { id: 'M', wplus: m!.wplus }, settings: {}, seed: 9, count: 16 };
    const withPool = await breed(runtime, { ...base, donors: sample.donors });
    const without = await breed(runtime, base);
    const young = await meanAgeIndex(withPool.children.map((c) => c.wplus));
    const plain = await meanAgeIndex(without.children.map((c) => c.wplus));
    const parents = AGE_GROUPS.indexOf('30-39');
    expect(young).toBeLessThan(parents - 1);
    expect(young).toBeLessThan(plain - 1);
  });

  it('the same seed draws the same donors', async () => {
    const q = { ageGroup: '0-2' as const, gender: 'male' as const, races: ['White' as const], k: 8 };
    const a = await pool.sampleDonors({ ...q, rng: createRng(3).fork('pool') });
    const b = await pool.sampleDonors({ ...q, rng: createRng(3).fork('pool') });
    expect(a.entries.map((e) => e.id)).toEqual(b.entries.map((e) => e.id));
  });
});
