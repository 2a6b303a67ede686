/**
 * Generation of each person in a family tree: 0 for people without parents in the
 * tree, otherwise one more than the older parent. Used by the canvas layout and by
 * the generation-rows export, so both agree.
 */
export interface GenerationPerson {
  id: string;
  parentUnionId?: string | null;
}
export interface GenerationUnion {
  id: string;
  fatherId: string;
  motherId: string;
}

export function computeGenerations(persons: readonly GenerationPerson[], unions: readonly GenerationUnion[]): Map<string, number> {
  const byId = new Map(persons.map((p) => [p.id, p]));
  const unionById = new Map(unions.map((u) => [u.id, u]));
  const generation = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = generation.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // breeding cannot make cycles; stay safe on hand-edited files
    seen.add(id);
    const unionId = byId.get(id)?.parentUnionId;
    const u = unionId ? unionById.get(unionId) : undefined;
    const gen = u && byId.has(u.fatherId) && byId.has(u.motherId) ? 1 + Math.max(visit(u.fatherId, seen), visit(u.motherId, seen)) : 0;
    generation.set(id, gen);
    return gen;
  };
  for (const p of persons) visit(p.id, new Set());
  return generation;
}
