/** Generations of a project's tree (shared/generations.ts over the stored persons and unions). */
import { computeGenerations } from '../../shared/generations';
import type { TreeSnapshot } from '../projects';

export function snapshotGenerations(snap: TreeSnapshot): Map<string, number> {
  return computeGenerations(
    snap.persons.map((p) => ({ id: p.id, parentUnionId: p.origin.kind === 'child' ? p.origin.unionId : null })),
    snap.unions,
  );
}
