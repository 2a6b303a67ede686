/** File → Open / Save As in the browser: projects in the studio's projects folder and the recent list. */
import { useEffect, useState } from 'react';
import type { StudioClient } from '../api/client';

interface Listing {
  folder: string;
  projects: { path: string; name: string; exists: boolean }[];
  recent: { path: string; name: string; exists: boolean }[];
}

export function ProjectDialog({
  client,
  mode,
  onClose,
  onError,
}: {
  client: StudioClient;
  mode: 'open' | 'save-as';
  onClose(): void;
  onError(error: unknown): void;
}) {
  const [list, setList] = useState<Listing | null>(null);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    client.invoke('project.list', {}).then(setList, onError);
  }, [client, onError]);

  const open = async (path: string): Promise<void> => {
    try {
      await client.invoke('project.open', { path });
      onClose();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const saveAs = async (): Promise<void> => {
    try {
      await client.invoke('project.saveAs', { name });
      onClose();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="proj-title" data-testid="project-dialog">
      <div className="modal">
        <header>
          <h2 id="proj-title">{mode === 'open' ? 'Open project' : 'Save project as'}</h2>
          {list && <span className="muted small">Projects folder: {list.folder}</span>}
        </header>
        {mode === 'save-as' && (
          <form
            className="save-as-row"
            onSubmit={(e) => {
              e.preventDefault();
              void saveAs();
            }}
          >
            <input autoFocus aria-label="Project name" data-testid="save-as-name" placeholder="Project name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="primary" disabled={!name.trim()} data-testid="save-as-confirm">Save</button>
          </form>
        )}
        {mode === 'open' && list && (
          <>
            <h4>Recent</h4>
            <ul className="project-list">
              {list.recent.length === 0 && <li className="muted">No recent projects.</li>}
              {list.recent.map((p) => (
                <li key={`r-${p.path}`}>
                  <button type="button" disabled={!p.exists} onClick={() => void open(p.path)} title={p.path}>
                    {p.name} {!p.exists && <span className="muted">(missing)</span>}
                  </button>
                </li>
              ))}
            </ul>
            <h4>In the projects folder</h4>
            <ul className="project-list" data-testid="project-list">
              {list.projects.length === 0 && <li className="muted">No projects yet.</li>}
              {list.projects.map((p) => (
                <li key={p.path}>
                  <button type="button" onClick={() => void open(p.path)} title={p.path}>{p.name}</button>
                </li>
              ))}
            </ul>
          </>
        )}
        {problem && <p className="error-text" data-testid="project-error">{problem}</p>}
        <footer className="button-row">
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>Cancel</button>
        </footer>
      </div>
    </div>
  );
}
