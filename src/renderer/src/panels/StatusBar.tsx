import { useState } from 'react';
import type { StudioStatus } from '../../../shared/api';
import type { ConnectionState } from '../api/client';

const EP_LABEL: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU', cpu: 'CPU' };

export function StatusBar({
  status,
  connection,
  host,
  message,
}: {
  status: StudioStatus | null;
  connection: ConnectionState;
  host: 'electron' | 'web';
  message: string | null;
}) {
  const pack = status?.activePack;
  // The notes open on click (not only as a hover tooltip), so they can be read and copied.
  const [notesOpen, setNotesOpen] = useState(false);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-dot status-${connection}`} title={`Connection: ${connection}`} />
      <span data-testid="status-pack">
        Model pack: <strong>{pack ? `${pack.name} ${pack.version}` : 'none'}</strong>
      </span>
      <span data-testid="status-ep">
        Execution provider: <strong>{status?.executionProvider ? EP_LABEL[status.executionProvider] : '—'}</strong>
      </span>
      <span className="status-host">{host === 'electron' ? 'Desktop' : 'Web host'}</span>
      {message && <span className="status-message">{message}</span>}
      <span className="status-spacer" />
      {status && status.missing.length > 0 && (
        <button
          type="button"
          className="status-warning"
          aria-expanded={notesOpen}
          onClick={() => setNotesOpen((o) => !o)}
          data-testid="status-missing"
        >
          ⚠ {status.missing.length} note{status.missing.length > 1 ? 's' : ''}
        </button>
      )}
      {status && notesOpen && status.missing.length > 0 && (
        <ul className="status-notes" data-testid="status-notes">
          {status.missing.map((m) => (
            <li key={m.part}>{m.message}</li>
          ))}
        </ul>
      )}
      {status && <span className="status-version">v{status.appVersion}</span>}
    </footer>
  );
}
