/**
 * The new user's walk at 1600×1000 (issue 15), in Debian's Chromium through the web host:
 * breeding panel above the fold with a dot legend and full names, parents that keep their
 * places after breeding, one undo that removes child and link together, and no hover
 * outline left on a card the pointer has left. Screenshots in test-results/artifacts/.
 */
import { test, expect, type Page } from '@playwright/test';
import { openStudioSession, type StudioSession } from './support/studio-session';
import type { StudioPage } from './support/studio-page';

test.describe.configure({ mode: 'serial' });

let s: StudioSession;
let page: Page;
let studio: StudioPage;
let father = '';
let mother = '';

test.beforeAll(async () => {
  s = await openStudioSession();
  ({ page, studio } = s);
  await page.setViewportSize({ width: 1600, height: 1000 });
});

test.afterAll(async () => {
  await s?.close();
});

const inView = async (testId: string): Promise<boolean> => {
  const box = (await page.getByTestId(testId).boundingBox())!;
  return box.y >= 0 && box.y + box.height <= 1000 - 26 && box.x >= 0 && box.x + box.width <= 1600;
};

test('breeding: preview and face map both visible without scrolling, dots explained, names whole', async () => {
  await studio.addRandomFounder(101, '30-39', 'male');
  await studio.addRandomFounder(202, '30-39', 'female');
  const cards = await studio.waitForCards(2);
  [father, mother] = [cards[0]!.id, cards[1]!.id];
  await studio.selectPair(father, mother);
  await studio.waitPreview();
  expect(await inView('breed-preview')).toBe(true);
  // The map itself (its drawing), not only the component's top edge.
  const stage = page.getByTestId('face-map').locator('.fm-stage');
  const box = (await stage.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(1000 - 26);
  expect(await page.getByTestId('side-panel').evaluate((el) => el.scrollTop)).toBe(0);

  const legend = page.getByTestId('face-map-dot-legend');
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('Dots on random regions');
  // Every dot colour on the map has its entry in the legend.
  const dotColors = await page.locator('.fm-report-dot').evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).fill))]);
  const legendColors = await legend.locator('.fm-legend-dot').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(dotColors.length).toBeGreaterThan(0);
  for (const c of dotColors) expect(legendColors).toContain(c);

  for (const name of ['Founder 1', 'Founder 2']) {
    const chip = page.locator('.chip-name', { hasText: name });
    await expect(chip).toHaveText(name);
    // Not cut: the text fits its box (no ellipsis).
    expect(await chip.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
  await studio.screenshot('new-user-breeding-1600');
});

test('after breeding, father and mother keep their places; the pointer leaves no outline behind', async () => {
  expect((await center(father)).x).toBeLessThan((await center(mother)).x);
  await studio.generateAndKeep(2, 4242, [0]);
  await studio.confirmKeep();
  await studio.waitForCards(3);
  await page.getByTestId('fit-view').click();
  expect((await center(father)).x).toBeLessThan((await center(mother)).x);

  // Hover a card, then move to the side panel: the grey hover outline must go.
  const c = await center(father);
  const r = await canvasRect();
  const edge = c.x - r.left - (CARD_W / 2 + 2) * (await zoom());
  const outlineStrip = () => studio.canvasPixels(edge - 4, c.y - r.top, 9, 1);
  await page.mouse.move(c.x, c.y);
  await expect.poll(async () => (await outlineStrip()).some((px) => near(px, HOVER_GREY))).toBe(true);
  await page.mouse.move(1500, 500);
  await expect.poll(async () => (await outlineStrip()).some((px) => near(px, HOVER_GREY))).toBe(false);
  await studio.screenshot('new-user-after-breeding');
});

test('one undo removes the kept child and the link between its parents together', async () => {
  const linkStrip = async () => {
    const [a, b] = [await center(father), await center(mother)];
    const r = await canvasRect();
    // The couple's link runs 18 world units below the cards, halfway between them.
    return studio.canvasPixels((a.x + b.x) / 2 - r.left, a.y - r.top + (CARD_H / 2 + 18) * (await zoom()) - 5, 1, 11);
  };
  expect((await linkStrip()).some((px) => near(px, CONNECTOR))).toBe(true);
  await page.getByTestId('tree-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await studio.cards()).length).toBe(2);
  await page.getByTestId('fit-view').click();
  // No connector pointing nowhere.
  await expect.poll(async () => (await linkStrip()).some((px) => near(px, CONNECTOR))).toBe(false);
  await studio.screenshot('new-user-after-undo');
  // The next undo removes a founder: visible too.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await studio.cards()).length).toBe(1);
});

test('a region transplant can be kept as a person', async () => {
  await page.keyboard.press('Control+Shift+z'); // Founder 2 back
  await expect.poll(async () => (await studio.cards()).length).toBe(2);
  await studio.clickCard(father);
  await expect(page.getByTestId('person-inspector')).toBeVisible();
  const t = page.getByTestId('transplant');
  await t.locator('summary').click();
  await t.getByLabel('Donor').selectOption({ label: 'Founder 2' });
  await t.getByRole('button', { name: 'Show transplant' }).click();
  await expect(page.getByTestId('transplant-result')).toBeVisible();
  await page.getByTestId('transplant-keep').click();
  const cards = await studio.waitForCards(3);
  expect(cards.map((c) => c.title)).toContain('Founder 1 with Founder 2’s nose');
  // The kept person is selected and says what it was made from.
  await expect(page.getByTestId('person-inspector')).toContainText('Region transplant: Founder 1');
  await studio.screenshot('new-user-transplant-kept');
});

const CARD_W = 148;
const CARD_H = 188;
/** The canvas's hover outline and connector colours (canvas/tree-renderer.ts). */
const HOVER_GREY: [number, number, number] = [0x9a, 0xa3, 0xb5];
const CONNECTOR: [number, number, number] = [0x5b, 0x64, 0x78];

const BACKGROUND: [number, number, number] = [0x14, 0x16, 0x1c];

/** True when the pixel is `c` drawn over the background with at least 30 % coverage (lines are antialiased). */
function near(px: [number, number, number], c: [number, number, number]): boolean {
  const alphas = px.map((v, i) => (v - BACKGROUND[i]!) / (c[i]! - BACKGROUND[i]!));
  return Math.min(...alphas) >= 0.3 && Math.max(...alphas) - Math.min(...alphas) <= 0.15;
}

type Hook = { cardCenter(id: string): { x: number; y: number } | null; view(): { zoom: number } };
async function center(id: string): Promise<{ x: number; y: number }> {
  return (await page.evaluate((cid) => (window as unknown as { __kinshipCanvas: Hook }).__kinshipCanvas.cardCenter(cid), id))!;
}
async function zoom(): Promise<number> {
  return page.evaluate(() => (window as unknown as { __kinshipCanvas: Hook }).__kinshipCanvas.view().zoom);
}
async function canvasRect(): Promise<{ left: number; top: number }> {
  return (await studio.canvas.boundingBox().then((b) => ({ left: b!.x, top: b!.y })));
}
