import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../../../src/renderer/src/state/latest-only';

/** Calls that answer when told to, in any order. */
function deferred() {
  const started: string[] = [];
  const answer = new Map<string, (v: string) => void>();
  const call = (name: string) => () => {
    started.push(name);
    return new Promise<string>((r) => answer.set(name, r));
  };
  return { started, call, answer: async (name: string) => { answer.get(name)!(name); await new Promise((r) => setTimeout(r, 0)); } };
}

describe('latest-only calls (live preview)', () => {
  it('starts a call at once when idle: no debounce wait', () => {
    const d = deferred();
    new LatestOnly().run(d.call('a'), () => undefined, () => undefined);
    expect(d.started).toEqual(['a']);
  });

  it('keeps one call in flight, runs only the newest waiting one after it, and shows only the newest answer', async () => {
    const d = deferred();
    const shown: string[] = [];
    const l = new LatestOnly();
    l.run(d.call('a'), (v) => shown.push(v), () => undefined);
    l.run(d.call('b'), (v) => shown.push(v), () => undefined);
    l.run(d.call('c'), (v) => shown.push(v), () => undefined);
    expect(d.started).toEqual(['a']);
    await d.answer('a');
    expect(d.started).toEqual(['a', 'c']); // b was replaced while waiting
    expect(shown).toEqual([]); // a's answer is older than c
    await d.answer('c');
    expect(shown).toEqual(['c']);
  });

  it('delivers nothing after cancel', async () => {
    const d = deferred();
    const shown: string[] = [];
    const l = new LatestOnly();
    l.run(d.call('a'), (v) => shown.push(v), () => undefined);
    l.run(d.call('b'), (v) => shown.push(v), () => undefined);
    l.cancel();
    await d.answer('a');
    expect(d.started).toEqual(['a']);
    expect(shown).toEqual([]);
  });
});
