/** Export PNG grids (family sheet, generation rows, candidates, one person) with a JSON sidecar. */
import { useState } from 'react';
import type { PersonDto, UnionDto } from '../../../shared/dto';
import type { StudioClient } from '../api/client';
import { newJobId, type ExportKind, type JobState } from '../state/studio-store';

export type { ExportKind } from '../state/studio-store';

interface Props {
  client: StudioClient;
  unions: UnionDto[];
  persons: PersonDto[];
  selected: PersonDto | null;
  lastBatchId: string | null;
  initialKind: ExportKind;
  jobs: Record<string, JobState>;
  onClose(): void;
}

export function ExportDialog({ client, unions, persons, selected, lastBatchId, initialKind, jobs, onClose }: Props) {
  const [kind, setKind] = useState<ExportKind>(initialKind);
  const families = unions.filter((u) => persons.some((p) => p.origin.kind === 'child' && p.origin.unionId === u.id));
  const name = (id: string): string => persons.find((p) => p.id === id)?.name ?? id;
  const [unionId, setUnionId] = useState(families[0]?.id ?? '');
  const [cellSize, setCellSize] = useState(256);
  const [labels, setLabels] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<{ path: string; sidecarPath: string; width: number; height: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = jobId ? jobs[jobId] : undefined;

  const run = async (): Promise<void> => {
    const id = newJobId('export');
    setJobId(id);
    setError(null);
    setResult(null);
    try {
      setResult(
        await client.invoke('export.grid', {
          jobId: id,
          kind,
          cellSize,
          labels,
          unionId: kind === 'family' ? unionId : undefined,
          batchId: kind === 'candidates' ? (lastBatchId ?? undefined) : undefined,
          personId: kind === 'person' || kind === 'grow-up' ? selected?.id : undefined,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setJobId(null);
    }
  };
  const disabledReason =
    kind === 'family' && !unionId ? 'No couple has children yet.' : (kind === 'person' || kind === 'grow-up') && !selected ? 'Select a person first.' : kind === 'candidates' && !lastBatchId ? 'Generate candidates first.' : null;

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
      <div className="modal">
        <header>
          <h2 id="export-title">Export image grid</h2>
        </header>
        <div className="form-grid">
          <label htmlFor="export-kind">What</label>
          <select id="export-kind" data-testid="export-kind" value={kind} onChange={(e) => setKind(e.target.value as ExportKind)}>
            <option value="generations">Whole tree by generation</option>
            <option value="family">Family sheet (parents and children)</option>
            <option value="candidates">Last candidates grid</option>
            <option value="person">Selected person</option>
            <option value="grow-up">Selected person growing up (all 9 ages)</option>
          </select>
          {kind === 'family' && (
            <>
              <label htmlFor="export-family">Family</label>
              <select id="export-family" value={unionId} onChange={(e) => setUnionId(e.target.value)}>
                {families.map((u) => <option key={u.id} value={u.id}>{name(u.fatherId)} + {name(u.motherId)}</option>)}
              </select>
            </>
          )}
          <label htmlFor="export-cell">Cell size</label>
          <select id="export-cell" data-testid="export-cell" value={cellSize} onChange={(e) => setCellSize(Number(e.target.value))}>
            {[128, 192, 256, 384, 512, 1024].map((s) => <option key={s} value={s}>{s} px</option>)}
          </select>
          <label htmlFor="export-labels">Labels</label>
          <input id="export-labels" type="checkbox" checked={labels} onChange={(e) => setLabels(e.target.checked)} />
        </div>
        {job && (
          <div className="progress-block">
            <div className="progress-label">{job.label} {job.done}/{job.total}</div>
            <progress max={job.total || 1} value={job.done} />
            <button type="button" onClick={() => jobId && void client.invoke('jobs.cancel', { jobId })}>Cancel</button>
          </div>
        )}
        {result && (
          <p className="ok-text" data-testid="export-result">
            Wrote {result.width}×{result.height} PNG: <code>{result.path}</code> and its sidecar <code>{result.sidecarPath}</code>
          </p>
        )}
        {(error || disabledReason) && <p className="error-text">{error ?? disabledReason}</p>}
        <footer className="button-row">
          <button type="button" className="primary" data-testid="export-run" disabled={!!jobId || !!disabledReason} onClick={() => void run()}>
            Export
          </button>
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>Close</button>
        </footer>
      </div>
    </div>
  );
}
