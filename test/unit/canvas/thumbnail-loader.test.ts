import { describe, expect, it } from 'vitest';
import { ThumbnailLoader } from '../../../src/renderer/src/state/thumbnail-loader';
import { cardsInView } from '../../../src/renderer/src/canvas/tree-model';

/** A fake host that answers when told to, recording what was asked. */
function host() {
  const asked: string[][] = [];
  const waiting: (() => void)[] = [];
  const fetch = (ids: string[]) => {
    asked.push(ids);
    return new Promise<Record<string, string>>((resolve) => waiting.push(() => resolve(Object.fromEntries(ids.map((id) => [id, `img:${id}`])))));
  };
  const answerAll = async () => {
    while (waiting.length) {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { asked, fetch, answerAll, inFlight: () => waiting.length };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe('thumbnail loader', () => {
  it('asks for the on-screen cards first, in small batches, a bounded number at a time', async () => {
    const h = host();
    const loaded: Record<string, string> = {};
    const loader = new ThumbnailLoader(h.fetch, (got) => Object.assign(loaded, got), (e) => { throw e; }, { batchSize: 4, concurrency: 2 });
    loader.want(ids(20));
    expect(h.asked).toEqual([]); // waits for the canvas to say what is on screen
    loader.prioritize(['p17', 'p3', 'p12', 'p9', 'p5']);
    expect(h.asked).toEqual([
      ['p17', 'p3', 'p12', 'p9'],
      ['p5', 'p0', 'p1', 'p2'],
    ]);
    expect(h.inFlight()).toBe(2);
    await h.answerAll();
    expect(Object.keys(loaded).sort()).toEqual(ids(20).sort());
    expect(h.asked.flat().sort()).toEqual(ids(20).sort()); // each once
  });

  it('starts without a view after a short wait, and never asks twice for a loaded id', async () => {
    const h = host();
    const loader = new ThumbnailLoader(h.fetch, () => undefined, () => undefined, { batchSize: 8, concurrency: 1 });
    loader.want(ids(3), 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.asked).toEqual([['p0', 'p1', 'p2']]);
    await h.answerAll();
    loader.want(ids(5), 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(h.asked[1]).toEqual(['p3', 'p4']);
  });

  it('asks again on the next want() after a failed request', async () => {
    const asked: string[][] = [];
    const errors: string[] = [];
    let fail = true;
    const loader = new ThumbnailLoader(
      async (batch) => {
        asked.push(batch);
        if (fail) throw new Error('host gone');
        return Object.fromEntries(batch.map((id) => [id, 'x']));
      },
      () => undefined,
      (e) => errors.push(e.message),
      { batchSize: 8, concurrency: 1 },
    );
    loader.want(['a', 'b'], 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toEqual(['host gone']);
    fail = false;
    loader.want(['a', 'b'], 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([['a', 'b'], ['a', 'b']]);
  });
});

describe('cards in view', () => {
  it('lists the cards overlapping the rectangle, nearest its centre first', () => {
    const node = (id: string, x: number, y: number) => ({ id, x, y, title: id, subtitle: '' });
    // Cards are 148 × 188 world units, centred on (x, y).
    const nodes = [node('far', 5000, 0), node('edge', 560, 0), node('centre', 10, 0), node('mid', 300, 100), node('above', 0, -400)];
    expect(cardsInView(nodes, -500, -300, 500, 300)).toEqual(['centre', 'mid', 'edge']);
  });
});
