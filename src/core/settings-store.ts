/** Small per-user settings file (active pack, recent projects); atomic writes. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const UserSettingsSchema = z.object({
  activePackId: z.string().optional(),
  recentProjects: z.array(z.string()).default([]),
});
export type UserSettings = z.infer<typeof UserSettingsSchema>;

export class SettingsStore {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, 'settings.json');
  }

  read(): UserSettings {
    try {
      const parsed = UserSettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or unreadable settings: start from defaults, never crash.
    }
    return { recentProjects: [] };
  }

  update(patch: Partial<UserSettings>): UserSettings {
    const next = { ...this.read(), ...patch };
    mkdirSync(this.dataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, this.file);
    return next;
  }
}
