/**
 * Photo import from the UI, in Debian's Chromium through the web host: the astronaut
 * photograph (public domain, Debian's python3-skimage) is chosen with the file input,
 * its face aligned and shown, imported with a TEST FIXTURE encoder pack, and the new
 * founder bred with a random one. Also: a choice between two faces, a face-less image,
 * and a pack without an encoder (align only, crop kept). Screenshots:
 * test-results/artifacts/import-*.png.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { launchChromium } from './support/chromium';
import { startWebHostProcess, type RunningHost } from './support/web-host-process';
import { StudioPage } from './support/studio-page';
import { openStudioSession } from './support/studio-session';
import { writeEncoderPack, writeNoEncoderPack } from '../integration/faces/encoder-pack-fixture';
import { ASTRONAUT } from '../integration/faces/astronaut';

test.describe.configure({ mode: 'serial' });

const files = mkdtempSync(join(tmpdir(), 'kinship-import-files-'));
let browser: Browser;
let host: RunningHost;
let page: Page;
let studio: StudioPage;

test.beforeAll(async () => {
  test.skip(!existsSync(ASTRONAUT), `${ASTRONAUT} is absent (apt-get install -y python3-skimage)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kinship-data-'));
  await writeEncoderPack(dataDir);
  host = await startWebHostProcess({}, dataDir);
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

async function openDialog(): Promise<void> {
  await page.getByTestId('import-photo').click();
  await expect(page.getByTestId('import-photo-dialog')).toBeVisible();
}

test('1. the astronaut: aligned face, then a founder with its reconstruction', async () => {
  await expect(page.getByTestId('import-photo')).toBeEnabled();
  await openDialog();
  await page.getByTestId('photo-file').setInputFiles(ASTRONAUT);
  await expect(page.getByTestId('photo-aligned')).toBeVisible({ timeout: 60_000 });
  await studio.screenshot('import-01-aligned');
  await page.getByTestId('photo-name').fill('Astronaut');
  await page.getByTestId('photo-import').click();
  await expect(page.getByTestId('photo-reconstruction')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('photo-message')).toContainText('Added “Astronaut” as a founder');
  await studio.screenshot('import-02-reconstruction');
  await page.getByTestId('photo-close').click();
  const cards = await studio.waitForCards(1);
  expect(cards[0]!.title).toBe('Astronaut');
  await studio.screenshot('import-03-founder-on-tree');
});

test('2. the imported founder breeds with a random founder', async () => {
  await studio.addRandomFounder(303, '30-39', 'male');
  const cards = await studio.waitForCards(2);
  const astronaut = cards.find((c) => c.title === 'Astronaut')!;
  const other = cards.find((c) => c.title !== 'Astronaut')!;
  await studio.selectPair(other.id, astronaut.id);
  await studio.waitPreview();
  await studio.screenshot('import-04-breeding');
});

test('3. two faces: the user chooses', async () => {
  const one = await sharp(ASTRONAUT).resize(400, 400).toBuffer();
  const two = join(files, 'two-astronauts.jpg');
  await sharp({ create: { width: 800, height: 400, channels: 3, background: '#777' } })
    .composite([{ input: one, left: 0, top: 0 }, { input: await sharp(one).flop().toBuffer(), left: 400, top: 0 }])
    .jpeg()
    .toFile(two);
  await openDialog();
  await page.getByTestId('photo-file').setInputFiles(two);
  await expect(page.getByTestId('photo-face-1')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('photo-aligned')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('photo-face-1').click();
  await expect(page.getByTestId('photo-face-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('photo-aligned')).toBeVisible({ timeout: 60_000 });
  await studio.screenshot('import-05-two-faces');
  await page.getByTestId('photo-close').click();
});

test('4. an image without a face says so and adds nobody', async () => {
  const gradient = join(files, 'gradient.png');
  const raw = Buffer.alloc(320 * 240 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i / 3) % 320 * 0.8;
  await sharp(raw, { raw: { width: 320, height: 240, channels: 3 } }).png().toFile(gradient);
  const notImage = join(files, 'notes.jpg');
  writeFileSync(notImage, 'not an image at all');
  await openDialog();
  await page.getByTestId('photo-file').setInputFiles(gradient);
  await expect(page.getByTestId('photo-error')).toContainText('No face was found', { timeout: 60_000 });
  await studio.screenshot('import-06-no-face');
  await page.getByTestId('photo-file').setInputFiles(notImage);
  await expect(page.getByTestId('photo-error')).toContainText('not an image');
  await page.getByTestId('photo-close').click();
  expect((await studio.cards()).length).toBe(2);
});

test('5. a pack without an encoder: aligned photo shown and kept, no founder', async () => {
  // The built-in pack has an encoder; this fixture is the built-in pack without it.
  const dataDir = mkdtempSync(join(tmpdir(), 'kinship-data-'));
  await writeNoEncoderPack(dataDir);
  const s = await openStudioSession({ KINSHIP_DATA_DIR: dataDir });
  try {
    const p = s.page;
    await expect(p.getByTestId('import-photo-reason')).toContainText('no photo encoder');
    await p.getByTestId('import-photo').click();
    await expect(p.getByTestId('photo-no-encoder')).toBeVisible();
    await p.getByTestId('photo-file').setInputFiles(ASTRONAUT);
    await expect(p.getByTestId('photo-aligned')).toBeVisible({ timeout: 60_000 });
    await p.getByTestId('photo-import').click();
    await expect(p.getByTestId('photo-message')).toContainText('has no encoder', { timeout: 30_000 });
    const kept = /kept in (\S+\.png)/.exec((await p.getByTestId('photo-message').textContent())!)![1]!;
    expect(kept.startsWith(join(dataDir, 'imports'))).toBe(true);
    expect(existsSync(kept)).toBe(true);
    mkdirSync('test-results/artifacts', { recursive: true });
    await p.screenshot({ path: 'test-results/artifacts/import-07-no-encoder.png' });
    expect((await s.studio.cards()).length).toBe(0);
  } finally {
    await s.close();
  }
});
