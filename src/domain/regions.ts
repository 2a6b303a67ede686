/**
 * Region and attribute vocabularies (docs/ARCHITECTURE.md, "Domain vocabulary"). The region order is the order of
 * the reference implementation: index i of a gene tensor's region axis is REGION_NAMES[i].
 */

export const REGION_NAMES = [
  'background', 'head', 'cheek', 'chin', 'ear', 'ear helix', 'ear lobule', 'eye bottom lid',
  'eyelashes', 'eye iris', 'eye pupil', 'eye sclera', 'eye tear duct', 'eye top lid', 'eyebrow',
  'forehead', 'frown', 'hair', 'hair sideburns', 'jaw', 'moustache', 'lip inferior',
  'oral commissure', 'lip superior', 'teeth', 'neck', 'nose', 'nose ala', 'nose bridge',
  'nose tip', 'nostril', 'philtrum', 'temple', 'wrinkles',
] as const;

export type RegionName = (typeof REGION_NAMES)[number];
export const REGION_COUNT = REGION_NAMES.length; // 34
/** The background region; the reference always breeds it from the father. */
export const BACKGROUND_REGION = 0;

export const REGION_GROUP_NAMES = ['ears', 'eyes', 'nose', 'mouth', 'faceShape', 'hair', 'other'] as const;
export type RegionGroup = (typeof REGION_GROUP_NAMES)[number];

/** Display labels for the face-map groups. */
export const REGION_GROUP_LABELS: Readonly<Record<RegionGroup, string>> = {
  ears: 'Ears',
  eyes: 'Eyes',
  nose: 'Nose',
  mouth: 'Mouth',
  faceShape: 'Face shape',
  hair: 'Hair',
  other: 'Other',
};

/** Face-map groups; together they cover each region exactly once. */
export const REGION_GROUPS: Readonly<Record<RegionGroup, readonly number[]>> = {
  ears: [4, 5, 6],
  eyes: [7, 8, 9, 10, 11, 12, 13],
  nose: [26, 27, 28, 29, 30],
  mouth: [21, 22, 23, 24, 31],
  faceShape: [1, 2, 3, 19, 20],
  hair: [17, 18],
  other: [0, 14, 15, 16, 25, 32, 33],
};

const GROUP_OF_REGION: readonly RegionGroup[] = (() => {
  const out: RegionGroup[] = [];
  for (const g of REGION_GROUP_NAMES) for (const r of REGION_GROUPS[g]) out[r] = g;
  return out;
})();

export function isRegionIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < REGION_COUNT;
}

/** The face-map group of region `index`. */
export function regionGroupOf(index: number): RegionGroup {
  const g = GROUP_OF_REGION[index];
  if (g === undefined) throw new RangeError(`region index must be an integer 0..${REGION_COUNT - 1}, got ${String(index)}`);
  return g;
}

/** "14 (eyebrow)": how messages and reports name a region. */
export function describeRegion(index: number): string {
  const name = REGION_NAMES[index];
  return name === undefined ? `region ${index}` : `region ${index} (${name})`;
}

/**
 * "nose", "eyes and mouth": the face-map groups a set of regions covers (whole groups by
 * their label; a group only partly covered as "part of the …"), for names and captions.
 */
export function describeRegionGroups(regions: Iterable<number>): string {
  const chosen = new Set(regions);
  const parts: string[] = [];
  for (const g of REGION_GROUP_NAMES) {
    const inGroup = REGION_GROUPS[g].filter((r) => chosen.has(r)).length;
    if (inGroup === 0) continue;
    const label = REGION_GROUP_LABELS[g].toLowerCase();
    parts.push(inGroup === REGION_GROUPS[g].length ? label : `part of the ${label}`);
  }
  if (parts.length <= 1) return parts[0] ?? 'no regions';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Gene-pool attribute labels, spelled exactly as FairFace spells them. */
export const AGE_GROUPS = ['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+'] as const;
export const GENDERS = ['male', 'female'] as const;
export const RACES = [
  'White', 'Black', 'Latino_Hispanic', 'East Asian', 'Southeast Asian', 'Indian', 'Middle Eastern',
] as const;

export type AgeGroup = (typeof AGE_GROUPS)[number];
export type Gender = (typeof GENDERS)[number];
export type Race = (typeof RACES)[number];

export function isAgeGroup(v: unknown): v is AgeGroup {
  return (AGE_GROUPS as readonly unknown[]).includes(v);
}
export function isGender(v: unknown): v is Gender {
  return (GENDERS as readonly unknown[]).includes(v);
}
export function isRace(v: unknown): v is Race {
  return (RACES as readonly unknown[]).includes(v);
}
