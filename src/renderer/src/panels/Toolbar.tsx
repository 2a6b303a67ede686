import type { MenuCommand } from '../../../shared/api';

/** Top bar; in the browser it also carries the menu that Electron shows natively. */
export function Toolbar({ showMenus, onCommand }: { showMenus: boolean; onCommand(c: MenuCommand): void }) {
  return (
    <header className="toolbar" role="toolbar" aria-label="Studio toolbar">
      <span className="app-title">Kinship Studio</span>
      {showMenus && (
        <nav className="menus" aria-label="Menu">
          <details className="menu">
            <summary>File</summary>
            <div className="menu-items">
              <button type="button" onClick={() => onCommand('project-new')}>New Project</button>
              <button type="button" onClick={() => onCommand('project-open')}>Open Project…</button>
              <button type="button" onClick={() => onCommand('project-save-as')}>Save Project As…</button>
            </div>
          </details>
          <details className="menu">
            <summary>Help</summary>
            <div className="menu-items">
              <button type="button" onClick={() => onCommand('about')}>About Kinship Studio</button>
            </div>
          </details>
        </nav>
      )}
      <span className="toolbar-spacer" />
      <div className="view-controls" aria-label="View">
        <button type="button" title="Zoom out (Ctrl −)" onClick={() => onCommand('zoom-out')}>−</button>
        <button type="button" title="Zoom in (Ctrl +)" onClick={() => onCommand('zoom-in')}>+</button>
        <button type="button" title="Fit tree to view (Ctrl 0)" data-testid="fit-view" onClick={() => onCommand('fit-view')}>Fit</button>
      </div>
    </header>
  );
}
