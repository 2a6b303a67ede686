/**
 * Native dialogs of the desktop app (File → Open / Save As, Tools → Add Model Pack): the path comes from the
 * system dialog (never from the renderer), then the shared service opens or
 * saves it. Refusals (corrupt or foreign files) are shown and change nothing.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { ProjectSession } from '../core/studio/project-session';
import { PROJECT_EXTENSION } from '../core/studio/project-session';

const FILTERS = [{ name: 'Kinship Studio project', extensions: [PROJECT_EXTENSION.slice(1)] }];

export async function openProjectWithDialog(win: BrowserWindow | null, session: ProjectSession): Promise<void> {
  const options = { title: 'Open project', defaultPath: session.projectsDir, filters: FILTERS, properties: ['openFile' as const] };
  const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = res.filePaths[0];
  if (res.canceled || !path) return;
  try {
    session.open(path, true);
  } catch (e) {
    dialog.showErrorBox('Cannot open the project', (e as Error).message);
  }
}

export async function saveProjectWithDialog(win: BrowserWindow | null, session: ProjectSession): Promise<void> {
  const options = { title: 'Save project as', defaultPath: session.projectsDir, filters: FILTERS };
  const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (res.canceled || !res.filePath) return;
  const path = res.filePath.endsWith(PROJECT_EXTENSION) ? res.filePath : `${res.filePath}${PROJECT_EXTENSION}`;
  try {
    session.saveAs(path, true);
  } catch (e) {
    dialog.showErrorBox('Cannot save the project', (e as Error).message);
  }
}

/** Tools → Add Model Pack Folder: the folder comes from the system dialog. */
export async function addPackWithDialog(win: BrowserWindow | null, add: (folder: string) => { status: string; error?: string }): Promise<void> {
  const options = { title: 'Add a model pack folder', properties: ['openDirectory' as const] };
  const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = res.filePaths[0];
  if (res.canceled || !folder) return;
  const pack = add(folder);
  if (pack.status === 'error') dialog.showErrorBox('This folder is not a usable model pack', pack.error ?? folder);
}
