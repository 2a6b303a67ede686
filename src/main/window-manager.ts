/**
 * The one studio window: secure preferences and the renderer URL. Navigation,
 * new-window and webview rules are applied to every web contents app-wide
 * (index.ts, 'web-contents-created'), this window's included.
 */
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { secureWebPreferences } from './window-options';

export class WindowManager {
  private window: BrowserWindow | null = null;

  constructor(
    private readonly outDir: string,
    private readonly entryUrl: string,
  ) {}

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
    win.once('ready-to-show', () => win.show());
    void win.loadURL(this.entryUrl);
    this.window = win;
    win.on('closed', () => {
      if (this.window === win) this.window = null;
    });
    return win;
  }

  get current(): BrowserWindow | null {
    return this.window;
  }

  /** Brings the window back when a second launch of the app is refused. */
  focus(): void {
    const win = this.window;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  }

  dispose(): void {
    this.window?.destroy();
    this.window = null;
  }
}
