import { describe, expect, it } from 'vitest';
import { layoutTree } from '../../../src/renderer/src/canvas/tree-layout';
import { CARD_HEIGHT, CARD_WIDTH } from '../../../src/renderer/src/canvas/tree-model';

describe('tree layout', () => {
  const persons = [
    { id: 'gf' },
    { id: 'gm' },
    { id: 'c1', parentUnionId: 'u1' },
    { id: 'c2', parentUnionId: 'u1' },
    { id: 'spouse' },
    { id: 'gc', parentUnionId: 'u2' },
  ];
  const unions = [
    { id: 'u1', fatherId: 'gf', motherId: 'gm' },
    { id: 'u2', fatherId: 'c1', motherId: 'spouse' },
  ];

  it('puts each generation below its parents and counts generations', () => {
    const l = layoutTree(persons, unions);
    const y = (id: string) => l.positions.get(id)!.y;
    expect(y('c1')).toBeGreaterThan(y('gf'));
    expect(y('gc')).toBeGreaterThan(y('c1'));
    expect(y('gf')).toBe(y('gm'));
    expect(Object.fromEntries(l.generation)).toEqual({ gf: 0, gm: 0, c1: 1, c2: 1, spouse: 0, gc: 2 });
  });

  it('never overlaps two cards', () => {
    const l = layoutTree(persons, unions);
    const all = [...l.positions.values()];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i]!;
        const b = all[j]!;
        const overlap = Math.abs(a.x - b.x) < CARD_WIDTH && Math.abs(a.y - b.y) < CARD_HEIGHT;
        expect(overlap).toBe(false);
      }
  });

  it('keeps positions the user chose and draws connectors from them', () => {
    const l = layoutTree(persons.map((p) => (p.id === 'gc' ? { ...p, position: { x: 5000, y: 4000 } } : p)), unions);
    expect(l.positions.get('gc')).toEqual({ x: 5000, y: 4000 });
    const reachesChild = l.connectors.some((line) => line.some(([x, y]) => x === 5000 && y === 4000 - CARD_HEIGHT / 2));
    expect(reachesChild).toBe(true);
  });

  it('lays out 1,000 persons', () => {
    const many = [];
    const us = [];
    for (let i = 0; i < 1000; i++) many.push(i < 20 ? { id: `p${i}` } : { id: `p${i}`, parentUnionId: `u${Math.floor((i - 20) / 10)}` });
    for (let u = 0; u < 98; u++) us.push({ id: `u${u}`, fatherId: `p${u * 2 % 900}`, motherId: `p${(u * 2 + 1) % 900}` });
    const l = layoutTree(many, us);
    expect(l.positions.size).toBe(1000);
  });

  it('keeps a couple in the order they had before breeding (the earlier person on the left)', () => {
    for (const [fatherId, motherId] of [['a', 'b'], ['b', 'a']] as const) {
      const before = layoutTree([{ id: 'a' }, { id: 'b' }], []);
      expect(before.positions.get('a')!.x).toBeLessThan(before.positions.get('b')!.x);
      for (const kids of [1, 2, 3]) {
        const children = Array.from({ length: kids }, (_, i) => ({ id: `c${i}`, parentUnionId: 'u' }));
        const after = layoutTree([{ id: 'a' }, { id: 'b' }, ...children], [{ id: 'u', fatherId, motherId }]);
        expect(after.positions.get('a')!.x, `father ${fatherId}, ${kids} children`).toBeLessThan(after.positions.get('b')!.x);
      }
    }
  });
});

describe('tree layout reuse', () => {
  it('reuses the last layout for the same shape and lays out again when it changes', async () => {
    const { layoutTreeReusing } = await import('../../../src/renderer/src/canvas/tree-layout');
    const persons = [{ id: 'a' }, { id: 'b' }, { id: 'c', parentUnionId: 'u' }];
    const unions = [{ id: 'u', fatherId: 'a', motherId: 'b' }];
    const first = layoutTreeReusing(persons, unions);
    expect(layoutTreeReusing(persons.map((p) => ({ ...p })), [...unions])).toBe(first);
    const moved = layoutTreeReusing([...persons.slice(0, 2), { id: 'c', parentUnionId: 'u', position: { x: 500, y: 400 } }], unions);
    expect(moved).not.toBe(first);
    expect(moved.positions.get('c')).toEqual({ x: 500, y: 400 });
    expect(layoutTreeReusing(persons, [])).not.toBe(moved);
  });
});
