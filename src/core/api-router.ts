/**
 * Turns a raw request envelope into a validated call on the service and a
 * response envelope. Both hosts (Electron IPC and the web host) pass every
 * incoming message through here, so every payload is checked in one place.
 */
import type { z } from 'zod';
import {
  procedures,
  RequestEnvelopeSchema,
  type ProcedureName,
  type ProcedureInput,
  type ProcedureOutput,
  type ResponseEnvelope,
  type ApiError,
} from '../shared/api';
import { KinshipError } from '../domain/errors';
import { formatZodIssues } from './packs/manifest';
import { ServiceError, type StudioService } from './studio-service';
import { projectDto } from './studio/to-dto';
import * as persons from './studio/actions/persons';
import { addRandomFounder } from './studio/actions/random-founder';
import { candidateImage, discardCandidates, generateCandidates, keepCandidates, previewChild } from './studio/actions/breed-children';
import { keepTransplant, previewTransplant } from './studio/actions/transplant';
import { exportGrid } from './studio/actions/export-grid';
import { personResemblance } from './studio/actions/resemblance';
import { agePerson, growUpPerson } from './studio/actions/age-person';
import * as pool from './studio/actions/pool';
import { installStyleGenePack, stylegeneInfo } from './studio/actions/install-stylegene';
import { importGenes } from './studio/actions/import-genes';
import { photoHandlers } from './studio/actions/photo';

/** One async handler per procedure, receiving the already-validated input. */
export type Handlers = {
  [N in ProcedureName]: (input: z.output<(typeof procedures)[N]['input']>) => Promise<ProcedureOutput<N>>;
};

export function createHandlers(service: StudioService): Handlers {
  const ctx = service.context;
  const session = service.session;
  return {
    'studio.status': async () => service.status(),
    'packs.list': async () => service.listPacks(),
    'packs.rescan': async () => service.rescanPacks(),
    'packs.activate': async ({ packId }) => service.activatePack(packId),
    'packs.stylegeneInfo': async () => stylegeneInfo(),
    'packs.installStyleGene': async ({ jobId, source }) => installStyleGenePack(service, jobId, source),

    'project.current': async () => projectDto(session.store()),
    'project.list': async () => session.listProjects(),
    'project.new': async ({ name }) => projectDto(session.create(name)),
    'project.open': async ({ path }) => projectDto(session.open(path)),
    'project.saveAs': async ({ name }) => projectDto(session.saveAs(name)),
    'history.undo': async () => persons.undo(ctx),
    'history.redo': async () => persons.redo(ctx),

    'tree.get': async () => persons.getTree(ctx),
    'persons.images': async ({ ids, size }) => persons.personImages(ctx, ids, size),
    'persons.detail': async ({ id }) => persons.personDetail(ctx, id),
    'persons.update': async (input) => persons.updatePerson(ctx, input),
    'persons.move': async ({ moves }) => (persons.movePersons(ctx, moves), {}),
    'persons.delete': async ({ id }) => (persons.deletePerson(ctx, id), {}),
    'persons.resemblance': async ({ id }) => personResemblance(ctx, id),
    'persons.age': async ({ id, ageGroup }) => agePerson(ctx, id, ageGroup),
    'persons.growUp': async ({ id }) => {
      const { pngs: _pngs, ...strip } = await growUpPerson(ctx, id);
      return strip;
    },
    'founders.random': async (input) => addRandomFounder(ctx, input),

    'breed.preview': async (input) => previewChild(ctx, input),
    'breed.generate': async ({ jobId, ...input }) => generateCandidates(ctx, jobId, input),
    'candidates.keep': async ({ batchId, indices }) => keepCandidates(ctx, batchId, indices),
    'candidates.image': async ({ batchId, index }) => candidateImage(ctx, batchId, index),
    'candidates.discard': async ({ batchId }) => (discardCandidates(ctx, batchId), {}),
    'transplant.preview': async ({ targetId, donorId, regions }) => previewTransplant(ctx, targetId, donorId, regions),
    'transplant.keep': async (input) => keepTransplant(ctx, input),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: service.jobs.cancel(jobId) }),

    'pool.status': async () => pool.poolStatus(service.pools),
    'pool.buildRandom': async ({ jobId, count, seed }) => pool.buildRandomPool(ctx, service.pools, jobId, count, seed),
    'pool.group': async ({ offset, limit, ...group }) => pool.poolGroup(service.pools, group, offset, limit),
    'pool.setLabels': async ({ id, ...labels }) => pool.setPoolLabels(service.pools, id, labels),
    'pool.useAsFounder': async ({ id }) => pool.poolFounder(ctx, service.pools, id),
    'pool.importGenes': async ({ jobId, file }) => importGenes(service.jobs, service.pools, () => service.runtime(), jobId, file),

    'export.grid': async ({ jobId, ...input }) => exportGrid(ctx, jobId, input),

    ...photoHandlers(ctx, service.dataDir, service.faceDetector),
  };
}

export async function dispatch(handlers: Handlers, raw: unknown): Promise<ResponseEnvelope> {
  const envelope = RequestEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    return { id, ok: false, error: { code: 'invalid-request', message: formatZodIssues(envelope.error) } };
  }
  const { id, method, input } = envelope.data;
  const parsed = procedures[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { id, ok: false, error: { code: 'invalid-input', message: `${method}: ${formatZodIssues(parsed.error)}` } };
  }
  try {
    const handler = handlers[method] as (i: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    return { id, ok: true, result };
  } catch (e) {
    return { id, ok: false, error: toApiError(e) };
  }
}

/**
 * The one place where errors become codes (docs/ARCHITECTURE.md, "Error codes"): a
 * KinshipError keeps its code; anything else is a bug or an environment failure.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof KinshipError) return { code: e.code, message: e.code === 'cancelled' ? 'cancelled' : e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}

/** Direct typed call for in-process hosts (the CLI), with the same validation. */
export async function call<N extends ProcedureName>(
  handlers: Handlers,
  method: N,
  input: ProcedureInput<N>,
): Promise<ProcedureOutput<N>> {
  const res = await dispatch(handlers, { id: 0, method, input });
  if (!res.ok) throw new ServiceError(res.error.code === 'invalid-request' ? 'invalid-input' : res.error.code, res.error.message);
  return res.result as ProcedureOutput<N>;
}
