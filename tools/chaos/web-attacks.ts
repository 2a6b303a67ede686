/**
 * Hostile clients of the web host, written against raw TCP sockets so that they can
 * do what no well-behaved WebSocket library does: reset a connection mid-handshake,
 * send frames the protocol forbids, or connect and say nothing. Used by the chaos
 * script and by the web-host fault tests. Loopback only.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export interface HostAddress {
  port: number;
  token: string;
  /** The host's own origin, e.g. http://127.0.0.1:PORT. */
  origin: string;
}

export type RefusedUpgrade = 'wrong-token' | 'foreign-origin' | 'missing-origin' | 'wrong-path';
export const REFUSED_UPGRADES: readonly RefusedUpgrade[] = ['wrong-token', 'foreign-origin', 'missing-origin', 'wrong-path'];

export type BadFrame = 'invalid-utf8' | 'rsv1' | 'opcode3' | 'unmasked' | 'length-2^62' | 'over-limit';
export const BAD_FRAMES: readonly BadFrame[] = ['invalid-utf8', 'rsv1', 'opcode3', 'unmasked', 'length-2^62', 'over-limit'];

function upgradeRequest(host: HostAddress, o: { path?: string; token?: string; origin?: string | null }): string {
  const path = o.path ?? '/api';
  const lines = [
    `GET ${path}?token=${encodeURIComponent(o.token ?? host.token)} HTTP/1.1`,
    `Host: 127.0.0.1:${host.port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
  ];
  const origin = o.origin === undefined ? host.origin : o.origin;
  if (origin !== null) lines.push(`Origin: ${origin}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function refusedRequest(host: HostAddress, kind: RefusedUpgrade): string {
  switch (kind) {
    case 'wrong-token':
      return upgradeRequest(host, { token: 'not-the-token' });
    case 'foreign-origin':
      return upgradeRequest(host, { origin: 'https://evil.example' });
    case 'missing-origin':
      return upgradeRequest(host, { origin: null });
    case 'wrong-path':
      return upgradeRequest(host, { path: '/not-api' });
  }
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Data the server sends until it closes the connection (or `ms` pass). */
function readUntilClosed(s: Socket, ms: number): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      s.removeAllListeners('data');
      resolve({ data: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => done(false), ms);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.once('close', () => done(true));
    s.on('error', () => undefined);
  });
}

/** The first `\r\n\r\n`-terminated HTTP response head on the socket. */
function readResponseHead(s: Socket, ms: number): Promise<{ status: number; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error('no HTTP response in time')), ms);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      s.off('data', onData);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      resolve({ status, rest: buf.subarray(end + 4) });
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error('closed before an HTTP response')));
  });
}

/**
 * A refused upgrade followed by a TCP reset from the client, either at once (while
 * the host is still answering) or after reading the refusal. Returns the HTTP status
 * seen, or null when the reset came first.
 */
export async function refusedUpgradeThenReset(host: HostAddress, kind: RefusedUpgrade, when: 'at-once' | 'after-reply'): Promise<number | null> {
  const s = await openSocket(host.port);
  s.on('error', () => undefined);
  s.write(refusedRequest(host, kind));
  let status: number | null = null;
  if (when === 'after-reply') status = (await readResponseHead(s, 5_000)).status;
  s.resetAndDestroy();
  return status;
}

/** A WebSocket frame header (client frames are masked unless `masked` is false). */
function frame(first: number, payload: Buffer, opts: { masked?: boolean; claimedLength?: bigint } = {}): Buffer {
  const masked = opts.masked ?? true;
  const len = opts.claimedLength ?? BigInt(payload.length);
  const parts: Buffer[] = [];
  const maskBit = masked ? 0x80 : 0;
  if (len < 126n) parts.push(Buffer.from([first, maskBit | Number(len)]));
  else if (len < 65536n) {
    const b = Buffer.alloc(4);
    b[0] = first;
    b[1] = maskBit | 126;
    b.writeUInt16BE(Number(len), 2);
    parts.push(b);
  } else {
    const b = Buffer.alloc(10);
    b[0] = first;
    b[1] = maskBit | 127;
    b.writeBigUInt64BE(len, 2);
    parts.push(b);
  }
  if (masked) {
    const key = randomBytes(4);
    parts.push(key, Buffer.from(payload.map((x, i) => x ^ key[i % 4]!)));
  } else parts.push(payload);
  return Buffer.concat(parts);
}

function badFrameBytes(kind: BadFrame, limit: number): Buffer {
  switch (kind) {
    case 'invalid-utf8':
      return frame(0x81, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); // FIN + text, bytes that are not UTF-8
    case 'rsv1':
      return frame(0xc1, Buffer.from('{}')); // RSV1 set without a negotiated extension
    case 'opcode3':
      return frame(0x83, Buffer.from('{}')); // reserved non-control opcode
    case 'unmasked':
      return frame(0x81, Buffer.from('{}'), { masked: false }); // clients must mask
    case 'length-2^62':
      return frame(0x82, Buffer.alloc(16), { claimedLength: 1n << 62n });
    case 'over-limit':
      return frame(0x81, Buffer.alloc(16, 0x20), { claimedLength: BigInt(limit) + 1n });
  }
}

/**
 * Completes an authorised handshake, sends one bad frame and waits for the host to
 * close the connection. Returns the close code of the host's close frame, if it sent one.
 */
export async function sendBadFrame(host: HostAddress, kind: BadFrame, limit: number): Promise<{ closed: boolean; closeCode: number | null }> {
  const s = await openSocket(host.port);
  s.write(upgradeRequest(host, {}));
  const head = await readResponseHead(s, 5_000);
  if (head.status !== 101) {
    s.destroy();
    throw new Error(`the authorised upgrade was answered with ${head.status}`);
  }
  s.write(badFrameBytes(kind, limit));
  const { data, closed } = await readUntilClosed(s, 5_000);
  s.destroy();
  const all = Buffer.concat([head.rest, data]);
  // Server frames are unmasked: 0x88 = FIN + close, then a 7-bit length, then the code.
  const at = all.indexOf(0x88);
  const closeCode = at >= 0 && all.length >= at + 4 && (all[at + 1]! & 0x7f) >= 2 ? all.readUInt16BE(at + 2) : null;
  return { closed, closeCode };
}

/** Opens a TCP connection, sends `prefix` (maybe nothing) and waits for the host to close it. */
export async function idleConnection(port: number, prefix: string, waitMs: number): Promise<{ closedAfterMs: number | null }> {
  const s = await openSocket(port);
  const t0 = Date.now();
  if (prefix) s.write(prefix);
  const { closed } = await readUntilClosed(s, waitMs);
  s.destroy();
  return { closedAfterMs: closed ? Date.now() - t0 : null };
}

/** The upgrade request a hostile client would send; exported for idle WebSocket cases. */
export function authorisedUpgrade(host: HostAddress): string {
  return upgradeRequest(host, {});
}

/** An authorised ws client that answers one `studio.status` call: the host is serving. */
export async function hostServes(host: HostAddress, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(ok);
    };
    ws.on('error', () => finish(false));
    ws.on('unexpected-response', () => finish(false));
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'studio.status', input: {} })));
    ws.on('message', (d) => {
      const msg = JSON.parse(d.toString()) as { kind: string; response?: { id: number; ok: boolean } };
      if (msg.kind === 'response' && msg.response?.id === 1) finish(msg.response.ok);
    });
  });
}
