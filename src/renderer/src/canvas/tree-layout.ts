/**
 * Automatic family-tree layout: generations as rows, couples side by side, each
 * union's children below it. dagre ranks and orders the graph (persons and small
 * union nodes); positions the user dragged override the automatic ones; the
 * connectors are then drawn from the final positions.
 */
import dagre from '@dagrejs/dagre';
import { CARD_HEIGHT, CARD_WIDTH } from './tree-model';
import { computeGenerations } from '../../../shared/generations';

export interface LayoutPerson {
  id: string;
  /** Union this person was born of, if any. */
  parentUnionId?: string | null;
  /** A position the user chose; null = automatic. */
  position?: { x: number; y: number } | null;
}

export interface LayoutUnion {
  id: string;
  fatherId: string;
  motherId: string;
}

export type Point = [number, number];

export interface TreeLayout {
  positions: Map<string, { x: number; y: number }>;
  /** Polylines from parents to their union junction and from there to each child. */
  connectors: Point[][];
  /** Generation index per person (0 = founders without parents). */
  generation: Map<string, number>;
}

const H_GAP = 36;
const V_GAP = 90;

export function layoutTree(persons: readonly LayoutPerson[], unions: readonly LayoutUnion[]): TreeLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: H_GAP, ranksep: V_GAP / 2, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(persons.map((p) => p.id));
  for (const p of persons) g.setNode(p.id, { width: CARD_WIDTH, height: CARD_HEIGHT });
  const liveUnions = unions.filter((u) => ids.has(u.fatherId) && ids.has(u.motherId));
  for (const u of liveUnions) {
    const key = unionKey(u.id);
    g.setNode(key, { width: 4, height: 4 });
    g.setEdge(u.fatherId, key, { weight: 2 });
    g.setEdge(u.motherId, key, { weight: 2 });
  }
  for (const p of persons) {
    if (p.parentUnionId && g.hasNode(unionKey(p.parentUnionId))) g.setEdge(unionKey(p.parentUnionId), p.id, { weight: 1 });
  }
  if (persons.length > 0) dagre.layout(g);

  const auto = new Map<string, { x: number; y: number }>();
  for (const p of persons) {
    const n = g.node(p.id) as { x: number; y: number } | undefined;
    auto.set(p.id, { x: n?.x ?? 0, y: n?.y ?? 0 });
  }
  keepCoupleOrder(persons, liveUnions, auto);
  const positions = new Map<string, { x: number; y: number }>();
  for (const p of persons) positions.set(p.id, p.position ?? auto.get(p.id)!);

  const generation = computeGenerations(persons, liveUnions);

  const connectors: Point[][] = [];
  for (const u of liveUnions) {
    const f = positions.get(u.fatherId)!;
    const m = positions.get(u.motherId)!;
    const parentBottom = Math.max(f.y, m.y) + CARD_HEIGHT / 2;
    const junction: Point = [(f.x + m.x) / 2, parentBottom + 18];
    for (const p of [f, m]) connectors.push([[p.x, p.y + CARD_HEIGHT / 2], [p.x, junction[1]], junction]);
    const kids = persons.filter((p) => p.parentUnionId === u.id).map((p) => positions.get(p.id)!);
    if (kids.length === 0) continue;
    const kidsTop = Math.min(...kids.map((k) => k.y - CARD_HEIGHT / 2));
    const busY = Math.max(junction[1] + 12, (junction[1] + kidsTop) / 2);
    connectors.push([junction, [junction[0], busY]]);
    const xs = [junction[0], ...kids.map((k) => k.x)];
    connectors.push([[Math.min(...xs), busY], [Math.max(...xs), busY]]);
    for (const k of kids) connectors.push([[k.x, busY], [k.x, k.y - CARD_HEIGHT / 2]]);
  }
  return { positions, connectors, generation };
}

function unionKey(id: string): string {
  return `union:${id}`;
}

/**
 * dagre may place a couple either way round, so breeding could swap two cards that sat
 * side by side. Each couple keeps the order of the persons list (creation order, the
 * order dagre gives unconnected cards): when two partners next to each other in a row
 * came out the other way round, their places are exchanged (their union stays between them).
 */
function keepCoupleOrder(persons: readonly LayoutPerson[], unions: readonly LayoutUnion[], pos: Map<string, { x: number; y: number }>): void {
  const order = new Map(persons.map((p, i) => [p.id, i]));
  for (const u of unions) {
    const [first, second] = order.get(u.fatherId)! < order.get(u.motherId)! ? [u.fatherId, u.motherId] : [u.motherId, u.fatherId];
    const a = pos.get(first)!;
    const b = pos.get(second)!;
    if (a.y !== b.y || a.x < b.x) continue;
    const between = [...pos.values()].some((q) => q.y === a.y && q.x > b.x && q.x < a.x);
    if (between) continue;
    pos.set(first, { x: b.x, y: a.y });
    pos.set(second, { x: a.x, y: b.y });
  }
}

let last: { key: string; layout: TreeLayout } | null = null;

/**
 * layoutTree, reusing the last result when the tree's shape (persons, their parents'
 * union, chosen positions, unions) is unchanged: a rename, a new thumbnail or a second
 * fetch of the same tree then costs no layout (dagre takes ~0.3 s for 1,000 persons on a
 * quiet machine, about 1 s on a loaded one).
 */
export function layoutTreeReusing(persons: readonly LayoutPerson[], unions: readonly LayoutUnion[]): TreeLayout {
  const parts: string[] = [];
  for (const p of persons) parts.push(`${p.id},${p.parentUnionId ?? ''},${p.position ? `${p.position.x},${p.position.y}` : ''}`);
  parts.push('|');
  for (const u of unions) parts.push(`${u.id},${u.fatherId},${u.motherId}`);
  const key = parts.join(';');
  if (last?.key !== key) last = { key, layout: layoutTree(persons, unions) };
  return last.layout;
}
