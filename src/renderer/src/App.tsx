/**
 * The studio: tree canvas, side panel (founders, breeding, inspector, packs),
 * status bar, and the dialogs. Every action goes through the typed client.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MenuCommand, PackSummary, StudioStatus } from '../../shared/api';
import type { BatchDto, PersonDto } from '../../shared/dto';
import type { ConnectionState, StudioClient } from './api/client';
import { TreeCanvas, type TreeCanvasHandle } from './canvas/TreeCanvas';
import type { CardNode } from './canvas/tree-model';
import { layoutTree } from './canvas/tree-layout';
import { StatusBar } from './panels/StatusBar';
import { PackSection } from './panels/PackSection';
import { InstallStyleGeneDialog } from './panels/InstallStyleGeneDialog';
import { Toolbar } from './panels/Toolbar';
import { FoundersSection, randomSeed, type FounderRequest } from './panels/FoundersSection';
import { BreedingPanel, DEFAULT_DRAFT, draftSettings, type BreedDraft } from './panels/BreedingPanel';
import { PersonInspector } from './panels/PersonInspector';
import { CandidatesDialog } from './panels/CandidatesDialog';
import { ProjectDialog } from './panels/ProjectDialog';
import { ExportDialog, type ExportKind } from './panels/ExportDialog';
import { PoolDialog } from './panels/PoolDialog';
import { ImportPhotoDialog } from './panels/ImportPhotoDialog';
import { useTree } from './state/use-tree';
import { newJobId, useJobs } from './state/use-jobs';
import { attributesLabel } from './labels';

interface Breeding {
  jobId: string;
  batch: BatchDto | null;
  error: string | null;
}

export function App({ client }: { client: StudioClient }) {
  const [status, setStatus] = useState<StudioStatus | null>(null);
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [message, setMessage] = useState<string | null>(null);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [draft, setDraft] = useState<BreedDraft>(() => ({ ...DEFAULT_DRAFT, seed: randomSeed() }));
  const [addingFounder, setAddingFounder] = useState(false);
  const [breeding, setBreeding] = useState<Breeding | null>(null);
  const [lastBatchId, setLastBatchId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | { kind: 'open' | 'save-as' | 'pool' | 'photo' | 'install' } | { kind: 'export'; exportKind: ExportKind }>(null);
  const canvas = useRef<TreeCanvasHandle>(null);
  const jobs = useJobs(client);
  const { tree, thumbs } = useTree(client, connection === 'open');

  const fail = useCallback((m: string) => setMessage(m), []);

  const refreshStatus = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([client.invoke('studio.status', {}), client.invoke('packs.list', {})]);
      setStatus(s);
      setPacks(p);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, [client]);

  const persons = tree?.persons ?? [];
  const byId = useMemo(() => new Map(persons.map((p) => [p.id, p])), [persons]);
  // Keep the selection to persons that still exist (after undo, delete, open).
  useEffect(() => {
    if (selectedIds.some((id) => !byId.has(id))) setSelectedIds((ids) => ids.filter((id) => byId.has(id)));
  }, [byId, selectedIds]);

  const layout = useMemo(
    () =>
      layoutTree(
        persons.map((p) => ({ id: p.id, parentUnionId: p.origin.kind === 'child' ? p.origin.unionId : null, position: p.position })),
        tree?.unions ?? [],
      ),
    [persons, tree?.unions],
  );
  const nodes: CardNode[] = useMemo(
    () =>
      persons.map((p) => {
        const pos = layout.positions.get(p.id)!;
        return { id: p.id, x: pos.x, y: pos.y, title: p.name, subtitle: attributesLabel(p), imageUrl: thumbs[p.id] };
      }),
    [persons, layout, thumbs],
  );

  const undoRedo = useCallback(
    async (which: 'undo' | 'redo') => {
      try {
        await client.invoke(which === 'undo' ? 'history.undo' : 'history.redo', {});
      } catch (e) {
        setMessage((e as Error).message);
      }
    },
    [client],
  );

  const runMenu = useCallback(
    (command: MenuCommand) => {
      switch (command) {
        case 'fit-view':
          return canvas.current?.fit();
        case 'zoom-in':
          return canvas.current?.zoomBy(1.25);
        case 'zoom-out':
          return canvas.current?.zoomBy(0.8);
        case 'undo':
        case 'redo':
          return void undoRedo(command);
        case 'project-new':
          setSelectedIds([]);
          return void client.invoke('project.new', {}).catch((e: Error) => setMessage(e.message));
        case 'project-open':
          return setDialog({ kind: 'open' });
        case 'project-save-as':
          return setDialog({ kind: 'save-as' });
        case 'export':
          return setDialog({ kind: 'export', exportKind: 'generations' });
        case 'pool':
          return setDialog({ kind: 'pool' });
        case 'about':
          return setMessage('Kinship Studio — kinship face synthesis after StyleGene (CVPR 2023).');
        case 'add-pack':
          // The desktop app handles this natively; in the browser, packs are copied in and rescanned.
          return setMessage('Copy the pack folder into the packs folder shown in the side panel, then press Rescan packs.');
      }
    },
    [client, undoRedo],
  );

  useEffect(
    () =>
      client.onConnection((s) => {
        setConnection(s);
        if (s === 'open') void refreshStatus();
      }),
    [client, refreshStatus],
  );

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'status') {
          setStatus(event.status);
          void client.invoke('packs.list', {}).then(setPacks);
        } else if (event.type === 'menu') runMenu(event.command);
      }),
    [client, runMenu],
  );

  // Keyboard shortcuts in the browser (Electron's menu has the same accelerators).
  useEffect(() => {
    if (client.kind === 'electron') return;
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        runMenu(e.shiftKey ? 'redo' : 'undo');
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        runMenu('redo');
      } else if (mod && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        runMenu('export');
      } else if (mod && e.key.toLowerCase() === 'g') {
        e.preventDefault();
        runMenu('pool');
      } else if (mod && e.key === '0') {
        e.preventDefault();
        runMenu('fit-view');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client.kind, runMenu]);

  const activate = async (packId: string): Promise<void> => {
    try {
      setMessage('Loading model pack…');
      setStatus(await client.invoke('packs.activate', { packId }));
      setMessage(null);
    } catch (e) {
      setMessage((e as Error).message);
    }
    setPacks(await client.invoke('packs.list', {}));
  };

  const addFounder = async (req: FounderRequest): Promise<void> => {
    setAddingFounder(true);
    try {
      const p = await client.invoke('founders.random', req);
      setSelectedIds([p.id]);
      setMessage(`Added ${p.name} (seed ${req.seed}).`);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setAddingFounder(false);
    }
  };

  const onSelect = useCallback((id: string | null, additive: boolean) => {
    setSelectedIds((ids) => {
      if (!id) return [];
      if (additive) return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids.slice(-1), id];
      return [id];
    });
  }, []);

  const onMoveCard = useCallback(
    (id: string, x: number, y: number) => {
      client.invoke('persons.update', { id, position: { x, y } }).catch((e: Error) => setMessage(e.message));
    },
    [client],
  );

  const father = selectedIds.length === 2 ? byId.get(selectedIds[0]!) : undefined;
  const mother = selectedIds.length === 2 ? byId.get(selectedIds[1]!) : undefined;
  const single = selectedIds.length === 1 ? byId.get(selectedIds[0]!) : undefined;

  const generate = async (): Promise<void> => {
    if (!father || !mother) return;
    const jobId = newJobId('breed');
    setBreeding({ jobId, batch: null, error: null });
    try {
      const batch = await client.invoke('breed.generate', {
        jobId,
        fatherId: father.id,
        motherId: mother.id,
        count: draft.count,
        seed: draft.seed,
        settings: draftSettings(draft),
        target: draft.target,
      });
      setLastBatchId(batch.id);
      setBreeding({ jobId, batch, error: null });
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code === 'cancelled') {
        setBreeding(null);
        setMessage('Breeding cancelled.');
      } else setBreeding({ jobId, batch: null, error: err.message });
    }
  };

  const keep = async (indices: number[]): Promise<void> => {
    if (!breeding?.batch) return;
    try {
      const kept = await client.invoke('candidates.keep', { batchId: breeding.batch.id, indices });
      setMessage(`Kept ${kept.length} ${kept.length === 1 ? 'child' : 'children'}.`);
      setBreeding(null);
      setSelectedIds(kept.map((p) => p.id).slice(0, 1));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const discard = async (): Promise<void> => {
    if (breeding?.batch) await client.invoke('candidates.discard', { batchId: breeding.batch.id }).catch((e: Error) => setMessage(e.message));
    setBreeding(null);
  };

  const breedAgain = (p: PersonDto): void => {
    const o = p.origin;
    if (o.kind !== 'child') return;
    setDraft((d) => ({
      ...d,
      seed: o.seed,
      gamma: o.settings.gamma,
      eta: o.settings.eta,
      fusionLayer: o.settings.fusionLayer,
      temperature: o.settings.temperature,
      overrides: Object.fromEntries(Object.entries(o.settings.overrides).map(([k, v]) => [Number(k), v])),
      target: o.target,
      // A child bred without age control is remade without it (strength 0), so it comes out the same.
      ageStrength: o.settings.age?.strength ?? 0,
    }));
    setSelectedIds([o.fatherId, o.motherId].filter((id) => byId.has(id)));
  };

  const jobList = Object.entries(jobs);
  const statusMessage = jobList.length
    ? `${jobList[0]![1].label} ${jobList[0]![1].done}/${jobList[0]![1].total}`
    : message;

  return (
    <div className="app">
      <Toolbar showMenus={client.kind === 'web'} project={tree?.project ?? null} onCommand={runMenu} />
      <main className="workspace">
        <TreeCanvas ref={canvas} nodes={nodes} connectors={layout.connectors} selectedIds={selectedIds} onSelect={onSelect} onMoveCard={onMoveCard} />
        <aside className="side-panel" data-testid="side-panel" aria-label="Side panel">
          {father && mother ? (
            <BreedingPanel
              client={client}
              father={father}
              mother={mother}
              thumbs={thumbs}
              draft={draft}
              onDraft={setDraft}
              onSwap={() => setSelectedIds(([a, b]) => [b!, a!])}
              onGenerate={() => void generate()}
              busy={!!breeding}
            />
          ) : single ? (
            <PersonInspector
              client={client}
              person={single}
              persons={persons}
              thumbs={thumbs}
              onSelect={(id) => setSelectedIds([id])}
              onBreedAgain={breedAgain}
              onDelete={(id) => void client.invoke('persons.delete', { id }).catch((e: Error) => setMessage(e.message))}
              onError={fail}
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
          {selectedIds.length === 1 && (
            <p className="hint pair-hint">Shift-click another person to breed them together.</p>
          )}
          <FoundersSection pack={status?.activePack ?? null} busy={addingFounder} onAdd={(r) => void addFounder(r)} onOpenPool={() => setDialog({ kind: 'pool' })} onImportPhoto={() => setDialog({ kind: 'photo' })} />
          <PackSection
            packs={packs}
            activeId={status?.activePack?.id ?? null}
            userPacksDir={status?.userPacksDir ?? null}
            onActivate={(id) => void activate(id)}
            onRescan={() => void client.invoke('packs.rescan', {}).then(setPacks, (e: Error) => setMessage(e.message))}
            onInstall={() => setDialog({ kind: 'install' })}
          />
        </aside>
      </main>
      <StatusBar status={status} connection={connection} host={client.kind} message={statusMessage} />
      {breeding && (
        <CandidatesDialog
          progress={jobs[breeding.jobId] ?? null}
          batch={breeding.batch}
          error={breeding.error}
          onCancel={() => void client.invoke('jobs.cancel', { jobId: breeding.jobId })}
          onKeep={(i) => void keep(i)}
          onDiscard={() => void discard()}
          onExport={() => setDialog({ kind: 'export', exportKind: 'candidates' })}
          onClose={() => setBreeding(null)}
        />
      )}
      {dialog && (dialog.kind === 'open' || dialog.kind === 'save-as') && (
        <ProjectDialog client={client} mode={dialog.kind} onClose={() => setDialog(null)} onError={fail} />
      )}
      {dialog?.kind === 'install' && (
        <InstallStyleGeneDialog
          client={client}
          jobs={jobs}
          onClose={() => setDialog(null)}
          onInstalled={(msg) => {
            setDialog(null);
            setMessage(msg);
            void client.invoke('packs.list', {}).then(setPacks, (e: Error) => setMessage(e.message));
            void client.invoke('studio.status', {}).then(setStatus, (e: Error) => setMessage(e.message));
          }}
        />
      )}
      {dialog?.kind === 'pool' && (
        <PoolDialog
          client={client}
          jobs={jobs}
          onClose={() => setDialog(null)}
          onFounder={(id) => {
            setSelectedIds([id]);
            setMessage('Added a founder from the gene pool.');
          }}
        />
      )}
      {dialog?.kind === 'photo' && (
        <ImportPhotoDialog
          client={client}
          encoder={!!status?.activePack?.capabilities.encoder}
          packName={status?.activePack?.name ?? null}
          onClose={() => setDialog(null)}
          onFounder={(p) => {
            setSelectedIds([p.id]);
            setMessage(`Added “${p.name}” from a photo.`);
          }}
        />
      )}
      {dialog?.kind === 'export' && (
        <ExportDialog
          client={client}
          unions={tree?.unions ?? []}
          persons={persons}
          selected={single ?? null}
          lastBatchId={lastBatchId}
          initialKind={dialog.exportKind}
          jobs={jobs}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
