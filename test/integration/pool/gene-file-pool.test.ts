/**
 * The authors' gene pool in the studio's pool: a small file of the same structure as
 * geneFactorPool.pkl, written by torch.save (tools/convert/make_gene_pool.py, CI's Python),
 * with planted values (entry v has mu = v + region/100 in dimension 0). Imported as gene-only entries by
 * offset under the file's own keys; breeding draws its donors from every entry of the
 * child's group over the parents' races (as the reference does) and the genes really come
 * from the file; a bad or moved file is named and nothing is half-written; a pool of the
 * previous schema upgrades with its entries and thumbnails. Skips without torch.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';
import { indexGeneFactorPool } from '../../../src/core/pool/gene-factor-pool';
import { importGeneFile } from '../../../src/core/pool/import-gene-file';
import { PoolIndex } from '../../../src/core/pool/pool-index';
import { GeneCache } from '../../../src/core/pool/gene-cache';
import { GeneFileReader } from '../../../src/core/pool/gene-file-reader';
import { donorId, sampleDonorGenes } from '../../../src/core/pool/donor-sampler';
import { breedChildGenes } from '../../../src/core/genes/crossover';
import { crossChildren, crossoverInputs } from '../../../src/core/breeding/crossover-batch';
import { parseBreedSettings } from '../../../src/core/genes/settings';
import { childRng, createRng } from '../../../src/core/genes/rng';
import { GENE_LEN, WPLUS_LEN } from '../../../src/core/breeding/pack-runtime';
import { PoolError } from '../../../src/core/pool/pool-errors';
import type { PackFingerprint } from '../../../src/core/pool/pack-fingerprint';

const python = findPython();
if (!python) console.warn('skipping gene-file pool tests: CI-provided /usr/bin/python3 with torch is needed to write the pool file');

const PACK: PackFingerprint = { packId: 'stylegene-ffhq', packVersion: '1.0.0', lgeSha256: 'c'.repeat(64) };
const NO_LGE = { lge: () => Promise.reject(new Error('gene-only donors must not go through the LGE')) };

let root: string;
let file: string;
let planted: Array<{ key: string; index: number; value: number }>;

function freshPool(name: string): PoolIndex {
  return PoolIndex.open(join(root, `${name}.kpool`), PACK);
}

/** The planted value of the donor a region's genes came from (dimension 0: mu = v + r/100; parents are zero). */
function plantedValueAt(genes: Float32Array, region: number, weight = 1): number {
  return Math.round(genes[region * 512]! / weight - region / 100);
}

describe.skipIf(!python)('the authors’ gene pool (geneFactorPool.pkl structure)', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kinship-genefile-'));
    file = join(root, 'geneFactorPool.pkl');
    const r = spawnSync(python!, ['tools/convert/make_gene_pool.py', '--out', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    planted = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as typeof planted;
  }, 60_000);
  afterAll(() => root && rmSync(root, { recursive: true, force: true }));

  it('imports every entry under the file’s own group keys as a gene-only index of offsets (nothing copied)', async () => {
    const index = freshPool('import');
    const r = importGeneFile(index, await indexGeneFactorPool(file));
    expect(r).toMatchObject({ file, entries: planted.length, added: planted.length, skippedKeys: [] });
    const c = index.counts();
    expect(c.total).toBe(8);
    expect(c.counts[0]![0]![0]).toBe(3); // 0-2 male White
    expect(c.counts[0]![0]![1]).toBe(2); // 0-2 male Black
    expect(c.counts[3]![1]![3]).toBe(1); // 20-29 female East Asian
    expect(c.counts[1]![0]![2]).toBe(1); // 3-9 male Latino_Hispanic
    const group = index.listGroup({ ageGroup: '0-2', gender: 'male', race: 'Black' });
    expect(group.map((e) => [e.source, e.sourceRef, e.attributesSource])).toEqual([
      ['genes', '0-2-male-Black#0', 'file'],
      ['genes', '0-2-male-Black#1', 'file'],
    ]);
    // Genes are read from the file at the recorded offsets: the planted values come back.
    const reader = new GeneFileReader();
    const refs = index.geneRefs(group.map((e) => e.id));
    expect(refs.every((x) => x.path === file && x.size === statSync(file).size)).toBe(true);
    const g = reader.read(refs[1]!);
    expect(g.mu[0]).toBeCloseTo(5, 5);
    expect(g.mu[33 * 512]).toBeCloseTo(5.33, 5);
    expect(g.mu[GENE_LEN - 512]).toBeCloseTo(5.33, 5); // layer 17, region 33, dimension 0
    expect(g.mu[1]).toBeCloseTo(5 + 0.5 * Math.sin(0.5), 5);
    expect(g.logvar.every((x) => x === -6)).toBe(true);
    // Gene-only entries have no W+; asking for one says so.
    expect(() => index.wplus([group[0]!.id])).toThrow(/has genes only/);
    // The pool holds offsets, not the 20 MB of genes.
    index.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(index.path).size).toBeLessThan(200_000);
    // A second import of the same file adds nothing.
    expect(importGeneFile(index, await indexGeneFactorPool(file)).added).toBe(0);
    expect(index.total()).toBe(8);
    index.close();
  });

  it('breeds from every entry of the child’s group, union over the parents’ races, with genes from the file', async () => {
    const index = freshPool('breed');
    importGeneFile(index, await indexGeneFactorPool(file));
    const reader = new GeneFileReader();
    const sample = await sampleDonorGenes(index, new GeneCache(NO_LGE), reader, { ageGroup: '0-2', gender: 'male', races: ['White', 'Black'], k: 2, rng: createRng(1).fork('pool') });
    // All five 0-2 male White/Black entries, whatever k (k only limits entries that need the LGE).
    expect(sample.entries.map((e) => e.sourceRef)).toEqual(['0-2-male-White#0', '0-2-male-White#1', '0-2-male-White#2', '0-2-male-Black#0', '0-2-male-Black#1']);
    expect(sample.report.widened).toEqual([]);
    expect(reader.reads).toBe(0); // nothing read before a child draws it
    const valueOf = new Map(sample.entries.map((e, k) => [donorId(index.uid, e.id), planted[k]!.value]));
    const zero = { mu: new Float32Array(GENE_LEN), logvar: new Float32Array(GENE_LEN) };
    const seen = new Set<number>();
    for (let child = 0; child < 12; child++) {
      const before = reader.reads;
      const r = breedChildGenes({ father: { ...zero, id: 'F' }, mother: { ...zero, id: 'M' }, donors: sample.donors }, { temperature: 0 }, childRng(7, child));
      expect(r.donorsAreParents).toBe(false);
      expect(reader.reads - before).toBeLessThanOrEqual(33);
      for (const rep of r.regions) {
        if (rep.mode !== 'mutated' && rep.mode !== 'inherited') continue;
        const v = valueOf.get(rep.donorId);
        expect(v, rep.donorId).toBeDefined();
        // τ = 0: mutated genes are the donor's mu; inherited ones γ·mu of the donor (parents are zero).
        expect(plantedValueAt(r.genes, rep.region, rep.mode === 'inherited' ? rep.gamma : 1)).toBe(v);
        seen.add(v!);
      }
    }
    // Every entry of the group donates, none from another group (6: 0-2 female, 7, 8).
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);

    // To the crossover worker they travel as file references, not as 2.5 MB of genes each,
    // and the worker's children are bit for bit the in-thread ones.
    const settings = parseBreedSettings({ temperature: 1 });
    const inputs = crossoverInputs({ father: { ...zero, id: 'F' }, mother: { ...zero, id: 'M' }, donors: sample.donors, settings, seed: 7 });
    expect(inputs.donors.every((d) => 'geneFile' in d && !('mu' in d))).toBe(true);
    const worker = await crossChildren({ ...inputs, indices: [0, 1, 2] });
    for (const k of [0, 1, 2]) {
      const here = breedChildGenes({ father: { ...zero, id: 'F' }, mother: { ...zero, id: 'M' }, donors: sample.donors }, settings, childRng(7, k));
      expect(Buffer.from(worker.genes.buffer, k * GENE_LEN * 4, GENE_LEN * 4).equals(Buffer.from(here.genes.buffer))).toBe(true);
    }
    index.close();
  });

  it('a truncated file is named and nothing is written; a moved file is reported before breeding', async () => {
    const index = freshPool('bad');
    importGeneFile(index, await indexGeneFactorPool(file));
    const bytes = readFileSync(file);
    const bad = join(root, 'cut.pkl');
    writeFileSync(bad, bytes.subarray(0, bytes.length - 5000));
    await expect(indexGeneFactorPool(bad)).rejects.toThrow(/^cut\.pkl: /);
    // Insertion is one transaction: an entry that fails half-way leaves no trace.
    const ok = { ageGroup: '0-2' as const, gender: 'male' as const, race: 'White' as const, sourceRef: 'x#0', muOffset: 0, logvarOffset: 0 };
    expect(() => index.insertGeneOnly({ path: bad, size: 1, mtimeMs: 0 }, [ok, { ...ok, sourceRef: 'x#1', race: 'Martian' as never }])).toThrow(PoolError);
    expect(index.total()).toBe(8);
    expect(index.db.prepare('SELECT count(*) FROM gene_files').pluck().get()).toBe(1);
    // The genes are read in place: a moved file is named, with what to do.
    const moved = join(root, 'moved.pkl');
    copyFileSync(file, moved);
    renameSync(file, `${file}.away`);
    try {
      await expect(
        sampleDonorGenes(index, new GeneCache(NO_LGE), new GeneFileReader(), { ageGroup: '0-2', gender: 'male', races: ['White'], k: 4, rng: createRng(1) }),
      ).rejects.toThrow(/gene file .*geneFactorPool\.pkl is missing .*import it again/);
      // Re-importing from the new place keeps the entries (same ids) and points them there.
      const ids = index.matchingIds({ ageGroups: ['0-2'], gender: 'male', races: null });
      expect(importGeneFile(index, await indexGeneFactorPool(moved)).added).toBe(0);
      expect(index.matchingIds({ ageGroups: ['0-2'], gender: 'male', races: null })).toEqual(ids);
      expect(index.geneRefs(ids).every((x) => x.path === moved)).toBe(true);
      expect(index.db.prepare('SELECT path FROM gene_files').pluck().all()).toEqual([moved]);
    } finally {
      renameSync(`${file}.away`, file);
    }
    index.close();
  });

  it('a pool of schema version 1 upgrades in place, keeping entries and thumbnails, and then takes gene-only entries', async () => {
    const path = join(root, 'v1.kpool');
    const db = new Database(path);
    // The schema the previous studio wrote (version 1), with one entry and its thumbnail.
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE entries (id INTEGER PRIMARY KEY, source TEXT NOT NULL CHECK (source IN ('ffhq', 'mapping', 'import')), source_ref TEXT NOT NULL,
        age_group TEXT NOT NULL, gender TEXT NOT NULL, race TEXT NOT NULL, hair_color TEXT, pose TEXT,
        attributes_source TEXT NOT NULL CHECK (attributes_source IN ('csv', 'model', 'user')), auto_attributes TEXT, wplus BLOB NOT NULL,
        created_at INTEGER NOT NULL, UNIQUE (source, source_ref));
      CREATE INDEX entries_group ON entries (age_group, gender, race);
      CREATE TABLE thumbnails (entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE, size INTEGER NOT NULL, png BLOB NOT NULL, PRIMARY KEY (entry_id, size));
      CREATE TABLE build_state (job TEXT PRIMARY KEY, kind TEXT NOT NULL, params TEXT NOT NULL, next_index INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
      CREATE TABLE build_skips (job TEXT NOT NULL, item TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (job, item));
    `);
    const put = db.prepare('INSERT INTO meta VALUES (?, ?)');
    for (const [k, v] of [['format', 'kinship-gene-pool'], ['uid', 'u'.repeat(36)], ['pack', JSON.stringify(PACK)], ['wplus_dtype', 'float32'], ['created_at', '0']]) put.run(k, v);
    const w = new Float32Array(WPLUS_LEN).fill(0.25);
    db.prepare("INSERT INTO entries (id, source, source_ref, age_group, gender, race, attributes_source, wplus, created_at) VALUES (7, 'mapping', 's:1', '0-2', 'male', 'White', 'model', ?, 0)").run(Buffer.from(w.buffer));
    db.prepare('INSERT INTO thumbnails VALUES (7, 96, ?)').run(Buffer.from('png'));
    db.pragma('user_version = 1');
    db.close();

    const index = PoolIndex.open(path, PACK);
    expect(index.db.pragma('user_version', { simple: true })).toBe(2);
    expect(index.entry(7)).toMatchObject({ source: 'mapping', sourceRef: 's:1', attributesSource: 'model' });
    expect(index.wplus([7])).toEqual(w);
    expect(index.thumbnail(7, 96)?.toString()).toBe('png');
    importGeneFile(index, await indexGeneFactorPool(file));
    expect(index.total()).toBe(9);
    expect(index.total({ withWplus: true })).toBe(1);
    // Age measurement and founders read W+: gene-only entries are left out of that query.
    expect(index.matchingIds({ ageGroups: ['0-2'], gender: 'male', races: null, withWplus: true })).toEqual([7]);
    // Mixed group: every gene-only entry plus k of the W+ entries (those need the LGE).
    const lge = { lge: async (x: Float32Array) => ({ mu: new Float32Array((x.length / WPLUS_LEN) * GENE_LEN), logvar: new Float32Array((x.length / WPLUS_LEN) * GENE_LEN) }) };
    const s = await sampleDonorGenes(index, new GeneCache(lge), new GeneFileReader(), { ageGroup: '0-2', gender: 'male', races: ['White'], k: 1, rng: createRng(2) });
    expect(s.entries.map((e) => e.sourceRef)).toEqual(['0-2-male-White#0', '0-2-male-White#1', '0-2-male-White#2', 's:1']);
    index.close();
  });
});
