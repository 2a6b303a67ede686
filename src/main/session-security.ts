/**
 * Session-wide rules: CSP on every response, no permissions of any kind, no
 * downloads, and no request that does not go to the studio's own page.
 */
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { APP_ENTRY_URL } from './app-protocol';
import { isAppUrl } from './renderer-url';

/**
 * True for requests the studio page may make: its own app:// files, inline
 * data/blob URLs, devtools, and (development only) the loopback dev server the
 * window was pointed at, including its hot-reload WebSocket.
 */
export function isAllowedRequest(url: string, entryUrl: string): boolean {
  if (isAppUrl(url, APP_ENTRY_URL)) return true;
  if (/^(data|blob|devtools):/.test(url)) return true;
  if (entryUrl !== APP_ENTRY_URL) {
    const dev = new URL(entryUrl);
    return isAppUrl(url, entryUrl) || isAppUrl(url, `ws://${dev.host}/`);
  }
  return false;
}

export function hardenSession(session: Session, entryUrl: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // The studio needs no camera, microphone, notifications, geolocation, USB, HID or serial devices.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  // Nothing remote is ever loaded.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, entryUrl) });
  });
}
