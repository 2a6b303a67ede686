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
import { startWebHostProcess } from '../test/e2e/support/web-host-process';
import { launchChromium } from '../test/e2e/support/chromium';

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
  const wplus = new Float32Array(18 * 512);
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
    const frames0 = await page.evaluate(() => (window as unknown as { __kinshipCanvas: { frames(): number } }).__kinshipCanvas.frames());
    // A string, not a function: tsx would wrap named functions in a helper the page lacks.
    await page.evaluate(`(() => {
      window.__rafCount = 0;
      window.__rafRun = true;
      const tick = () => { if (!window.__rafRun) return; window.__rafCount++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const start = performance.now();
    let x = box.x + 200;
    let dir = 1;
    await page.mouse.move(x, box.y + 400);
    await page.mouse.down();
    while (performance.now() - start < seconds * 1000) {
      x += 12 * dir;
      if (x > box.x + box.width - 200 || x < box.x + 200) dir = -dir;
      await page.mouse.move(x, box.y + 400 + 40 * Math.sin(x / 80));
    }
    await page.mouse.up();
    const elapsed = (performance.now() - start) / 1000;
    const { raf, frames } = await page.evaluate(() => {
      const w = window as unknown as { __rafCount: number; __rafRun: boolean; __kinshipCanvas: { frames(): number } };
      w.__rafRun = false;
      return { raf: w.__rafCount, frames: w.__kinshipCanvas.frames() };
    });
    console.log(`panning for ${elapsed.toFixed(1)} s with ${count} persons on the canvas:`);
    console.log(`  animation frames: ${(raf / elapsed).toFixed(1)} fps`);
    console.log(`  canvas redraws:   ${((frames - frames0) / elapsed).toFixed(1)} per second (one per frame at most)`);
    console.log(`  (headless Chromium, software GL (SwiftShader), ${(await import('node:os')).cpus().length} CPU cores)`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

main().catch((e: Error) => {
  console.error(`canvas benchmark failed: ${e.message}`);
  process.exit(1);
});
