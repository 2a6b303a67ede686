/**
 * Reliability trials against real web-host processes on 127.0.0.1:
 *
 * - web faults: every refused-upgrade-then-reset and bad-frame attack of
 *   web-attacks.ts, each followed by a check that the host is alive and serving;
 * - kill during edits: a client adds and renames founders while the host is
 *   SIGKILLed at a random moment; after a restart every acknowledged edit must be
 *   there (a rename in flight may land either way) and the project file must pass
 *   SQLite's quick_check;
 * - kill during a pool build: the host is SIGKILLed mid-build; every batch reported
 *   as committed must be in the pool file, which must pass quick_check, and the build
 *   resumed after a restart must end with exactly the asked number of entries.
 *
 * "Lost commits" counts acknowledged edits or committed pool entries missing after a
 * kill; "crashes" counts host processes that died without being killed.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startWebHostProcess, type RunningHost } from '../support/web-host-process';
import { apiClient } from './api-client';
import { BAD_FRAMES, REFUSED_UPGRADES, hostServes, refusedUpgradeThenReset, sendBadFrame } from './web-attacks';
import { API_MAX_MESSAGE_BYTES } from '../../src/shared/limits';
import { mulberry32 } from '../../src/core/random/mulberry32';

export interface ChaosOptions {
  /** Rounds over every web-host attack. */
  webRounds: number;
  /** Kill trials during project edits. */
  editTrials: number;
  /** Kill trials during pool builds. */
  poolTrials: number;
  /** Entries per pool build (default 2000). */
  poolCount?: number;
  /** Overall time budget; trials not started by then are skipped (and said so). */
  seconds: number;
  /** Seed of the kill timings, so a failing run can be repeated. */
  seed: number;
  /** Resources folder holding models/builtin (default: the app's own). */
  resourcesDir?: string;
  log?: (line: string) => void;
}

export interface ScenarioFigures {
  name: string;
  trials: number;
  survived: number;
  lostCommits: number;
  crashes: number;
  /** One line per trial that did not survive. */
  failures: string[];
}

export interface ChaosResult {
  scenarios: ScenarioFigures[];
  totals: Omit<ScenarioFigures, 'name' | 'failures'>;
  skippedForTime: number;
  seconds: number;
}

const rng = mulberry32;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function quickCheck(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const t0 = Date.now();
  const deadline = t0 + opts.seconds * 1000;
  const log = opts.log ?? (() => undefined);
  const random = rng(opts.seed);
  const env: Record<string, string> = opts.resourcesDir ? { KINSHIP_RESOURCES_DIR: opts.resourcesDir } : {};
  let skippedForTime = 0;
  const timeLeft = (): boolean => Date.now() < deadline;

  const scenarios: ScenarioFigures[] = [];

  // ---- web-host faults --------------------------------------------------------------
  {
    const s: ScenarioFigures = { name: 'web-host faults', trials: 0, survived: 0, lostCommits: 0, crashes: 0, failures: [] };
    scenarios.push(s);
    let host: RunningHost | null = null;
    const attacks: { name: string; run: (h: RunningHost) => Promise<unknown> }[] = [
      ...REFUSED_UPGRADES.flatMap((k) =>
        (['at-once', 'after-reply'] as const).map((when) => ({ name: `${k} + reset ${when}`, run: (h: RunningHost) => refusedUpgradeThenReset(h, k, when) })),
      ),
      ...BAD_FRAMES.map((k) => ({ name: `bad frame ${k}`, run: (h: RunningHost) => sendBadFrame(h, k, API_MAX_MESSAGE_BYTES) })),
    ];
    try {
      for (let round = 0; round < opts.webRounds; round++) {
        for (const attack of attacks) {
          if (!timeLeft()) {
            skippedForTime++;
            continue;
          }
          if (!host || !host.alive()) host = await startWebHostProcess(env);
          s.trials++;
          try {
            await attack.run(host);
          } catch {
            // Judged by what follows: whether the host is still alive and serving.
          }
          await sleep(50);
          if (host.alive() && (await hostServes(host, 10_000)) && host.alive()) s.survived++;
          else {
            s.crashes += host.alive() ? 0 : 1;
            s.failures.push(`${attack.name}: ${host.alive() ? 'host stopped answering' : `host died: ${host.output().slice(-300)}`}`);
            await host.stop();
            host = null;
          }
        }
      }
    } finally {
      await host?.stop();
    }
    log(`web-host faults: ${s.survived}/${s.trials} survived`);
  }

  // ---- kill -9 during project edits ---------------------------------------------------
  {
    const s: ScenarioFigures = { name: 'kill -9 during edits', trials: 0, survived: 0, lostCommits: 0, crashes: 0, failures: [] };
    scenarios.push(s);
    // id -> names it may have after a kill (two while a rename is in flight).
    const ledger = new Map<string, string[]>();
    let dataDir: string | undefined;
    let projectPath: string | null = null;
    const verify = async (host: RunningHost, trial: number): Promise<boolean> => {
      const c = apiClient(host.port, host.token, host.origin);
      try {
        const tree = await c.call<{ project: { path: string }; persons: { id: string; name: string }[] }>('tree.get', {});
        projectPath = tree.project.path;
        const byId = new Map(tree.persons.map((p) => [p.id, p.name]));
        let lost = 0;
        for (const [id, names] of ledger) if (!names.includes(byId.get(id) ?? '\0missing')) lost++;
        s.lostCommits += lost;
        if (lost) s.failures.push(`trial ${trial}: ${lost} acknowledged edits missing after the restart`);
        return lost === 0;
      } finally {
        c.close();
      }
    };
    let host: RunningHost | null = null;
    let lastOk = true;
    try {
      for (let trial = 1; trial <= opts.editTrials; trial++) {
        if (!timeLeft()) {
          skippedForTime += opts.editTrials - trial + 1;
          break;
        }
        host = await startWebHostProcess(env, dataDir);
        dataDir = host.dataDir;
        // The previous trial is judged after this restart.
        if (trial > 1) {
          const ok = (await verify(host, trial - 1)) && lastOk;
          if (ok) s.survived++;
        }
        s.trials++;
        const c = apiClient(host.port, host.token, host.origin);
        const killAfter = 300 + Math.floor(random() * 1500);
        let stop = false;
        let acks = 0;
        const edits = (async () => {
          for (let k = 0; !stop; k++) {
            const f = await c.call<{ id: string; name: string }>('founders.random', { seed: trial * 1000 + k });
            acks++;
            ledger.set(f.id, [f.name]);
            const name = `chaos ${trial}.${k}`;
            ledger.set(f.id, [f.name, name]);
            await c.call('persons.update', { id: f.id, name });
            ledger.set(f.id, [name]);
          }
        })().catch(() => undefined);
        // The clock starts at the first acknowledged edit, so every trial kills mid-stream.
        const waitStart = Date.now();
        while (acks === 0 && Date.now() - waitStart < 60_000 && host.alive()) await sleep(20);
        await sleep(killAfter);
        lastOk = true;
        if (!host.alive()) {
          s.crashes++;
          lastOk = false;
          s.failures.push(`trial ${trial}: the host died before the kill: ${host.output().slice(-300)}`);
        }
        await host.kill();
        stop = true;
        c.close();
        await edits;
        if (projectPath && existsSync(projectPath)) {
          const check = quickCheck(projectPath);
          if (check !== 'ok') {
            lastOk = false;
            s.failures.push(`trial ${trial}: project file quick_check: ${check}`);
          }
        }
      }
      if (s.trials > 0) {
        // Judge the last trial.
        host = await startWebHostProcess(env, dataDir);
        const ok = (await verify(host, s.trials)) && lastOk;
        if (ok) s.survived++;
        await host.stop({ keepData: true });
      }
    } finally {
      if (host?.alive()) await host.stop({ keepData: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
    log(`kill -9 during edits: ${s.survived}/${s.trials} survived, ${ledger.size} acknowledged founders checked`);
  }

  // ---- kill -9 during pool builds ------------------------------------------------------
  {
    const s: ScenarioFigures = { name: 'kill -9 during pool build', trials: 0, survived: 0, lostCommits: 0, crashes: 0, failures: [] };
    scenarios.push(s);
    const COUNT = opts.poolCount ?? 2000;
    for (let trial = 1; trial <= opts.poolTrials; trial++) {
      if (!timeLeft()) {
        skippedForTime += opts.poolTrials - trial + 1;
        break;
      }
      s.trials++;
      let host: RunningHost | null = await startWebHostProcess(env);
      const dataDir = host.dataDir;
      let ok = true;
      try {
        const c = apiClient(host.port, host.token, host.origin);
        const seed = 100 + trial;
        void c.call('pool.buildRandom', { jobId: 'chaos-pool', count: COUNT, seed }).catch(() => undefined);
        const killAt = Math.min(COUNT - 1, 64 + Math.floor(random() * (COUNT * 0.6)));
        const waitStart = Date.now();
        while ((c.progress.get('chaos-pool')?.done ?? 0) < killAt && Date.now() - waitStart < 120_000 && host.alive()) await sleep(5);
        const acknowledged = c.progress.get('chaos-pool')?.done ?? 0;
        if (!host.alive()) {
          s.crashes++;
          ok = false;
          s.failures.push(`trial ${trial}: the host died during the build: ${host.output().slice(-300)}`);
        }
        await host.kill();
        c.close();
        const poolsDir = join(dataDir, 'pools');
        const file = existsSync(poolsDir) ? readdirSync(poolsDir).find((f) => f.endsWith('.kpool')) : undefined;
        if (!file) {
          ok = false;
          s.failures.push(`trial ${trial}: no pool file after the kill`);
        } else {
          const path = join(poolsDir, file);
          const check = quickCheck(path);
          const db = new Database(path, { readonly: true });
          const committed = (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
          db.close();
          if (check !== 'ok') {
            ok = false;
            s.failures.push(`trial ${trial}: pool file quick_check: ${check}`);
          }
          if (committed < acknowledged) {
            ok = false;
            s.lostCommits += acknowledged - committed;
            s.failures.push(`trial ${trial}: ${acknowledged} entries reported committed, ${committed} in the file`);
          }
          // Resume: the same build finishes with exactly COUNT entries (none twice, none missing).
          host = await startWebHostProcess(env, dataDir);
          const c2 = apiClient(host.port, host.token, host.origin);
          const r = await c2.call<{ total: number; complete: boolean }>('pool.buildRandom', { jobId: 'chaos-pool-2', count: COUNT, seed });
          c2.close();
          if (!r.complete || r.total !== COUNT) {
            ok = false;
            s.failures.push(`trial ${trial}: the resumed build ended with ${r.total} entries (complete: ${r.complete}), expected ${COUNT}`);
          }
          if (!host.alive()) {
            s.crashes++;
            ok = false;
          }
        }
      } catch (e) {
        ok = false;
        s.failures.push(`trial ${trial}: ${(e as Error).message}`);
      } finally {
        await host?.stop();
        rmSync(dataDir, { recursive: true, force: true });
        host = null;
      }
      if (ok) s.survived++;
    }
    log(`kill -9 during pool builds: ${s.survived}/${s.trials} survived`);
  }

  const totals = scenarios.reduce(
    (t, s) => ({ trials: t.trials + s.trials, survived: t.survived + s.survived, lostCommits: t.lostCommits + s.lostCommits, crashes: t.crashes + s.crashes }),
    { trials: 0, survived: 0, lostCommits: 0, crashes: 0 },
  );
  return { scenarios, totals, skippedForTime, seconds: (Date.now() - t0) / 1000 };
}

export function formatChaos(r: ChaosResult): string {
  const rows = [['scenario', 'trials', 'survived', 'lost commits', 'crashes'], ...r.scenarios.map((s) => [s.name, s.trials, s.survived, s.lostCommits, s.crashes].map(String))];
  rows.push(['total', ...[r.totals.trials, r.totals.survived, r.totals.lostCommits, r.totals.crashes].map(String)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  for (const s of r.scenarios) for (const f of s.failures) lines.push(`  ${s.name}: ${f}`);
  if (r.skippedForTime) lines.push(`${r.skippedForTime} trials skipped: the time budget ran out`);
  lines.push(`${r.seconds.toFixed(1)} s`);
  return lines.join('\n');
}
