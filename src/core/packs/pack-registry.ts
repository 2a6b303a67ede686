/**
 * The packs the studio knows: the built-in pack plus every folder under the
 * user's packs folder and every folder the user added. A pack that fails to load
 * is listed with its error; the others keep working.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { readPack, type PackInfo } from './pack-loader';
import { PackError } from './pack-error';
import type { PackSummary } from '../../shared/api';

export interface RegisteredPack {
  summary: PackSummary;
  info: PackInfo | null;
}

const UserPacksFileSchema = z.object({ folders: z.array(z.string()) });

export class PackRegistry {
  private packs: RegisteredPack[] = [];

  constructor(
    private readonly builtinDir: string,
    private readonly dataDir: string,
  ) {}

  get userPacksDir(): string {
    return join(this.dataDir, 'packs');
  }

  private get listFile(): string {
    return join(this.dataDir, 'packs.json');
  }

  /** Re-reads every pack folder. */
  scan(): RegisteredPack[] {
    const folders: { folder: string; builtin: boolean }[] = [{ folder: this.builtinDir, builtin: true }];
    if (existsSync(this.userPacksDir)) {
      for (const d of readdirSync(this.userPacksDir, { withFileTypes: true })) {
        if (d.isDirectory()) folders.push({ folder: join(this.userPacksDir, d.name), builtin: false });
      }
    }
    for (const f of this.addedFolders()) folders.push({ folder: f, builtin: false });
    const seen = new Set<string>();
    const out: RegisteredPack[] = [];
    for (const { folder, builtin } of folders) {
      const abs = resolve(folder);
      if (seen.has(abs)) continue;
      seen.add(abs);
      out.push(loadOne(abs, builtin));
    }
    // Two folders with one pack id: the later one is refused, naming both.
    const ids = new Map<string, string>();
    for (const p of out) {
      if (p.summary.status !== 'ready') continue;
      const other = ids.get(p.summary.id);
      if (other) {
        p.summary = { ...p.summary, status: 'error', error: `pack id '${p.summary.id}' is already used by ${other}` };
        p.info = null;
      } else ids.set(p.summary.id, p.summary.folder);
    }
    this.packs = out;
    return out;
  }

  list(): RegisteredPack[] {
    return this.packs;
  }

  get(id: string): RegisteredPack | undefined {
    return this.packs.find((p) => p.summary.id === id && p.summary.status === 'ready');
  }

  /** Adds a pack folder chosen by the user; returns its entry (possibly with an error). */
  addFolder(folder: string): RegisteredPack {
    const abs = resolve(folder);
    const list = this.addedFolders();
    if (!list.includes(abs)) {
      list.push(abs);
      mkdirSync(this.dataDir, { recursive: true });
      const tmp = `${this.listFile}.tmp`;
      writeFileSync(tmp, JSON.stringify({ folders: list }, null, 2));
      renameSync(tmp, this.listFile);
    }
    this.scan();
    return this.packs.find((p) => p.summary.folder === abs) ?? loadOne(abs, false);
  }

  private addedFolders(): string[] {
    try {
      const parsed = UserPacksFileSchema.safeParse(JSON.parse(readFileSync(this.listFile, 'utf8')));
      return parsed.success ? parsed.data.folders : [];
    } catch {
      return [];
    }
  }
}

function loadOne(folder: string, builtin: boolean): RegisteredPack {
  try {
    const info = readPack(folder);
    const m = info.manifest;
    return {
      info,
      summary: {
        id: m.id,
        name: m.name,
        version: m.version,
        folder,
        builtin,
        resolution: m.resolution,
        capabilities: { mapping: !!m.files.mapping, encoder: !!m.files.encoder, attributes: !!m.files.attributes },
        status: 'ready',
      },
    };
  } catch (e) {
    const message = e instanceof PackError ? e.message : `Model pack at ${folder}: ${(e as Error).message}`;
    return {
      info: null,
      summary: {
        id: folder,
        name: builtin ? 'Built-in pack' : folder,
        version: '',
        folder,
        builtin,
        resolution: 0,
        capabilities: { mapping: false, encoder: false, attributes: false },
        status: 'error',
        error: builtin ? `${message}. Run \`npm run pack:builtin\` to generate it.` : message,
      },
    };
  }
}
