/**
 * The short form of `npm run test:chaos` (tools/chaos.ts): one round of every web-host
 * attack, one kill -9 during project edits and one during a pool build, each against a
 * real host process on 127.0.0.1. Nothing may crash and no acknowledged commit may be lost.
 */
import { describe, expect, it } from 'vitest';
import { builtinResources } from '../support/builtin-pack';
import { formatChaos, runChaos } from '../../tools/chaos/run-chaos';
import { BAD_FRAMES, REFUSED_UPGRADES } from '../../tools/chaos/web-attacks';

describe('chaos (short form)', () => {
  it('survives every trial with 0 crashes and 0 lost commits', { timeout: 420_000 }, async () => {
    const r = await runChaos({ webRounds: 1, editTrials: 1, poolTrials: 1, poolCount: 600, seconds: 360, seed: 7, resourcesDir: await builtinResources() });
    const table = formatChaos(r);
    console.log(table);
    expect(r.skippedForTime, table).toBe(0);
    const web = r.scenarios.find((s) => s.name === 'web-host faults')!;
    expect(web.trials).toBe(REFUSED_UPGRADES.length * 2 + BAD_FRAMES.length);
    expect(r.scenarios.map((s) => s.trials)).toEqual([web.trials, 1, 1]);
    expect(r.totals.crashes, table).toBe(0);
    expect(r.totals.lostCommits, table).toBe(0);
    expect(r.totals.survived, table).toBe(r.totals.trials);
  });
});
