/**
 * Photo import with the built-in pack, as a new user without StyleGene weights sees it: the
 * astronaut photograph (public domain, Debian's python3-skimage) is chosen in the Import photo
 * dialog, aligned, turned into a built-in founder by the pack's landmark encoder, and the
 * founder is on the tree. Screenshots: test-results/artifacts/import-builtin-*.png.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { launchChromium } from './support/chromium';
import { startWebHostProcess, type RunningHost } from './support/web-host-process';
import { StudioPage } from './support/studio-page';
import { ASTRONAUT } from '../integration/faces/astronaut';

test.describe.configure({ mode: 'serial' });

let browser: Browser;
let host: RunningHost;
let page: Page;
let studio: StudioPage;

test.beforeAll(async () => {
  test.skip(!existsSync(ASTRONAUT), `${ASTRONAUT} is absent (apt-get install -y python3-skimage)`);
  host = await startWebHostProcess();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(host.url);
  studio = new StudioPage(page);
  await studio.waitReady();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

test('the astronaut becomes a built-in founder on the tree', async () => {
  await expect(page.getByTestId('import-photo')).toBeEnabled();
  await page.getByTestId('import-photo').click();
  await expect(page.getByTestId('import-photo-dialog')).toBeVisible();
  await expect(page.getByTestId('photo-no-encoder')).toHaveCount(0);
  await page.getByTestId('photo-file').setInputFiles(ASTRONAUT);
  await expect(page.getByTestId('photo-aligned')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('photo-name').fill('Astronaut');
  await page.getByTestId('photo-import').click();
  await expect(page.getByTestId('photo-reconstruction')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('photo-message')).toContainText('Added “Astronaut” as a founder');
  await studio.screenshot('import-builtin-01-avatar');
  await page.getByTestId('photo-close').click();
  const cards = await studio.waitForCards(1);
  expect(cards[0]!.title).toBe('Astronaut');
  await studio.screenshot('import-builtin-02-founder-on-tree');
});
