import { describe, expect, it, vi } from 'vitest';
import { installNavigationGuard, isAppUrl, type GuardableContents } from '../../../src/main/navigation-guard';

type Listener = (event: { preventDefault(): void }, url?: string) => void;

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
    for (const l of listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents: contents as unknown as GuardableContents, fire, open: (url: string) => openHandler!({ url }) };
}

const APP = 'file:///opt/kinship/out/renderer/index.html';

describe('navigation guard', () => {
  it('blocks navigation to any other page', () => {
    const f = fakeContents();
    installNavigationGuard(f.contents, APP);
    expect(f.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:9/evil')).toBe(true);
    expect(f.fire('will-navigate', `${APP}#/tree`)).toBe(false);
  });
  it('denies every new window and only hands https links to the system browser', () => {
    const f = fakeContents();
    const external = vi.fn();
    installNavigationGuard(f.contents, APP, external);
    expect(f.open('https://github.com/CVI-SZU/StyleGene')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(external).toHaveBeenCalledTimes(1);
    expect(external).toHaveBeenCalledWith('https://github.com/CVI-SZU/StyleGene');
  });
  it('blocks webviews', () => {
    const f = fakeContents();
    installNavigationGuard(f.contents, APP);
    expect(f.fire('will-attach-webview')).toBe(true);
  });
  it('compares origins for the dev server', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', 'http://localhost:5173/')).toBe(false);
  });
});
