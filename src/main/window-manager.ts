/** The one studio window: secure preferences, navigation guard, renderer URL. */
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { secureWebPreferences } from './window-options';
import { installNavigationGuard } from './navigation-guard';

export class WindowManager {
  private window: BrowserWindow | null = null;

  constructor(private readonly outDir: string) {}

  initialize(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 900,
      minHeight: 600,
      title: 'Kinship Studio',
      backgroundColor: '#14161c',
      show: false,
      webPreferences: secureWebPreferences(join(this.outDir, 'preload', 'index.cjs')),
    });
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    const appUrl = devUrl ?? pathToFileURL(join(this.outDir, 'renderer', 'index.html')).href;
    installNavigationGuard(win.webContents, appUrl, (url) => void shell.openExternal(url));
    win.once('ready-to-show', () => win.show());
    void win.loadURL(appUrl);
    this.window = win;
    win.on('closed', () => {
      if (this.window === win) this.window = null;
    });
    return win;
  }

  get current(): BrowserWindow | null {
    return this.window;
  }

  dispose(): void {
    this.window?.destroy();
    this.window = null;
  }
}
