/**
 * The project path rule (src/core/studio/project-session.ts): paths that arrive through
 * the API (renderer, web page) may only name projects in the projects folder or in the
 * recent list; any other path comes from a host's native dialog (trusted). A valid
 * project elsewhere is refused and left untouched, including through `..` and a
 * look-alike sibling folder; Save As by name cannot leave the projects folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../src/core/projects';
import { ProjectSession } from '../../../src/core/studio/project-session';
import { SettingsStore } from '../../../src/core/settings-store';
import { EventHub } from '../../../src/core/event-hub';
import type { StudioEvent } from '../../../src/shared/api';
import { tempDir } from './helpers';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const session = new ProjectSession(dataDir, new SettingsStore(dataDir), new EventHub<StudioEvent>(), '0.0.0', () => 'builtin');
  cleanups.push(() => session.close());
  const makeProject = (path: string) => {
    mkdirSync(dirname(path), { recursive: true });
    ProjectStore.create(path, { name: 'Elsewhere', packId: 'builtin', appVersion: '0.0.0' }).close();
    return path;
  };
  return { dir, dataDir, session, makeProject };
}

describe('project path restriction', () => {
  it('an API path outside the projects folder is refused; the open project stays and the file is untouched', () => {
    const { dir, dataDir, session, makeProject } = setup();
    const current = session.store();
    const outside = makeProject(join(dir, 'elsewhere', 'family.kinship'));
    const traversal = join(session.projectsDir, '..', '..', 'elsewhere', 'family.kinship');
    const sibling = makeProject(join(dataDir, 'projects-evil', 'family.kinship'));
    const before = [sha(outside), sha(sibling)];
    for (const p of [outside, traversal, sibling]) {
      expect(() => session.open(p)).toThrow(/only projects in .+ or in the recent list can be opened here; use File → Open in the desktop app/);
      expect(session.store()).toBe(current);
    }
    expect([sha(outside), sha(sibling)]).toEqual(before);
    expect(session.listProjects().recent.map((r) => r.path)).not.toContain(outside);
  });

  it('a dialog pick (trusted) opens it, and from then on the recent list allows it', () => {
    const { dir, session, makeProject } = setup();
    const outside = makeProject(join(dir, 'elsewhere', 'family.kinship'));
    const first = session.store().path;
    expect(session.open(outside, true).path).toBe(outside);
    expect(session.open(first).path).toBe(first); // in the projects folder
    expect(session.open(outside).path).toBe(outside); // now in the recent list
  });

  it('Save As by name stays in the projects folder whatever the name says', () => {
    const { dir, session } = setup();
    session.store();
    const saved = session.saveAs('../../escaped');
    expect(dirname(saved.path)).toBe(session.projectsDir);
    expect(existsSync(join(dir, 'escaped.kinship'))).toBe(false);
  });
});
