/**
 * Hostile clients cannot end the web host: refused upgrades followed by a TCP reset,
 * every kind of malformed WebSocket frame from a client with the token, and messages
 * too big for one frame. The host runs as its own process (as `npm run serve`), so a
 * crash shows as a dead process, and after every attack it must still answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { builtinResources } from '../support/builtin-pack';
import { startWebHostProcess, type RunningHost } from '../e2e/support/web-host-process';
import {
  BAD_FRAMES,
  REFUSED_UPGRADES,
  hostServes,
  refusedUpgradeThenReset,
  sendBadFrame,
  type BadFrame,
} from '../../tools/chaos/web-attacks';
import { API_MAX_MESSAGE_BYTES, PHOTO_MAX_BASE64_CHARS } from '../../src/shared/limits';

let resources: string;
let host: RunningHost | null = null;

/** A fresh host when the previous test killed it, so each case is judged on its own. */
async function liveHost(): Promise<RunningHost> {
  if (host?.alive() && (await hostServes(host, 5_000)) && host.alive()) return host;
  await host?.stop();
  host = await startWebHostProcess({ KINSHIP_RESOURCES_DIR: resources });
  return host;
}

async function expectSurvived(h: RunningHost): Promise<void> {
  // A crash is an uncaught exception: give it a moment to end the process.
  await new Promise((r) => setTimeout(r, 150));
  expect(h.alive(), `the web host died:\n${h.output().slice(-2000)}`).toBe(true);
  expect(await hostServes(h)).toBe(true);
  expect(h.output()).not.toMatch(/Unhandled|ECONNRESET|WS_ERR_/);
}

beforeAll(async () => {
  resources = await builtinResources();
});
beforeEach(async () => {
  await liveHost();
});
afterAll(async () => {
  await host?.stop();
});

describe('refused WebSocket upgrade, then a TCP reset', () => {
  for (const kind of REFUSED_UPGRADES) {
    it(`${kind}: the host survives resets at once and after the refusal`, async () => {
      const h = await liveHost();
      const statuses: (number | null)[] = [];
      try {
        for (let i = 0; i < 10; i++) {
          statuses.push(await refusedUpgradeThenReset(h, kind, 'after-reply'));
          statuses.push(await refusedUpgradeThenReset(h, kind, 'at-once'));
        }
      } catch {
        // A host that died mid-way refuses the next connection; judged just below.
      }
      await expectSurvived(h);
      // The refusals themselves are the right ones.
      const seen = statuses.filter((s): s is number => s !== null);
      expect(seen.length).toBe(10);
      expect(new Set(seen)).toEqual(new Set([kind === 'wrong-token' ? 401 : kind === 'wrong-path' ? 404 : 403]));
    });
  }
});

describe('malformed frames from a client with the token', () => {
  const expectedCode: Record<BadFrame, number> = {
    'invalid-utf8': 1007,
    rsv1: 1002,
    opcode3: 1002,
    unmasked: 1002,
    'length-2^62': 1009,
    'over-limit': 1009,
  };
  for (const kind of BAD_FRAMES) {
    it(`${kind}: the connection is closed with ${expectedCode[kind]}, the host keeps serving`, async () => {
      const h = await liveHost();
      const r = await sendBadFrame(h, kind, API_MAX_MESSAGE_BYTES);
      expect(r.closed).toBe(true);
      expect(r.closeCode).toBe(expectedCode[kind]);
      await expectSurvived(h);
    });
  }
});

describe('big photos', () => {
  function call(h: RunningHost, message: string): Promise<{ reply: { ok: boolean; error?: { code: string; message: string } } | null; closeCode: number | null }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api?token=${h.token}`, { origin: h.origin });
      ws.on('error', () => undefined);
      ws.on('unexpected-response', () => reject(new Error('refused')));
      ws.on('open', () => ws.send(message));
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString()) as { kind: string; response?: { id: number; ok: boolean; error?: { code: string; message: string } } };
        if (msg.kind === 'response' && msg.response?.id === 7) {
          ws.close();
          resolve({ reply: msg.response, closeCode: null });
        }
      });
      ws.on('close', (code) => resolve({ reply: null, closeCode: code }));
    });
  }
  const detect = (chars: number): string => JSON.stringify({ id: 7, method: 'photo.detect', input: { fileName: 'big.jpg', data: 'A'.repeat(chars) } });

  it('a 49 MiB photo (over the old 64 MiB frame limit) gets an error reply, not a dead host', async () => {
    const h = await liveHost();
    const chars = 4 * Math.ceil((49 * 1024 * 1024) / 3);
    expect(chars).toBeGreaterThan(64 * 1024 * 1024);
    const r = await call(h, detect(chars));
    expect(r.reply?.ok).toBe(false);
    // Zero bytes are no image: the decoder says so (the size itself is allowed).
    expect(r.reply?.error?.code).toBe('invalid-input');
    expect(r.reply?.error?.message).not.toMatch(/larger than/);
    await expectSurvived(h);
  });

  it('a photo over the import limit is refused with a message that says so', async () => {
    const h = await liveHost();
    const r = await call(h, detect(PHOTO_MAX_BASE64_CHARS + 4));
    expect(r.reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(r.reply?.error?.message).toMatch(/photo is larger than 50 MiB/);
    await expectSurvived(h);
  });

  it('a message over the frame limit closes that connection with 1009 (too big) only', async () => {
    const h = await liveHost();
    const r = await call(h, detect(API_MAX_MESSAGE_BYTES));
    expect(r.reply).toBeNull();
    expect(r.closeCode).toBe(1009);
    await expectSurvived(h);
  });
});
