/**
 * Installs the StyleGene model pack in one step: take the authors' checkpoint files from a
 * folder (or download them, resumably), record each file's size and SHA-256, convert them
 * in TypeScript (convert-pack.ts), validate the pack with the studio's loader and move it
 * into the user's packs folder. Work happens in a staging folder next to the packs folder;
 * the pack appears only complete (one rename), and a failure or cancel removes the
 * staging folder, so nothing half-written is ever listed as a pack.
 */
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../checkpoints/checkpoint-error';
import { InputError, KinshipError } from '../../domain/errors';
import { readPack } from '../packs/pack-loader';
import type { PackManifest } from '../packs/manifest';
import { CHECKPOINT_FILES, GENE_POOL_FILE, huggingFaceUrl, STYLEGENE_LICENSE, type CheckpointFile } from './checkpoint-files';
import { indexGeneFactorPool, type GeneFactorPoolIndex } from '../pool/gene-factor-pool';
import { convertStyleGene } from './convert-pack';
import { downloadFile, remoteSize } from './download';

export const STYLEGENE_PACK_FOLDER = 'stylegene-ffhq';

export type InstallPhase = 'checking' | 'downloading' | 'hashing' | 'converting' | 'validating' | 'done';

export interface InstallProgress {
  phase: InstallPhase;
  /** 0..1 of the whole install (download bytes, then hashing, then conversion parts). */
  fraction: number;
  message: string;
}

export interface InstallSource {
  /** A folder holding the official files. */
  from?: string;
  /** Download from this base URL (default: the authors' Hugging Face repository). */
  downloadBase?: string;
}

export interface InstallOptions extends InstallSource {
  /** The user's data folder: packs go to `<dataDir>/packs`, downloads to `<dataDir>/downloads/stylegene`. */
  dataDir: string;
  /** Include the optional files (e4e encoder, FairFace) when they are there (default true). */
  optional?: boolean;
  /** Also write the float16 variant of every graph, for GPU execution providers (about half the pack again). */
  fp16?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: InstallProgress) => void;
  onLog?: (line: string) => void;
  /** Free bytes of a folder (tests may pretend a full disk). */
  freeBytes?: (dir: string) => number;
}

export interface InstallResult {
  packDir: string;
  manifest: PackManifest;
  seconds: number;
  /**
   * The authors' gene pool when geneFactorPool.pkl is in the `from` folder: indexed and
   * checked before anything was converted, for the host to import into the new pack's
   * pool (studio/actions/import-genes.ts) once the pack is active. Null otherwise.
   */
  genePool: GeneFactorPoolIndex | null;
}

export function stylegeneLicense(): string {
  return STYLEGENE_LICENSE;
}

function defaultFreeBytes(dir: string): number {
  const s = statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}

const gib = (n: number): string => `${(n / 2 ** 30).toFixed(2)} GiB`;

/** Streams a file through SHA-256 (never whole in memory). */
export async function sha256File(path: string, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20, signal })) {
    h.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return h.digest('hex');
}

export async function installStyleGene(o: InstallOptions): Promise<InstallResult> {
  const t0 = performance.now();
  const log = o.onLog ?? (() => {});
  const report = (phase: InstallPhase, fraction: number, message: string): void => o.onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)), message });
  const free = o.freeBytes ?? defaultFreeBytes;
  const packsDir = join(o.dataDir, 'packs');
  mkdirSync(packsDir, { recursive: true });
  const wanted = CHECKPOINT_FILES.filter((f) => f.required || o.optional !== false);

  // 1. The source files: a folder, or downloads.
  report('checking', 0, 'checking the checkpoint files');
  let dir: string;
  let files: CheckpointFile[];
  let genePool: GeneFactorPoolIndex | null = null;
  if (o.from) {
    dir = o.from;
    if (!existsSync(dir)) throw new InputError(`checkpoint folder ${dir} does not exist`);
    for (const f of wanted.filter((x) => x.required)) {
      if (!existsSync(join(dir, f.name))) throw new CheckpointError(f.name, `file not found in ${dir} (required: ${f.what})`);
    }
    files = wanted.filter((f) => existsSync(join(dir, f.name)));
    for (const f of wanted.filter((x) => !files.includes(x))) log(`note: ${f.name} not found - the pack will have no ${f.role === 'e4e' ? 'photo import' : 'attributes model'}`);
    // The gene pool is read in place (an index of offsets), so it is checked here, first:
    // a bad pool file stops the install before anything is written.
    if (existsSync(join(dir, GENE_POOL_FILE))) {
      report('checking', 0, `checking ${GENE_POOL_FILE}`);
      genePool = await indexGeneFactorPool(join(dir, GENE_POOL_FILE));
      log(`${GENE_POOL_FILE}: ${genePool.entries.length} gene-only entries in ${new Set(genePool.entries.map((e) => `${e.ageGroup}-${e.gender}-${e.race}`)).size} groups (${gib(genePool.fileSize)}, read in place, not copied)`);
      for (const k of genePool.skippedKeys) log(`note: ${GENE_POOL_FILE} group '${k.key}' skipped: ${k.reason}`);
    } else {
      log(`note: ${GENE_POOL_FILE} not found - no gene pool is imported (add it later with 'pool import-genes' or the gene pool window)`);
    }
  } else {
    dir = join(o.dataDir, 'downloads', 'stylegene');
    mkdirSync(dir, { recursive: true });
    const base = o.downloadBase;
    const remote: Array<{ f: CheckpointFile; url: string }> = [];
    const sizes: number[] = [];
    for (const f of wanted) {
      const url = base ? huggingFaceUrl(f.name, base) : huggingFaceUrl(f.name);
      try {
        sizes.push(await remoteSize({ name: f.name, url }, o.signal));
        remote.push({ f, url });
      } catch (e) {
        // An optional file a mirror does not have: the pack goes without that part.
        if (f.required || !(e instanceof CheckpointError) || !/HTTP 404/.test(e.message)) throw e;
        log(`note: ${f.name} is not on the server - the pack will have no ${f.role === 'e4e' ? 'photo import' : 'attributes model'}`);
      }
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    const already = remote.reduce((acc, r, i) => {
      const p = join(dir, r.f.name);
      return acc + (existsSync(p) ? statSync(p).size : existsSync(`${p}.part`) ? Math.min(statSync(`${p}.part`).size, sizes[i]!) : 0);
    }, 0);
    // The rest of the downloads, plus the pack (at most the size of the checkpoints it comes from).
    const need = total - already + total;
    const avail = free(dir);
    if (avail < need) throw new KinshipError('conflict', `not enough disk space in ${dir}: the download and conversion need ${gib(need)}, ${gib(avail)} are free`);
    let doneBytes = already;
    for (const [i, r] of remote.entries()) {
      const before = existsSync(`${join(dir, r.f.name)}.part`) ? statSync(`${join(dir, r.f.name)}.part`).size : existsSync(join(dir, r.f.name)) ? sizes[i]! : 0;
      const base0 = doneBytes - Math.min(before, sizes[i]!);
      log(`downloading ${r.f.name} (${gib(sizes[i]!)})${before > 0 && before < sizes[i]! ? `, resuming at ${gib(before)}` : ''}`);
      await downloadFile({ name: r.f.name, url: r.url }, dir, sizes[i]!, {
        signal: o.signal,
        onProgress: (p) => report('downloading', (0.6 * (base0 + p.bytes)) / total, `downloading ${p.file}: ${gib(p.bytes)} of ${gib(p.total)}`),
      });
      doneBytes = base0 + sizes[i]!;
    }
    files = remote.map((r) => r.f);
  }

  // 2. Disk space for the pack, then each file's size and SHA-256 for the manifest.
  const sizes = files.map((f) => statSync(join(dir, f.name)).size);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const avail = free(packsDir);
  if (avail < totalSize) throw new KinshipError('conflict', `not enough disk space in ${packsDir}: the pack needs up to ${gib(totalSize)}, ${gib(avail)} are free`);
  const dl = o.from ? 0 : 0.6;
  const hashShare = 0.15;
  const source: NonNullable<PackManifest['source']> = [];
  let hashed = 0;
  for (const [i, f] of files.entries()) {
    const sha256 = await sha256File(join(dir, f.name), o.signal, (n) => {
      hashed += n;
      report('hashing', dl + (hashShare * hashed) / totalSize, `checking ${f.name}`);
    });
    source.push({ file: f.name, size: sizes[i]!, sha256 });
    log(`${f.name}: ${sizes[i]} bytes, sha256 ${sha256}`);
  }

  // 3. Convert into a staging folder beside the packs folder (same disk: the final move is a rename).
  const stagingRoot = join(o.dataDir, 'downloads');
  mkdirSync(stagingRoot, { recursive: true });
  const staging = mkdtempSync(join(stagingRoot, '.staging-stylegene-'));
  const convStart = dl + hashShare;
  try {
    const res = await convertStyleGene({
      checkpointsDir: dir,
      outDir: staging,
      sourceFiles: source,
      include: files.map((f) => f.role),
      preview: true,
      fp16: o.fp16 === true,
      signal: o.signal,
      onLog: log,
      onProgress: (p) => report('converting', convStart + ((1 - convStart - 0.02) * p.done) / p.total, `converting: ${p.step}`),
    });
    report('validating', 0.99, 'validating the pack');
    chmodSync(staging, 0o755); // mkdtemp makes it private; a pack folder is an ordinary folder
    readPack(staging); // the studio's own manifest and file checks
    const packDir = join(packsDir, STYLEGENE_PACK_FOLDER);
    if (existsSync(packDir)) {
      const old = `${staging}.old`;
      renameSync(packDir, old);
      renameSync(staging, packDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, packDir);
    }
    report('done', 1, `installed ${res.manifest.name}`);
    return { packDir, manifest: res.manifest, seconds: (performance.now() - t0) / 1000, genePool };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
