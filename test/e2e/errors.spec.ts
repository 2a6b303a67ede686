/** Errors reach the user: the studio store puts every failed call in a banner, worded by its code. */
import { test, expect } from '@playwright/test';
import { openStudioSession, type StudioSession } from './support/studio-session';

let s: StudioSession;

test.beforeAll(async () => {
  s = await openStudioSession();
});

test.afterAll(async () => {
  await s?.close();
});

test('a refused undo shows a banner that says it is a user mistake, and it can be dismissed', async () => {
  const { page } = s;
  await page.setViewportSize({ width: 1600, height: 1000 });
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  // A fresh project has nothing to undo: the service answers with a conflict.
  await page.getByTestId('tree-canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-code', 'conflict');
  await expect(banner).toContainText('Undo');
  await expect(banner).toContainText('nothing to undo');
  await expect(banner).not.toContainText('report');
  await page.screenshot({ path: 'test-results/errors-banner.png' });
  await page.getByTestId('error-dismiss').click();
  await expect(banner).toHaveCount(0);
});
