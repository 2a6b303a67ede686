/**
 * Model packs → "Install StyleGene…": from a folder holding the authors' checkpoint files,
 * or downloaded from their Hugging Face repository after the licence terms are shown and
 * accepted. One job with a progress bar and Cancel; a cancelled or failed install leaves
 * no pack behind, and an interrupted download resumes on the next try.
 */
import { useEffect, useState } from 'react';
import type { ProcedureOutput } from '../../../shared/api';
import type { StudioClient } from '../api/client';
import { newJobId, type JobState } from '../state/use-jobs';

type Info = ProcedureOutput<'packs.stylegeneInfo'>;

interface Props {
  client: StudioClient;
  jobs: Record<string, JobState>;
  onClose(): void;
  onInstalled(message: string): void;
}

export function InstallStyleGeneDialog({ client, jobs, onClose, onInstalled }: Props) {
  const [info, setInfo] = useState<Info | null>(null);
  const [folder, setFolder] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const job = jobId ? jobs[jobId] : undefined;

  useEffect(() => {
    client.invoke('packs.stylegeneInfo', {}).then(setInfo, (e: Error) => setMessage(e.message));
  }, [client]);

  const install = async (source: { kind: 'folder'; folder: string } | { kind: 'download'; acceptLicense: true }): Promise<void> => {
    const id = newJobId('install');
    setJobId(id);
    setMessage(null);
    try {
      const r = await client.invoke('packs.installStyleGene', { jobId: id, source });
      const pool = r.genePool ? ` The authors’ gene pool was imported: ${r.genePool.entries} gene-only entries, read from ${r.genePool.file} (keep the file there).` : '';
      onInstalled(`Installed ${r.name} in ${r.seconds.toFixed(0)} s; it is now the active pack.${pool}`);
    } catch (e) {
      const err = e as Error & { code?: string };
      setMessage(err.code === 'cancelled' ? 'Install cancelled: no pack was written. Downloaded parts are kept; installing again resumes them.' : err.message);
    } finally {
      setJobId(null);
    }
  };

  const busy = !!jobId;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="install-title" data-testid="install-dialog">
      <div className="modal wide">
        <header>
          <h2 id="install-title">Install StyleGene</h2>
          <span className="muted small">Photographic faces: StyleGAN2 FFHQ, e4e, StyleGene’s gene encoder and decoder, FairFace. No Python needed.</span>
        </header>
        <h4>From a folder</h4>
        <p className="hint">
          A folder with the authors’ files: {info ? info.files.map((f) => `${f.name}${f.required ? '' : ' (optional)'}`).join(', ') : '…'}. With
          geneFactorPool.pkl in it too (optional, 27.8 GB), their gene pool is imported as well, read where it is.
        </p>
        <div className="button-row">
          <input
            type="text"
            aria-label="Checkpoint folder"
            data-testid="install-folder"
            placeholder="/path/to/checkpoints"
            value={folder}
            disabled={busy}
            onChange={(e) => setFolder(e.target.value)}
            style={{ flex: 1 }}
          />
          <button type="button" className="primary" data-testid="install-from-folder" disabled={busy || !folder.trim()} onClick={() => void install({ kind: 'folder', folder: folder.trim() })}>
            Install from folder
          </button>
        </div>
        <h4>Download</h4>
        <p className="hint">From {info?.downloadFrom ?? '…'} (about 3 GB; resumes after an interruption).</p>
        <div className="license-box" data-testid="install-license" style={{ maxHeight: '8em', overflow: 'auto', whiteSpace: 'pre-wrap', border: '1px solid var(--border, #ccc)', padding: '0.5em' }}>
          <strong>Licence terms of the weights.</strong> {info?.license ?? ''}
        </div>
        <label className="small">
          <input type="checkbox" data-testid="install-accept" checked={accepted} disabled={busy} onChange={(e) => setAccepted(e.target.checked)} /> I accept these terms
        </label>
        <div className="button-row">
          <button type="button" className="primary" data-testid="install-download" disabled={busy || !accepted} onClick={() => void install({ kind: 'download', acceptLicense: true })}>
            Download and install
          </button>
        </div>
        {busy && (
          <div className="button-row" data-testid="install-running">
            <progress max={job?.total || 1} value={job?.done ?? 0} data-testid="install-progress" />
            <span className="muted small" data-testid="install-step">{job?.label ?? 'starting…'}</span>
            <button type="button" data-testid="install-cancel" onClick={() => jobId && void client.invoke('jobs.cancel', { jobId })}>
              Cancel
            </button>
          </div>
        )}
        {message && (
          <p className="hint" role="alert" data-testid="install-message">
            {message}
          </p>
        )}
        <div className="button-row">
          <button type="button" onClick={onClose} disabled={busy}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
