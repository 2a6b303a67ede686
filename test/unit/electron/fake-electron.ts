/**
 * A stand-in for the `electron` module, enough to run the real main-process
 * modules (src/main) under vitest where the Electron binary cannot run. It only
 * records what the app asks of Electron and lets a test fire Electron's events;
 * every decision stays in the code under test.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/**
 * Fires `event` the way Electron does: a details object that can be prevented
 * (carrying `url` for navigation events), then the remaining (deprecated) arguments.
 * True when a listener called preventDefault.
 */
export function firePreventable(target: EventEmitter, event: string, url?: string, ...rest: unknown[]): boolean {
  let prevented = false;
  target.emit(event, { url, preventDefault: () => (prevented = true) }, url, ...rest);
  return prevented;
}

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loadedUrls: string[] = [];
  sent: Array<{ channel: string; payload: unknown }> = [];
  mainFrame = new FakeFrame('about:blank');
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  /** A sub-frame navigation (will-frame-navigate, which has no deprecated url argument). */
  frameNavigate(url: string): boolean {
    let prevented = false;
    this.emit('will-frame-navigate', { url, isMainFrame: false, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  lockGranted = true;
  paths = new Map<string, string>([['userData', '/tmp/kinship-fake-user-data']]);
  calls: string[] = [];
  quit = (): void => void this.calls.push('quit');
  exit = (code: number): void => void this.calls.push(`exit:${code}`);
  enableSandbox = (): void => void this.calls.push('enableSandbox');
  requestSingleInstanceLock = (): boolean => {
    this.calls.push('requestSingleInstanceLock');
    return this.lockGranted;
  };
  whenReady = (): Promise<void> => {
    this.calls.push('whenReady');
    return Promise.resolve();
  };
  getPath = (name: string): string => this.paths.get(name) ?? `/tmp/kinship-fake-${name}`;
  setPath = (name: string, path: string): void => {
    this.calls.push(`setPath:${name}`);
    this.paths.set(name, path);
  };
  getVersion = (): string => '0.0.0-test';
}

export const app = new FakeApp();

export const browserWindows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  focused = 0;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    browserWindows.push(this);
    // Electron announces every new web contents app-wide before anyone loads a page.
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loadedUrls.push(url);
    this.webContents.mainFrame = new FakeFrame(url);
    return Promise.resolve();
  }
  show(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {
    this.focused++;
  }
  destroy(): void {}
}
export { FakeBrowserWindow as BrowserWindow };

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  readonly webRequest = {
    headersReceived: null as Listener | null,
    beforeRequest: null as Listener | null,
    onHeadersReceived: (l: Listener): void => void (this.webRequest.headersReceived = l),
    onBeforeRequest: (l: Listener): void => void (this.webRequest.beforeRequest = l),
  };
  setPermissionRequestHandler(h: Listener | null): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener | null): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: Listener | null): void {
    this.devicePermissionHandler = h;
  }
}
export const session = { defaultSession: new FakeSession() };

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registeredBeforeReady: false,
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void {
    // Electron only accepts this before 'ready'; whenReady not yet asked means not ready yet.
    protocol.registeredBeforeReady = !app.calls.includes('whenReady');
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    protocol.handlers.set(scheme, handler);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string): Promise<void> => void shell.opened.push(url),
};

export const dialog = {
  /** The button index the "user" picks in the next message boxes. */
  nextResponse: 1,
  messageBoxes: [] as Array<Record<string, unknown>>,
  errors: [] as string[],
  showMessageBox: async (...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> => {
    dialog.messageBoxes.push(args[args.length - 1] as Record<string, unknown>);
    return { response: dialog.nextResponse, checkboxChecked: false };
  },
  showErrorBox: (title: string, content: string): void => void dialog.errors.push(`${title}: ${content}`),
  showOpenDialog: async (): Promise<{ canceled: boolean; filePaths: string[] }> => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async (): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true }),
};

export const Menu = {
  applied: null as unknown,
  buildFromTemplate: (template: unknown): unknown => ({ template }),
  setApplicationMenu: (menu: unknown): void => void (Menu.applied = menu),
};

/** Preload side: what the page world receives, and the renderer end of IPC. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invocations: Array<{ channel: string; args: unknown[] }> = [];
  nextReply: unknown = null;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.nextReply;
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export default { app, BrowserWindow: FakeBrowserWindow, ipcMain, session, protocol, shell, dialog, Menu, contextBridge, ipcRenderer };

/** Forgets everything recorded, so each test boots the app on a blank Electron. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.lockGranted = true;
  app.calls = [];
  app.paths = new Map([['userData', '/tmp/kinship-fake-user-data']]);
  browserWindows.length = 0;
  ipcMain.handlers.clear();
  session.defaultSession = new FakeSession();
  protocol.privileged = [];
  protocol.handlers.clear();
  protocol.registeredBeforeReady = false;
  shell.opened = [];
  dialog.nextResponse = 1;
  dialog.messageBoxes = [];
  dialog.errors = [];
  Menu.applied = null;
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations = [];
  ipcRenderer.nextReply = null;
}
