/**
 * Face-map click → preview latency, end to end in Debian's Chromium through the web host
 * with the built-in pack: two random founders are added and picked as a pair, then a face-map
 * region is clicked again and again. Each sample is the time from the click's pointerdown
 * (the event's own timestamp) to the first animation frame in which the preview <img> shows
 * different pixels (its decoded image drawn to a canvas and compared), so it includes the
 * preview's debounce, the request, the host's work, the answer and the image decode.
 * Clicks whose new mode is pool or random are not timed (pool needs a gene pool; random may
 * pick what was shown), nor clicks that change no pixel within 5 s (counted and printed).
 *
 * Drives the test build (npm run build:test, out-test/: the canvas test hook picks the pair).
 *
 *   npx tsx tools/bench-facemap.ts [--clicks 20]
 */
import { loadavg, cpus } from 'node:os';
import type { Page } from '@playwright/test';
import { startWebHostProcess } from './support/web-host-process';
import { launchChromium } from './support/chromium';

const clicksArg = process.argv.indexOf('--clicks');
const clicks = clicksArg >= 0 ? Number(process.argv[clicksArg + 1]) : 20;
/** Regions whose parents' versions differ visibly: head (skin), eye iris, hair, nose. */
const REGIONS = [1, 9, 17, 26];

interface Watch {
  changes: { at: number; hash: number }[];
  downs: number[];
  /** breed.preview round trips over the WebSocket (request sent → answer received), ms. */
  roundTrips: number[];
}
declare global {
  interface Window {
    __previewWatch?: Watch;
  }
}
/** The canvas's test hook (src/renderer/src/canvas/TreeCanvas.tsx), the part used here. */
type WithCanvas = { __kinshipCanvas?: { cards(): { id: string }[]; cardCenter(id: string): { x: number; y: number } | null } };

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');

/** In the page: every animation frame, hash the preview's pixels when its image changed. */
function previewWatcher(): void {
  const w: Watch = { changes: [], downs: [], roundTrips: [] };
  window.__previewWatch = w;
  // Where the time goes: the host's share, seen from the page.
  const sent = new Map<number, number>();
  const Ws = window.WebSocket;
  window.WebSocket = class extends Ws {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        const m = /^\{"kind":"response","response":\{"id":(\d+)/.exec(String(e.data).slice(0, 60));
        const t = m ? sent.get(Number(m[1])) : undefined;
        if (t !== undefined) w.roundTrips.push(performance.now() - t);
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const m = typeof data === 'string' ? /^\{"id":(\d+),"method":"breed\.preview"/.exec(data) : null;
      if (m) sent.set(Number(m[1]), performance.now());
      super.send(data);
    }
  };
  document.addEventListener('pointerdown', (e) => w.downs.push(e.timeStamp), true);
  const c = document.createElement('canvas');
  c.width = 64;
  c.height = 64;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  let lastSrc = '';
  let lastHash = 0;
  const tick = (): void => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="breed-preview"]');
    if (img && img.complete && img.naturalWidth > 0 && img.src !== lastSrc) {
      lastSrc = img.src;
      g.drawImage(img, 0, 0, 64, 64);
      const d = g.getImageData(0, 0, 64, 64).data;
      let h = 2166136261;
      for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i]!, 16777619);
      if (h !== lastHash) {
        lastHash = h;
        w.changes.push({ at: performance.now(), hash: h });
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** A point well inside region i that hit-tests to it (what a user can click). */
async function pointOf(page: Page, i: number): Promise<{ x: number; y: number }> {
  await page.locator(`[data-region="${i}"][role="button"]`).scrollIntoViewIfNeeded();
  const p = await page.evaluate((idx) => {
    const g = document.querySelector(`[data-region="${idx}"][role="button"]`)!;
    let best: [number, number] | null = null;
    let bestScore = -1;
    for (const el of Array.from(g.querySelectorAll('path'))) {
      const r = el.getBoundingClientRect();
      for (let y = Math.floor(r.top); y <= r.bottom; y += 2)
        for (let x = Math.floor(r.left); x <= r.right; x += 2) {
          if (document.elementFromPoint(x, y)?.closest('[data-region]') !== g) continue;
          let s = 0;
          for (let d = 2; d <= 8; d += 2)
            for (const [dx, dy] of [[d, 0], [-d, 0], [0, d], [0, -d]] as const) if (document.elementFromPoint(x + dx, y + dy)?.closest('[data-region]') === g) s++;
          if (s > bestScore) {
            bestScore = s;
            best = [x, y];
          }
        }
    }
    return best && { x: best[0] + 0.5, y: best[1] + 0.5 };
  }, i);
  if (!p) throw new Error(`region ${i} has no clickable point`);
  return p;
}

async function main(): Promise<void> {
  console.log(`load average at start: ${load()} (${cpus().length} CPU cores; other jobs on this machine make every figure noisy)`);
  const host = await startWebHostProcess();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // tsx compiles with esbuild's keepNames, which wraps inner arrows in __name(…).
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    await page.addInitScript(previewWatcher);
    await page.goto(host.url);
    const addFounder = page.getByRole('button', { name: 'Random person' });
    for (let n = 1; n <= 2; n++) {
      await addFounder.click();
      await page.waitForFunction((k) => ((window as unknown as WithCanvas).__kinshipCanvas?.cards().length ?? 0) >= k, n, { timeout: 60_000 });
    }
    // Adding a founder selects it when the call returns: wait for that, then pick the pair.
    await page.getByText('Added Founder 2').waitFor({ timeout: 60_000 });
    const ids = await page.evaluate(() => (window as unknown as WithCanvas).__kinshipCanvas!.cards().map((c) => c.id));
    for (const [k, id] of ids.slice(0, 2).entries()) {
      const at = await page.evaluate((i) => (window as unknown as WithCanvas).__kinshipCanvas!.cardCenter(i), id);
      if (k === 1) await page.keyboard.down('Shift');
      await page.mouse.click(at!.x, at!.y);
      if (k === 1) await page.keyboard.up('Shift');
    }
    await page.getByTestId('breed-preview').waitFor({ timeout: 60_000 }).catch(async (e: Error) => {
      await page.screenshot({ path: '/tmp/kinship-bench-facemap-failed.png' });
      throw new Error(`${e.message} (screenshot: /tmp/kinship-bench-facemap-failed.png)`);
    });
    await page.waitForFunction(() => (window.__previewWatch?.changes.length ?? 0) > 0);
    const points = new Map<number, { x: number; y: number }>();
    for (const r of REGIONS) points.set(r, await pointOf(page, r));

    const samples: number[] = [];
    let unchanged = 0;
    let skipped = 0;
    let k = 0;
    while (samples.length + unchanged < clicks && k < clicks * 4) {
      const region = REGIONS[k++ % REGIONS.length]!;
      const before = await page.evaluate(() => ({ changes: window.__previewWatch!.changes.length, downs: window.__previewWatch!.downs.length }));
      const p = points.get(region)!;
      await page.mouse.click(p.x, p.y);
      const mode = await page.locator(`[data-region="${region}"][role="button"]`).getAttribute('data-mode');
      const timed = mode === 'father' || mode === 'mother' || mode === 'blend';
      // Wait for this click's preview (or 5 s) before the next click, timed or not.
      const changed = await page
        .waitForFunction((n) => window.__previewWatch!.changes.length > n, before.changes, { timeout: 5_000, polling: 'raf' })
        .then(() => true, () => false);
      await page.waitForTimeout(400); // let a late answer land before the next click
      if (!timed) {
        skipped++;
        continue;
      }
      if (!changed) {
        unchanged++;
        continue;
      }
      const w = await page.evaluate(() => window.__previewWatch!);
      samples.push(w.changes[before.changes]!.at - w.downs[before.downs]!);
    }
    console.log(`face-map click → preview pixels changed, built-in pack, ${samples.length} clicks timed (${skipped} pool/random clicks not timed, ${unchanged} with no visible change in 5 s):`);
    console.log(`  p50 ${quantile(samples, 0.5).toFixed(0)} ms / p95 ${quantile(samples, 0.95).toFixed(0)} ms (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)}); target ≤ 150 ms`);
    console.log(`  samples: ${samples.map((x) => x.toFixed(0)).join(', ')}`);
    const rt = (await page.evaluate(() => window.__previewWatch!.roundTrips)).slice(1); // the first is the panel's opening preview
    console.log(`  of which breed.preview round trips (request sent → answer received, in the page): p50 ${quantile(rt, 0.5).toFixed(0)} ms / p95 ${quantile(rt, 0.95).toFixed(0)} ms (n = ${rt.length})`);
    console.log(`headless Chromium ${browser.version()}, web host; load average at end: ${load()}`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

main().catch((e: Error) => {
  console.error(`face-map benchmark failed: ${e.message}`);
  process.exit(1);
});
