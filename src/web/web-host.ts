/**
 * The web host: the built renderer over HTTP and the studio API over a WebSocket,
 * on 127.0.0.1 only. Guards against other sites and other local users: loopback
 * bind, Host and Origin allow-lists (DNS rebinding, cross-site WebSocket), and a
 * per-launch secret token on the API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type Handlers } from '../core/api-router';
import type { EventHub } from '../core/event-hub';
import type { ServerMessage, StudioEvent } from '../shared/api';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { API_MAX_MESSAGE_BYTES } from '../shared/limits';

export interface WebHostOptions {
  handlers: Handlers;
  events: EventHub<StudioEvent>;
  /** Folder with the built renderer (index.html). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; otherwise a fresh random one per launch. */
  token?: string;
  /** Connection time limits; the defaults suit the app, tests shorten them. */
  timeouts?: Partial<WebHostTimeouts>;
}

export interface WebHostTimeouts {
  /** An HTTP connection with no traffic for this long is closed. */
  idleMs: number;
  /** The request headers must arrive within this (slow-header attacks). */
  headersMs: number;
  /** A whole request must arrive within this. */
  requestMs: number;
  /** A kept-alive connection waits this long for its next request. */
  keepAliveMs: number;
  /**
   * A WebSocket is pinged this often; one that has not answered (pong) or sent
   * anything since the previous ping is closed. Browsers answer pings by themselves,
   * so an open studio tab stays connected however long it is left alone.
   */
  pingMs: number;
}

const DEFAULT_TIMEOUTS: WebHostTimeouts = { idleMs: 60_000, headersMs: 15_000, requestMs: 30_000, keepAliveMs: 5_000, pingMs: 30_000 };

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = resolve(options.staticDir);
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${join(staticDir, 'index.html')} is missing). Run \`npm run build\` first.`);
  }
  let port = options.port ?? 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'foreign Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'foreign Origin');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    serveStatic(staticDir, req, res);
  };
  const limits: WebHostTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const server = createServer(
    {
      headersTimeout: limits.headersMs,
      requestTimeout: limits.requestMs,
      keepAliveTimeout: limits.keepAliveMs,
      // How often Node checks the two limits above (its default, 30 s, would let them slip).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersMs / 4))),
    },
    onRequest,
  );
  // Idle sockets (a connection that never sends a request, or stops mid-way) are
  // destroyed: with no 'timeout' listener on the server, Node destroys them itself.
  server.timeout = limits.idleMs;

  // The frame limit is the API's message limit (shared/limits.ts): a bigger message is
  // refused by ws from its header, before any of it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: API_MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node's HTTP server stops watching a socket once it is handed to 'upgrade': without
    // a listener of our own, a client resetting the connection (ECONNRESET, EPIPE) is an
    // unhandled 'error' event and ends the process. ws adds its own after a handshake.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (code: number, why: string): void => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!allowedHosts().has(req.headers.host ?? '')) return reject(403, 'Forbidden');
    // Browsers always send Origin on WebSocket upgrades; a missing one is not a browser of ours.
    if (!allowedOrigins().has(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (url.pathname !== '/api') return reject(404, 'Not Found');
    if (!tokenMatches(url.searchParams.get('token'), token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket): void => {
    const send = (msg: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const unsubscribe = options.events.subscribe((event) => send({ kind: 'event', event }));
    // A bad frame (invalid UTF-8, reserved bits or opcodes, an unmasked frame, a length
    // over the limit) makes ws close the connection with the matching close code and emit
    // 'error' here; unhandled, that event would end the whole host. ws is already closing
    // the connection (close frame first, so the client learns the code, e.g. 1009 for
    // too big), so there is nothing left to do: one client's broken connection is that
    // client's problem only.
    ws.on('error', () => undefined);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, limits.pingMs);
    ws.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    ws.on('message', (data, isBinary) => {
      alive = true;
      if (isBinary) {
        send({ kind: 'response', response: { id: -1, ok: false, error: { code: 'invalid-request', message: 'binary messages are not accepted' } } });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        send({ kind: 'response', response: { id: -1, ok: false, error: { code: 'invalid-request', message: 'message is not valid JSON' } } });
        return;
      }
      void dispatch(options.handlers, raw).then((response) => send({ kind: 'response', response }));
    });
  };

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    // Loopback only: the studio is never reachable from the network.
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(res: ServerResponse, code: number, why: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(`${code} ${why}\n`);
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return refuse(res, 400, 'bad path');
  }
  if (rel.includes('\0')) return refuse(res, 400, 'bad path');
  const file = normalize(join(root, rel === '/' ? 'index.html' : rel));
  if (file !== root && !file.startsWith(root + sep)) return refuse(res, 403, 'outside the app');
  let target = file;
  if (!existsSync(target) || !statSync(target).isFile()) {
    // Unknown paths without an extension fall back to the app (client-side routes).
    if (extname(rel)) return refuse(res, 404, 'not found');
    target = join(root, 'index.html');
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(target).pipe(res);
}
