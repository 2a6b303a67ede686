/**
 * `breed`: two parents (from seeds or person files) → N children, a labelled PNG
 * grid of parents and children, and optionally each child as PNG + person JSON.
 * Everything is validated before any graph runs; files are written only at the end.
 */
import type { Command } from 'commander';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender } from '../../core/genes/regions';
import { parseOverrideSpecs } from '../../core/genes/override-spec';
import { DEFAULT_AGE_STRENGTH, DEFAULT_FUSION_LAYER, parseBreedSettings } from '../../core/genes/settings';
import { LATENT_SHAPE } from '../../domain/latent-shape';
import { describeAgeDirections } from '../../core/breeding/age-measure';
import { createFounders } from '../../core/breeding/founders';
import { breed, checkBreedRequest, type ParentLatent } from '../../core/breeding/breed-pipeline';
import { tensorToPng } from '../../core/breeding/image-encode';
import { composeGrid, type GridRow } from '../../core/export/grid-sheet';
import { encodeLatent, readPersonFile, writePersonFile } from '../../core/persons/person-file';
import type { Attributes } from '../../core/breeding/attributes-decode';
import type { PackRuntime } from '../../core/breeding/pack-runtime';
import { cancelOnSigint, collect, intOption, numberOption, progressPrinter, withService } from '../cli-context';
import { InputError } from '../../domain/errors';

interface BreedOptions {
  fatherSeed?: number;
  motherSeed?: number;
  father?: string;
  mother?: string;
  fatherAge?: string;
  fatherGender?: string;
  motherAge?: string;
  motherGender?: string;
  children: number;
  childAge?: string;
  childGender?: string;
  ageStrength?: number;
  seed?: number;
  gamma: number;
  eta: number;
  fusionLayer: number;
  temperature: number;
  region: string[];
  psi: number;
  out: string;
  childrenDir?: string;
  cellSize: number;
  labels: boolean;
}

interface Parent extends ParentLatent {
  label: string;
  attributes: Attributes | null;
}

export function registerBreed(program: Command): void {
  program
    .command('breed')
    .description('breed two parents into N children and write a labelled grid')
    .option('--father-seed <n>', 'father: random founder from this seed', intOption('father-seed', 0, 0xffffffff))
    .option('--mother-seed <n>', 'mother: random founder from this seed', intOption('mother-seed', 0, 0xffffffff))
    .option('--father <person.json>', 'father: a saved person (founder --save, breed --children-dir)')
    .option('--mother <person.json>', 'mother: a saved person')
    .option('--father-age <group>', 'age group of the seeded father')
    .option('--father-gender <g>', 'gender of the seeded father (default male, where the pack can choose founders by gender)')
    .option('--mother-age <group>', 'age group of the seeded mother')
    .option('--mother-gender <g>', 'gender of the seeded mother (default female, likewise)')
    .option('--children <n>', 'number of children (1..64)', intOption('children', 1, 64), 8)
    .option('--child-age <group>', `children's age group (${AGE_GROUPS.join(', ')}): moves the children to this age along measured age directions, and (with --child-gender) selects the gene-pool group`)
    .option('--age-strength <s>', `how far the children are moved to --child-age (0 = as in the paper: pool donors only; default ${DEFAULT_AGE_STRENGTH})`, numberOption('age-strength'))
    .option('--child-gender <g>', "children's gender: selects the gene-pool group")
    .option('--seed <n>', 'breeding seed (default: random, printed)', intOption('seed', 0, 0xffffffff))
    .option('--gamma <γ>', 'pool share of inherited regions (0..1)', numberOption('gamma'), 0.47)
    .option('--eta <η>', 'share of mutated regions (0..1)', numberOption('eta'), 0.4)
    .option('--fusion-layer <l>', `layers l..${LATENT_SHAPE.numWs - 1} come from the parents’ average (0..${LATENT_SHAPE.numWs})`, intOption('fusion-layer', 0, LATENT_SHAPE.numWs), DEFAULT_FUSION_LAYER)
    .option('--temperature <τ>', 'gene sampling temperature (0 = mean child)', numberOption('temperature'), 1)
    .option('--region <spec>', 'region override, repeatable: nose=father, eyes=mother, mouth=blend:0.3, hair=pool', collect, [])
    .option('--psi <ψ>', 'truncation of seeded founders', numberOption('psi'), 0.7)
    .requiredOption('--out <grid.png>', 'where to write the grid PNG')
    .option('--children-dir <dir>', 'also write each child as PNG and person JSON here')
    .option('--cell-size <px>', 'grid cell size in pixels', intOption('cell-size', 32, 2048), 256)
    .option('--no-labels', 'grid without captions')
    .action(async (o: BreedOptions) => {
      const seed = o.seed ?? randomInt(0, 0xffffffff);
      if (o.ageStrength !== undefined && !o.childAge) throw new Error('--age-strength needs --child-age (the age to move the children to)');
      const age = o.childAge ? { target: o.childAge as AgeGroup, strength: o.ageStrength ?? DEFAULT_AGE_STRENGTH } : undefined;
      const settings = { gamma: o.gamma, eta: o.eta, fusionLayer: o.fusionLayer, temperature: o.temperature, overrides: parseOverrideSpecs(o.region), ...(age ? { age } : {}) };
      parseBreedSettings(settings); // fail fast, before loading any model
      parentSource('father', o.fatherSeed, o.father);
      parentSource('mother', o.motherSeed, o.mother);
      for (const [flag, v, allowed] of [
        ['father-age', o.fatherAge, AGE_GROUPS],
        ['mother-age', o.motherAge, AGE_GROUPS],
        ['father-gender', o.fatherGender, GENDERS],
        ['mother-gender', o.motherGender, GENDERS],
        ['child-age', o.childAge, AGE_GROUPS],
        ['child-gender', o.childGender, GENDERS],
      ] as const) {
        if (v && !(allowed as readonly string[]).includes(v)) throw new InputError(`--${flag} must be one of ${allowed.join(', ')}, got '${v}'`);
      }
      await withService(false, async (service) => {
        const runtime = service.runtime();
        const [father, mother] = await loadParents(runtime, o);
        if (o.childGender && !o.childAge) throw new InputError('--child-gender needs --child-age (together they choose the gene-pool group)');
        const target = o.childAge && o.childGender ? { ageGroup: o.childAge as AgeGroup, gender: o.childGender as Gender } : null;
        const supply = await service.pools.donorsFor({ target, father: father!.attributes, mother: mother!.attributes, seed });
        // Age control is never skipped silently: it runs, or this throws and says why.
        const printers = new Map<string, (d: number, t: number) => void>();
        const ageDirections = age && age.strength > 0
          ? await service.pools.ageDirections({ onProgress: (what, d, t) => (printers.get(what) ?? printers.set(what, progressPrinter(what)).get(what)!)(d, t) })
          : undefined;
        // Parents of one race: the children follow that race's own age curve where the directions have one (as in the studio).
        const race = father!.attributes?.race && father!.attributes.race === mother!.attributes?.race ? father!.attributes.race : undefined;
        const aged = settings.age && race ? { ...settings, age: { ...settings.age, race } } : settings;
        const request = { father: father!, mother: mother!, settings: aged, seed, count: o.children, donors: supply.donors, ageDirections, childGender: (o.childGender as Gender | undefined) ?? null };
        checkBreedRequest(request); // bad settings fail here, before any work or file
        const controller = cancelOnSigint();
        const stageProgress = {
          decoder: progressPrinter('decoder'),
          generator: progressPrinter('generator'),
        } as Record<string, (d: number, t: number) => void>;
        // PNGs are encoded as each generator chunk finishes: 64 children at 1024² never sit in memory as floats.
        const pngs: Buffer[] = [];
        const result = await breed(runtime, request, {
          signal: controller.signal,
          onProgress: (stage, d, t) => stageProgress[stage]?.(d, t),
          onChildren: async (children, images) => {
            for (let k = 0; k < children.length; k++) pngs.push(await tensorToPng(images, k, runtime.resolution));
          },
        });
        console.log(`bred ${result.children.length} children with seed ${seed} (γ ${result.settings.gamma}, η ${result.settings.eta}, l ${result.settings.fusionLayer}, τ ${result.settings.temperature})`);
        console.log(supply.use.group);
        // --child-age/--child-gender choose the donors' pool group: say so when there is no pool to choose from.
        if (target && supply.donors.length === 0 && !(age && age.strength > 0)) console.log(`  note: --child-age ${target.ageGroup} --child-gender ${target.gender} found no gene-pool donors, so they did not shape these children's genes (build a pool with \`pool build-random\`)`);
        for (const w of supply.use.widened) console.log(`  ${w}`);
        if (age) {
          console.log(
            age.strength > 0 && ageDirections
              ? `age: children moved to ${age.target} at strength ${age.strength} — ${describeAgeDirections(ageDirections)}`
              : `age: strength 0 — as in the paper, the age comes only from the gene-pool donors${target ? '' : ' (none without --child-gender: the parents are the donors)'}`,
          );
          for (const w of ageDirections?.widened ?? []) console.log(`  ${w}`);
          if (result.ageNote) console.log(`  note: ${result.ageNote}`);
        }

        const parentImages = await runtime.generator(new Float32Array([...father!.wplus, ...mother!.wplus]));
        const parentPngs = await Promise.all([0, 1].map((k) => tensorToPng(parentImages.image, k, runtime.resolution)));
        const rows: GridRow[] = [
          {
            title: 'Parents',
            cells: [father!, mother!].map((p, k) => ({ png: parentPngs[k]!, caption: p.label, subcaption: describe(p.attributes) })),
          },
        ];
        for (let start = 0; start < pngs.length; start += 8) {
          rows.push({
            title: start === 0 ? `Children\nseed ${seed}` : undefined,
            cells: pngs.slice(start, start + 8).map((png, k) => ({ png, caption: `Child ${start + k + 1}`, subcaption: modeSummary(result.children[start + k]!.regions) })),
          });
        }
        const grid = await composeGrid(rows, { cellSize: o.cellSize, labels: o.labels, onProgress: progressPrinter('grid') });
        const tmp = `${o.out}.tmp-${process.pid}`;
        writeFileSync(tmp, grid);
        renameSync(tmp, o.out);
        console.log(`wrote ${o.out}`);

        if (o.childrenDir) {
          mkdirSync(o.childrenDir, { recursive: true });
          for (const [k, child] of result.children.entries()) {
            const base = join(o.childrenDir, `child-${seed}-${child.index}`);
            writeFileSync(`${base}.png`, pngs[k]!);
            writePersonFile(`${base}.json`, {
              format: 'kinship-person',
              version: 1,
              id: `child-${seed}-${child.index}`,
              name: `Child ${child.index + 1}`,
              packId: runtime.id,
              origin: { kind: 'child', fatherId: father!.id, motherId: mother!.id, seed, index: child.index, settings: { ...result.settings } },
              attributes: null,
              wplus: encodeLatent(child.wplus),
            });
          }
          console.log(`wrote ${result.children.length} children to ${o.childrenDir}`);
        }
      });
    });
}

function parentSource(who: string, seed: number | undefined, file: string | undefined): void {
  if ((seed === undefined) === (file === undefined)) throw new InputError(`give exactly one of --${who}-seed and --${who}`);
}

async function loadParents(runtime: PackRuntime, o: BreedOptions): Promise<Parent[]> {
  const load = async (who: 'father' | 'mother'): Promise<Parent> => {
    const file = o[who];
    if (file) {
      const p = readPersonFile(file);
      if (p.packId !== runtime.id) throw new InputError(`${file} was made with model pack '${p.packId}', but '${runtime.id}' is active`);
      return { id: p.id, wplus: p.latent, label: p.name, attributes: p.attributes };
    }
    const seed = o[`${who}Seed`]!;
    const age = o[`${who}Age`] as AgeGroup | undefined;
    // Seeded parents default to a father and a mother where the pack can pick founders
    // by gender (an attributes model that reads latents); elsewhere the seed decides.
    const canChoose = runtime.has('attributes') && runtime.pack.manifest.io.attributesInput === 'wplus';
    const gender = (o[`${who}Gender`] ?? (canChoose ? (who === 'father' ? 'male' : 'female') : undefined)) as Gender | undefined;
    const [f] = await createFounders(runtime, [{ seed, ageGroup: age, gender, psi: o.psi }]);
    return { id: `founder-${seed}-${f!.candidate}`, wplus: f!.wplus, label: `${who === 'father' ? 'Father' : 'Mother'} · seed ${seed}`, attributes: f!.attributes };
  };
  return [await load('father'), await load('mother')];
}

function describe(a: Attributes | null): string | undefined {
  return a ? `${a.ageGroup} · ${a.gender}` : undefined;
}

function modeSummary(regions: readonly { mode: string }[]): string {
  const count = (m: string): number => regions.filter((r) => r.mode === m).length;
  return `${count('inherited')} inherited · ${count('mutated')} mutated`;
}
