/**
 * The open project: which file, opening and creating, Save As, the recent list,
 * and a 'tree-changed' event after every edit so every client redraws. Paths
 * accepted from the API are limited to the projects folder and the recent list;
 * other paths come only from a host's native dialog (trusted).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ProjectStore } from '../projects';
import type { EventHub } from '../event-hub';
import type { SettingsStore } from '../settings-store';
import type { StudioEvent } from '../../shared/api';
import { projectDto } from './to-dto';
import { assertRealProjectFile, entryExists, isInFolder, isPlainFile } from './project-paths';
import { ConflictError, InputError } from '../../domain/errors';

export const PROJECT_EXTENSION = '.kinship';
const MAX_RECENT = 10;

export class ProjectSession {
  private current: ProjectStore | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly settings: SettingsStore,
    private readonly events: EventHub<StudioEvent>,
    private readonly appVersion: string,
    private readonly packId: () => string,
  ) {}

  get projectsDir(): string {
    return join(this.dataDir, 'projects');
  }

  /** The open project; opens the most recent one, or starts a new one, on first use. */
  store(): ProjectStore {
    if (this.current?.isOpen) return this.current;
    for (const path of this.settings.read().recentProjects) {
      if (!existsSync(path)) continue;
      try {
        this.checkLinks(path);
        this.switchTo(ProjectStore.open(path));
        return this.current!;
      } catch {
        // An unreadable recent file is skipped (and left untouched); the next is tried.
      }
    }
    return this.create();
  }

  /** A new project in the projects folder (never over an existing file). */
  create(name = 'Untitled family'): ProjectStore {
    mkdirSync(this.projectsDir, { recursive: true });
    const path = this.freePath(name);
    // The project is named like its file ("Untitled family 2"), so lists and title agree.
    const store = ProjectStore.create(path, { name: basename(path, PROJECT_EXTENSION), packId: this.packId(), appVersion: this.appVersion });
    this.switchTo(store);
    return store;
  }

  /** Opens a project file. Untrusted paths must be in the projects folder or the recent list. */
  open(pathIn: string, trusted = false): ProjectStore {
    const path = resolve(pathIn);
    if (!trusted && !this.isAllowedPath(path)) {
      throw new InputError(`${path}: only projects in ${this.projectsDir} or in the recent list can be opened here; use File → Open in the desktop app for other folders`);
    }
    this.checkLinks(path); // even a trusted dialog pick: a planted link looks like a project there
    // Re-opening the open project keeps it as it is: a second connection would be refused
    // by the project lock, and reopening would discard a batch this process is generating.
    if (this.current?.isOpen && this.current.path === path) {
      this.remember(path);
      this.changed();
      return this.current;
    }
    // Throws ProjectFileError ('locked' when another studio has it open), leaving the file untouched.
    const store = ProjectStore.open(path);
    this.switchTo(store);
    return store;
  }

  /** Save As into the projects folder under `name` (or, trusted, to any path). */
  saveAs(nameOrPath: string, trusted = false): ProjectStore {
    const store = this.store();
    let dest: string;
    if (trusted) dest = resolve(nameOrPath);
    else {
      const clean = safeFileName(nameOrPath);
      mkdirSync(this.projectsDir, { recursive: true });
      dest = join(this.projectsDir, `${clean}${PROJECT_EXTENSION}`);
      // entryExists also sees a dangling link, which must not be written through.
      if (entryExists(dest)) throw new ConflictError(`a project named '${clean}' already exists in ${this.projectsDir}`);
    }
    store.saveAs(dest);
    store.setProjectName(basename(dest, PROJECT_EXTENSION));
    this.remember(store.path);
    this.changed();
    return store;
  }

  listProjects(): { folder: string; projects: { path: string; name: string; exists: boolean }[]; recent: { path: string; name: string; exists: boolean }[] } {
    const projects = existsSync(this.projectsDir)
      ? readdirSync(this.projectsDir)
          .filter((f) => f.endsWith(PROJECT_EXTENSION) && isPlainFile(join(this.projectsDir, f)))
          .sort()
          .map((f) => ({ path: join(this.projectsDir, f), name: basename(f, PROJECT_EXTENSION), exists: true }))
      : [];
    const recent = this.settings.read().recentProjects.map((p) => ({ path: p, name: basename(p, PROJECT_EXTENSION), exists: existsSync(p) }));
    return { folder: this.projectsDir, projects, recent };
  }

  /** Announce a change of the open project (after every edit). */
  changed(): void {
    if (this.current?.isOpen) this.events.emit({ type: 'tree-changed', project: projectDto(this.current) });
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }

  private switchTo(store: ProjectStore): void {
    if (this.current && this.current !== store) this.current.close();
    // A batch still 'generating' when a project opens was cut short by a crash or kill: the
    // project lock (projects/project-lock.ts) guarantees no other process is generating in
    // it, and re-opening the current project does not come here. Its candidates go with it;
    // nothing else of the tree is touched.
    for (const b of store.listBatches()) if (b.status === 'generating') store.discardBatch(b.id);
    this.current = store;
    this.remember(store.path);
    this.changed();
  }

  private remember(path: string): void {
    const recent = [path, ...this.settings.read().recentProjects.filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.settings.update({ recentProjects: recent });
  }

  private isAllowedPath(path: string): boolean {
    const inFolder = dirname(path) === resolve(this.projectsDir) || path.startsWith(resolve(this.projectsDir) + sep);
    return inFolder || this.settings.read().recentProjects.includes(path);
  }

  /** Refuses links in the projects folder (see project-paths.ts); paths elsewhere are the user's choice. */
  private checkLinks(path: string): void {
    if (isInFolder(this.projectsDir, path)) assertRealProjectFile(this.projectsDir, path);
  }

  private freePath(name: string): string {
    const base = safeFileName(name);
    let path = join(this.projectsDir, `${base}${PROJECT_EXTENSION}`);
    for (let i = 2; ['', '-wal', '-shm', '-journal'].some((s) => entryExists(path + s)); i++) path = join(this.projectsDir, `${base} ${i}${PROJECT_EXTENSION}`);
    return path;
  }
}

/** A name safe as a file name on every OS. */
export function safeFileName(name: string): string {
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim().slice(0, 120);
  if (!clean) throw new InputError('the project name is empty after removing characters that cannot be in a file name');
  return clean;
}
