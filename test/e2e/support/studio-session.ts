/** One web host process + Debian Chromium + a studio page: what each end-to-end spec starts from. */
import type { Browser, Page } from '@playwright/test';
import { launchChromium } from './chromium';
import { startWebHostProcess, type RunningHost } from './web-host-process';
import { StudioPage } from './studio-page';

export interface StudioSession {
  browser: Browser;
  host: RunningHost;
  page: Page;
  studio: StudioPage;
  close(): Promise<void>;
}

export async function openStudioSession(env: Record<string, string> = {}): Promise<StudioSession> {
  const host = await startWebHostProcess(env);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(host.url);
  const studio = new StudioPage(page);
  await studio.waitReady();
  return {
    browser,
    host,
    page,
    studio,
    close: async () => {
      await browser.close();
      await host.stop();
    },
  };
}
