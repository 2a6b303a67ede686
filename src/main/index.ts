/**
 * Electron entry: composes the managers (each with initialize/dispose) around one
 * StudioService. No studio logic lives here.
 */
import { app, dialog, session, type WebContents } from 'electron';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioService } from '../core/studio-service';
import { createHandlers } from '../core/api-router';
import { WindowManager } from './window-manager';
import { IpcManager } from './ipc-manager';
import { MenuManager } from './menu-manager';
import { hardenSession } from './session-security';
import { isAppUrl } from './navigation-guard';
import { addPackWithDialog, openProjectWithDialog, saveProjectWithDialog } from './project-dialogs';

const mainDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(mainDir, '..');

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  const service = await StudioService.create({
    host: 'electron',
    dataDir: process.env.KINSHIP_DATA_DIR ?? app.getPath('userData'),
    resourcesDir: app.isPackaged ? process.resourcesPath : undefined,
    // In a packaged app the workers are unpacked next to the asar archive (electron-builder.yml).
    workerDir: mainDir.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`),
  });
  const windows = new WindowManager(outDir);
  const ipc = new IpcManager(createHandlers(service), service.events, (contents: WebContents, frameUrl) => {
    const win = windows.current;
    return !!win && contents === win.webContents && !!frameUrl && isAppUrl(frameUrl, contents.getURL());
  });
  const menu = new MenuManager(
    (command) => {
      // Paths for projects come from native dialogs in the main process, never from the page.
      if (command === 'project-open') return void openProjectWithDialog(windows.current, service.session);
      if (command === 'project-save-as') return void saveProjectWithDialog(windows.current, service.session);
      if (command === 'add-pack') return void addPackWithDialog(windows.current, (folder) => service.addPackFolder(folder));
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

  ipc.initialize(() => windows.current?.webContents ?? null);
  menu.initialize();
  windows.initialize();

  app.on('activate', () => {
    if (!windows.current) windows.initialize();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    unsubscribeMenu();
    ipc.dispose();
    menu.dispose();
    windows.dispose();
    void service.dispose();
  });
}

// One studio per user: a second launch focuses the first.
if (!app.requestSingleInstanceLock() && !process.env.KINSHIP_ALLOW_MULTIPLE) {
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
