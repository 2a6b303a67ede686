/**
 * Canvas benchmark: a 1,000-person project (tools/make-big-project.ts: 100 couples with
 * 8 children each, faces from the built-in pack) opened in Debian's Chromium through
 * the web host. Prints, with p50 / p95 where there are samples:
 *
 *  1. Opening the tree, timed in the page from navigation start, over --opens fresh pages:
 *     to the first frame drawn with every card placed and every on-screen card drawn
 *     (frame, name, face placeholder), to the first frame where every on-screen card shows
 *     its face, and to the frame where all faces are uploaded.
 *  2. Frame time while panning inside the page: every animation frame moves the view, so
 *     every frame is a redraw; each redraw is timed from the three.js render call until
 *     its GL work is done: gl.finish() and then a 1-pixel readPixels, because Chromium's
 *     gl.finish() alone returns before the work is done (src/renderer/src/canvas/tree-renderer.ts). Frames counted are frames
 *     drawn, not animation-frame callbacks (both are printed). At the whole-tree view
 *     (1,000 cards on screen) and at a working scale.
 *  3. Panning by real mouse drags from Playwright: pointer moves delivered and frames drawn.
 *
 * The GL is whatever this Chromium gets (here: SwiftShader, software); the WebGL renderer
 * string is printed. Figures only; asserts nothing.
 *
 * It drives the test build (npm run build:test, out-test/), whose renderer has the
 * window.__kinshipCanvas hook; the production build has none.
 *
 *   npx tsx tools/bench-canvas.ts [--seconds 4] [--opens 3] [--project file.kinship]
 */
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { requireTestBuild, startWebHostProcess } from './support/web-host-process';
import { launchChromium } from './support/chromium';
import { makeBigProject } from './make-big-project';
import type { FrameStats } from '../src/shared/canvas-frame-stats';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seconds = Number(arg('--seconds') ?? 4);
const opens = Number(arg('--opens') ?? 3);
const reuseProject = arg('--project');

interface CanvasHook {
  lastDraw(): FrameStats | null;
  measureFrames(on: boolean): number[];
  panBy(dx: number, dy: number): void;
  cards(): { hasImage: boolean }[];
}
interface OpenTimes {
  cards?: number;
  visibleFaces?: number;
  visibleCards?: number;
  allFaces?: number;
  framesDuringOpen?: number[];
}
declare global {
  interface Window {
    __kinshipCanvas?: CanvasHook;
    __benchOpen?: OpenTimes;
  }
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
const ms = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? 'n/a' : `${Math.round(x)} ms`);
const p5095 = (xs: readonly number[], digits = 1): string =>
  `p50 ${quantile(xs, 0.5).toFixed(digits)} / p95 ${quantile(xs, 0.95).toFixed(digits)} ms (n = ${xs.length})`;
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');

/**
 * Runs in the page from navigation start: waits for the canvas, turns on gl.finish timing,
 * and notes the first frame meeting each milestone (the renderer stamps each frame's time).
 */
function openWatcher(count: number): void {
  const o: OpenTimes = {};
  window.__benchOpen = o;
  let measuring = false;
  const poll = (): void => {
    const h = window.__kinshipCanvas;
    if (h && !measuring) {
      h.measureFrames(true);
      measuring = true;
    }
    const d = h?.lastDraw();
    if (d && d.cards === count && d.visibleMissing === 0) {
      o.cards ??= d.at;
      if (o.visibleFaces === undefined && d.visibleImages === d.visibleCards) {
        o.visibleFaces = d.at;
        o.visibleCards = d.visibleCards;
      }
      if (d.images === count) {
        o.allFaces = d.at;
        o.framesDuringOpen = h!.measureFrames(false);
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function openOnce(browser: Browser, url: string, count: number): Promise<{ page: Page; times: OpenTimes }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx compiles with esbuild's keepNames, which wraps the page functions' inner arrows in
  // __name(…): give the page a no-op one.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  await page.addInitScript(openWatcher, count);
  await page.goto(url);
  await page.waitForFunction(() => window.__benchOpen?.allFaces !== undefined, null, { timeout: 180_000, polling: 100 });
  const times = (await page.evaluate(() => window.__benchOpen))!;
  return { page, times };
}

/** Pans once per animation frame for `secs`; every frame is a redraw, timed with gl.finish. */
async function panInPage(page: Page, secs: number): Promise<{ seconds: number; raf: number; frameMs: number[]; intervals: number[] }> {
  return page.evaluate(
    (secs) =>
      new Promise((resolve) => {
        const h = window.__kinshipCanvas!;
        h.measureFrames(true);
        let raf = 0;
        let last = 0;
        const intervals: number[] = [];
        const t0 = performance.now();
        const tick = (t: number): void => {
          raf++;
          if (last) intervals.push(t - last);
          last = t;
          h.panBy(6, 3 * Math.sin(t / 300));
          if (t - t0 < secs * 1000) requestAnimationFrame(tick);
          else resolve({ seconds: (performance.now() - t0) / 1000, raf, frameMs: h.measureFrames(false), intervals });
        };
        requestAnimationFrame(tick);
      }),
    secs,
  );
}

function printPan(label: string, r: { seconds: number; raf: number; frameMs: number[]; intervals: number[] }, onScreen: number): void {
  console.log(`  ${label} (${onScreen} cards on screen), ${r.seconds.toFixed(1)} s:`);
  console.log(`    ${r.frameMs.length} frames drawn = ${(r.frameMs.length / r.seconds).toFixed(1)} redraws/s (${r.raf} animation-frame callbacks)`);
  console.log(`    frame time, render + gl.finish + 1-px readPixels: ${p5095(r.frameMs)}`);
  console.log(`    time between animation frames: ${p5095(r.intervals)}`);
}

async function main(): Promise<void> {
  console.log(`load average at start: ${load()} (${cpus().length} CPU cores; other jobs on this machine make every figure noisy)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kinship-bench-canvas-'));
  mkdirSync(join(dataDir, 'projects'), { recursive: true });
  const path = join(dataDir, 'projects', 'Big tree.kinship');
  const t0 = performance.now();
  let count: number;
  if (reuseProject) {
    copyFileSync(reuseProject, path);
    count = 1000;
  } else {
    count = await makeBigProject(path, { persons: 1000 });
    console.log(`project: ${count} persons written in ${((performance.now() - t0) / 1000).toFixed(1)} s (tools/make-big-project.ts)`);
  }
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ recentProjects: [path] }));

  requireTestBuild();
  const host = await startWebHostProcess({}, dataDir);
  const browser = await launchChromium();
  try {
    console.log(`\nopening the ${count}-person tree, ${opens} fresh pages (times from navigation start, in the page):`);
    const runs: OpenTimes[] = [];
    let page: Page | null = null;
    for (let i = 0; i < opens; i++) {
      if (page) await page.context().close();
      const r = await openOnce(browser, host.url, count);
      page = r.page;
      runs.push(r.times);
      const t = r.times;
      console.log(
        `  open ${i + 1}: all ${count} cards drawn ${ms(t.cards)}; faces of the ${t.visibleCards} on-screen cards ${ms(t.visibleFaces)}; all ${count} faces ${ms(t.allFaces)}` +
          ` (${t.framesDuringOpen?.length ?? 0} frames drawn meanwhile, frame time ${p5095(t.framesDuringOpen ?? [])})`,
      );
    }
    const col = (k: 'cards' | 'visibleFaces' | 'allFaces') => runs.map((r) => r[k] ?? NaN);
    console.log(`  p50 / p95 over ${opens}: cards ${ms(quantile(col('cards'), 0.5))} / ${ms(quantile(col('cards'), 0.95))}; ` +
      `on-screen faces ${ms(quantile(col('visibleFaces'), 0.5))} / ${ms(quantile(col('visibleFaces'), 0.95))}; ` +
      `all faces ${ms(quantile(col('allFaces'), 0.5))} / ${ms(quantile(col('allFaces'), 0.95))}`);
    page = page!;

    const gl = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl2');
      const ext = c?.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(c!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });
    const onScreen = () => page!.evaluate(() => window.__kinshipCanvas!.lastDraw()!.visibleCards);

    console.log(`\npanning inside the page, one view change per animation frame:`);
    printPan(`fitted view (zoom ${(await page.evaluate(() => (window as unknown as { __kinshipCanvas: { view(): { zoom: number } } }).__kinshipCanvas.view().zoom)).toFixed(2)}, the least)`, await panInPage(page, seconds), await onScreen());
    const box = (await page.getByTestId('tree-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
    await page.waitForTimeout(300);
    printPan('working scale', await panInPage(page, seconds), await onScreen());

    // Panning by real mouse drags (bounded by how fast Playwright delivers events).
    await page.evaluate(() => window.__kinshipCanvas!.measureFrames(true));
    const start = performance.now();
    let x = box.x + 200;
    let dir = 1;
    let moves = 0;
    await page.mouse.move(x, box.y + 400);
    await page.mouse.down();
    while (performance.now() - start < seconds * 1000) {
      x += 12 * dir;
      if (x > box.x + box.width - 200 || x < box.x + 200) dir = -dir;
      await page.mouse.move(x, box.y + 400 + 40 * Math.sin(x / 80));
      moves++;
    }
    await page.mouse.up();
    const elapsed = (performance.now() - start) / 1000;
    const dragFrames = await page.evaluate(() => window.__kinshipCanvas!.measureFrames(false));
    console.log(`\nmouse-drag panning for ${elapsed.toFixed(1)} s: ${(moves / elapsed).toFixed(1)} pointer moves/s delivered, ` +
      `${(dragFrames.length / elapsed).toFixed(1)} frames drawn/s (one per animation frame at most); frame time ${p5095(dragFrames)}`);
    console.log(`\nheadless Chromium ${browser.version()}, WebGL renderer: ${gl} — software GL, no GPU on this machine; ${cpus().length} CPU cores`);
    console.log(`load average at end: ${load()}`);
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`canvas benchmark failed: ${e.message}`);
  process.exit(1);
});
