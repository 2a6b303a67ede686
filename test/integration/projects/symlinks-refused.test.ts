/**
 * A symbolic link planted in the projects folder is never opened or written through:
 * a link named like a project, a link named like a project's WAL side file, a linked
 * sub-folder, a recent-list entry replaced by a link, and a dangling link where a new
 * project would go. The files the links point at stay byte-identical.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioService } from '../../../src/core/studio-service';
import { call, createHandlers, type Handlers } from '../../../src/core/api-router';
import { ProjectStore } from '../../../src/core/projects';

let root: string;
let dataDir: string;
let projects: string;
let outside: string;
let service: StudioService;
let handlers: Handlers;

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A valid project outside the projects folder: the file an attacker wants written. */
function victimProject(name: string): string {
  const path = join(outside, name);
  ProjectStore.create(path, { name: 'victim', packId: 'builtin', appVersion: 'test' }).close();
  return path;
}

async function startService(): Promise<void> {
  service = await StudioService.create({ host: 'web', dataDir, resourcesDir: join(root, 'res'), lazyPack: true });
  handlers = createHandlers(service);
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'kinship-links-'));
  dataDir = join(root, 'data');
  projects = join(dataDir, 'projects');
  outside = join(root, 'outside');
  mkdirSync(projects, { recursive: true });
  mkdirSync(outside);
  await startService();
});
afterEach(async () => {
  await service.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('symbolic links in the projects folder', () => {
  it('refuses a link named like a project; its target is untouched', async () => {
    const victim = victimProject('victim.kinship');
    const before = sha(victim);
    const listing = readdirSync(outside).sort();
    symlinkSync(victim, join(projects, 'Family.kinship'));
    await expect(call(handlers, 'project.open', { path: join(projects, 'Family.kinship') })).rejects.toThrow(/symbolic link/);
    expect(sha(victim)).toBe(before);
    expect(readdirSync(outside).sort()).toEqual(listing); // no -wal/-shm appeared next to it
    // Nor is it offered in the project list.
    const list = await call(handlers, 'project.list', {});
    expect(list.projects.map((p) => p.name)).not.toContain('Family');
  });

  it("refuses a real project whose WAL side file is a link; the link's target is untouched", async () => {
    const real = join(projects, 'Real.kinship');
    ProjectStore.create(real, { name: 'Real', packId: 'builtin', appVersion: 'test' }).close();
    const target = join(outside, 'notes.txt');
    writeFileSync(target, 'keep me as I am\n');
    symlinkSync(target, `${real}-wal`);
    await expect(call(handlers, 'project.open', { path: real })).rejects.toThrow(/side file .*-wal is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep me as I am\n');
  });

  it('refuses a project inside a linked sub-folder', async () => {
    const victim = victimProject('victim.kinship');
    const before = sha(victim);
    const listing = readdirSync(outside).sort();
    symlinkSync(outside, join(projects, 'shared'));
    await expect(call(handlers, 'project.open', { path: join(projects, 'shared', 'victim.kinship') })).rejects.toThrow(/outside/);
    expect(sha(victim)).toBe(before);
    expect(readdirSync(outside).sort()).toEqual(listing);
  });

  it('skips a recent project that was replaced by a link when the studio starts', async () => {
    const opened = await call(handlers, 'project.new', { name: 'Mine' });
    await service.dispose();
    const victim = victimProject('victim.kinship');
    const before = sha(victim);
    const listing = readdirSync(outside).sort();
    rmSync(opened.path);
    symlinkSync(victim, opened.path);
    await startService();
    const current = await call(handlers, 'project.current', {});
    expect(current.path).not.toBe(opened.path);
    expect(sha(victim)).toBe(before);
    expect(readdirSync(outside).sort()).toEqual(listing);
  });

  it('creates a new project next to a dangling link instead of through it', async () => {
    const target = join(outside, 'created-through-link.kinship');
    symlinkSync(target, join(projects, 'Untitled family.kinship'));
    const created = await call(handlers, 'project.new', {});
    expect(created.path).toBe(join(projects, 'Untitled family 2.kinship'));
    expect(existsSync(target)).toBe(false);
  });

  it('refuses Save As onto a dangling link', async () => {
    await call(handlers, 'project.new', { name: 'Source' });
    const target = join(outside, 'saved-through-link.kinship');
    symlinkSync(target, join(projects, 'Copy.kinship'));
    await expect(call(handlers, 'project.saveAs', { name: 'Copy' })).rejects.toThrow(/already exists/);
    expect(existsSync(target)).toBe(false);
  });
});
