import { describe, expect, it, vi } from 'vitest';
import { installNavigationGuard, type GuardableContents } from '../../../src/main/navigation-guard';
import { isAppUrl, rendererEntryUrl } from '../../../src/main/renderer-url';

type Listener = (details: { preventDefault(): void; url?: string }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
      openHandler = h;
    },
  };
  const fire = (event: string, url?: string): boolean => {
    let prevented = false;
    // Only details.url is given: the guard must not rely on Electron's deprecated url argument.
    for (const l of listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true), url });
    return prevented;
  };
  return { contents: contents as unknown as GuardableContents, fire, open: (url: string) => openHandler!({ url }) };
}

const APP = 'app://studio/index.html';
const isApp = (url: string): boolean => isAppUrl(url, APP);

describe('navigation guard', () => {
  it('blocks navigation, frame navigation and redirects to any other page', () => {
    const f = fakeContents();
    installNavigationGuard(f.contents, isApp, () => undefined);
    expect(f.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:9/evil')).toBe(true);
    expect(f.fire('will-navigate', `${APP}#/tree`)).toBe(false);
    expect(f.fire('will-frame-navigate', 'app://studio/other.html')).toBe(false);
  });
  it('denies every new window and offers the URL to the external-link policy', () => {
    const f = fakeContents();
    const offer = vi.fn();
    installNavigationGuard(f.contents, isApp, offer);
    expect(f.open('https://github.com/CVI-SZU/StyleGene')).toEqual({ action: 'deny' });
    expect(f.open(APP)).toEqual({ action: 'deny' });
    expect(offer.mock.calls.map((c) => c[0])).toEqual(['https://github.com/CVI-SZU/StyleGene', APP]);
  });
  it('offers a followed link (will-navigate) but not sub-frame navigations or redirects', () => {
    const f = fakeContents();
    const offer = vi.fn();
    installNavigationGuard(f.contents, isApp, offer);
    f.fire('will-navigate', 'https://github.com/CVI-SZU/StyleGene');
    f.fire('will-frame-navigate', 'https://github.com/CVI-SZU/StyleGene');
    f.fire('will-redirect', 'https://github.com/CVI-SZU/StyleGene');
    f.fire('will-navigate', `${APP}#/x`);
    expect(offer).toHaveBeenCalledTimes(1);
  });
  it('blocks webviews', () => {
    const f = fakeContents();
    installNavigationGuard(f.contents, isApp, () => undefined);
    expect(f.fire('will-attach-webview')).toBe(true);
  });
});

describe('app URLs', () => {
  it('compares scheme and host, not the opaque "null" origin of custom schemes', () => {
    expect(isAppUrl('app://studio/assets/x.js', APP)).toBe(true);
    expect(isAppUrl('evil://studio/index.html', APP)).toBe(false);
    expect(isAppUrl('app://evil/index.html', APP)).toBe(false);
    expect(isAppUrl('app://user:pw@studio/index.html', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });
  it('loads the dev server only unpackaged and only from loopback http', () => {
    expect(rendererEntryUrl(true, 'http://localhost:5173/')).toBe(APP);
    expect(rendererEntryUrl(false, undefined)).toBe(APP);
    expect(rendererEntryUrl(false, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(rendererEntryUrl(false, 'http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(rendererEntryUrl(false, 'https://evil.example/')).toBe(APP);
    expect(rendererEntryUrl(false, 'http://localhost.evil.example/')).toBe(APP);
    expect(rendererEntryUrl(false, 'file:///tmp/x.html')).toBe(APP);
  });
});
