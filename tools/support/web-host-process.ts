/** Starts `src/web/serve.ts` as a real child process with its own data dir and token. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output: () => string;
  /** Stops the host; the data dir is removed unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL, as a crash would; the data dir is kept. */
  kill(): Promise<void>;
  /** Whether the process is still running (a crash ends it). */
  alive(): boolean;
  port: number;
}

/** The test build's renderer, with its test hooks (npm run build:test; docs/ARCHITECTURE.md, "Test hooks"). */
export const TEST_RENDERER_DIR = join(process.cwd(), 'out-test', 'renderer');

/** Throws with what to run when the test build is missing (pages would load nothing). */
export function requireTestBuild(): void {
  if (!existsSync(join(TEST_RENDERER_DIR, 'index.html'))) {
    throw new Error(`${TEST_RENDERER_DIR} is missing: run npm run build:test (the app built with its test hooks) first`);
  }
}

export async function startWebHostProcess(env: Record<string, string> = {}, reuseDataDir?: string): Promise<RunningHost> {
  const dataDir = reuseDataDir ?? mkdtempSync(join(tmpdir(), 'kinship-data-'));
  const token = randomBytes(16).toString('hex');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/web/serve.ts', '--port=0'], {
    cwd: process.cwd(),
    env: { ...process.env, KINSHIP_DATA_DIR: dataDir, KINSHIP_TOKEN: token, KINSHIP_RENDERER_DIR: TEST_RENDERER_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in time:\n${out}`)), 90_000);
    const check = (): void => {
      const m = /open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code}:\n${out}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    token,
    dataDir,
    output: () => out,
    port: Number(new URL(url).port),
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    stop: async (opts) => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts?.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
