/**
 * Model packs → "Install StyleGene…" in the real renderer (Chromium, web host): the
 * checkpoint files (random weights in the official layouts, 32 px generator, made by
 * CI's Python) are served by a loopback HTTP server standing in for Hugging Face. The
 * first download is cut off mid-file, the second resumes it with a Range request and
 * installs; a truncated checkpoint in a folder is named; a cancelled install leaves no
 * staging folder and no new pack. Then the authors' gene pool (a geneFactorPool.pkl of the
 * same structure, made by torch.save) is imported from the gene pool window: its entries
 * show as "genes only" with previews decoded from mu; a truncated pool file is named and
 * changes nothing. Skipped with the reason where PyTorch is missing.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython, INSTALL_HINT } from '../../tools/convert/python';
import { openStudioSession, type StudioSession } from './support/studio-session';

const python = findPython();
if (!python) console.log(`[stylegene-install.spec] skipped: ${INSTALL_HINT}`);
const FILES = ['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt', 'e4e_ffhq_encode.pt', 'res34_fair_align_multi_7_20190809.pt'];

test.describe('Install StyleGene from the UI', () => {
  test.skip(!python, INSTALL_HINT);
  test.describe.configure({ mode: 'serial', timeout: 400_000 });
  let session: StudioSession;
  let server: Server;
  let root: string;
  let ck: string;
  let dataDir: string;
  const cutNext = new Map<string, number>();
  const ranges: string[] = [];

  test.beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kinship-install-ui-'));
    ck = join(root, 'ck');
    dataDir = join(root, 'data');
    mkdirSync(dataDir, { recursive: true });
    const made = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck, '--resolution', '32', '--no-e4e'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const path = join(ck, name);
      if (!FILES.includes(name) || !existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      const size = statSync(path).size;
      const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
      const start = m ? Number(m[1]) : 0;
      if (m && req.method !== 'HEAD') ranges.push(`${name}@${start}`);
      res.writeHead(m ? 206 : 200, { 'content-length': String(size - start), ...(m ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}) });
      if (req.method === 'HEAD') return void res.end();
      const data = readFileSync(path).subarray(start);
      const cut = cutNext.get(name);
      if (cut !== undefined) {
        cutNext.delete(name);
        res.write(data.subarray(0, cut), () => res.destroy());
        return;
      }
      res.end(data);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/resolve/main`;
    session = await openStudioSession({ KINSHIP_DATA_DIR: dataDir, KINSHIP_STYLEGENE_URL: url });
  });
  test.afterAll(async () => {
    await session?.close();
    await new Promise((r) => server?.close(r));
  });

  test('an interrupted download resumes and installs; the pack becomes active', async () => {
    const { page } = session;
    await page.getByTestId('packs-install-stylegene').click();
    await expect(page.getByTestId('install-license')).toContainText('NVIDIA Source Code License-NC');
    await expect(page.getByTestId('install-download')).toBeDisabled();
    await page.getByTestId('install-accept').check();
    const half = Math.floor(statSync(join(ck, 'stylegene_N18.ckpt')).size / 2);
    cutNext.set('stylegene_N18.ckpt', half);
    await page.getByTestId('install-download').click();
    await expect(page.getByTestId('install-message')).toContainText(/stylegene_N18\.ckpt: download (interrupted|ended early).*resume/, { timeout: 120_000 });
    expect(existsSync(join(dataDir, 'packs', 'stylegene-ffhq'))).toBe(false);
    await page.getByTestId('install-download').click();
    await expect(page.getByTestId('install-progress')).toBeVisible();
    await expect(page.getByTestId('install-dialog')).toBeHidden({ timeout: 300_000 });
    // The second request asked only for the rest (whatever part of the first half reached the disk).
    const resumedAt = ranges.filter((r) => r.startsWith('stylegene_N18.ckpt@')).map((r) => Number(r.split('@')[1]));
    expect(resumedAt.length).toBe(1);
    expect(resumedAt[0]).toBeGreaterThan(0);
    expect(resumedAt[0]).toBeLessThanOrEqual(half);
    expect(readFileSync(join(dataDir, 'downloads', 'stylegene', 'stylegene_N18.ckpt')).equals(readFileSync(join(ck, 'stylegene_N18.ckpt')))).toBe(true);
    await expect(page.getByTestId('status-pack')).toContainText('StyleGene FFHQ');
    await expect(page.getByTestId('pack-list')).toContainText('StyleGene FFHQ (32x32)');
    const manifest = JSON.parse(readFileSync(join(dataDir, 'packs', 'stylegene-ffhq', 'manifest.json'), 'utf8')) as { source: Array<{ file: string; size: number }> };
    expect(manifest.source.map((s) => s.file)).toEqual(['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt', 'res34_fair_align_multi_7_20190809.pt']);
    await session.studio.screenshot('install-stylegene-done');
  });

  test('a truncated checkpoint is named; a cancelled install leaves nothing half-written', async () => {
    const { page } = session;
    const bad = join(root, 'bad');
    mkdirSync(bad);
    copyFileSync(join(ck, 'stylegan2-ffhq-config-f.pt'), join(bad, 'stylegan2-ffhq-config-f.pt'));
    const full = readFileSync(join(ck, 'stylegene_N18.ckpt'));
    writeFileSync(join(bad, 'stylegene_N18.ckpt'), full.subarray(0, full.length - 4096));
    await page.getByTestId('packs-install-stylegene').click();
    await page.getByTestId('install-folder').fill(bad);
    await page.getByTestId('install-from-folder').click();
    await expect(page.getByTestId('install-message')).toContainText(/stylegene_N18\.ckpt: .*(truncated|not a complete zip)/, { timeout: 120_000 });

    const before = statSync(join(dataDir, 'packs', 'stylegene-ffhq', 'manifest.json')).mtimeMs;
    await page.getByTestId('install-folder').fill(ck);
    await page.getByTestId('install-from-folder').click();
    await expect(page.getByTestId('install-step')).toContainText(/checking|converting/, { timeout: 60_000 });
    await page.getByTestId('install-cancel').click();
    await expect(page.getByTestId('install-message')).toContainText('Install cancelled: no pack was written', { timeout: 120_000 });
    expect(readdirSync(join(dataDir, 'downloads')).filter((n) => n.startsWith('.staging'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'packs'))).toEqual(['stylegene-ffhq']);
    // The installed pack is untouched by the cancelled one.
    expect(statSync(join(dataDir, 'packs', 'stylegene-ffhq', 'manifest.json')).mtimeMs).toBe(before);
  });

  test('the authors’ gene pool imports from the gene pool window; its entries are genes only, previews approximate', async () => {
    const { page } = session;
    const poolDir = join(root, 'genepool');
    mkdirSync(poolDir);
    const poolFile = join(poolDir, 'geneFactorPool.pkl');
    const made = spawnSync(python!, ['tools/convert/make_gene_pool.py', '--out', poolFile], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const cut = join(poolDir, 'cut.pkl');
    const bytes = readFileSync(poolFile);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4000));

    await page.getByTestId('install-dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('open-pool').click();
    await expect(page.getByTestId('pool-dialog')).toContainText('No pool yet');
    await page.getByTestId('pool-genes-file').fill(cut);
    await page.getByTestId('pool-import-genes').click();
    await expect(page.getByTestId('pool-message')).toContainText('cut.pkl: ', { timeout: 60_000 });
    await expect(page.getByTestId('pool-dialog')).toContainText('No pool yet');
    expect(existsSync(join(dataDir, 'pools', 'stylegene-ffhq.kpool'))).toBe(false);

    await page.getByTestId('pool-genes-file').fill(poolFile);
    await page.getByTestId('pool-import-genes').click();
    await expect(page.getByTestId('pool-message')).toContainText('Imported 8 gene-only entries (8 new)', { timeout: 60_000 });
    await expect(page.getByTestId('pool-dialog')).toContainText('8 entries');
    await page.getByTestId('pool-heatmap').locator('button.heat[title^="0-2 · male · White:"]').click();
    const grid = page.getByTestId('pool-grid');
    await expect(grid.locator('img')).toHaveCount(3, { timeout: 60_000 });
    await expect(grid.getByTestId('pool-genes-only')).toHaveCount(3);
    await expect(grid.getByTestId('pool-genes-only').first()).toContainText('genes only');
    await expect(grid.getByTestId('pool-genes-only').first()).toContainText('approximate preview, decoded from mu');
    await expect(grid.locator('img').first()).toHaveAttribute('title', /Approximate: decoded from the mean of its genes/);
    // The previews are real renders (decoder → generator), not blanks: the PNGs differ by entry.
    const srcs = await grid.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    expect(new Set(srcs).size).toBe(3);
    await session.studio.screenshot('gene-pool-genes-only');
    await page.getByTestId('pool-dialog').getByRole('button', { name: 'Close' }).click();

    // The one-step path: a folder with the checkpoints and geneFactorPool.pkl installs the
    // pack and imports the pool (already there: nothing new, the same 8 entries).
    for (const f of ['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt']) copyFileSync(join(ck, f), join(poolDir, f));
    await page.getByTestId('packs-install-stylegene').click();
    await page.getByTestId('install-folder').fill(poolDir);
    await page.getByTestId('install-from-folder').click();
    await expect(page.getByTestId('install-dialog')).toBeHidden({ timeout: 300_000 });
    await expect(page.getByTestId('status-bar')).toContainText('The authors’ gene pool was imported: 8 gene-only entries');
    await session.studio.screenshot('install-with-gene-pool');
  });
});
