/**
 * Children at the age asked for, as a user drives it (Chromium, web host, built-in pack):
 * breed at 0-2 and at 70+ with every candidate showing its resemblance and the batch its
 * sibling diversity, then the baby in the inspector: resemblance meter, grow-up strip
 * (shown and exported as PNG + JSON), "age this person" and undo. Screenshots go to
 * test-results/artifacts/age-*.png.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { openStudioSession, type StudioSession } from './support/studio-session';
import type { StudioPage } from './support/studio-page';

test.describe.configure({ mode: 'serial' });

let session: StudioSession;
let page: Page;
let studio: StudioPage;

test.beforeAll(async () => {
  session = await openStudioSession();
  ({ page, studio } = session);
});
test.afterAll(async () => session?.close());

async function breedAt(age: string, seed: number): Promise<void> {
  const [f, m] = (await studio.cards()).filter((c) => c.title.startsWith('Founder'));
  await studio.selectPair(f!.id, m!.id);
  await page.locator('#breed-age').selectOption(age);
  await studio.waitPreview();
  await studio.generateAndKeep(4, seed, [0]);
  const labels = page.getByTestId('candidate-grid').locator('button > span:first-of-type');
  await expect(labels).toHaveCount(4);
  for (const t of await labels.allTextContents()) expect(t).toContain(age);
  // Every candidate says how much of each parent it carries; the batch its sibling diversity.
  const shares = page.getByTestId('candidate-resemblance');
  await expect(shares).toHaveCount(4);
  for (const t of await shares.allTextContents()) expect(t).toMatch(/^\d+ % father · \d+ % mother · \d+ % pool$/);
  await expect(page.getByTestId('sibling-diversity')).toContainText('of unrelated pairs');
}

test('breeds at 0-2 and at 70+, each candidate with its resemblance', async () => {
  await studio.addRandomFounder(101, '30-39', 'male');
  await studio.addRandomFounder(202, '30-39', 'female');
  await studio.waitForCards(2);
  await breedAt('0-2', 11);
  await studio.screenshot('age-01-candidates-0-2');
  await studio.confirmKeep();
  await breedAt('70+', 12);
  await studio.screenshot('age-02-candidates-70');
  await studio.confirmKeep();
  const cards = await studio.waitForCards(4);
  expect(cards.filter((c) => c.title.startsWith('Child')).map((c) => c.subtitle.split(' · ')[0])).toEqual(['0-2', '70+']);
});

test('the baby in the inspector: resemblance, grow-up strip and its export', async () => {
  const baby = (await studio.cards()).find((c) => c.title === 'Child 1')!;
  await studio.clickCard(baby.id);
  await expect(page.getByTestId('resemblance-overall')).toHaveText(/^\d+ % father · \d+ % mother · \d+ % pool$/);
  await page.getByTestId('resemblance-meter').scrollIntoViewIfNeeded();
  await studio.screenshot('age-03a-inspector-resemblance');
  await page.getByTestId('growup').locator('summary').click();
  await page.getByTestId('growup-show').click();
  const cells = page.getByTestId('growup-strip').locator('img');
  await expect(cells).toHaveCount(9, { timeout: 60_000 });
  await expect(page.getByTestId('growup-distances')).toContainText('to Child 1’s siblings');
  await page.getByTestId('growup-strip').scrollIntoViewIfNeeded();
  await studio.screenshot('age-03-inspector-growup');

  await page.getByTestId('growup-export').click();
  await expect(page.getByTestId('growup-exported')).toBeVisible({ timeout: 60_000 });
  const dir = join(session.host.dataDir, 'exports');
  const png = readdirSync(dir).find((f) => f.includes('grow-up') && f.endsWith('.png'))!;
  const meta = await sharp(join(dir, png)).metadata();
  expect(meta.width).toBeGreaterThan(9 * 256);
  const side = JSON.parse(readFileSync(join(dir, png.replace(/\.png$/, '.json')), 'utf8')) as { growUp: { ages: string[]; wplusDistanceToNextAge: number[] } };
  expect(side.growUp.ages).toEqual(['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+']);
  expect(side.growUp.wplusDistanceToNextAge).toHaveLength(8);
});

/** The card's pixels on the canvas (the thumbnail the tree draws), as raw RGB. */
async function cardPixels(id: string): Promise<Buffer> {
  await page.getByTestId('fit-view').click();
  await page.mouse.move(5, 5);
  const c = await page.evaluate((cid) => (window as unknown as { __kinshipCanvas: { cardCenter(id: string): { x: number; y: number } | null } }).__kinshipCanvas.cardCenter(cid), id);
  const png = await page.screenshot({ clip: { x: c!.x - 40, y: c!.y - 90, width: 80, height: 80 } });
  return sharp(png).removeAlpha().raw().toBuffer();
}
const meanDiff = (a: Buffer, b: Buffer): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

test('age this person: the card shows the new face; undo brings the old one back', async () => {
  const baby = (await studio.cards()).find((c) => c.title === 'Child 1')!;
  const before = await cardPixels(baby.id);
  await page.getByTestId('age-person-target').selectOption('10-19');
  await page.getByTestId('age-person-run').click();
  await expect(page.getByTestId('age-person-note')).toContainText('aged to 10-19');
  await expect.poll(async () => (await studio.cards()).find((c) => c.id === baby.id)?.subtitle).toContain('10-19');
  await expect.poll(async () => meanDiff(before, await cardPixels(baby.id))).toBeGreaterThan(8);
  await studio.screenshot('age-04-aged-10-19');
  await page.getByTestId('undo').click();
  await expect.poll(async () => (await studio.cards()).find((c) => c.id === baby.id)?.subtitle).toContain('0-2');
  await expect.poll(async () => meanDiff(before, await cardPixels(baby.id))).toBeLessThan(2);
  await studio.screenshot('age-05-undone');
});
