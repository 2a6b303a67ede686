/** Page object for the studio: one place that knows the selectors and the canvas test hook. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS_DIR = join(process.cwd(), 'test-results', 'artifacts');

export interface CardInfo {
  id: string;
  title: string;
  subtitle: string;
  hasImage: boolean;
}

export class StudioPage {
  constructor(readonly page: Page) {}

  get canvas() {
    return this.page.getByTestId('tree-canvas');
  }
  get sidePanel() {
    return this.page.getByTestId('side-panel');
  }
  get statusBar() {
    return this.page.getByTestId('status-bar');
  }

  async waitReady(): Promise<void> {
    await expect(this.canvas).toBeVisible();
    await expect(this.page.getByTestId('status-pack')).not.toContainText('none');
    await expect(this.page.getByTestId('status-ep')).not.toContainText('—');
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async canvasPixel(x: number, y: number): Promise<[number, number, number]> {
    return this.page.evaluate(
      ([px, py]) => {
        const c = document.querySelector('[data-testid="tree-canvas"]') as HTMLCanvasElement;
        const gl = c.getContext('webgl2') ?? c.getContext('webgl');
        if (!gl) throw new Error('no WebGL context');
        const buf = new Uint8Array(4);
        const dpr = c.width / c.getBoundingClientRect().width;
        gl.readPixels(Math.round(px * dpr), Math.round(c.height - py * dpr), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, buf);
        return [buf[0]!, buf[1]!, buf[2]!] as [number, number, number];
      },
      [x, y] as const,
    );
  }

  /** The canvas pixels of a w×h rectangle at (x, y) in canvas CSS pixels, row by row from the top. */
  async canvasPixels(x: number, y: number, w: number, h: number): Promise<Array<[number, number, number]>> {
    return this.page.evaluate(
      ([px, py, pw, ph]) => {
        const c = document.querySelector('[data-testid="tree-canvas"]') as HTMLCanvasElement;
        const gl = c.getContext('webgl2') ?? c.getContext('webgl');
        if (!gl) throw new Error('no WebGL context');
        const dpr = c.width / c.getBoundingClientRect().width;
        const [x0, y0, w0, h0] = [Math.round(px * dpr), Math.round(c.height - (py + ph) * dpr), Math.max(1, Math.round(pw * dpr)), Math.max(1, Math.round(ph * dpr))];
        const buf = new Uint8Array(4 * w0 * h0);
        gl.readPixels(x0, y0, w0, h0, gl.RGBA, gl.UNSIGNED_BYTE, buf);
        const out: Array<[number, number, number]> = [];
        for (let row = h0 - 1; row >= 0; row--) for (let col = 0; col < w0; col++) {
          const i = 4 * (row * w0 + col);
          out.push([buf[i]!, buf[i + 1]!, buf[i + 2]!]);
        }
        return out;
      },
      [x, y, w, h] as const,
    );
  }

  /** Cards the canvas draws, in tree order. */
  async cards(): Promise<CardInfo[]> {
    return this.page.evaluate(() => (window as unknown as { __kinshipCanvas: { cards(): CardInfo[] } }).__kinshipCanvas.cards());
  }

  async waitForCards(n: number): Promise<CardInfo[]> {
    await expect.poll(async () => (await this.cards()).filter((c) => c.hasImage).length, { timeout: 60_000 }).toBe(n);
    return this.cards();
  }

  async clickCard(id: string, opts: { shift?: boolean } = {}): Promise<void> {
    await this.page.getByTestId('fit-view').click();
    const p = await this.page.evaluate((cid) => (window as unknown as { __kinshipCanvas: { cardCenter(id: string): { x: number; y: number } | null } }).__kinshipCanvas.cardCenter(cid), id);
    if (!p) throw new Error(`no card ${id} on the canvas`);
    if (opts.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(p.x, p.y);
    if (opts.shift) await this.page.keyboard.up('Shift');
  }

  async addRandomFounder(seed: number, age?: string, gender?: string): Promise<void> {
    await this.page.getByTestId('founder-seed').fill(String(seed));
    await this.page.getByTestId('founder-age').selectOption(age ?? '');
    await this.page.getByTestId('founder-gender').selectOption(gender ?? '');
    await this.page.getByTestId('add-random-founder').click();
    await expect(this.page.getByTestId('add-random-founder')).toBeEnabled({ timeout: 60_000 });
  }

  async selectPair(fatherId: string, motherId: string): Promise<void> {
    await this.clickCard(fatherId);
    await this.clickCard(motherId, { shift: true });
    await expect(this.page.getByTestId('breeding-panel')).toBeVisible();
  }

  async waitPreview(): Promise<void> {
    await expect(this.page.getByTestId('breed-preview')).toBeVisible({ timeout: 60_000 });
    await expect(this.page.getByTestId('breed-preview')).not.toHaveClass(/stale/, { timeout: 60_000 });
  }

  /** Generate N and keep the candidates with the given indices. */
  async generateAndKeep(count: number, seed: number, keep: number[]): Promise<void> {
    await this.page.getByTestId('breed-count').fill(String(count));
    await this.page.getByTestId('breed-seed').fill(String(seed));
    await this.page.getByTestId('breed-generate').click();
    await expect(this.page.getByTestId('candidate-grid')).toBeVisible({ timeout: 120_000 });
    for (const i of keep) await this.page.getByTestId(`candidate-${i}`).click();
  }

  async confirmKeep(): Promise<void> {
    await this.page.getByTestId('candidates-keep').click();
    await expect(this.page.getByTestId('candidates-dialog')).toBeHidden();
  }
}
