/** What the tree canvas draws: cards and the lines between them (world units = CSS px at zoom 1). */
export interface CardNode {
  id: string;
  x: number;
  y: number;
  title: string;
  subtitle: string;
  /** data: URL of the face; absent while it is being generated. */
  imageUrl?: string;
}

export const CARD_WIDTH = 148;
export const CARD_HEIGHT = 188;

export function boundsOf(nodes: readonly CardNode[]): { minX: number; minY: number; maxX: number; maxY: number } | null {
  if (nodes.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x - CARD_WIDTH / 2);
    maxX = Math.max(maxX, n.x + CARD_WIDTH / 2);
    minY = Math.min(minY, n.y - CARD_HEIGHT / 2);
    maxY = Math.max(maxY, n.y + CARD_HEIGHT / 2);
  }
  return { minX, minY, maxX, maxY };
}

/** Ids of the cards overlapping a world rectangle, nearest its centre first. */
export function cardsInView(nodes: readonly CardNode[], minX: number, minY: number, maxX: number, maxY: number): string[] {
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return nodes
    .filter((n) => n.x + CARD_WIDTH / 2 >= minX && n.x - CARD_WIDTH / 2 <= maxX && n.y + CARD_HEIGHT / 2 >= minY && n.y - CARD_HEIGHT / 2 <= maxY)
    .map((n) => ({ id: n.id, d: (n.x - cx) ** 2 + (n.y - cy) ** 2 }))
    .sort((a, b) => a.d - b.d)
    .map((n) => n.id);
}
