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

function connect(opts: { token?: string; origin?: string; host?: string }): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(opts.token ?? TOKEN)}`;
  const ws = new WebSocket(url, {
    origin: opts.origin ?? `http://127.0.0.1:${host.port}`,
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
