/**
 * Connections that stop talking are closed: a TCP connection that never sends a
 * request, one that dribbles its headers, a kept-alive connection with no next
 * request, and a WebSocket that no longer answers pings. A client that does answer
 * stays connected however long it is idle. Limits are shortened for the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/web/web-host';
import { StudioService } from '../../src/core/studio-service';
import { createHandlers } from '../../src/core/api-router';
import { authorisedUpgrade, hostServes, idleConnection } from '../../tools/chaos/web-attacks';

let host: WebHost;
let service: StudioService;
const TOKEN = 'timeouts-token-0123456789';
const address = () => ({ port: host.port, token: TOKEN, origin: `http://127.0.0.1:${host.port}` });
const LIMITS = { idleMs: 600, headersMs: 800, requestMs: 1_500, keepAliveMs: 400, pingMs: 300 };

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'kinship-timeouts-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  service = await StudioService.create({ host: 'web', dataDir: join(root, 'data'), resourcesDir: join(root, 'res'), lazyPack: true });
  host = await startWebHost({ handlers: createHandlers(service), events: service.events, staticDir, token: TOKEN, timeouts: LIMITS });
});

afterAll(async () => {
  await host.close();
  await service.dispose();
});

describe('idle connections', () => {
  it('closes a TCP connection that never sends a request', async () => {
    const r = await idleConnection(host.port, '', 5_000);
    expect(r.closedAfterMs).not.toBeNull();
    expect(r.closedAfterMs!).toBeGreaterThanOrEqual(LIMITS.idleMs - 50);
  });

  it('closes a connection that sends its headers too slowly (each byte in time for the idle limit)', async () => {
    const s = connect({ host: '127.0.0.1', port: host.port });
    s.on('error', () => undefined);
    await new Promise<void>((r) => s.once('connect', () => r()));
    const t0 = Date.now();
    s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`);
    const drip = setInterval(() => s.write('X-Slow: 1\r\n'), 150);
    const closedAfter = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 6_000);
      s.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - t0);
      });
    });
    clearInterval(drip);
    s.destroy();
    expect(closedAfter).not.toBeNull();
    expect(closedAfter!).toBeLessThan(4_000);
  });

  it('closes a kept-alive connection that sends no next request', async () => {
    const r = await idleConnection(host.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`, 5_000);
    expect(r.closedAfterMs).not.toBeNull();
    expect(r.closedAfterMs!).toBeLessThan(3_000);
  });

  it('closes an upgraded connection that never answers a ping', async () => {
    const r = await idleConnection(host.port, authorisedUpgrade(address()), 5_000);
    expect(r.closedAfterMs).not.toBeNull();
    expect(r.closedAfterMs!).toBeLessThan(3 * LIMITS.pingMs + 1_000);
  });

  it('keeps a WebSocket client that answers pings, and drops one that does not', async () => {
    const url = `ws://127.0.0.1:${host.port}/api?token=${TOKEN}`;
    const open = (autoPong: boolean): Promise<{ ws: WebSocket; closed: Promise<number> }> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { origin: address().origin, autoPong });
        const closed = new Promise<number>((r) => ws.once('close', () => r(Date.now())));
        ws.once('open', () => resolve({ ws, closed }));
        ws.once('error', reject);
      });
    const polite = await open(true);
    const silent = await open(false);
    const t0 = Date.now();
    const silentClosedAt = await Promise.race([silent.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
    expect(silentClosedAt).toBeGreaterThan(0);
    expect(silentClosedAt - t0).toBeLessThan(3 * LIMITS.pingMs + 1_000);
    // Idle for many ping periods, the polite client is still there and still served.
    await new Promise((r) => setTimeout(r, 6 * LIMITS.pingMs));
    expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    const reply = new Promise<string>((r) => polite.ws.once('message', (d) => r(d.toString())));
    polite.ws.send(JSON.stringify({ id: 1, method: 'studio.status', input: {} }));
    expect(JSON.parse(await reply)).toMatchObject({ kind: 'response', response: { id: 1, ok: true } });
    polite.ws.close();
    expect(await hostServes(address())).toBe(true);
  });
});
