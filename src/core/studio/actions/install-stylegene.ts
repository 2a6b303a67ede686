/**
 * Model packs → "Install StyleGene…": the installer (core/stylegene/install.ts) as a job
 * with progress and cancel, then the new pack is listed and made active.
 */
import type { ProcedureInput, ProcedureOutput } from '../../../shared/api';
import { CHECKPOINT_FILES, HF_REPO, huggingFaceUrl } from '../../stylegene/checkpoint-files';
import { installStyleGene, stylegeneLicense } from '../../stylegene/install';
import type { StudioService } from '../../studio-service';
import { importCheckedGeneFile } from './import-genes';

/** Where downloads come from: the authors' repository, or a mirror the host was started with. */
function downloadBase(): string | undefined {
  return process.env.KINSHIP_STYLEGENE_URL || undefined;
}

export function stylegeneInfo(): ProcedureOutput<'packs.stylegeneInfo'> {
  const base = downloadBase();
  return {
    license: stylegeneLicense(),
    files: CHECKPOINT_FILES.map((f) => ({ name: f.name, required: f.required, what: f.what })),
    downloadFrom: base ?? `https://huggingface.co/${HF_REPO} (${huggingFaceUrl('…').replace('%E2%80%A6', '…')})`,
  };
}

export async function installStyleGenePack(service: StudioService, jobId: string, source: ProcedureInput<'packs.installStyleGene'>['source']): Promise<ProcedureOutput<'packs.installStyleGene'>> {
  const r = await service.jobs.run(jobId, 'Installing StyleGene', (signal, progress) =>
    installStyleGene({
      dataDir: service.dataDir,
      ...(source.kind === 'folder' ? { from: source.folder } : { downloadBase: downloadBase() }),
      signal,
      // Per mille, so the bar moves smoothly over a long download.
      onProgress: (p) => progress(p.message, Math.round(p.fraction * 1000), 1000),
    }),
  );
  service.rescanPacks();
  let status = await service.activatePack(r.manifest.id);
  // The authors' gene pool from the same folder joins the new pack's pool (already checked).
  let genePool: ProcedureOutput<'packs.installStyleGene'>['genePool'] = null;
  if (r.genePool) {
    const g = await importCheckedGeneFile(service.pools, service.runtime(), r.genePool);
    genePool = { file: g.file, entries: g.entries, added: g.added, total: g.total };
    status = service.status();
  }
  return { packId: r.manifest.id, name: r.manifest.name, seconds: r.seconds, status, genePool };
}
