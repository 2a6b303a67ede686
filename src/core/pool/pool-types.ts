/** Shapes shared by the gene-pool modules and the hosts that show them. */
import type { AgeGroup, Gender, Race } from '../genes/regions';

/** 'genes': a gene-only entry of an imported gene file (no W+; see gene-file-donors.ts). */
export type EntrySource = 'ffhq' | 'mapping' | 'import' | 'genes';
/** 'file': the group key of an imported gene file. */
export type AttributesSource = 'csv' | 'model' | 'user' | 'file';

export interface EntryLabels {
  ageGroup: AgeGroup;
  gender: Gender;
  race: Race;
}

export interface PoolEntry extends EntryLabels {
  id: number;
  source: EntrySource;
  /** FFHQ file id, mapping `seed:index:psi`, an import's own reference, or `{group key}#{item}` of a gene file. */
  sourceRef: string;
  hairColor: string | null;
  /** Free-form pose (e.g. {yaw, pitch, roll}); null when unknown. */
  pose: unknown;
  attributesSource: AttributesSource;
  /** Labels first assigned by CSV or model, when a user has corrected them since. */
  autoLabels: EntryLabels | null;
  createdAt: number;
}

/** Where a gene-only entry's mu and logvar are: byte offsets of float32 [1,18,34,512] tensors in `path`. */
export interface GeneRef {
  entryId: number;
  path: string;
  /** The file's size when imported: a different size means it changed and the offsets are void. */
  size: number;
  muOffset: number;
  logvarOffset: number;
}

export interface NewGeneOnlyEntry extends EntryLabels {
  sourceRef: string;
  muOffset: number;
  logvarOffset: number;
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
