/**
 * A big tree opens with its cards before its thumbnails: the project (300 persons, faces from
 * the built-in pack, tools/make-big-project.ts) opens while every `persons.images` request is
 * held back on the WebSocket, so the canvas must show the cards (frame colour, face placeholder)
 * with no face at all; the first request must ask for on-screen cards; once the requests go
 * through, the faces replace the placeholders. Colours are the known card colours, read from
 * the canvas pixels. docs/ARCHITECTURE.md, "Opening a big tree".
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './support/chromium';
import { startWebHostProcess, type RunningHost } from './support/web-host-process';
import { StudioPage } from './support/studio-page';
import { makeBigProject } from '../../tools/make-big-project';
import type { FrameStats } from '../../src/shared/canvas-frame-stats';

const PERSONS = 300;
/** Card background and face placeholder of a card without its thumbnail (sRGB). */
const CARD_FILL: Rgb = [0x22, 0x26, 0x31];
const PLACEHOLDER: Rgb = [0x2c, 0x31, 0x40];
type Rgb = [number, number, number];

type Hook = {
  __kinshipCanvas: {
    lastDraw(): FrameStats | null;
    cards(): { id: string }[];
    cardCenter(id: string): { x: number; y: number } | null;
    view(): { zoom: number };
  };
};

let browser: Browser;
let host: RunningHost;

test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinship-big-tree-'));
  mkdirSync(join(dataDir, 'projects'));
  const path = join(dataDir, 'projects', 'Big tree.kinship');
  expect(await makeBigProject(path, { persons: PERSONS, faces: 8 })).toBe(PERSONS);
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ recentProjects: [path] }));
  host = await startWebHostProcess({}, dataDir);
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const lastDraw = (page: Page) => page.evaluate(() => (window as unknown as Hook).__kinshipCanvas?.lastDraw() ?? null);

/** Median colour of a small patch of the canvas around a point given in page coordinates. */
async function patch(studio: StudioPage, at: { x: number; y: number }): Promise<Rgb> {
  const box = (await studio.canvas.boundingBox())!;
  const px = await studio.canvasPixels(at.x - box.x - 3, at.y - box.y - 3, 6, 6);
  const med = (c: 0 | 1 | 2) => px.map((p) => p[c]).sort((a, b) => a - b)[px.length >> 1]!;
  return [med(0), med(1), med(2)];
}
const near = (a: Rgb, b: Rgb, tol = 6) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);

test('a 300-person tree shows its cards before any thumbnail, asks for on-screen ones first, then shows the faces', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Hold back every thumbnail request until released.
  const held: { ids: string[]; send: () => void }[] = [];
  let release = false;
  await page.routeWebSocket(/\/ws|127\.0\.0\.1/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const text = String(m);
      const call = /"method":"persons\.images"/.test(text) ? (JSON.parse(text) as { input: { ids: string[] } }) : null;
      if (call && !release) held.push({ ids: call.input.ids, send: () => server.send(m) });
      else server.send(m);
    });
    server.onMessage((m) => ws.send(m));
  });
  await page.goto(host.url);
  const studio = new StudioPage(page);

  // Every card drawn (none waiting for its page), no face yet: the thumbnails are held.
  await expect.poll(async () => (await lastDraw(page))?.cards ?? 0, { timeout: 30_000 }).toBe(PERSONS);
  await expect.poll(async () => (await lastDraw(page))?.visibleMissing ?? -1).toBe(0);
  expect(held.length).toBeGreaterThan(0);
  expect((await lastDraw(page))!.images).toBe(0);

  // The first request asks for cards that are on screen (the fitted view shows only part of the row).
  const onScreen = await page.evaluate(() => {
    const h = (window as unknown as Hook).__kinshipCanvas;
    const r = document.querySelector('[data-testid="tree-canvas"]')!.getBoundingClientRect();
    // A card is on screen when any part of it is (cards are 148 × 188 world units).
    const [hw, hh] = [(148 / 2) * h.view().zoom, (188 / 2) * h.view().zoom];
    return h
      .cards()
      .filter((c) => {
        const p = h.cardCenter(c.id)!;
        return p.x + hw >= r.left && p.x - hw <= r.right && p.y + hh >= r.top && p.y - hh <= r.bottom;
      })
      .map((c) => c.id);
  });
  expect(onScreen.length).toBeGreaterThan(0);
  expect(onScreen.length).toBeLessThan(PERSONS);
  const first = held[0]!.ids;
  expect(first.filter((id) => onScreen.includes(id))).toEqual(first.slice(0, Math.min(first.length, onScreen.length)));

  // Zoom in on the middle of the row to read a card's pixels: frame and placeholder, no face.
  const box = (await studio.canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 17; i++) await page.mouse.wheel(0, -120);
  await expect.poll(async () => page.evaluate(() => (window as unknown as Hook).__kinshipCanvas.view().zoom)).toBeGreaterThan(0.9);
  const card = await page.evaluate(([cx, cy]) => {
    const h = (window as unknown as Hook).__kinshipCanvas;
    let best: { id: string; d: number } | null = null;
    for (const c of h.cards()) {
      const p = h.cardCenter(c.id)!;
      const d = Math.hypot(p.x - cx, p.y - cy);
      if (!best || d < best.d) best = { id: c.id, d };
    }
    return best!.id;
  }, [box.x + box.width / 2, box.y + box.height / 2] as const);
  const zoom = await page.evaluate(() => (window as unknown as Hook).__kinshipCanvas.view().zoom);
  const at = async (dx: number, dy: number) => {
    const c = (await page.evaluate((id) => (window as unknown as Hook).__kinshipCanvas.cardCenter(id), card))!;
    return { x: c.x + dx * zoom, y: c.y + dy * zoom };
  };
  // Face centre: 20 world units above the card centre; plain frame: bottom right, below the text.
  await page.waitForTimeout(300);
  expect(near(await patch(studio, await at(0, -20)), PLACEHOLDER), 'face area shows the placeholder').toBe(true);
  expect(near(await patch(studio, await at(58, 86)), CARD_FILL), 'card frame is drawn').toBe(true);
  await page.screenshot({ path: join('test-results', 'artifacts', 'big-tree-cards-first.png') });

  // Let the thumbnails through: every face arrives and the placeholder goes.
  release = true;
  for (const h of held.splice(0)) h.send();
  await expect.poll(async () => (await lastDraw(page))?.images ?? 0, { timeout: 40_000 }).toBe(PERSONS);
  await page.waitForTimeout(200);
  const face = await patch(studio, await at(0, -20));
  expect(near(face, PLACEHOLDER), `face area after the thumbnails: ${face.join(',')}`).toBe(false);
  await page.screenshot({ path: join('test-results', 'artifacts', 'big-tree-faces.png') });
  expect(errors).toEqual([]);
  await page.close();
});
