/**
 * Which URL the studio window loads, and which URLs count as the studio itself.
 * Packaged builds always load app://studio/index.html; only an unpackaged
 * development run may point the window at the electron-vite dev server, and only
 * on the loopback interface, so an environment variable cannot send an installed
 * app (and its IPC bridge) to a foreign page.
 */
import { APP_ENTRY_URL } from './app-protocol';

export function rendererEntryUrl(isPackaged: boolean, devUrl: string | undefined): string {
  if (isPackaged || !devUrl) return APP_ENTRY_URL;
  try {
    const url = new URL(devUrl);
    const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    if (url.protocol === 'http:' && loopback && !url.username && !url.password) return url.href;
  } catch {
    // fall through: a malformed dev URL loads the built renderer
  }
  return APP_ENTRY_URL;
}

/**
 * True when `url` belongs to the page at `entryUrl`: same scheme and same host
 * (with port). Origins are compared by parts because Node's URL gives every
 * non-special scheme (app:, evil:) the same opaque origin "null".
 */
export function isAppUrl(url: string, entryUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(entryUrl);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '' && !a.username && !a.password;
  } catch {
    return false;
  }
}
