/**
 * `npm run test:chaos`: repeated kill -9 trials during pool builds and project edits,
 * and every web-host attack, against real host processes on 127.0.0.1 (see
 * tools/chaos/run-chaos.ts). Prints trials, survived, lost commits and crashes; exits
 * with 1 when anything was lost or crashed.
 *
 *   npm run test:chaos -- [--web-rounds=N] [--edit-trials=N] [--pool-trials=N] [--seconds=S] [--seed=N]
 */
import { formatChaos, runChaos } from './chaos/run-chaos';

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return v;
}

const result = await runChaos({
  webRounds: arg('web-rounds', 5),
  editTrials: arg('edit-trials', 10),
  poolTrials: arg('pool-trials', 4),
  seconds: arg('seconds', 900),
  seed: arg('seed', 1),
  log: (line) => console.error(line),
});
console.log(formatChaos(result));
process.exit(result.totals.crashes > 0 || result.totals.lostCommits > 0 || result.totals.survived < result.totals.trials ? 1 : 0);
