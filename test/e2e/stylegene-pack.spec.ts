/**
 * A converted StyleGene pack (random weights in the official checkpoint layouts,
 * 64 px generator) loaded by the studio and used from the UI: founders, a breeding
 * preview, candidates, keep. Skipped with the reason where PyTorch is missing.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython, INSTALL_HINT } from '../../tools/convert/python';
import { openStudioSession, type StudioSession } from './support/studio-session';

const python = findPython();
if (!python) console.log(`[stylegene-pack.spec] skipped: ${INSTALL_HINT}`);

test.describe('converted StyleGene pack in the studio', () => {
  test.skip(!python, INSTALL_HINT);
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let session: StudioSession;

  test.beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'kinship-sg-ui-'));
    const ckpt = join(root, 'checkpoints');
    const dataDir = join(root, 'data');
    mkdirSync(join(dataDir, 'packs'), { recursive: true });
    const made = spawnSync(python!, ['tools/convert/make_random.py', '--out', ckpt, '--resolution', '64'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const conv = spawnSync(process.execPath, ['--import', 'tsx', 'tools/convert/convert.ts', '--checkpoints', ckpt, '--out', join(dataDir, 'packs', 'stylegene')], { encoding: 'utf8' });
    expect(conv.status, conv.stdout + conv.stderr).toBe(0);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ activePackId: 'stylegene-ffhq', recentProjects: [] }));
    session = await openStudioSession({ KINSHIP_DATA_DIR: dataDir });
  });
  test.afterAll(async () => session?.close());

  test('the converted pack is active and breeds children from the UI', async () => {
    const { page, studio } = session;
    await expect(page.getByTestId('status-pack')).toContainText('StyleGene FFHQ');
    // The converted pack has an encoder: photo import is offered.
    await expect(page.getByTestId('import-photo')).toBeEnabled();
    await studio.addRandomFounder(11);
    await studio.addRandomFounder(22);
    const [a, b] = await studio.waitForCards(2);
    await studio.selectPair(a!.id, b!.id);
    await studio.waitPreview();
    await studio.generateAndKeep(2, 5, [1]);
    await studio.confirmKeep();
    await studio.waitForCards(3);
    await page.getByTestId('fit-view').click();
    await studio.screenshot('stylegene-pack-tree');
  });
});
