/** Projects from the UI: undo/redo, Save As, New, Open, and a corrupt file refused and left untouched. */
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStudioSession, type StudioSession } from './support/studio-session';
import type { StudioPage } from './support/studio-page';

test.describe.configure({ mode: 'serial' });
let session: StudioSession;
let page: Page;
let studio: StudioPage;

test.beforeAll(async () => {
  session = await openStudioSession();
  ({ page, studio } = session);
});
test.afterAll(async () => session?.close());

const menu = async (menuId: string, item: string) => {
  await page.getByTestId(menuId).click();
  await page.getByTestId(item).click();
};

test('undo and redo a tree edit', async () => {
  await studio.addRandomFounder(7);
  await studio.waitForCards(1);
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await studio.cards()).length).toBe(0);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(async () => (await studio.cards()).length).toBe(1);
});

test('Save As, New, then Open brings the saved tree back', async () => {
  await menu('menu-file', 'menu-project-save-as');
  await page.getByTestId('save-as-name').fill('Smith family');
  await page.getByTestId('save-as-confirm').click();
  await expect(page.getByTestId('project-name')).toHaveText('Smith family');
  await menu('menu-file', 'menu-project-new');
  await expect(page.getByTestId('project-name')).toHaveText('Untitled family 2');
  await expect.poll(async () => (await studio.cards()).length).toBe(0);
  await menu('menu-file', 'menu-project-open');
  await page.getByTestId('project-list').getByRole('button', { name: 'Smith family' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Smith family');
  await studio.waitForCards(1);
  await studio.screenshot('projects-01-reopened');
});

test('a corrupt project file gives a clear error and is left untouched', async () => {
  const bad = join(session.host.dataDir, 'projects', 'Broken.kinship');
  writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4000, 7)]));
  const hash = () => createHash('sha256').update(readFileSync(bad)).digest('hex');
  const before = hash();
  await menu('menu-file', 'menu-project-open');
  await page.getByTestId('project-list').getByRole('button', { name: 'Broken' }).click();
  await expect(page.getByTestId('project-error')).toContainText('Broken.kinship');
  await studio.screenshot('projects-02-corrupt');
  expect(hash()).toBe(before);
  await page.getByRole('button', { name: 'Cancel' }).click();
  // The open project is still the one that was open.
  await expect(page.getByTestId('project-name')).toHaveText('Smith family');
});
