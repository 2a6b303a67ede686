/**
 * PNG exports with a JSON sidecar holding every shown person's seed and settings:
 * a family sheet (parents and their children), the whole tree in generation rows
 * (paper Fig. 1), a candidates grid, or one person's image.
 */
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { composeGrid, type GridRow } from '../../export/grid-sheet';
import { writeUniqueFiles } from '../../export/unique-files';
import { snapshotGenerations } from '../tree-generations';
import { personDto } from '../to-dto';
import { safeFileName } from '../project-session';
import type { StudioContext } from '../studio-context';
import type { PersonSummary, ProjectStore } from '../../projects';
import { InputError } from '../../../domain/errors';
import { CancelledError } from '../../inference/inference-engine';
import { growUpPerson } from './age-person';
import { TRANSPLANT_SOURCE_PREFIX } from './transplant';

export type ExportKind = 'family' | 'generations' | 'candidates' | 'person' | 'grow-up';

export interface ExportInput {
  kind: ExportKind;
  unionId?: string;
  batchId?: string;
  personId?: string;
  cellSize: number;
  labels: boolean;
}

const ROW_MAX = 12;

export async function exportGrid(ctx: StudioContext, jobId: string, input: ExportInput) {
  return ctx.jobs.run(jobId, 'Exporting', async (signal, progress) => {
    const store = ctx.session.store();
    const { rows, shown, extra } = input.kind === 'grow-up' ? await collectGrowUp(ctx, store, input, signal) : collect(store, input);
    let png: Buffer;
    if (input.kind === 'person') {
      png = await sharp(store.getImage(input.personId!)).resize(input.cellSize, input.cellSize, { kernel: 'lanczos3' }).png().toBuffer();
    } else {
      png = await composeGrid(rows, {
        cellSize: input.cellSize,
        labels: input.labels,
        onProgress: (d, t) => {
          if (signal.aborted) throw new CancelledError();
          progress('Composing grid', d, t);
        },
      });
    }
    const meta = await sharp(png).metadata();
    const project = store.meta();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    mkdirSync(ctx.exportsDir, { recursive: true });
    const sidecar = {
      format: 'kinship-export',
      version: 1,
      kind: input.kind,
      project: { name: project.name, path: store.path, packId: project.packId },
      exportedAt: new Date().toISOString(),
      cellSize: input.cellSize,
      labels: input.labels,
      persons: shown.map((p) => ({ ...personDto(p), image: undefined })),
      ...extra,
    };
    // Two exports in the same second (or from two processes) get two names, and a
    // crash never leaves half a PNG under a final name (see unique-files.ts).
    const [path, sidecarPath] = writeUniqueFiles(ctx.exportsDir, `${safeFileName(project.name)} ${input.kind} ${stamp}`, [
      { ext: '.png', data: png },
      { ext: '.json', data: `${JSON.stringify(sidecar, null, 2)}\n` },
    ]);
    return { path: path!, sidecarPath: sidecarPath!, width: meta.width ?? 0, height: meta.height ?? 0 };
  });
}

function caption(p: PersonSummary): { caption: string; subcaption?: string } {
  const a = p.attributes;
  const o = p.origin;
  // Children are numbered from 1, as the app shows them; a founder taken from the gene pool is stored with a photo origin naming the pool entry.
  const seed =
    o.kind === 'founder' || o.kind === 'child'
      ? `seed ${o.seed}${o.kind === 'child' ? ` #${o.index + 1}` : ''}`
      : o.source.startsWith('gene pool entry')
        ? 'gene pool'
        : o.source.startsWith(TRANSPLANT_SOURCE_PREFIX)
          ? 'transplant'
          : 'photo';
  return { caption: p.name, subcaption: a ? `${a.ageGroup} · ${a.gender} · ${seed}` : seed };
}

/** One person at all 9 ages in one row, labelled by age; the sidecar holds the distances. */
async function collectGrowUp(ctx: StudioContext, store: ProjectStore, input: ExportInput, signal: AbortSignal): Promise<{ rows: GridRow[]; shown: PersonSummary[]; extra: Record<string, unknown> }> {
  if (!input.personId || !store.hasPerson(input.personId)) throw new InputError('choose a person to export growing up');
  const p = store.getPerson(input.personId);
  const strip = await growUpPerson(ctx, p.id, { signal });
  const cells = strip.pngs.map((png, k) => ({ png, caption: strip.cells[k]!.ageGroup, subcaption: strip.cells[k]!.ageGroup === strip.own ? 'own age' : undefined }));
  return {
    rows: [{ title: `${p.name}\ngrowing up`, cells }],
    shown: [p],
    extra: {
      growUp: {
        ages: strip.cells.map((c) => c.ageGroup),
        ownAgeGroup: strip.own,
        strength: strip.strength,
        directions: { source: strip.directions.source, fingerprint: strip.directions.fingerprint, layers: strip.directions.layers },
        wplusDistanceToNextAge: strip.neighbourDistances,
        wplusDistanceToSiblings: strip.siblingDistance,
      },
    },
  };
}

function collect(store: ProjectStore, input: ExportInput): { rows: GridRow[]; shown: PersonSummary[]; extra: Record<string, unknown> } {
  const snap = store.snapshot();
  const byId = new Map(snap.persons.map((p) => [p.id, p]));
  const cell = (p: PersonSummary) => ({ png: store.getImage(p.id), ...caption(p) });
  switch (input.kind) {
    case 'grow-up':
      throw new InputError('a grow-up strip is made by collectGrowUp');
    case 'person': {
      const p = input.personId ? byId.get(input.personId) : undefined;
      if (!p) throw new InputError('choose a person to export');
      return { rows: [], shown: [p], extra: {} };
    }
    case 'family': {
      const union = input.unionId ? snap.unions.find((u) => u.id === input.unionId) : undefined;
      if (!union) throw new InputError('choose a family (a couple with children) to export');
      const parents = [byId.get(union.fatherId)!, byId.get(union.motherId)!];
      const children = snap.persons.filter((p) => p.origin.kind === 'child' && p.origin.unionId === union.id);
      const rows: GridRow[] = [{ title: 'Parents', cells: parents.map(cell) }];
      for (let i = 0; i < children.length; i += ROW_MAX) rows.push({ title: i === 0 ? 'Children' : undefined, cells: children.slice(i, i + ROW_MAX).map(cell) });
      return { rows, shown: [...parents, ...children], extra: { unionId: union.id } };
    }
    case 'generations': {
      if (snap.persons.length === 0) throw new InputError('the tree is empty: nothing to export');
      const gens = snapshotGenerations(snap);
      const maxGen = Math.max(...gens.values());
      const rows: GridRow[] = [];
      for (let g = 0; g <= maxGen; g++) {
        const members = snap.persons.filter((p) => gens.get(p.id) === g);
        for (let i = 0; i < members.length; i += ROW_MAX) {
          rows.push({ title: i === 0 ? generationTitle(g, maxGen) : undefined, cells: members.slice(i, i + ROW_MAX).map(cell) });
        }
      }
      return { rows, shown: snap.persons, extra: { generations: Object.fromEntries(gens) } };
    }
    case 'candidates': {
      if (!input.batchId) throw new InputError('choose a candidate batch to export');
      const batch = store.getBatch(input.batchId);
      const cells = batch.candidateIndices.map((i) => ({ png: store.getCandidateImage(batch.id, i), caption: `Candidate ${i + 1}`, subcaption: `seed ${batch.seed} #${i + 1}` }));
      const union = snap.unions.find((u) => u.id === batch.unionId);
      // The parents head the sheet: candidates mean little without them.
      const rows: GridRow[] = union ? [{ title: 'Parents', cells: [byId.get(union.fatherId)!, byId.get(union.motherId)!].map(cell) }] : [];
      for (let i = 0; i < cells.length; i += 8) rows.push({ title: i === 0 ? `Candidates\nseed ${batch.seed}` : undefined, cells: cells.slice(i, i + 8) });
      return {
        rows,
        shown: union ? [byId.get(union.fatherId)!, byId.get(union.motherId)!] : [],
        extra: { batch: { id: batch.id, seed: batch.seed, count: batch.count, settings: batch.settings, target: batch.target, candidates: batch.candidateIndices } },
      };
    }
  }
}

function generationTitle(g: number, max: number): string {
  const names = ['Founders', 'Children', 'Grandchildren', 'Great-grandchildren'];
  if (max === 0) return 'Founders';
  return `Generation ${g + 1}\n${names[g] ?? ''}`.trim();
}
