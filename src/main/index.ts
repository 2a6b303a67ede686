/**
 * Electron entry: composes the managers (each with initialize/dispose) around one
 * StudioService. No studio logic lives here.
 */
import { app, dialog, protocol, session, type WebContents } from 'electron';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioService } from '../core/studio-service';
import { createHandlers } from '../core/api-router';
import { WindowManager } from './window-manager';
import { IpcManager } from './ipc-manager';
import { MenuManager } from './menu-manager';
import { hardenSession } from './session-security';
import { installNavigationGuard } from './navigation-guard';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { isAppUrl, rendererEntryUrl } from './renderer-url';
import { isTrustedSender } from './ipc-sender';
import { openExternalLink } from './external-links';
import { addPackWithDialog, openProjectWithDialog, saveProjectWithDialog } from './project-dialogs';

const mainDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(mainDir, '..');
/** app://studio/index.html; the dev server only in an unpackaged development run (renderer-url.ts). */
const entryUrl = rendererEntryUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);

async function start(): Promise<void> {
  let windows: WindowManager | null = null;
  // Every web contents, the studio window's and any other, gets the same navigation rules.
  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuard(
      contents,
      (url) => isAppUrl(url, entryUrl),
      (url) => void openExternalLink(url, windows?.current ?? null),
    );
  });
  hardenSession(session.defaultSession, entryUrl);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(outDir, 'renderer')));
  const service = await StudioService.create({
    host: 'electron',
    dataDir: app.getPath('userData'),
    resourcesDir: app.isPackaged ? process.resourcesPath : undefined,
    // In a packaged app the workers are unpacked next to the asar archive (electron-builder.yml).
    workerDir: mainDir.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
  });
  const studioWindow = new WindowManager(outDir, entryUrl);
  windows = studioWindow;
  const ipc = new IpcManager(createHandlers(service), service.events, (contents: WebContents, frame) =>
    isTrustedSender(contents, frame, studioWindow.current?.webContents, entryUrl),
  );
  const menu = new MenuManager(
    (command) => {
      // Paths for projects come from native dialogs in the main process, never from the page.
      if (command === 'project-open') return void openProjectWithDialog(studioWindow.current, service.session);
      if (command === 'project-save-as') return void saveProjectWithDialog(studioWindow.current, service.session);
      if (command === 'add-pack') return void addPackWithDialog(studioWindow.current, (folder) => service.addPackFolder(folder));
      service.events.emit({ type: 'menu', command });
    },
    () => service.session.listProjects().recent,
    (path) => {
      try {
        service.session.open(path, true);
      } catch (e) {
        dialog.showErrorBox('Cannot open the project', (e as Error).message);
      }
    },
  );
  // The Open Recent submenu follows the recent list, which changes when another project opens.
  let shownProject = '';
  const unsubscribeMenu = service.events.subscribe((e) => {
    if (e.type !== 'tree-changed' || e.project.path === shownProject) return;
    shownProject = e.project.path;
    menu.initialize();
  });

  ipc.initialize(() => studioWindow.current?.webContents ?? null);
  menu.initialize();
  studioWindow.initialize();

  app.on('second-instance', () => studioWindow.focus());
  app.on('activate', () => {
    if (!studioWindow.current) studioWindow.initialize();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    unsubscribeMenu();
    ipc.dispose();
    menu.dispose();
    studioWindow.dispose();
    void service.dispose();
  });
}

// Before 'ready': app:// must be known as a standard, secure scheme, and every renderer sandboxed.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();
// KINSHIP_DATA_DIR (README) moves the whole profile, so the lock below is per data folder:
// two studios never share one folder, and no variable switches the lock off.
if (process.env.KINSHIP_DATA_DIR) app.setPath('userData', resolve(process.env.KINSHIP_DATA_DIR));

// One studio per data folder: a second launch focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((e: Error) => {
      // Typically a native module built for Node rather than Electron (better-sqlite3).
      const hint = /NODE_MODULE_VERSION|was compiled against a different/.test(e.message)
        ? '\n\nNative modules are built for Node.js, not Electron: run `npm run rebuild:electron`.'
        : '';
      console.error(`Kinship Studio could not start: ${e.message}`);
      dialog.showErrorBox('Kinship Studio could not start', `${e.message}${hint}`);
      app.exit(1);
    });
}
