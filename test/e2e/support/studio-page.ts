/** Page object for the studio shell: one place that knows the selectors. */
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS_DIR = join(process.cwd(), 'test-results', 'artifacts');

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
}
