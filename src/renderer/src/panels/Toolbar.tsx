import type { MenuCommand } from '../../../shared/api';
import type { ProjectDto } from '../../../shared/dto';

/** Top bar; in the browser it also carries the menu that Electron shows natively. */
export function Toolbar({ showMenus, project, onCommand }: { showMenus: boolean; project: ProjectDto | null; onCommand(c: MenuCommand): void }) {
  const item = (label: string, command: MenuCommand, shortcut?: string, disabled = false) => (
    <button
      type="button"
      disabled={disabled}
      data-testid={`menu-${command}`}
      onClick={(e) => {
        (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
        onCommand(command);
      }}
    >
      <span>{label}</span>
      {shortcut && <kbd>{shortcut}</kbd>}
    </button>
  );
  return (
    <header className="toolbar" role="toolbar" aria-label="Studio toolbar">
      <span className="app-title">Kinship Studio</span>
      {showMenus && (
        <nav className="menus" aria-label="Menu">
          <details className="menu">
            <summary data-testid="menu-file">File</summary>
            <div className="menu-items">
              {item('New Project', 'project-new')}
              {item('Open Project…', 'project-open')}
              {item('Save Project As…', 'project-save-as')}
              {item('Export Image Grid…', 'export', 'Ctrl E')}
            </div>
          </details>
          <details className="menu">
            <summary data-testid="menu-edit">Edit</summary>
            <div className="menu-items">
              {item(project?.undoLabel ? `Undo ${project.undoLabel}` : 'Undo', 'undo', 'Ctrl Z', !project?.canUndo)}
              {item(project?.redoLabel ? `Redo ${project.redoLabel}` : 'Redo', 'redo', 'Ctrl ⇧ Z', !project?.canRedo)}
            </div>
          </details>
          <details className="menu">
            <summary data-testid="menu-tools">Tools</summary>
            <div className="menu-items">{item('Gene Pool…', 'pool', 'Ctrl G')}</div>
          </details>
          <details className="menu">
            <summary>Help</summary>
            <div className="menu-items">{item('About Kinship Studio', 'about')}</div>
          </details>
        </nav>
      )}
      {project && (
        <span className="project-name" data-testid="project-name" title={project.path}>
          {project.name}
        </span>
      )}
      <span className="toolbar-spacer" />
      <div className="view-controls" aria-label="View">
        <button type="button" title="Undo (Ctrl Z)" aria-label="Undo" data-testid="undo" disabled={!project?.canUndo} onClick={() => onCommand('undo')}>↶</button>
        <button type="button" title="Redo (Ctrl Shift Z)" aria-label="Redo" data-testid="redo" disabled={!project?.canRedo} onClick={() => onCommand('redo')}>↷</button>
        <button type="button" title="Export image grid (Ctrl E)" data-testid="export-open" onClick={() => onCommand('export')}>Export…</button>
        <button type="button" title="Zoom out (Ctrl −)" onClick={() => onCommand('zoom-out')}>−</button>
        <button type="button" title="Zoom in (Ctrl +)" onClick={() => onCommand('zoom-in')}>+</button>
        <button type="button" title="Fit tree to view (Ctrl 0)" data-testid="fit-view" onClick={() => onCommand('fit-view')}>Fit</button>
      </div>
    </header>
  );
}
