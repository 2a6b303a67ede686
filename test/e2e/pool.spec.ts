/** The gene pool from the UI: build with progress, browse the heat map, correct a label, use as founder, breed with it. */
import { test, expect, type Page } from '@playwright/test';
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

test('build a pool from the model with progress, then browse it', async () => {
  await page.getByTestId('open-pool').click();
  await expect(page.getByTestId('pool-dialog')).toContainText('No pool yet');
  await page.getByTestId('pool-count').fill('5000');
  await page.getByTestId('pool-build').click();
  await expect(page.getByTestId('pool-message')).toContainText('Added 5000 entries', { timeout: 120_000 });
  await expect(page.getByTestId('pool-dialog')).toContainText('5000 entries');
  // The busiest cell of the heat map opens its group's thumbnails.
  const cells = page.getByTestId('pool-heatmap').locator('button.heat');
  const counts = await cells.evaluateAll((els) => els.map((e) => Number(e.textContent || 0)));
  const busiest = counts.indexOf(Math.max(...counts));
  await cells.nth(busiest).click();
  await expect(page.getByTestId('pool-grid').locator('img').first()).toBeVisible({ timeout: 60_000 });
  await studio.screenshot('pool-01-browser');
});

test('a corrected label moves the entry to another group of the heat map', async () => {
  const active = page.getByTestId('pool-heatmap').locator('button.heat.active');
  const [, age, gender, race] = /^(\S+) · (\w+) · (.+):/.exec((await active.getAttribute('title'))!)!;
  const newAge = age === '70+' ? '0-2' : '70+';
  const target = page.getByTestId('pool-heatmap').locator(`button.heat[title^="${newAge} · ${gender} · ${race}:"]`);
  const count = async (l: typeof active) => Number(/: (\d+)$/.exec((await l.getAttribute('title'))!)![1]);
  const [activeBefore, targetBefore] = [await count(active), await count(target)];
  const first = page.getByTestId('pool-grid').locator('.pool-entry').first();
  await first.getByLabel('Age group').selectOption(newAge);
  await expect(first.getByLabel('Age group')).toHaveValue(newAge);
  await expect.poll(() => count(target)).toBe(targetBefore + 1);
  expect(await count(active)).toBe(activeBefore - 1);
});

test('use a pool entry as founder, and breeding reports the pool group', async () => {
  await page.getByTestId('pool-grid').getByRole('button', { name: 'Use as founder' }).first().click();
  await page.getByRole('button', { name: 'Close' }).click();
  await studio.addRandomFounder(5, '30-39', 'male');
  const cards = await studio.waitForCards(2);
  await studio.selectPair(cards[1]!.id, cards[0]!.id);
  await page.locator('#breed-age').selectOption('0-2');
  await page.locator('#breed-gender').selectOption('female');
  await studio.waitPreview();
  await expect(page.getByTestId('breed-pool-use')).toContainText('gene pool: age 0-2 female');
  await studio.screenshot('pool-02-breeding-with-pool');
});

test('a long pool build shows progress and can be cancelled, keeping what was committed', async () => {
  await page.getByTestId('open-pool').click();
  await page.getByTestId('pool-count').fill('100000');
  await page.getByTestId('pool-build').click();
  await expect(page.getByTestId('pool-progress')).toBeVisible({ timeout: 30_000 });
  // Let a few batches commit before cancelling.
  await expect.poll(() => page.getByTestId('pool-progress').evaluate((e) => (e as HTMLProgressElement).value), { timeout: 60_000 }).toBeGreaterThan(256);
  await studio.screenshot('pool-03-building');
  await page.getByTestId('pool-cancel').click();
  await expect(page.getByTestId('pool-message')).toContainText('Build cancelled', { timeout: 60_000 });
  const header = await page.getByTestId('pool-dialog').locator('header').textContent();
  const total = Number(/(\d+) entries/.exec(header ?? '')?.[1]);
  // More than before (committed batches stay), far less than asked for (it stopped).
  expect(total).toBeGreaterThan(5000 + 256);
  expect(total).toBeLessThan(5000 + 100_000);
  await page.getByRole('button', { name: 'Close' }).click();
});
