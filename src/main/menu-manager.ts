/** The native application menu; each item becomes a typed 'menu' event for the renderer. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api';

export interface RecentProject {
  path: string;
  name: string;
  exists: boolean;
}

export class MenuManager {
  constructor(
    private readonly send: (command: MenuCommand) => void,
    private readonly recent: () => RecentProject[],
    private readonly openRecent: (path: string) => void,
  ) {}

  /** Builds (or rebuilds, after the recent list changed) the application menu. */
  initialize(): void {
    const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
      label,
      accelerator,
      click: () => this.send(command),
    });
    const template: MenuItemConstructorOptions[] = [
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      {
        label: '&File',
        submenu: [
          item('New Project', 'project-new', 'CmdOrCtrl+N'),
          item('Open Project…', 'project-open', 'CmdOrCtrl+O'),
          {
            label: 'Open Recent',
            submenu: this.recent().length
              ? this.recent().map((r) => ({ label: r.name, toolTip: r.path, enabled: r.exists, click: () => this.openRecent(r.path) }))
              : [{ label: 'No recent projects', enabled: false }],
          },
          item('Save Project As…', 'project-save-as', 'CmdOrCtrl+Shift+S'),
          item('Export Image Grid…', 'export', 'CmdOrCtrl+E'),
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      {
        label: '&Edit',
        // Tree edits have their own history (in the project file); text fields keep theirs.
        submenu: [item('Undo', 'undo', 'CmdOrCtrl+Z'), item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'), { type: 'separator' }, { role: 'copy' }, { role: 'paste' }],
      },
      {
        label: '&View',
        submenu: [
          item('Fit Tree to View', 'fit-view', 'CmdOrCtrl+0'),
          item('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
          item('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
          { type: 'separator' },
          { role: 'togglefullscreen' },
          ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        ],
      },
      { label: '&Tools', submenu: [item('Gene Pool…', 'pool', 'CmdOrCtrl+G'), item('Add Model Pack Folder…', 'add-pack')] },
      { label: '&Help', submenu: [item('About Kinship Studio', 'about')] },
    ];
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  dispose(): void {
    Menu.setApplicationMenu(null);
  }
}
