/** Shapes shared by the gene-pool modules and the hosts that show them. */
import type { AgeGroup, Gender, Race } from '../genes/regions';

export type EntrySource = 'ffhq' | 'mapping' | 'import';
export type AttributesSource = 'csv' | 'model' | 'user';

export interface EntryLabels {
  ageGroup: AgeGroup;
  gender: Gender;
  race: Race;
}

export interface PoolEntry extends EntryLabels {
  id: number;
  source: EntrySource;
  /** FFHQ file id, mapping `seed:index:psi`, or an import's own reference. */
  sourceRef: string;
  hairColor: string | null;
  /** Free-form pose (e.g. {yaw, pitch, roll}); null when unknown. */
  pose: unknown;
  attributesSource: AttributesSource;
  /** Labels first assigned by CSV or model, when a user has corrected them since. */
  autoLabels: EntryLabels | null;
  createdAt: number;
}

export interface NewEntry extends EntryLabels {
  source: EntrySource;
  sourceRef: string;
  hairColor?: string | null;
  pose?: unknown;
  attributesSource: Exclude<AttributesSource, 'user'>;
  /** [18,512] float32. */
  wplus: Float32Array;
}

/** counts[age][gender][race] in AGE_GROUPS × GENDERS × RACES order. */
export interface GroupCounts {
  ageGroups: readonly AgeGroup[];
  genders: readonly Gender[];
  races: readonly Race[];
  counts: number[][][];
  total: number;
}

export interface BuildState {
  job: string;
  kind: 'random' | 'images';
  params: Record<string, unknown>;
  /** Random builds: samples 0..nextIndex-1 are committed. */
  nextIndex: number;
  total: number;
  added: number;
  complete: boolean;
}

export interface SkippedItem {
  item: string;
  /** Category: 'unreadable', 'not square', 'too small', 'not in CSV', ... */
  reason: string;
  detail: string;
}
