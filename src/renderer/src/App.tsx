/**
 * The studio: tree canvas, side panel (founders, breeding, inspector, packs),
 * status bar, error banner and the dialogs. State and every call to the service
 * live in the studio store (state/studio-store.ts); this component reads slices
 * of it with selectors and wires the panels to its actions.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { StudioClient } from './api/client';
import { TreeCanvas, type TreeCanvasHandle } from './canvas/TreeCanvas';
import type { CardNode } from './canvas/tree-model';
import { layoutTreeReusing } from './canvas/tree-layout';
import { StatusBar } from './panels/StatusBar';
import { ErrorBanner } from './panels/ErrorBanner';
import { PackSection } from './panels/PackSection';
import { InstallStyleGeneDialog } from './panels/InstallStyleGeneDialog';
import { Toolbar } from './panels/Toolbar';
import { FoundersSection } from './panels/FoundersSection';
import { BreedingPanel } from './panels/BreedingPanel';
import { PersonInspector } from './panels/PersonInspector';
import { CandidatesDialog } from './panels/CandidatesDialog';
import { ProjectDialog } from './panels/ProjectDialog';
import { ExportDialog } from './panels/ExportDialog';
import { PoolDialog } from './panels/PoolDialog';
import { ImportPhotoDialog } from './panels/ImportPhotoDialog';
import { useStudio, useStudioActions } from './state/studio-context';
import { attributesLabel } from './labels';

const EMPTY: never[] = [];

export function App({ client }: { client: StudioClient }) {
  const actions = useStudioActions();
  const tree = useStudio((s) => s.tree);
  const thumbs = useStudio((s) => s.thumbs);
  const jobs = useStudio((s) => s.jobs);
  const selectedIds = useStudio((s) => s.selectedIds);
  const activePack = useStudio((s) => s.status?.activePack ?? null);
  const userPacksDir = useStudio((s) => s.status?.userPacksDir ?? null);
  const packs = useStudio((s) => s.packs);
  const draft = useStudio((s) => s.draft);
  const addingFounder = useStudio((s) => s.addingFounder);
  const breeding = useStudio((s) => s.breeding);
  const lastBatchId = useStudio((s) => s.lastBatchId);
  const dialog = useStudio((s) => s.dialog);
  const canvas = useRef<TreeCanvasHandle>(null);
  // Stable: the panels list these in their effects' dependencies.
  const failInPerson = useCallback((e: unknown) => actions.fail(e, 'Person panel'), [actions]);
  const selectOne = useCallback((id: string) => actions.setSelection([id]), [actions]);
  const failInProjects = useCallback((e: unknown) => actions.fail(e, 'Listing the projects'), [actions]);

  const persons = tree?.persons ?? EMPTY;
  const unions = tree?.unions ?? EMPTY;
  const byId = useMemo(() => new Map(persons.map((p) => [p.id, p])), [persons]);

  const layout = useMemo(
    () => layoutTreeReusing(persons.map((p) => ({ id: p.id, parentUnionId: p.origin.kind === 'child' ? p.origin.unionId : null, position: p.position })), unions),
    [persons, unions],
  );
  const nodes: CardNode[] = useMemo(
    () =>
      persons.map((p) => {
        const pos = layout.positions.get(p.id)!;
        return { id: p.id, x: pos.x, y: pos.y, title: p.name, subtitle: attributesLabel(p), imageUrl: thumbs[p.id] };
      }),
    [persons, layout, thumbs],
  );

  // The menu's view commands reach the canvas through the store.
  useEffect(() => {
    actions.attachView({ fit: () => canvas.current?.fit(), zoomBy: (f) => canvas.current?.zoomBy(f) });
    return () => actions.attachView(null);
  }, [actions]);

  // Keyboard shortcuts in the browser (Electron's menu has the same accelerators).
  useEffect(() => {
    if (client.kind === 'electron') return;
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const command =
        mod && key === 'z' ? (e.shiftKey ? 'redo' : 'undo')
        : mod && key === 'y' ? 'redo'
        : mod && key === 'e' ? 'export'
        : mod && key === 'g' ? 'pool'
        : mod && e.key === '0' ? 'fit-view'
        : null;
      if (!command) return;
      e.preventDefault();
      actions.runMenu(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client.kind, actions]);

  const father = selectedIds.length === 2 ? byId.get(selectedIds[0]!) : undefined;
  const mother = selectedIds.length === 2 ? byId.get(selectedIds[1]!) : undefined;
  const single = selectedIds.length === 1 ? byId.get(selectedIds[0]!) : undefined;

  return (
    <div className="app">
      <Toolbar showMenus={client.kind === 'web'} project={tree?.project ?? null} onCommand={actions.runMenu} />
      <ErrorBanner />
      <main className="workspace">
        <TreeCanvas ref={canvas} nodes={nodes} connectors={layout.connectors} selectedIds={selectedIds} onSelect={actions.select} onMoveCard={actions.moveCard} onVisibleCards={actions.prioritizeThumbs} />
        <aside className="side-panel" data-testid="side-panel" aria-label="Side panel">
          {father && mother ? (
            <BreedingPanel
              client={client}
              father={father}
              mother={mother}
              thumbs={thumbs}
              draft={draft}
              onDraft={actions.setDraft}
              onSwap={actions.swapPair}
              onGenerate={() => void actions.generate()}
              busy={!!breeding}
            />
          ) : single ? (
            <PersonInspector
              client={client}
              person={single}
              persons={persons}
              thumbs={thumbs}
              onSelect={selectOne}
              onBreedAgain={actions.breedAgain}
              onDelete={actions.deletePerson}
              onError={failInPerson}
            />
          ) : (
            <section className="panel-section">
              <h3>Getting started</h3>
              <p className="muted">
                Add two founders, then click one and Shift-click another to breed them (the first is the father, the second the mother).
                Drag cards to rearrange the tree; drag the background to pan; scroll to zoom.
              </p>
            </section>
          )}
          {selectedIds.length === 1 && <p className="hint pair-hint">Shift-click another person to breed them together.</p>}
          <FoundersSection
            pack={activePack}
            busy={addingFounder}
            onAdd={(r) => void actions.addFounder(r)}
            onOpenPool={() => actions.openDialog({ kind: 'pool' })}
            onImportPhoto={() => actions.openDialog({ kind: 'photo' })}
          />
          <PackSection
            packs={packs}
            activeId={activePack?.id ?? null}
            userPacksDir={userPacksDir}
            onActivate={(id) => void actions.activatePack(id)}
            onRescan={actions.rescanPacks}
            onInstall={() => actions.openDialog({ kind: 'install' })}
          />
        </aside>
      </main>
      <StatusBar host={client.kind} />
      {breeding && (
        <CandidatesDialog
          progress={jobs[breeding.jobId] ?? null}
          batch={breeding.batch}
          error={breeding.error}
          onCancel={actions.cancelBreeding}
          onKeep={(i) => void actions.keep(i)}
          onDiscard={() => void actions.discard()}
          onExport={() => actions.openDialog({ kind: 'export', exportKind: 'candidates' })}
          onClose={actions.closeBreeding}
          loadImage={async (index) => (await client.invoke('candidates.image', { batchId: breeding.batch!.id, index })).image}
        />
      )}
      {dialog && (dialog.kind === 'open' || dialog.kind === 'save-as') && (
        <ProjectDialog client={client} mode={dialog.kind} onClose={actions.closeDialog} onError={failInProjects} />
      )}
      {dialog?.kind === 'install' && <InstallStyleGeneDialog client={client} jobs={jobs} onClose={actions.closeDialog} onInstalled={actions.packInstalled} />}
      {dialog?.kind === 'pool' && (
        <PoolDialog client={client} jobs={jobs} onClose={actions.closeDialog} onFounder={(id) => actions.founderAdded(id, 'Added a founder from the gene pool.')} />
      )}
      {dialog?.kind === 'photo' && (
        <ImportPhotoDialog
          client={client}
          encoder={!!activePack?.capabilities.encoder}
          packName={activePack?.name ?? null}
          onClose={actions.closeDialog}
          onFounder={(p) => actions.founderAdded(p.id, `Added “${p.name}” from a photo.`)}
        />
      )}
      {dialog?.kind === 'export' && (
        <ExportDialog
          client={client}
          unions={unions}
          persons={persons}
          selected={single ?? null}
          lastBatchId={lastBatchId}
          initialKind={dialog.exportKind}
          jobs={jobs}
          onClose={actions.closeDialog}
        />
      )}
    </div>
  );
}
