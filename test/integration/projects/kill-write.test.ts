import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ProjectStore } from '../../../src/core/projects';
import { bytesOf, latent, png, tempDir } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const writer = fileURLToPath(new URL('./fixtures/kill-writer.ts', import.meta.url));

/** Runs the writer until it has printed `minCommits` commits, waits a random few ms, SIGKILLs it. */
function runAndKill(path: string, start: number, minCommits: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = start - 1;
    let buf = '';
    let err = '';
    let killing = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^committed (\d+)$/.exec(l);
        if (m) last = Number(m[1]);
      }
      if (!killing && last - start + 1 >= minCommits) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${err}`));
      else resolve(last);
    });
  });
}

describe('kill mid-write', () => {
  it('a SIGKILL at a random moment leaves a valid file holding exactly a committed prefix', async () => {
    const path = join(dir, 'kill.kinship');
    ProjectStore.create(path, { name: 'Kill', packId: 'builtin@1', appVersion: '0.1.0' }).close();
    let count = 0;
    for (let round = 0; round < 3; round++) {
      const lastPrinted = await runAndKill(path, count, 5 + Math.floor(Math.random() * 30), Math.floor(Math.random() * 25));

      // The WAL left by the killed process is still there; it holds committed data.
      const raw = new Database(path, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = ProjectStore.open(path);
      const persons = store.snapshot().persons;
      // Everything printed is committed; at most one more commit may have landed before the print.
      expect(persons.length).toBeGreaterThanOrEqual(lastPrinted + 1);
      expect(persons.length).toBeLessThanOrEqual(lastPrinted + 2);
      persons.forEach((p, i) => {
        expect(p.name).toBe(`P${i}`);
        expect(bytesOf(store.getLatent(p.id)).equals(bytesOf(latent(i)))).toBe(true);
        expect(store.getImage(p.id).equals(png(i, 4000 + (i % 7) * 3000))).toBe(true);
      });
      // Every committed edit also has its undo record.
      expect(store.historyState().undoLabel).toBe(`Add P${persons.length - 1}`);
      store.close();
      count = persons.length;
    }
  }, 120_000);
});
