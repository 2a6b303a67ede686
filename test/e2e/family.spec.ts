/**
 * The family-tree studio as a user drives it, in Debian's Chromium through the web
 * host: founders → children with the nose from the father → keep two → a child
 * pairs with a new founder → grandchildren → generation grid export → reopen.
 * Each step saves a screenshot to test-results/artifacts/.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { startWebHostProcess, type RunningHost } from './support/web-host-process';
import { StudioPage, type CardInfo } from './support/studio-page';
import { openStudioSession } from './support/studio-session';

test.describe.configure({ mode: 'serial' });

let browser: Browser;
let host: RunningHost;
let page: Page;
let studio: StudioPage;
let treeBefore: CardInfo[];

test.beforeAll(async () => {
  ({ browser, host, page, studio } = await openStudioSession());
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

test('1. two random founders', async () => {
  await studio.addRandomFounder(101, '30-39', 'male');
  await studio.addRandomFounder(202, '30-39', 'female');
  const cards = await studio.waitForCards(2);
  expect(cards.map((c) => c.title)).toEqual(['Founder 1', 'Founder 2']);
  expect(cards[0]!.subtitle).toBe('30-39 · male');
  expect(cards[1]!.subtitle).toBe('30-39 · female');
  await studio.screenshot('family-01-founders');
});

test('2. breed 4 with the nose regions from the father', async () => {
  const [f, m] = await studio.cards();
  await studio.selectPair(f!.id, m!.id);
  await page.getByRole('button', { name: 'Nose from father' }).click();
  await studio.waitPreview();
  await studio.screenshot('family-02-breeding-panel');
  await studio.generateAndKeep(4, 4242, [0, 2]);
  await expect(page.getByTestId('candidate-grid').locator('img')).toHaveCount(4);
  // The grid shows thumbnails; the full image comes on demand.
  const thumbWidth = await page.getByTestId('candidate-1').locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth);
  expect(thumbWidth).toBe(192);
  await studio.screenshot('family-03-candidates');
  await page.getByTestId('candidate-full-1').click();
  const full = page.getByTestId('candidate-full').locator('img');
  await expect(full).toBeVisible();
  expect(await full.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(thumbWidth);
  await studio.screenshot('family-03b-candidate-full-size');
  await page.getByTestId('candidate-full-close').click();
  await expect(page.getByTestId('candidate-full')).toBeHidden();
  await studio.confirmKeep();
  const cards = await studio.waitForCards(4);
  expect(cards.filter((c) => c.title.startsWith('Child')).length).toBe(2);
  await studio.screenshot('family-04-kept-children');
});

test('3. the kept child stores its seed and the nose override', async () => {
  const child = (await studio.cards()).find((c) => c.title.startsWith('Child'))!;
  await studio.clickCard(child.id);
  await expect(page.getByTestId('person-inspector')).toBeVisible();
  const settings = page.getByTestId('child-settings');
  await expect(settings).toContainText('4242');
  await expect(settings).toContainText('Region overrides5');
  await studio.screenshot('family-05-inspector');
});

test('4. a child pairs with a new founder and breeds grandchildren', async () => {
  await page.getByTestId('fit-view').click();
  await studio.addRandomFounder(303, '30-39', 'female');
  const cards = await studio.waitForCards(5);
  const child = cards.find((c) => c.title.startsWith('Child'))!;
  const spouse = cards.find((c) => c.title === 'Founder 3')!;
  await studio.selectPair(child.id, spouse.id);
  await studio.waitPreview();
  await studio.generateAndKeep(3, 77, [1]);
  await studio.confirmKeep();
  const all = await studio.waitForCards(6);
  expect(all.map((c) => c.title)).toContain('Grandchild 1');
  await page.getByTestId('fit-view').click();
  await studio.screenshot('family-06-three-generations');
});

test('5. export the generation grid', async () => {
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-kind').selectOption('generations');
  await page.getByTestId('export-cell').selectOption('128');
  await page.getByTestId('export-run').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
  await studio.screenshot('family-07-export');
  const exports = readdirSync(join(host.dataDir, 'exports'));
  const png = exports.find((f) => f.endsWith('.png'))!;
  expect(exports).toContain(png.replace(/\.png$/, '.json'));
  const meta = await sharp(join(host.dataDir, 'exports', png)).metadata();
  // 3 generation rows (3 founders | 2 children | 1 grandchild), 3 columns of 128 px cells,
  // a 150 px title column, 12 px gaps, 44 px captions.
  expect({ width: meta.width, height: meta.height }).toEqual({ width: 12 + 150 + 3 * (128 + 12), height: 12 + 3 * (128 + 44 + 12) });
  await page.getByRole('button', { name: 'Close' }).click();
  treeBefore = await studio.cards();
});

test('6. reopening the project restores the same tree', async () => {
  await page.close();
  const dataDir = host.dataDir;
  await host.stop({ keepData: true });
  host = await startWebHostProcess({}, dataDir);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  studio = new StudioPage(page);
  await studio.waitReady();
  const after = await studio.waitForCards(6);
  expect(after).toEqual(treeBefore);
  await page.getByTestId('fit-view').click();
  await studio.screenshot('family-08-reopened');
});
