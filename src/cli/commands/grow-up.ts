/**
 * `grow-up --person child.json --out strip.png`: one person at all 9 age groups in one
 * labelled row (the same identity, only the age moved along the pack's measured age
 * directions), plus a JSON sidecar with each age's latent distance to its neighbour.
 */
import type { Command } from 'commander';
import { renameSync, writeFileSync } from 'node:fs';
import { AGE_GROUPS } from '../../core/genes/regions';
import { growUpLatents } from '../../core/breeding/grow-up';
import { DEFAULT_AGE_STRENGTH } from '../../core/genes/settings';
import { describeAgeDirections } from '../../core/breeding/age-measure';
import { tensorToPng } from '../../core/breeding/image-encode';
import { composeGrid } from '../../core/export/grid-sheet';
import { readPersonFile } from '../../core/persons/person-file';
import { intOption, numberOption, progressPrinter, withService } from '../cli-context';

interface GrowUpOptions {
  person: string;
  out: string;
  strength: number;
  cellSize: number;
}

export function registerGrowUp(program: Command): void {
  program
    .command('grow-up')
    .description('one person at all 9 age groups in one row (PNG + JSON sidecar)')
    .requiredOption('--person <person.json>', 'a saved person (founder --save, breed --children-dir)')
    .requiredOption('--out <strip.png>', 'where to write the strip')
    .option('--strength <s>', 'how far each image is moved to its age (0..3)', numberOption('strength'), DEFAULT_AGE_STRENGTH)
    .option('--cell-size <px>', 'cell size in pixels', intOption('cell-size', 32, 2048), 192)
    .action(async (o: GrowUpOptions) => {
      const person = readPersonFile(o.person);
      await withService(false, async (service) => {
        const runtime = service.runtime();
        if (person.packId !== runtime.id) throw new Error(`${o.person} was made with model pack '${person.packId}', but '${runtime.id}' is active`);
        const printAge = progressPrinter('age directions');
        const dirs = await service.pools.ageDirections({ onProgress: (_what, d, t) => printAge(d, t) });
        const { latents, own, neighbourDistances: neighbours } = growUpLatents(person.latent, dirs, { gender: person.attributes?.gender ?? null, strength: o.strength });
        const { image } = await runtime.generator(latents, { onProgress: progressPrinter('generator') });
        const pngs = await Promise.all(AGE_GROUPS.map((_, k) => tensorToPng(image, k, runtime.resolution)));
        const grid = await composeGrid(
          [{ title: `${person.name}\ngrowing up`, cells: pngs.map((png, k) => ({ png, caption: AGE_GROUPS[k]!, subcaption: AGE_GROUPS[k] === own ? 'own age' : undefined })) }],
          { cellSize: o.cellSize, labels: true },
        );
        const tmp = `${o.out}.tmp-${process.pid}`;
        writeFileSync(tmp, grid);
        renameSync(tmp, o.out);
        const sidecar = {
          format: 'kinship-grow-up',
          version: 1,
          person: { id: person.id, name: person.name, packId: person.packId, ownAgeGroup: own },
          ages: AGE_GROUPS,
          strength: o.strength,
          directions: { source: dirs.source, fingerprint: dirs.fingerprint, layers: dirs.layers },
          wplusDistanceToNextAge: neighbours,
        };
        writeFileSync(o.out.replace(/\.png$/i, '') + '.json', JSON.stringify(sidecar, null, 2));
        console.log(`wrote ${o.out} (${describeAgeDirections(dirs)})`);
        console.log(`W+ distance between neighbouring ages: mean ${(neighbours.reduce((a, b) => a + b, 0) / neighbours.length).toFixed(2)}, max ${Math.max(...neighbours).toFixed(2)}`);
      });
    });
}
