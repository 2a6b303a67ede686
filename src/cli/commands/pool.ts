/**
 * `pool …`: build, inspect and query the gene pool of the active pack
 * (default file `<dataDir>/pools/<packId>.kpool`). Builds print progress, stop
 * cleanly on Ctrl-C (the last committed batch stays) and continue when rerun.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { bundledAttributesCsv } from '../../core/paths';
import { createAligningPreparer, faceApiDetector } from '../../core/faces';
import { AGE_GROUPS, GENDERS, RACES, isAgeGroup, isGender, isRace, type Race } from '../../core/genes/regions';
import { createRng } from '../../core/genes/rng';
import { GenePool, defaultPoolPath } from '../../core/pool/pool-service';
import { sampleDonors } from '../../core/pool/donor-sampler';
import type { BuildReport, BuildProgress } from '../../core/pool/build-report';
import type { GroupCounts } from '../../core/pool/pool-types';
import type { StudioService } from '../../core/studio-service';
import { cancelOnSigint, collect, intOption, numberOption, progressPrinter, withService } from '../cli-context';
import { InputError } from '../../domain/errors';
import { assertStyleGenePack, checkGeneFile, importCheckedGeneFile } from '../../core/studio/actions/import-genes';

const RACE_SHORT: Record<Race, string> = {
  White: 'White',
  Black: 'Black',
  Latino_Hispanic: 'Latino',
  'East Asian': 'E.Asian',
  'Southeast Asian': 'SE.Asian',
  Indian: 'Indian',
  'Middle Eastern': 'M.East',
};

/** Builds create the pool file; read-only commands refuse a missing one rather than leave an empty file behind. */
async function withPool<T>(poolPath: string | undefined, fn: (pool: GenePool, service: StudioService) => Promise<T>, create = false): Promise<T> {
  return withService(false, async (service) => {
    const runtime = service.runtime();
    const pool = await GenePool.open(runtime, poolPath ?? defaultPoolPath(runtime.id), { create });
    try {
      return await fn(pool, service);
    } finally {
      pool.close();
    }
  });
}

function progress(label: string): (p: BuildProgress) => void {
  const print = progressPrinter(label);
  return (p) => print(p.done, p.total);
}

function printReport(r: BuildReport, pool: GenePool): void {
  const rate = r.seconds > 0 ? ` (${(r.added / r.seconds).toFixed(0)} entries/s)` : '';
  if (r.resumedFrom) console.log(`resumed: ${r.resumedFrom} of ${r.total} were done by an earlier run`);
  console.log(`${r.complete ? 'done' : 'cancelled'}: added ${r.added} entries in ${r.seconds.toFixed(1)} s${rate}; the pool has ${pool.index.total()} entries (${pool.path})`);
  const reasons = Object.entries(r.skippedByReason);
  if (reasons.length) {
    console.log(`skipped ${r.skipped.length}: ${reasons.map(([k, n]) => `${n} ${k}`).join(', ')}`);
    for (const s of r.skipped.slice(0, 20)) console.log(`  ${s.item}: ${s.reason} (${s.detail})`);
    if (r.skipped.length > 20) console.log(`  … ${r.skipped.length - 20} more`);
  }
  if (!r.complete) {
    console.log('rerun the same command to continue where it stopped');
    process.exitCode = 130;
  }
}

export function formatHeatMap(c: GroupCounts): string {
  const w = 9;
  const lines: string[] = [];
  for (const [g, gender] of c.genders.entries()) {
    lines.push(`${gender.padEnd(7)}${c.races.map((r) => RACE_SHORT[r].padStart(w)).join('')}${'total'.padStart(w)}`);
    for (const [a, age] of c.ageGroups.entries()) {
      const row = c.counts[a]![g]!;
      lines.push(`${age.padEnd(7)}${row.map((n) => String(n).padStart(w)).join('')}${String(row.reduce((x, y) => x + y, 0)).padStart(w)}`);
    }
    lines.push('');
  }
  lines.push(`total entries: ${c.total}`);
  return lines.join('\n');
}

export function registerPool(program: Command): void {
  const pool = program.command('pool').description('the gene pool of the active model pack: build, inspect, sample');

  pool
    .command('build-random')
    .description('add N random people from the pack’s mapping network, labelled by its attributes model (resumable)')
    .requiredOption('--count <n>', 'samples in this build (1..10,000,000)', intOption('count', 1, 10_000_000))
    // A fixed default keeps a resumed build on the same samples.
    .option('--seed <n>', 'seed (0..4294967295)', intOption('seed', 0, 0xffffffff), 1)
    .option('--psi <ψ>', 'truncation ψ (0..1.5)', numberOption('psi'), 0.7)
    .option('--batch <n>', 'samples per batch and commit', intOption('batch', 1, 4096), 64)
    .option('--pool <file>', 'pool file (default: <dataDir>/pools/<packId>.kpool)')
    .action(async (o: { count: number; seed: number; psi: number; batch: number; pool?: string }) => {
      if (o.psi < 0 || o.psi > 1.5) throw new InputError('--psi must be between 0 and 1.5');
      await withPool(o.pool, async (p) => {
        const controller = cancelOnSigint();
        const r = await p.buildRandom({ count: o.count, seed: o.seed, psi: o.psi }, { signal: controller.signal, batchSize: o.batch, onProgress: progress('sampling') });
        printReport(r, p);
      }, true);
    });

  pool
    .command('build-ffhq')
    .description('add a folder of FFHQ-aligned images through the pack’s encoder (resumable; bad images are skipped with reasons)')
    .requiredOption('--images <dir>', 'folder of face images (00000.png …); images that are not square are aligned first')
    .option('--csv <file>', 'attributes CSV (file_id,gender,age,race,…); default: the FFHQ/FairFace labels shipped with the app')
    .option('--no-csv', 'label the images with the pack’s image attributes model instead of a CSV')
    .option('--batch <n>', 'images per batch and commit', intOption('batch', 1, 1024), 16)
    .option('--pool <file>', 'pool file (default: <dataDir>/pools/<packId>.kpool)')
    .option('--align-all', 'align every image as FFHQ does (default: only images that are not square)')
    .action(async (o: { images: string; csv?: string | boolean; batch: number; pool?: string; alignAll?: boolean }) => {
      // commander gives true (no flag), false (--no-csv) or the path.
      const csvPath = o.csv === false ? undefined : typeof o.csv === 'string' ? o.csv : bundledAttributesCsv();
      if (csvPath && !existsSync(csvPath)) throw new InputError(`attributes CSV not found: ${csvPath}`);
      await withPool(o.pool, async (p) => {
        const controller = cancelOnSigint();
        // The photo-import aligner: unaligned images get the same FFHQ alignment as imported photos.
        const prepare = createAligningPreparer(faceApiDetector(), { alignAll: !!o.alignAll });
        const r = await p.buildFromImages({ imagesDir: o.images, csvPath, prepare }, { signal: controller.signal, batchSize: o.batch, onProgress: progress('encoding') });
        printReport(r, p);
      }, true);
    });

  pool
    .command('import-genes')
    .argument('<file>', 'the authors’ geneFactorPool.pkl (or a file of the same structure)')
    .description('import the authors’ gene pool into the active StyleGene pack’s pool: gene-only entries read in place by offset (the file must stay where it is)')
    .action(async (file: string) => {
      await withService(false, async (service) => {
        const t0 = performance.now();
        assertStyleGenePack(service.runtime());
        const indexed = await checkGeneFile(file);
        const r = await importCheckedGeneFile(service.pools, service.runtime(), indexed, t0);
        for (const k of r.skippedKeys) console.log(`skipped group '${k.key}': ${k.reason}`);
        console.log(`imported ${r.file} (${(r.fileBytes / 2 ** 30).toFixed(2)} GiB, read in place): ${r.entries} gene-only entries, ${r.added} new; the pool has ${r.total} entries (${service.pools.path()}) in ${r.seconds.toFixed(1)} s`);
      });
    });

  pool
    .command('stats')
    .description('entries per age group, gender and race (the heat map)')
    .option('--pool <file>', 'pool file (default: <dataDir>/pools/<packId>.kpool)')
    .action(async (o: { pool?: string }) => {
      await withPool(o.pool, async (p) => {
        console.log(`${p.path} (pack ${p.index.pack.packId} ${p.index.pack.packVersion}, latents ${p.index.wplusDtype})`);
        console.log(formatHeatMap(p.counts()));
      });
    });

  pool
    .command('sample')
    .description('draw k donors for a child group, showing any widening')
    .requiredOption('--age <group>', `child age group: ${AGE_GROUPS.join(', ')}`)
    .requiredOption('--gender <g>', `child gender: ${GENDERS.join(', ')}`)
    .option('--race <race>', `a parent race, repeatable (${RACES.join(', ')}); none = any`, collect, [])
    .option('--k <n>', 'donors to draw', intOption('k', 1, 1000), 8)
    .option('--seed <n>', 'seed of the draw', intOption('seed', 0, 0xffffffff), 0)
    .option('--genes', 'also compute the donors’ genes through the LGE (timed)')
    .option('--pool <file>', 'pool file (default: <dataDir>/pools/<packId>.kpool)')
    .action(async (o: { age: string; gender: string; race: string[]; k: number; seed: number; genes?: boolean; pool?: string }) => {
      if (!isAgeGroup(o.age)) throw new InputError(`--age must be one of ${AGE_GROUPS.join(', ')}`);
      if (!isGender(o.gender)) throw new InputError(`--gender must be one of ${GENDERS.join(', ')}`);
      const bad = o.race.find((r) => !isRace(r));
      if (bad) throw new InputError(`--race '${bad}' is not one of ${RACES.join(', ')}`);
      await withPool(o.pool, async (p) => {
        const query = { ageGroup: o.age as (typeof AGE_GROUPS)[number], gender: o.gender as (typeof GENDERS)[number], races: o.race as Race[], k: o.k, rng: createRng(o.seed).fork('pool') };
        const t0 = performance.now();
        const { entries, report, donors } = o.genes ? await p.sampleDonors(query) : { ...sampleDonors(p.index, query), donors: [] };
        const ms = performance.now() - t0;
        for (const line of report.widened) console.log(`widened: ${line}`);
        if (report.empty) {
          console.log('no donors: breeding uses the parents as donors');
          return;
        }
        console.log(`group used: ${report.used} (${report.candidates} entries); drew ${entries.length} in ${ms.toFixed(1)} ms${o.genes ? ` with genes (${donors.length})` : ''}`);
        for (const e of entries) console.log(`  #${e.id}  ${e.ageGroup} ${e.gender} ${e.race}  ${e.source}:${e.sourceRef}${e.attributesSource === 'user' ? ' (labels set by user)' : ''}`);
      });
    });

  pool
    .command('label')
    .description('correct an entry’s age group, gender or race (queries use the correction)')
    .requiredOption('--id <n>', 'entry id', intOption('id', 1, Number.MAX_SAFE_INTEGER))
    .option('--age <group>', 'age group')
    .option('--gender <g>', 'gender')
    .option('--race <race>', 'race')
    .option('--pool <file>', 'pool file (default: <dataDir>/pools/<packId>.kpool)')
    .action(async (o: { id: number; age?: string; gender?: string; race?: string; pool?: string }) => {
      await withPool(o.pool, async (p) => {
        const e = p.setLabels(o.id, { ageGroup: o.age as never, gender: o.gender as never, race: o.race as never });
        console.log(`#${e.id} is now ${e.ageGroup} ${e.gender} ${e.race} (was ${e.autoLabels ? `${e.autoLabels.ageGroup} ${e.autoLabels.gender} ${e.autoLabels.race}` : 'user-set'})`);
      });
    });
}
