/**
 * The same shell checks in the real Electron app, wherever its binary exists.
 * Where it does not (offline installs), the spec is skipped with the reason.
 */
import { test, expect, _electron as electron, type ElectronApplication } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryPath } from '../../src/core/environment';
import { StudioPage } from './support/studio-page';

const root = process.cwd();
const binary = electronBinaryPath(root);
const reason = 'Electron binary not installed (offline install skips its download; `npm run fetch-electron` adds it)';
if (!binary) console.log(`[electron.spec] skipped: ${reason}`);

test.describe('Electron app', () => {
  test.skip(!binary, reason);
  let app: ElectronApplication;

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary!,
      // The test build (npm run build:test): its renderer has the test hooks the page object uses.
      args: [join(root, 'out-test', 'main', 'index.js'), '--no-sandbox'],
      env: { ...process.env, KINSHIP_DATA_DIR: mkdtempSync(join(tmpdir(), 'kinship-electron-')) },
    });
  });
  test.afterAll(async () => app?.close());

  test('shell shows canvas, side panel and status bar; renderer is isolated', async () => {
    const page = await app.firstWindow();
    const studio = new StudioPage(page);
    await studio.waitReady();
    await expect(studio.sidePanel).toBeVisible();
    await studio.screenshot('shell-electron');
    const isolation = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { kinshipStudio: object }).kinshipStudio).sort(),
    }));
    expect(isolation).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'subscribe'] });
  });

  test('window.open and navigation away are blocked', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    const opened = await page.evaluate(() => window.open('https://example.com') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows().length).toBe(1);
  });

  test('a malformed IPC payload gets an error reply', async () => {
    const page = await app.firstWindow();
    const res = await page.evaluate(async () => {
      const api = (window as unknown as { kinshipStudio: { invoke(m: string, i: unknown): Promise<unknown> } }).kinshipStudio;
      try {
        await api.invoke('packs.activate', { packId: 42 });
        return 'accepted';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(res).toBe('invalid-input');
  });
});
