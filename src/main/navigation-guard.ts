/**
 * Keeps every web contents on the studio's own page: navigation (main frame,
 * sub-frames, redirects) away from it is cancelled, new windows and webviews are
 * refused, and a link the user follows is offered to the system browser (which
 * applies its own allow-list and confirmation, external-links.ts). Written against
 * a minimal slice of WebContents so the rules are unit-tested without Electron;
 * index.ts applies it to every web contents through app 'web-contents-created'.
 */
type Preventable = { preventDefault(): void };
/** Electron's navigation events carry the target in `details.url` (the separate url argument is deprecated). */
type NavigationDetails = Preventable & { url: string };

export interface GuardableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function installNavigationGuard(
  contents: GuardableContents,
  isAppPage: (url: string) => boolean,
  offerExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (details) => {
    if (isAppPage(details.url)) return;
    details.preventDefault();
    offerExternal(details.url);
  });
  contents.on('will-frame-navigate', (details) => {
    if (!isAppPage(details.url)) details.preventDefault();
  });
  contents.on('will-redirect', (details) => {
    if (!isAppPage(details.url)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    offerExternal(url);
    return { action: 'deny' };
  });
}
