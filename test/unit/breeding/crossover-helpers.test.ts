/**
 * Crossover helper threads (src/core/breeding/crossover-helpers.ts) against stand-in helper
 * scripts: a part settles when its helper answers, and a helper whose reply does not match
 * the message schema fails its parts (the caller redoes them) instead of leaving a part that
 * never settles, and takes no more work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrossoverHelpers } from '../../../src/core/breeding/crossover-helpers';
import type { CrossoverRequest } from '../../../src/core/inference/messages';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A helper script that says it is ready, then answers every part with `reply(id)`. */
function helperScript(reply: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinship-helper-'));
  dirs.push(dir);
  const file = join(dir, 'helper.cjs');
  writeFileSync(file, `const { parentPort } = require('node:worker_threads');\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', (m) => parentPort.postMessage(${reply}));\n`);
  return file;
}

async function ready(h: CrossoverHelpers): Promise<void> {
  const until = Date.now() + 10_000;
  while (h.available() < 1) {
    if (Date.now() > until) throw new Error('the helper never said it was ready');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The stand-ins never read the request; it only has to cross the thread boundary.
const req = { indices: [0] } as unknown as Omit<CrossoverRequest, 'type' | 'id'>;
const genes = () => new Float32Array(new SharedArrayBuffer(16));

describe('crossover helpers', () => {
  it('a part settles when its helper answers done', async () => {
    const h = new CrossoverHelpers({ entry: helperScript(`{ type: 'done', id: m.id }`), count: 1 });
    await ready(h);
    const parts = h.run(req, genes(), 2);
    expect(parts).toHaveLength(1);
    await expect(parts[0]).resolves.toBeUndefined();
    expect(h.available()).toBe(1);
  }, 20_000);

  it('a malformed reply fails the part and retires the helper instead of hanging', async () => {
    const h = new CrossoverHelpers({ entry: helperScript(`{ type: 'done', id: 'part ' + m.id }`), count: 1 });
    await ready(h);
    const [part] = h.run(req, genes(), 2);
    const settled = await Promise.race([part!.then(() => 'resolved', (e: Error) => e.message), new Promise<string>((r) => setTimeout(() => r('still pending after 5 s'), 5000))]);
    expect(settled).toMatch(/does not match its schema/);
    expect(h.available()).toBe(0);
  }, 20_000);
});
