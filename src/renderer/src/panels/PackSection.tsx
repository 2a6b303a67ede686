import type { PackSummary } from '../../../shared/api';

export function PackSection({
  packs,
  activeId,
  userPacksDir,
  onActivate,
  onRescan,
  onInstall,
}: {
  packs: PackSummary[];
  activeId: string | null;
  userPacksDir: string | null;
  onActivate(id: string): void;
  onRescan(): void;
  onInstall(): void;
}) {
  return (
    <section className="panel-section" aria-labelledby="packs-heading">
      <h3 id="packs-heading">Model packs</h3>
      <ul className="pack-list" data-testid="pack-list">
        {packs.map((p) => (
          <li key={p.folder} className={p.status === 'error' ? 'pack-error' : p.id === activeId ? 'pack-active' : ''}>
            <div className="pack-name">
              {p.status === 'ready' ? p.name : 'Unusable pack'}
              {p.builtin && <span className="badge">built-in</span>}
              {p.id === activeId && <span className="badge badge-active">active</span>}
            </div>
            {p.status === 'ready' ? (
              <div className="pack-meta">
                {p.resolution}px · {p.capabilities.encoder ? 'photo import' : 'no photo import'} ·{' '}
                {p.capabilities.mapping ? 'random founders' : 'no random founders'}
              </div>
            ) : (
              <div className="pack-meta pack-error-text">{p.error}</div>
            )}
            {p.status === 'ready' && p.id !== activeId && (
              <button type="button" onClick={() => onActivate(p.id)}>
                Use this pack
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" data-testid="packs-rescan" onClick={onRescan} title="Look for packs copied into the packs folder">
          Rescan packs
        </button>
        <button type="button" data-testid="packs-install-stylegene" onClick={onInstall} title="Install the real StyleGene model from the authors’ checkpoint files">
          Install StyleGene…
        </button>
      </div>
      {userPacksDir && (
        <p className="hint">
          Add a pack (e.g. a converted StyleGene pack) by copying its folder into <code>{userPacksDir}</code>, then rescan.
        </p>
      )}
    </section>
  );
}
