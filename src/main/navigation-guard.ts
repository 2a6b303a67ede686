/**
 * Blocks navigation away from the app, new windows and webviews. Written against
 * a minimal interface of WebContents so the rules are unit-tested without Electron.
 */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** True when `url` is the app's own page (same origin as the app URL, or the same file). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(appUrl);
    if (b.protocol === 'file:') return a.protocol === 'file:' && a.pathname === b.pathname;
    return a.origin === b.origin;
  } catch {
    return false;
  }
}

export function installNavigationGuard(
  contents: GuardableContents,
  appUrl: string,
  openExternal?: (url: string) => void,
): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Only https links leave the app, and only in the user's own browser.
    if (openExternal && url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
}
