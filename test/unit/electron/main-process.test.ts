/**
 * Runs the real Electron entry (src/main/index.ts) and the managers it composes
 * against a fake `electron` module (the binary cannot run here), and checks the
 * security rules where the app applies them: the BrowserWindow call site, the IPC
 * sender check, session permissions, navigation and new-window blocking, link
 * opening, the app:// protocol and the single-instance lock. Only the studio
 * service is replaced (it would start ONNX workers); it is not under test here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const status = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../src/core/studio-service', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/studio-service')>();
  const { EventHub } = await import('../../../src/core/event-hub');
  const fakeService = {
    events: new EventHub(),
    context: {},
    dataDir: '/tmp/kinship-fake-data',
    faceDetector: {},
    session: { listProjects: () => ({ recent: [] }), open: () => undefined },
    status: async () => {
      status.calls++;
      return { fake: 'status' };
    },
    dispose: async () => undefined,
  };
  return { ...real, StudioService: { create: async () => fakeService } };
});

const ENV_KEYS = ['ELECTRON_RENDERER_URL', 'KINSHIP_DATA_DIR', 'KINSHIP_ALLOW_MULTIPLE'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

interface BootOptions {
  isPackaged?: boolean;
  lockGranted?: boolean;
  env?: Partial<Record<(typeof ENV_KEYS)[number], string>>;
}

/** Loads a fresh copy of the fake and of src/main/index.ts, then waits for start() to open the window. */
async function boot(options: BootOptions = {}): Promise<typeof Fake> {
  vi.resetModules();
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, options.env ?? {});
  const electron = (await import('electron')) as unknown as typeof Fake;
  electron.resetFakeElectron();
  electron.app.isPackaged = options.isPackaged ?? true;
  electron.app.lockGranted = options.lockGranted ?? true;
  await import('../../../src/main/index');
  if (electron.app.lockGranted) await vi.waitFor(() => expect(electron.browserWindows).toHaveLength(1));
  return electron;
}

const studioWindow = (electron: typeof Fake): Fake.FakeBrowserWindow => electron.browserWindows[0]!;

describe('Electron main process (fake electron module)', () => {
  it('creates the window with isolation, sandbox and web security at the call site', async () => {
    const electron = await boot();
    const options = studioWindow(electron).options;
    // Written out here, not taken from window-options.ts: the call site must pass exactly these.
    expect(options.webPreferences).toEqual({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
    expect(electron.app.calls).toContain('enableSandbox');
  });

  it('registers app:// as a privileged scheme before ready and loads the studio from it', async () => {
    const electron = await boot();
    expect(electron.protocol.registeredBeforeReady).toBe(true);
    const scheme = electron.protocol.privileged.find((s) => s.scheme === 'app');
    expect(scheme?.privileges).toMatchObject({ standard: true, secure: true });
    expect(scheme?.privileges.bypassCSP).toBeFalsy();
    expect(studioWindow(electron).webContents.loadedUrls).toEqual(['app://studio/index.html']);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app and accepts only a loopback dev server otherwise', async () => {
    let electron = await boot({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    expect(studioWindow(electron).webContents.loadedUrls).toEqual(['app://studio/index.html']);
    electron = await boot({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    expect(studioWindow(electron).webContents.loadedUrls).toEqual(['http://localhost:5173/']);
    electron = await boot({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } });
    expect(studioWindow(electron).webContents.loadedUrls).toEqual(['app://studio/index.html']);
  });

  it('quits when another instance holds the lock, whatever the environment says', async () => {
    const electron = await boot({ lockGranted: false, env: { KINSHIP_ALLOW_MULTIPLE: '1' } });
    expect(electron.app.calls).toContain('quit');
    expect(electron.app.calls).not.toContain('whenReady');
    expect(electron.browserWindows).toHaveLength(0);
  });

  it('takes the lock per data folder: KINSHIP_DATA_DIR moves userData before the lock is asked', async () => {
    const electron = await boot({ env: { KINSHIP_DATA_DIR: '/tmp/kinship-other-profile' } });
    expect(electron.app.getPath('userData')).toBe('/tmp/kinship-other-profile');
    const calls = electron.app.calls;
    expect(calls.indexOf('setPath:userData')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('setPath:userData')).toBeLessThan(calls.indexOf('requestSingleInstanceLock'));
  });

  it('guards every web contents: navigation, frame navigation, redirects, webviews and new windows', async () => {
    const electron = await boot();
    for (const contents of [studioWindow(electron).webContents, new electron.FakeWebContents()]) {
      electron.app.emit('web-contents-created', {}, contents);
      expect(electron.firePreventable(contents, 'will-navigate', 'https://example.com/')).toBe(true);
      expect(electron.firePreventable(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
      expect(electron.firePreventable(contents, 'will-navigate', 'evil://studio/index.html')).toBe(true);
      expect(electron.firePreventable(contents, 'will-navigate', 'app://studio/index.html#/tree')).toBe(false);
      expect(contents.frameNavigate('https://example.com/')).toBe(true);
      expect(contents.frameNavigate('app://studio/index.html')).toBe(false);
      expect(electron.firePreventable(contents, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
      expect(electron.firePreventable(contents, 'will-attach-webview')).toBe(true);
      expect(contents.windowOpenHandler?.({ url: 'app://studio/index.html' })).toEqual({ action: 'deny' });
      expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    }
  });

  it('opens only allow-listed links, and only after the user confirms', async () => {
    const electron = await boot();
    const contents = studioWindow(electron).webContents;
    const link = 'https://github.com/CVI-SZU/StyleGene/blob/main/LICENSE';

    electron.dialog.nextResponse = 1; // Cancel
    expect(contents.windowOpenHandler?.({ url: link })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.dialog.messageBoxes).toHaveLength(1));
    expect(electron.dialog.messageBoxes[0]?.detail).toBe(link);
    expect(electron.shell.opened).toEqual([]);

    electron.dialog.nextResponse = 0; // Open in Browser
    expect(electron.firePreventable(contents, 'will-navigate', link)).toBe(true);
    await vi.waitFor(() => expect(electron.shell.opened).toEqual([link]));

    for (const url of ['https://example.com/', 'http://github.com/CVI-SZU/StyleGene', 'file:///etc/passwd', 'ms-msdt:/id', 'javascript:alert(1)']) {
      contents.windowOpenHandler?.({ url });
      electron.firePreventable(contents, 'will-navigate', url);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(electron.dialog.messageBoxes).toHaveLength(2);
    expect(electron.shell.opened).toEqual([link]);
  });

  it('denies every permission request and check, devices and downloads', async () => {
    const electron = await boot();
    const ses = electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const answers: boolean[] = [];
      ses.permissionRequestHandler?.(studioWindow(electron).webContents, permission, (granted: boolean) => answers.push(granted), {});
      expect(answers).toEqual([false]);
      expect(ses.permissionCheckHandler?.(studioWindow(electron).webContents, permission, 'app://studio', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://studio' })).toBe(false);
    expect(electron.firePreventable(ses, 'will-download')).toBe(true);
  });

  it('lets the session fetch only the studio itself and puts the CSP on every response', async () => {
    const electron = await boot();
    const web = electron.session.defaultSession.webRequest;
    const cancelled = (url: string): boolean => {
      let result: { cancel: boolean } | undefined;
      web.beforeRequest?.({ url }, (r: { cancel: boolean }) => (result = r));
      return result!.cancel;
    };
    expect(cancelled('app://studio/assets/index.js')).toBe(false);
    expect(cancelled('https://example.com/x.js')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('http://localhost:5173/')).toBe(true); // packaged: no dev server either
    let headers: Record<string, string[]> = {};
    web.headersReceived?.({ responseHeaders: {} }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/script-src 'self'/);
  });

  it('answers IPC only from the main frame of the studio window showing the studio', async () => {
    const electron = await boot();
    const handler = electron.ipcMain.handlers.get('kinship:invoke')!;
    const win = studioWindow(electron).webContents;
    const request = { id: 7, method: 'studio.status', input: {} };
    const before = status.calls;

    const refused = [
      { sender: new electron.FakeWebContents(), senderFrame: new electron.FakeFrame('app://studio/index.html') },
      { sender: win, senderFrame: new electron.FakeFrame('app://studio/index.html', win.mainFrame) },
      { sender: win, senderFrame: new electron.FakeFrame('https://evil.example/') },
      { sender: win, senderFrame: new electron.FakeFrame('app://evil/index.html') },
      { sender: win, senderFrame: new electron.FakeFrame('evil://studio/index.html') },
      { sender: win, senderFrame: null },
    ];
    for (const event of refused) {
      expect(await handler(event, request)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(status.calls).toBe(before);

    expect(await handler({ sender: win, senderFrame: win.mainFrame }, request)).toEqual({ id: 7, ok: true, result: { fake: 'status' } });
    expect(status.calls).toBe(before + 1);
  });

  it('serves the renderer folder over app:// and refuses paths that leave it', async () => {
    const electron = await boot();
    const handle = electron.protocol.handlers.get('app')!;
    // index.ts serves <main>/../renderer, which for the sources is src/renderer.
    const index = await handle(new Request('app://studio/index.html'));
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(readFileSync('src/renderer/index.html', 'utf8'));
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    // src/main/index.ts exists one level up from the renderer folder; none of these may reach it.
    for (const url of [
      'app://studio/..%2fmain%2findex.ts',
      'app://studio/%2e%2e%2fmain%2findex.ts',
      'app://studio/..%5cmain%5cindex.ts',
      'app://studio/%2F..%2F..%2Fpackage.json',
      'app://other/index.html',
    ]) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
    }
    expect((await handle(new Request('app://studio/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
