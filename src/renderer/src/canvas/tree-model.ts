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
