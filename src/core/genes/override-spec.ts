/**
 * Text form of region overrides, for the CLI and saved presets:
 * "nose=father", "eyes=mother", "lip superior=blend:0.3", "17=pool", "hair=donor:ID".
 * The key is a region name, a region index, or a face-map group (ears, eyes, nose,
 * mouth, faceShape/face-shape, hair, other).
 */
import { REGION_GROUPS, REGION_GROUP_NAMES, REGION_NAMES, type RegionGroup } from './regions';
import type { RegionOverride } from './settings';
import { GeneInputError } from '../../domain/errors';

export function regionsForKey(keyIn: string): number[] {
  const key = keyIn.trim().toLowerCase().replace(/_/g, ' ');
  if (/^\d+$/.test(key)) {
    const i = Number(key);
    if (i < REGION_NAMES.length) return [i];
  }
  const byName = (REGION_NAMES as readonly string[]).indexOf(key);
  if (byName >= 0) return [byName];
  const group = REGION_GROUP_NAMES.find((g) => g.toLowerCase() === key.replace(/[ -]/g, ''));
  if (group) return [...REGION_GROUPS[group as RegionGroup]];
  throw new GeneInputError(`unknown region '${keyIn}': use a region name (e.g. "nose tip"), an index 0..33, or a group (${REGION_GROUP_NAMES.join(', ')})`);
}

export function parseOverrideValue(valueIn: string): RegionOverride {
  const value = valueIn.trim();
  const [kind, arg] = value.split(':', 2) as [string, string | undefined];
  switch (kind) {
    case 'random':
    case 'father':
    case 'mother':
    case 'pool':
      if (arg !== undefined) throw new GeneInputError(`'${kind}' takes no argument, got '${value}'`);
      return { kind };
    case 'blend': {
      const alpha = arg === undefined ? 0.5 : Number(arg);
      if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new GeneInputError(`blend alpha must be between 0 and 1, got '${arg}'`);
      return { kind: 'blend', alpha };
    }
    case 'donor':
      if (!arg) throw new GeneInputError(`donor needs an id: 'donor:<person or pool id>'`);
      return { kind: 'donor', donorId: arg };
    default:
      throw new GeneInputError(`unknown override '${value}': use random, father, mother, blend[:α], pool or donor:<id>`);
  }
}

/** Parses several "key=value" specs; later specs win for a region. */
export function parseOverrideSpecs(specs: readonly string[]): Record<number, RegionOverride> {
  const out: Record<number, RegionOverride> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new GeneInputError(`override '${spec}' must look like region=mode, e.g. nose=father`);
    const override = parseOverrideValue(spec.slice(eq + 1));
    for (const r of regionsForKey(spec.slice(0, eq))) out[r] = override;
  }
  return out;
}
