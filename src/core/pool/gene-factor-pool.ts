/**
 * The authors' gene pool, `geneFactorPool.pkl` (27.8 GB): a torch.save dict
 * "{age}-{gender}-{race}" → list of (mu, logvar) pairs, each [1,18,34,512] float32.
 *
 * Its tensors are stored uncompressed, so the pool is indexed instead of copied: opening
 * reads only the pickle and records, per entry, its group and the byte offsets of its mu
 * and logvar in the file; genes are read from those offsets when a donor is drawn. These
 * are gene-only entries (no W+): they can donate genes, and an approximate face can be
 * decoded from mu (decoder → generator), but they cannot be re-encoded by another pack.
 *
 * import-gene-file.ts puts the entries into a pool; gene-file-reader.ts reads their genes.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CheckpointError } from '../checkpoints/checkpoint-error';
import { TorchCheckpoint } from '../checkpoints/torch-file';
import { TorchTensor, type PickleValue } from '../checkpoints/torch-pickle';
import { AGE_GROUPS, GENDERS, RACES, type AgeGroup, type Gender, type Race } from '../genes/regions';
import { GENE_LENGTH, LATENT_SHAPE } from '../../domain/latent-shape';

export const GENE_SHAPE = [1, LATENT_SHAPE.numWs, LATENT_SHAPE.regions, LATENT_SHAPE.wDim] as const;
export const GENE_LEN = GENE_LENGTH;

export interface GeneOnlyEntry {
  ageGroup: AgeGroup;
  gender: Gender;
  race: Race;
  /** Position in its group's list in the file (stable: the file is not rewritten). */
  index: number;
  muOffset: number;
  logvarOffset: number;
}

export interface GeneFactorPoolIndex {
  file: string;
  fileSize: number;
  entries: GeneOnlyEntry[];
  /** Keys of the file that are not a known group, with why (reported, not fatal). */
  skippedKeys: Array<{ key: string; reason: string }>;
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s_]+/g, ' ');

function parseGroup(key: string): { ageGroup: AgeGroup; gender: Gender; race: Race } | string {
  const m = /^(.+?)-(male|female)-(.+)$/i.exec(key);
  if (!m) return 'not of the form {age}-{gender}-{race}';
  const age = AGE_GROUPS.find((a) => a === m[1]!.trim());
  const gender = GENDERS.find((g) => g === m[2]!.toLowerCase());
  const race = RACES.find((r) => norm(r) === norm(m[3]!));
  if (!age) return `unknown age group '${m[1]}'`;
  if (!gender) return `unknown gender '${m[2]}'`;
  if (!race) return `unknown race '${m[3]}'`;
  return { ageGroup: age, gender, race };
}

function geneTensor(v: PickleValue, label: string, where: string): TorchTensor {
  if (!(v instanceof TorchTensor)) throw new CheckpointError(label, `${where} is not a tensor`);
  if (v.dtype !== 'float32') throw new CheckpointError(label, `${where} is ${v.dtype}, expected float32`);
  if (v.numel !== GENE_LEN || v.shape.length !== 4 || GENE_SHAPE.some((d, i) => i > 0 && v.shape[i] !== d)) {
    throw new CheckpointError(label, `${where} has shape [${v.shape.join(',')}], expected [${GENE_SHAPE.join(',')}]`);
  }
  return v;
}

/** Reads the pickle of geneFactorPool.pkl and indexes every (mu, logvar) by file offset. */
export async function indexGeneFactorPool(path: string): Promise<GeneFactorPoolIndex> {
  const label = basename(path);
  const ck = await TorchCheckpoint.open(path, label);
  try {
    const root = ck.root;
    if (!(root instanceof Map)) throw new CheckpointError(label, 'is not a dict of gene groups');
    const entries: GeneOnlyEntry[] = [];
    const skippedKeys: GeneFactorPoolIndex['skippedKeys'] = [];
    for (const [k, list] of root) {
      const key = String(k);
      const group = parseGroup(key);
      if (typeof group === 'string') {
        skippedKeys.push({ key, reason: group });
        continue;
      }
      if (!Array.isArray(list)) throw new CheckpointError(label, `group '${key}' is not a list of (mu, logvar) pairs`);
      list.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw new CheckpointError(label, `group '${key}' item ${i} is not a (mu, logvar) pair`);
        const mu = geneTensor(pair[0], label, `group '${key}' item ${i} mu`);
        const logvar = geneTensor(pair[1], label, `group '${key}' item ${i} logvar`);
        entries.push({ ...group, index: i, muOffset: ck.byteRange(mu).offset, logvarOffset: ck.byteRange(logvar).offset });
      });
    }
    return { file: path, fileSize: ck.fileSize, entries, skippedKeys };
  } finally {
    ck.close();
  }
}

/** The genes of some entries, read at their offsets: mu and logvar, each [n,18,34,512]. */
export function readGeneOnly(index: GeneFactorPoolIndex, entries: readonly GeneOnlyEntry[]): { mu: Float32Array; logvar: Float32Array } {
  const size = statSync(index.file).size;
  if (size !== index.fileSize) throw new CheckpointError(basename(index.file), `changed since it was indexed (${size} bytes, was ${index.fileSize})`);
  const mu = new Float32Array(entries.length * GENE_LEN);
  const logvar = new Float32Array(entries.length * GENE_LEN);
  const fd = openSync(index.file, 'r');
  try {
    const bytes = GENE_LEN * 4;
    entries.forEach((e, k) => {
      for (const [dst, off] of [
        [mu, e.muOffset],
        [logvar, e.logvarOffset],
      ] as const) {
        const view = new Uint8Array(dst.buffer, k * bytes, bytes);
        if (readSync(fd, view, 0, bytes, off) !== bytes) throw new CheckpointError(basename(index.file), `is truncated at byte ${off}`);
      }
    });
  } finally {
    closeSync(fd);
  }
  return { mu, logvar };
}
