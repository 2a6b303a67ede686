/** Session-wide rules: CSP on every response, no permissions, no downloads of remote content. */
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // The studio needs no camera, microphone, notifications or geolocation.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // Nothing remote is ever loaded: refuse every http(s) request that is not local.
  session.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const local = url.startsWith('file:') || url.startsWith('devtools:') || url.startsWith('data:') || /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url);
    callback({ cancel: !local });
  });
}
