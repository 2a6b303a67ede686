/**
 * The face map as a user sees it: the component alone on a harness page
 * (src/renderer/src/facemap/harness.html), built with Vite into a temp dir and served
 * over HTTP, in Debian's Chromium. Screenshots go to test-results/artifacts/facemap-*.png.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { launchChromium } from './support/chromium';
import { REGION_COUNT, REGION_GROUPS, REGION_NAMES } from '../../src/core/genes/regions';

const HARNESS_DIR = resolve('src/renderer/src/facemap');
const ARTIFACTS = join(process.cwd(), 'test-results', 'artifacts');
const NAV_FIRST = 0;

let browser: Browser;
let server: Server;
let baseUrl: string;
let outDir: string;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

test.beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'kinship-facemap-'));
  await build({
    configFile: false,
    root: HARNESS_DIR,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(HARNESS_DIR, 'harness.html') }, minify: false },
  });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    const file = join(outDir, path || 'harness.html');
    try {
      if (!file.startsWith(outDir) || !statSync(file).isFile()) throw new Error('not found');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/harness.html`;
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function open(query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 760, height: 980 }, deviceScaleFactor: 2 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(baseUrl + query);
  await expect(page.getByTestId('face-map')).toBeVisible();
  return page;
}

const region = (page: Page, i: number) => page.locator(`[data-region="${i}"][role="button"]`);
const modeOf = (page: Page, i: number) => region(page, i).getAttribute('data-mode');
const value = async (page: Page) => JSON.parse((await page.getByTestId('fm-value').textContent()) ?? '{}') as Record<string, { kind: string; alpha?: number }>;
const shot = (page: Page, name: string) => page.locator('aside').screenshot({ path: join(ARTIFACTS, `facemap-${name}.png`) });

/**
 * A screen point where region i is the topmost hit target (what a user can click),
 * the visible point nearest the centre of its largest hittable patch.
 */
async function pointOf(page: Page, i: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((idx) => {
    const g = document.querySelector(`[data-region="${idx}"][role="button"]`)!;
    const hits: Array<[number, number]> = [];
    for (const el of Array.from(g.querySelectorAll('path'))) {
      const r = el.getBoundingClientRect();
      for (let y = Math.floor(r.top); y <= r.bottom; y += 1)
        for (let x = Math.floor(r.left); x <= r.right; x += 1) {
          if (document.elementFromPoint(x, y)?.closest('[data-region]') === g) hits.push([x, y]);
        }
    }
    if (hits.length === 0) return null;
    // The hit point with the most hit neighbours: well inside the shape, not on an edge.
    const set = new Set(hits.map(([x, y]) => `${x},${y}`));
    let best = hits[0]!;
    let bestScore = -1;
    for (const [x, y] of hits) {
      let s = 0;
      for (let d = 1; d <= 6; d++) for (const [dx, dy] of [[d, 0], [-d, 0], [0, d], [0, -d]] as const) if (set.has(`${x + dx},${y + dy}`)) s++;
      if (s > bestScore) {
        bestScore = s;
        best = [x, y];
      }
    }
    return { x: best[0] + 0.5, y: best[1] + 0.5, area: hits.length };
  }, i);
  expect(p, `region ${i} (${REGION_NAMES[i]}) has a clickable point`).not.toBeNull();
  // At least a ~4×4 CSS px patch, so a mouse can find it.
  expect(p!.area, `region ${i} (${REGION_NAMES[i]}) hit area`).toBeGreaterThanOrEqual(16);
  return { x: p!.x, y: p!.y };
}

test('all 34 regions exist, are named, and each one changes mode when clicked', async () => {
  const page = await open();
  await expect(page.locator('[data-region][role="button"]')).toHaveCount(REGION_COUNT);
  await shot(page, 'default');
  for (let i = 0; i < REGION_COUNT; i++) {
    const r = region(page, i);
    const label = REGION_NAMES[i]!;
    await expect(r).toHaveAttribute('aria-label', new RegExp(`^${label.charAt(0).toUpperCase()}${label.slice(1)}: `));
    const before = await modeOf(page, i);
    expect(before).toBe(i === 0 ? 'father' : 'random');
    const { x, y } = await pointOf(page, i);
    await page.mouse.click(x, y);
    await expect(r, `click on ${label}`).toHaveAttribute('data-mode', i === 0 ? 'mother' : 'father');
  }
  const v = await value(page);
  expect(Object.keys(v)).toHaveLength(REGION_COUNT);
  await page.mouse.move(2, 2);
  await shot(page, 'all-clicked');
  expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  await page.close();
});

test('a click cycles father → mother → blend → pool → random', async () => {
  const page = await open();
  const p = await pointOf(page, 29);
  const seen: Array<string | null> = [];
  for (let k = 0; k < 5; k++) {
    await page.mouse.click(p.x, p.y);
    seen.push(await modeOf(page, 29));
  }
  expect(seen).toEqual(['father', 'mother', 'blend', 'pool', 'random']);
  expect(await value(page)).toEqual({});
  await page.close();
});

test('hovering names the region and its source', async () => {
  const page = await open();
  const p = await pointOf(page, 29);
  await page.mouse.click(p.x, p.y);
  await page.mouse.move(p.x, p.y + 1);
  await expect(page.getByTestId('face-map-caption')).toHaveText(/Nose tip — from father/);
  const e = await pointOf(page, 4);
  await page.mouse.move(e.x, e.y);
  await expect(page.getByTestId('face-map-caption')).toHaveText(/Ear — random/);
  await shot(page, 'hover');
  await page.close();
});

test('a drag paints the selected mode over every region it crosses', async () => {
  const page = await open();
  await page.locator('.fm-mode-btn[data-mode="mother"]').click();
  // Straight down the middle of the face, from the forehead to the chin.
  const from = await pointOf(page, 15);
  const to = await pointOf(page, 3);
  const cx = (await pointOf(page, 29)).x;
  await page.mouse.move(cx, from.y);
  await page.mouse.down();
  await page.mouse.move(cx, to.y, { steps: 60 });
  await page.mouse.up();
  const v = await value(page);
  const painted = Object.entries(v).filter(([, o]) => o.kind === 'mother').map(([k]) => Number(k));
  for (const i of [15, 16, 28, 29, 31, 23, 21, 3]) expect(painted, REGION_NAMES[i]).toContain(i);
  expect(painted.length).toBeGreaterThanOrEqual(8);
  // Nothing else changed, and the stroke did not leave the face.
  expect(Object.values(v).every((o) => o.kind === 'mother')).toBe(true);
  expect(await modeOf(page, 0)).toBe('father');
  await page.mouse.move(2, 2);
  await shot(page, 'drag-painted');
  await page.close();
});

test('keyboard: Tab reaches the map, arrows move, Enter cycles, F/M/B/P/R set modes, α keys', async () => {
  const page = await open();
  for (let k = 0; k < 12; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.hasAttribute('data-region'))) break;
  }
  const active = () => page.evaluate(() => Number(document.activeElement?.getAttribute('data-region')));
  expect(await active()).toBe(NAV_FIRST);
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe(17);
  await page.keyboard.press('Enter');
  await expect(region(page, 17)).toHaveAttribute('data-mode', 'father');
  await page.keyboard.press(' ');
  await expect(region(page, 17)).toHaveAttribute('data-mode', 'mother');
  await page.keyboard.press('ArrowRight');
  expect(await active()).toBe(15);
  await page.keyboard.press('p');
  await expect(region(page, 15)).toHaveAttribute('data-mode', 'pool');
  await page.keyboard.press('b');
  await expect(region(page, 15)).toHaveAttribute('data-mode', 'blend');
  await page.keyboard.press(']');
  await expect(region(page, 15)).toHaveAttribute('data-alpha', '0.55');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await active()).toBe(0);
  await page.keyboard.press('End');
  expect(await active()).toBe(25);
  await page.keyboard.press('m');
  await expect(region(page, 25)).toHaveAttribute('data-mode', 'mother');
  await page.keyboard.press('r');
  await expect(region(page, 25)).toHaveAttribute('data-mode', 'random');
  await page.keyboard.press('f');
  // The focus ring is drawn for keyboard focus.
  await expect(page.locator('.fm-outline-focus')).toHaveCount(1);
  await expect(page.getByTestId('face-map-caption')).toHaveText(/Neck — from father/);
  await shot(page, 'keyboard');
  await page.close();
});

test('presets, group toggles and the blend slider', async () => {
  const page = await open('?report=1');
  await page.locator('[data-preset="eyes-father-mouth-mother"]').click();
  for (const i of REGION_GROUPS.eyes) await expect(region(page, i)).toHaveAttribute('data-mode', 'father');
  for (const i of REGION_GROUPS.mouth) await expect(region(page, i)).toHaveAttribute('data-mode', 'mother');
  await expect(region(page, 26)).toHaveAttribute('data-mode', 'random');
  await expect(page.locator('[data-preset="eyes-father-mouth-mother"]')).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'preset-eyes-mouth');

  // Group toggle: pool on the nose, pressed again goes back to random.
  await page.locator('.fm-mode-btn[data-mode="pool"]').click();
  await page.locator('[data-group="nose"]').click();
  for (const i of REGION_GROUPS.nose) await expect(region(page, i)).toHaveAttribute('data-mode', 'pool');
  await expect(page.locator('[data-group="nose"]')).toHaveAttribute('aria-pressed', 'true');

  // Blend the hair group, then slide α toward the father.
  await page.locator('.fm-mode-btn[data-mode="blend"]').click();
  await page.locator('[data-group="hair"]').click();
  for (const i of REGION_GROUPS.hair) await expect(region(page, i)).toHaveAttribute('data-alpha', '0.5');
  await page.locator('.fm-blend input[type="range"]').fill('0.8');
  for (const i of REGION_GROUPS.hair) await expect(region(page, i)).toHaveAttribute('data-alpha', '0.8');
  await expect(page.getByTestId('face-map-alpha')).toHaveText('80% F · 20% M');
  await page.locator('[data-preset="face-shape-father"]').click();
  await page.locator('.fm-mode-btn[data-mode="mother"]').click();
  await page.locator('[data-group="ears"]').click();
  await page.locator('.fm-mode-btn[data-mode="blend"]').click();
  await page.locator('[data-group="eyes"]').click();
  await page.locator('.fm-mode-btn[data-mode="pool"]').click();
  await page.locator('[data-group="nose"]').click();
  const hair = await pointOf(page, 17);
  await page.mouse.move(hair.x, hair.y);
  await expect(page.getByTestId('face-map-caption')).toContainText('Hair — random');
  await expect(page.getByTestId('face-map-caption')).toContainText('last preview');
  await shot(page, 'mixed-report');
  await page.locator('[data-preset="reset"]').click();
  expect(await value(page)).toEqual({});
  await page.locator('[data-preset="all-father"]').click();
  for (let i = 0; i < REGION_COUNT; i++) await expect(region(page, i)).toHaveAttribute('data-mode', 'father');
  await page.close();
});

test('disabled map ignores clicks and keys', async () => {
  const page = await open('?disabled=1');
  // The map takes no pointer events when disabled, so aim at the nose tip's box.
  const box = (await region(page, 29).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(region(page, 29)).toHaveAttribute('data-mode', 'random');
  await page.keyboard.press('Tab');
  await page.keyboard.press('f');
  expect(await value(page)).toEqual({});
  await expect(page.locator('.fm-mode-btn').first()).toBeDisabled();
  await page.close();
});
