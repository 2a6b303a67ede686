import { useEffect, useId, useRef, useState } from 'react';
import { useStudio } from '../state/studio-context';

const EP_LABEL: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU', cpu: 'CPU' };

export function StatusBar({ host }: { host: 'electron' | 'web' }) {
  const status = useStudio((s) => s.status);
  const connection = useStudio((s) => s.connection);
  // A running job's progress takes the place of the last notice.
  const job = useStudio((s) => Object.values(s.jobs)[0] ?? null);
  const notice = useStudio((s) => s.notice);
  const message = job ? `${job.label} ${job.done}/${job.total}` : notice;
  const pack = status?.activePack;
  // The notes open on click (not only as a hover tooltip), so they can be read and copied.
  const [notesOpen, setNotesOpen] = useState(false);
  const notesId = useId();
  const button = useRef<HTMLButtonElement>(null);
  // Escape closes the notes and gives the focus back to their button (keyboard users).
  useEffect(() => {
    if (!notesOpen) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setNotesOpen(false);
      button.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [notesOpen]);
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
          ref={button}
          aria-expanded={notesOpen}
          aria-controls={notesId}
          title="Show the notes (Escape closes them)"
          onClick={() => setNotesOpen((o) => !o)}
          data-testid="status-missing"
        >
          ⚠ {status.missing.length} note{status.missing.length > 1 ? 's' : ''}
        </button>
      )}
      {status && notesOpen && status.missing.length > 0 && (
        <ul className="status-notes" id={notesId} role="region" aria-label="Notes about this installation" data-testid="status-notes">
          {status.missing.map((m) => (
            <li key={m.part}>{m.message}</li>
          ))}
        </ul>
      )}
      {status && <span className="status-version">v{status.appVersion}</span>}
    </footer>
  );
}
