/**
 * The renderer's one way to reach the studio: the Electron preload's bridge when
 * present, otherwise the web host's WebSocket (token from the page URL).
 */
import {
  ServerMessageSchema,
  StudioApiError,
  type ProcedureInput,
  type ProcedureName,
  type ProcedureOutput,
  type StudioApi,
  type StudioEvent,
  type ResponseEnvelope,
} from '../../../shared/api';
import { API_MAX_MESSAGE_BYTES, formatMiB } from '../../../shared/limits';

interface BridgeApi {
  invoke(method: ProcedureName, input: unknown): Promise<unknown>;
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

declare global {
  interface Window {
    kinshipStudio?: BridgeApi;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface StudioClient extends StudioApi {
  readonly kind: 'electron' | 'web';
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function createStudioClient(): StudioClient {
  const bridge = window.kinshipStudio;
  if (bridge) return electronClient(bridge);
  return webSocketClient();
}

function electronClient(bridge: BridgeApi): StudioClient {
  return {
    kind: 'electron',
    async invoke<N extends ProcedureName>(method: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
      try {
        return (await bridge.invoke(method, input)) as ProcedureOutput<N>;
      } catch (e) {
        const err = e as Error & { code?: StudioApiError['code'] };
        throw new StudioApiError(err.code ?? 'internal', err.message);
      }
    },
    subscribe: (listener) => bridge.subscribe(listener),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}

const TOKEN_KEY = 'kinship-token';

/** Takes the token from ?token= once, keeps it for this tab, and clears it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function webSocketClient(): StudioClient {
  const token = takeToken();
  const listeners = new Set<(e: StudioEvent) => void>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let opened: Promise<WebSocket> | null = null;

  const setState = (s: ConnectionState): void => {
    state = s;
    for (const l of connListeners) l(s);
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      setState('connecting');
      const ws = new WebSocket(`ws://${window.location.host}/api?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        setState('open');
        resolve(ws);
      };
      ws.onerror = () => reject(new StudioApiError('internal', 'cannot reach the studio web host'));
      ws.onclose = (ev) => {
        socket = null;
        opened = null;
        setState('closed');
        // 1009: the host refused a message over its size limit (and closed, as WebSocket must).
        const why =
          ev.code === 1009
            ? `the message was larger than the studio web host accepts (${formatMiB(API_MAX_MESSAGE_BYTES)})`
            : 'connection to the studio closed';
        for (const p of pending.values()) p.reject(new StudioApiError('internal', why));
        pending.clear();
      };
      ws.onmessage = (m) => {
        const parsed = ServerMessageSchema.safeParse(JSON.parse(String(m.data)));
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.kind === 'event') {
          for (const l of listeners) l(msg.event);
          return;
        }
        settle(msg.response);
      };
    });
    return opened;
  };

  const settle = (res: ResponseEnvelope): void => {
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (res.ok) p.resolve(res.result);
    else p.reject(new StudioApiError(res.error.code, res.error.message));
  };

  void connect().catch(() => undefined);

  return {
    kind: 'web',
    async invoke<N extends ProcedureName>(method: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>> {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const message = JSON.stringify({ id, method, input });
      // Refused here rather than by the host, which would have to drop the connection.
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so only long messages are measured.
      if (message.length * 3 > API_MAX_MESSAGE_BYTES && new Blob([message]).size > API_MAX_MESSAGE_BYTES) {
        throw new StudioApiError('invalid-input', `${method}: the request is larger than the studio accepts (${formatMiB(API_MAX_MESSAGE_BYTES)})`);
      }
      return new Promise<ProcedureOutput<N>>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as ProcedureOutput<N>), reject });
        ws.send(message);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connListeners.add(listener);
      listener(state);
      return () => connListeners.delete(listener);
    },
  };
}
