/** Rough edges a new user hit (issue 15), checked in Debian's Chromium through the web host. */
import { test, expect, type Browser } from '@playwright/test';
import { launchChromium } from './support/chromium';
import { startWebHostProcess, type RunningHost } from './support/web-host-process';
import { StudioPage } from './support/studio-page';

let browser: Browser;
let host: RunningHost;

test.beforeAll(async () => {
  host = await startWebHostProcess();
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

test('the studio loads without a single failed request, favicon included', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const failed: string[] = [];
  const icons: Array<{ url: string; status: number }> = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    if (/favicon/.test(r.url())) icons.push({ url: new URL(r.url()).pathname, status: r.status() });
  });
  await page.goto(host.url);
  await new StudioPage(page).waitReady();
  // Chromium asks for the page's icon after load; give it the moment it needs.
  await expect.poll(() => icons.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(icons).toEqual([{ url: '/favicon.svg', status: 200 }]);
  expect(failed).toEqual([]);
  await page.close();
});

test('the status bar notes open on click, not only as a hover tooltip', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(host.url);
  await new StudioPage(page).waitReady();
  const button = page.getByTestId('status-missing');
  // This machine has no Electron binary, so there is at least that note.
  await expect(button).toBeVisible();
  await expect(page.getByTestId('status-notes')).toHaveCount(0);
  await button.click();
  const notes = page.getByTestId('status-notes');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('npm run fetch-electron');
  await page.screenshot({ path: 'test-results/new-user-status-notes.png' });
  await button.click();
  await expect(notes).toHaveCount(0);
  await page.close();
});

test('the notes open and close from the keyboard', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(host.url);
  await new StudioPage(page).waitReady();
  const button = page.getByTestId('status-missing');
  await button.focus();
  await page.keyboard.press('Enter');
  const notes = page.getByTestId('status-notes');
  await expect(notes).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  expect(await button.getAttribute('aria-controls')).toBe(await notes.getAttribute('id'));
  // A keyboard focus ring shows on the button; Escape closes and leaves the focus there.
  expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('Escape');
  await expect(notes).toHaveCount(0);
  await expect(button).toBeFocused();
  await page.keyboard.press(' ');
  await expect(notes).toBeVisible();
  await page.close();
});
