import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/web/web-host';
import { StudioService } from '../../src/core/studio-service';
import { createHandlers } from '../../src/core/api-router';
import type { ServerMessage } from '../../src/shared/api';

let host: WebHost;
let service: StudioService;
const TOKEN = 'test-token-0123456789abcdef';

function httpGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `origin: null` sends no Origin header at all (ws adds none unless told). */
function connect(opts: { token?: string; origin?: string | null; host?: string }): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(opts.token ?? TOKEN)}`;
  const origin = opts.origin === null ? undefined : (opts.origin ?? `http://127.0.0.1:${host.port}`);
  const ws = new WebSocket(url, {
    ...(origin === undefined ? {} : { origin }),
    headers: opts.host ? { Host: opts.host } : {},
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextResponse(ws: WebSocket): Promise<Extract<ServerMessage, { kind: 'response' }>['response']> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      if (msg.kind === 'response') {
        ws.off('message', onMessage);
        resolve(msg.response);
      }
    };
    ws.on('message', onMessage);
  });
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'kinship-webhost-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  service = await StudioService.create({ host: 'web', dataDir: join(root, 'data'), resourcesDir: join(root, 'res'), lazyPack: true });
  host = await startWebHost({ handlers: createHandlers(service), events: service.events, staticDir, token: TOKEN });
});

afterAll(async () => {
  await host.close();
  await service.dispose();
});

describe('web host network boundary', () => {
  it('listens on loopback only', () => {
    const addr = host.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('has limits on idle and slow connections by default', () => {
    expect(host.server.timeout).toBeGreaterThan(0);
    expect(host.server.headersTimeout).toBeGreaterThan(0);
    expect(host.server.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(host.server.requestTimeout).toBeGreaterThan(0);
    expect(host.server.requestTimeout).toBeLessThanOrEqual(60_000);
  });

  it('serves the app with security headers to its own Host', async () => {
    const res = await httpGet('/', { Host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>studio</title>');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await httpGet('/', { Host: `evil.example:${host.port}` });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('studio');
  });

  it('refuses a foreign Origin on HTTP', async () => {
    const res = await httpGet('/', { Host: `127.0.0.1:${host.port}`, Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await httpGet('/..%2fsecret.txt', { Host: `127.0.0.1:${host.port}` });
    expect(res.status).not.toBe(200);
    expect(res.body).not.toContain('do not serve');
  });

  it('refuses WebSocket upgrades with a wrong or missing token', async () => {
    await expect(connect({ token: 'wrong' })).rejects.toThrow(/401/);
    await expect(connect({ token: '' })).rejects.toThrow(/401/);
  });

  it('refuses a WebSocket upgrade without an Origin header, even with the token', async () => {
    // Browsers always send Origin; a missing one is some other program (or a page
    // stripping it through a proxy) and must not reach the API.
    await expect(connect({ origin: null })).rejects.toThrow(/403/);
    // The same request with our Origin is accepted: the refusal is about the header.
    const ws = await connect({});
    ws.close();
  });

  it('refuses WebSocket upgrades from a foreign Origin or Host', async () => {
    await expect(connect({ origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ host: 'evil.example' })).rejects.toThrow(/403/);
  });

  it('answers a valid call and rejects malformed ones with an error reply, changing nothing', async () => {
    const ws = await connect({});
    const before = service.status();

    ws.send('{not json');
    expect(await nextResponse(ws)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

    ws.send(JSON.stringify({ id: 1, method: 'packs.activate', input: { packId: 7 } }));
    expect(await nextResponse(ws)).toMatchObject({ id: 1, ok: false, error: { code: 'invalid-input' } });

    ws.send(JSON.stringify({ id: 2, method: 'shell.exec', input: { cmd: 'rm -rf /' } }));
    expect(await nextResponse(ws)).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-request' } });

    expect(service.status()).toEqual(before);

    ws.send(JSON.stringify({ id: 3, method: 'studio.status', input: {} }));
    const ok = await nextResponse(ws);
    expect(ok).toMatchObject({ id: 3, ok: true });
    ws.close();
  });
});
