/**
 * Canvas benchmark: a project of 1,000 persons (200 founders, 100 couples with 8
 * children each) opened in Debian's Chromium through the web host; the canvas is
 * panned continuously by mouse drags for a few seconds and the frame rate is
 * printed. Asserts nothing (machines are noisy).
 *
 *   npx tsx tools/bench-canvas.ts [--seconds 4]
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ProjectStore } from '../src/core/projects';
import { WPLUS_LENGTH } from '../src/domain/latent-shape';
import { startWebHostProcess } from './support/web-host-process';
import { launchChromium } from './support/chromium';

const secondsArg = process.argv.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 4;
const dataDir = mkdtempSync(join(tmpdir(), 'kinship-bench-canvas-'));
mkdirSync(join(dataDir, 'projects'), { recursive: true });
const path = join(dataDir, 'projects', 'Thousand.kinship');

async function face(hue: number): Promise<Buffer> {
  const c = `hsl(${hue}, 45%, 60%)`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192"><rect width="192" height="192" fill="#cfd6e4"/><circle cx="96" cy="90" r="52" fill="${c}"/><rect x="40" y="150" width="112" height="60" rx="30" fill="#3c4a5c"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const store = ProjectStore.create(path, { name: 'Thousand', packId: 'builtin', appVersion: 'bench' });
  const wplus = new Float32Array(WPLUS_LENGTH);
  const faces = await Promise.all(Array.from({ length: 12 }, (_, i) => face(i * 30)));
  const founders: string[] = [];
  for (let i = 0; i < 200; i++) {
    const img = faces[i % faces.length]!;
    founders.push(store.addPerson({ name: `Founder ${i + 1}`, origin: { kind: 'founder', seed: i, candidate: 0, psi: 0.7 }, attributes: { ageGroup: '30-39', gender: i % 2 ? 'female' : 'male', race: 'White' }, wplus, image: img, thumbnail: img }).id);
  }
  for (let u = 0; u < 100; u++) {
    const union = store.addUnion(founders[2 * u]!, founders[2 * u + 1]!);
    for (let k = 0; k < 8; k++) {
      const img = faces[(u + k) % faces.length]!;
      store.addPerson({
        name: `Child ${u}.${k + 1}`,
        origin: { kind: 'child', fatherId: union.fatherId, motherId: union.motherId, unionId: union.id, seed: u, index: k, settings: {} },
        wplus,
        image: img,
        thumbnail: img,
      });
    }
  }
  const count = store.snapshot().persons.length;
  store.close();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ recentProjects: [path] }));
  console.log(`project: ${count} persons written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const host = await startWebHostProcess({}, dataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const tLoad = performance.now();
    await page.goto(host.url);
    await page.waitForFunction(
      (n) => {
        const h = (window as unknown as { __kinshipCanvas?: { cards(): { hasImage: boolean }[] } }).__kinshipCanvas;
        return !!h && h.cards().filter((c) => c.hasImage).length === n;
      },
      count,
      { timeout: 180_000 },
    );
    console.log(`tree loaded in the browser (layout + ${count} thumbnails): ${((performance.now() - tLoad) / 1000).toFixed(1)} s`);
    const box = (await page.getByTestId('tree-canvas').boundingBox())!;
    // Zoom to a working scale (cards ~0.5×) so hundreds of them are on screen at once.
    await page.evaluate(() => (window as unknown as { __kinshipCanvas: { panBy(dx: number, dy: number): void } }).__kinshipCanvas.panBy(0, 0));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 120);
    // 1) Panning driven inside the page, once per animation frame: can the renderer keep up?
    const inPage = (await page.evaluate(`new Promise((resolve) => {
      const h = window.__kinshipCanvas;
      const f0 = h.frames(), d0 = h.drawMs();
      let raf = 0;
      const t0 = performance.now();
      const tick = (t) => {
        raf++;
        h.panBy(6, 3 * Math.sin(t / 300));
        if (t - t0 < ${seconds * 1000}) requestAnimationFrame(tick);
        else resolve({ seconds: (performance.now() - t0) / 1000, raf, frames: h.frames() - f0, drawMs: h.drawMs() - d0 });
      };
      requestAnimationFrame(tick);
    })`)) as { seconds: number; raf: number; frames: number; drawMs: number };
    console.log(`panning inside the page for ${inPage.seconds.toFixed(1)} s with ${count} persons on the canvas:`);
    console.log(`  ${(inPage.frames / inPage.seconds).toFixed(1)} frames/s drawn (${(inPage.raf / inPage.seconds).toFixed(1)} animation frames/s)`);
    console.log(`  ${(inPage.drawMs / Math.max(1, inPage.frames)).toFixed(2)} ms per redraw (three.js render call)`);

    // 2) Panning by real mouse drags from Playwright (bounded by how fast events arrive).
    const frames0 = await page.evaluate(() => (window as unknown as { __kinshipCanvas: { frames(): number } }).__kinshipCanvas.frames());
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
    const frames = await page.evaluate(() => (window as unknown as { __kinshipCanvas: { frames(): number } }).__kinshipCanvas.frames());
    console.log(`mouse-drag panning for ${elapsed.toFixed(1)} s: ${(moves / elapsed).toFixed(1)} pointer moves/s delivered, ${((frames - frames0) / elapsed).toFixed(1)} redraws/s (one per move at most)`);
    console.log(`(headless Chromium ${browser.version()}, software GL (SwiftShader), ${(await import('node:os')).cpus().length} CPU cores)`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

main().catch((e: Error) => {
  console.error(`canvas benchmark failed: ${e.message}`);
  process.exit(1);
});
