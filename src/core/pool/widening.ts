/**
 * Which pool entries may donate genes to a child (docs/ARCHITECTURE.md, "Domain vocabulary", step 3), as an ordered
 * list of ever wider filters. Sampling takes the first filter with any entry.
 *
 *   1. exact:     the child's age group a, its gender, the parents' races (union)
 *   2. ages ±1:   age groups a−1..a+1 ("neighbouring"), same gender, parents' races
 *   3. any race:  age group a, same gender, any race
 *   4. any race, ages ±1, then ±2, … ±8: the nearest age groups that have anyone
 *
 * Age comes before race because age is what a child's face must show (a "0-2" child
 * should look like a baby); race widens before ages further than ±1 because the
 * parents pass their own genes on in every inherited region anyway.
 * Gender is never widened: donors of the other gender would give a girl a moustache
 * or a boy a dress-length fringe, so with no entry of the child's gender the pool
 * yields no donors and the parents are the donors (crossover.ts).
 * With no parent race known (empty list) step 1 already means any race.
 */
import { AGE_GROUPS, type AgeGroup, type Gender, type Race } from '../genes/regions';
import type { EntryFilter } from './pool-index';

export interface DonorGroup {
  ageGroup: AgeGroup;
  gender: Gender;
  /** Union of the parents' races; empty = any race. */
  races: readonly Race[];
}

export interface WideningStep {
  filter: EntryFilter;
  /** "ages 3-9 to 10-19", "any race", ... */
  label: string;
}

function ageWindow(a: number, d: number): AgeGroup[] {
  return AGE_GROUPS.filter((_, i) => Math.abs(i - a) <= d);
}

function ageRange(ages: readonly AgeGroup[]): string {
  return ages.length === 1 ? `age ${ages[0]}` : `ages ${ages[0]} to ${ages[ages.length - 1]}`;
}

export function describeFilter(f: EntryFilter): string {
  const races = f.races === null ? 'any race' : f.races.join(' or ');
  return `${ageRange(f.ageGroups)} ${f.gender} ${races}`;
}

export function wideningSteps(group: DonorGroup): WideningStep[] {
  const a = AGE_GROUPS.indexOf(group.ageGroup);
  if (a < 0) throw new RangeError(`unknown age group '${group.ageGroup}'`);
  const races = group.races.length ? [...new Set(group.races)] : null;
  const steps: WideningStep[] = [];
  const push = (ageGroups: AgeGroup[], r: readonly Race[] | null, label: string): void => {
    const filter = { ageGroups, gender: group.gender, races: r };
    // Skip a step identical to the one before (e.g. no parent race: step 3 = step 1).
    const prev = steps[steps.length - 1]?.filter;
    if (prev && prev.ageGroups.length === ageGroups.length && prev.races === r) return;
    steps.push({ filter, label });
  };
  push([group.ageGroup], races, 'exact group');
  if (races) push(ageWindow(a, 1), races, `neighbouring ${ageRange(ageWindow(a, 1))}`);
  push([group.ageGroup], null, 'any race');
  for (let d = 1; d < AGE_GROUPS.length; d++) {
    const ages = ageWindow(a, d);
    if (ages.length === steps[steps.length - 1]!.filter.ageGroups.length) continue; // window already covers all ages
    push(ages, null, `any race, ${ageRange(ages)}`);
  }
  return steps;
}
