/**
 * The studio's one renderer store (docs/ARCHITECTURE.md, "Renderer state"): what the
 * service told us (status, packs, tree, thumbnails, job progress — fed by its events),
 * what the user is doing (selection, breeding draft, open dialog), and the last error.
 * Components read slices with selectors; every change goes through a named action,
 * and every failed call ends in `fail`, which puts the error in the banner.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MenuCommand, PackSummary, ProcedureInput, StudioEvent, StudioStatus } from '../../../shared/api';
import type { BatchDto, PersonDto, TreeDto } from '../../../shared/dto';
import type { ConnectionState, StudioClient } from '../api/client';
import { DEFAULT_DRAFT, draftSettings, randomSeed, type BreedDraft } from './breed-draft';
import { describeError, errorCode, type UiError } from './error-messages';
import { ThumbnailLoader } from './thumbnail-loader';

export interface JobState {
  label: string;
  done: number;
  total: number;
}

export interface Breeding {
  jobId: string;
  batch: BatchDto | null;
  error: string | null;
}

export type ExportKind = 'family' | 'generations' | 'candidates' | 'person' | 'grow-up';

export type Dialog =
  | { kind: 'open' | 'save-as' | 'pool' | 'photo' | 'install' }
  | { kind: 'export'; exportKind: ExportKind };

/** What the canvas lends the store for the view commands of the menu. */
export interface ViewControls {
  fit(): void;
  zoomBy(factor: number): void;
}

export interface StudioActions {
  /** Subscribes to the client's connection and events; returns the unsubscribe. */
  start(): () => void;
  connectionChanged(state: ConnectionState): void;
  /** Every service event goes through here. */
  handleEvent(event: StudioEvent): void;
  refreshStatus(): Promise<void>;
  refreshPacks(): Promise<void>;
  refreshTree(): Promise<void>;
  /** The on-screen persons, nearest the view's centre first: their thumbnails are fetched first. */
  prioritizeThumbs(ids: readonly string[]): void;
  runMenu(command: MenuCommand): void;
  attachView(view: ViewControls | null): void;

  select(id: string | null, additive: boolean): void;
  setSelection(ids: string[]): void;
  swapPair(): void;
  setDraft(draft: BreedDraft): void;

  addFounder(req: ProcedureInput<'founders.random'> & { seed: number }): Promise<void>;
  moveCard(id: string, x: number, y: number): void;
  deletePerson(id: string): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  activatePack(packId: string): Promise<void>;
  rescanPacks(): void;
  packInstalled(message: string): void;

  generate(): Promise<void>;
  cancelBreeding(): void;
  keep(indices: number[]): Promise<void>;
  discard(): Promise<void>;
  closeBreeding(): void;
  breedAgain(person: PersonDto): void;

  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  /** A founder arrived from the pool or a photo: select it and say so. */
  founderAdded(id: string, message: string): void;
  notify(message: string | null): void;
  /** Shows an error in the banner; `action` says what failed. */
  fail(error: unknown, action: string): void;
  dismissError(): void;
}

export interface StudioState {
  connection: ConnectionState;
  status: StudioStatus | null;
  packs: PackSummary[];
  tree: TreeDto | null;
  /** Person id → thumbnail data URL, fetched only for ids not yet here. */
  thumbs: Record<string, string>;
  jobs: Record<string, JobState>;
  /** Selected persons in click order: a breeding pair is [father, mother]. */
  selectedIds: string[];
  draft: BreedDraft;
  addingFounder: boolean;
  breeding: Breeding | null;
  lastBatchId: string | null;
  dialog: Dialog | null;
  /** An informational line in the status bar. */
  notice: string | null;
  /** The error banner; null when none is shown. */
  error: UiError | null;
  actions: StudioActions;
}

export type StudioStore = StoreApi<StudioState>;

let jobCounter = 0;
export function newJobId(prefix: string): string {
  jobCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${jobCounter}`;
}

/** Keeps the selection to persons that still exist (after undo, delete, open). */
function pruneSelection(ids: string[], tree: TreeDto): string[] {
  const present = new Set(tree.persons.map((p) => p.id));
  const kept = ids.filter((id) => present.has(id));
  return kept.length === ids.length ? ids : kept;
}

export function createStudioStore(client: StudioClient, opts: { seed?: number } = {}): StudioStore {
  let view: ViewControls | null = null;
  let treeSeq = 0;
  let treeShown = 0;
  /** The faceKey each thumbnail was (last) asked for. */
  const thumbFaces = new Map<string, string | undefined>();
  let errorSeq = 0;

  return createStore<StudioState>()((set, get) => {
    const fail = (e: unknown, action: string): void => {
      errorSeq += 1;
      set({ error: describeError(e, action, errorSeq) });
    };
    /** Runs a call; a failure goes to the banner instead of being lost. */
    const attempt = async <T>(action: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (e) {
        fail(e, action);
        return undefined;
      }
    };
    // Thumbnails stream in small batches, on-screen cards first (docs/ARCHITECTURE.md, "Opening a big tree").
    const thumbLoader = new ThumbnailLoader(
      (ids) =>
        client.invoke('persons.images', { ids, size: 'thumb' }).catch((e: unknown) => {
          for (const id of ids) thumbFaces.delete(id); // asked again at the next tree refresh
          throw e;
        }),
      (got) => set((s) => ({ thumbs: { ...s.thumbs, ...got } })),
      (e) => fail(e, 'Loading the thumbnails'),
    );

    const actions: StudioActions = {
      start() {
        const offConnection = client.onConnection((s) => get().actions.connectionChanged(s));
        const offEvents = client.subscribe((e) => get().actions.handleEvent(e));
        return () => {
          offConnection();
          offEvents();
        };
      },

      connectionChanged(state) {
        set({ connection: state });
        if (state === 'open') {
          void actions.refreshStatus();
          void actions.refreshTree();
        }
      },

      handleEvent(event) {
        switch (event.type) {
          case 'tree-changed':
            void actions.refreshTree();
            return;
          case 'status':
            set({ status: event.status });
            void actions.refreshPacks();
            return;
          case 'job-progress':
            set((s) => ({ jobs: { ...s.jobs, [event.jobId]: { label: event.label, done: event.done, total: event.total } } }));
            return;
          case 'job-finished':
            set((s) => {
              if (!(event.jobId in s.jobs)) return s;
              const jobs = { ...s.jobs };
              delete jobs[event.jobId];
              return { jobs };
            });
            return;
          case 'menu':
            actions.runMenu(event.command);
            return;
        }
      },

      async refreshStatus() {
        await attempt('Reading the studio status', async () => {
          const [status, packs] = await Promise.all([client.invoke('studio.status', {}), client.invoke('packs.list', {})]);
          set({ status, packs });
        });
      },

      async refreshPacks() {
        await attempt('Listing the model packs', async () => set({ packs: await client.invoke('packs.list', {}) }));
      },

      async refreshTree() {
        const mine = ++treeSeq;
        await attempt('Refreshing the tree', async () => {
          const tree = await client.invoke('tree.get', {});
          // An answer older than one already shown is dropped; one that comes first is shown
          // even while a newer refresh runs (opening a project sends a tree-changed at once).
          if (mine < treeShown) return;
          treeShown = mine;
          set((s) => ({ tree, selectedIds: pruneSelection(s.selectedIds, tree) }));
          // A thumbnail is fetched again when the person's face changed (aged, undone): faceKey.
          const stale = tree.persons.filter((p) => !thumbFaces.has(p.id) || thumbFaces.get(p.id) !== p.faceKey);
          for (const p of stale) thumbFaces.set(p.id, p.faceKey);
          thumbLoader.refetch(stale.map((p) => p.id));
        });
      },

      prioritizeThumbs(ids) {
        thumbLoader.prioritize(ids);
      },

      runMenu(command) {
        switch (command) {
          case 'fit-view':
            return view?.fit();
          case 'zoom-in':
            return view?.zoomBy(1.25);
          case 'zoom-out':
            return view?.zoomBy(0.8);
          case 'undo':
            return void actions.undo();
          case 'redo':
            return void actions.redo();
          case 'project-new':
            set({ selectedIds: [] });
            return void attempt('Starting a new project', () => client.invoke('project.new', {}));
          case 'project-open':
            return set({ dialog: { kind: 'open' } });
          case 'project-save-as':
            return set({ dialog: { kind: 'save-as' } });
          case 'export':
            return set({ dialog: { kind: 'export', exportKind: 'generations' } });
          case 'pool':
            return set({ dialog: { kind: 'pool' } });
          case 'about':
            return set({ notice: 'Kinship Studio — kinship face synthesis after StyleGene (CVPR 2023).' });
          case 'add-pack':
            // The desktop app handles this natively; in the browser, packs are copied in and rescanned.
            return set({ notice: 'Copy the pack folder into the packs folder shown in the side panel, then press Rescan packs.' });
        }
      },

      attachView(v) {
        view = v;
      },

      select(id, additive) {
        set((s) => {
          if (!id) return { selectedIds: [] };
          if (additive) return { selectedIds: s.selectedIds.includes(id) ? s.selectedIds.filter((x) => x !== id) : [...s.selectedIds.slice(-1), id] };
          return { selectedIds: [id] };
        });
      },
      setSelection(ids) {
        set({ selectedIds: ids });
      },
      swapPair() {
        set((s) => (s.selectedIds.length === 2 ? { selectedIds: [s.selectedIds[1]!, s.selectedIds[0]!] } : s));
      },
      setDraft(draft) {
        set({ draft });
      },

      async addFounder(req) {
        set({ addingFounder: true });
        const p = await attempt('Adding a founder', () => client.invoke('founders.random', req));
        set({ addingFounder: false });
        if (p) set({ selectedIds: [p.id], notice: `Added ${p.name} (seed ${req.seed}).` });
      },
      moveCard(id, x, y) {
        void attempt('Moving a card', () => client.invoke('persons.update', { id, position: { x, y } }));
      },
      deletePerson(id) {
        void attempt('Deleting a person', () => client.invoke('persons.delete', { id }));
      },
      async undo() {
        await attempt('Undo', () => client.invoke('history.undo', {}));
      },
      async redo() {
        await attempt('Redo', () => client.invoke('history.redo', {}));
      },
      async activatePack(packId) {
        set({ notice: 'Loading model pack…' });
        const status = await attempt('Activating the model pack', () => client.invoke('packs.activate', { packId }));
        set(status ? { status, notice: null } : { notice: null });
        await actions.refreshPacks();
      },
      rescanPacks() {
        void attempt('Rescanning the model packs', async () => set({ packs: await client.invoke('packs.rescan', {}) }));
      },
      packInstalled(message) {
        set({ dialog: null, notice: message });
        void actions.refreshStatus();
      },

      async generate() {
        const { selectedIds, draft, tree } = get();
        const byId = new Map((tree?.persons ?? []).map((p) => [p.id, p]));
        const father = selectedIds.length === 2 ? byId.get(selectedIds[0]!) : undefined;
        const mother = selectedIds.length === 2 ? byId.get(selectedIds[1]!) : undefined;
        if (!father || !mother) return;
        const jobId = newJobId('breed');
        set({ breeding: { jobId, batch: null, error: null } });
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
          set({ lastBatchId: batch.id, breeding: { jobId, batch, error: null } });
        } catch (e) {
          if (errorCode(e) === 'cancelled') set({ breeding: null, notice: 'Breeding cancelled.' });
          // Shown in the candidates dialog, where the user is looking.
          else set({ breeding: { jobId, batch: null, error: e instanceof Error ? e.message : String(e) } });
        }
      },
      cancelBreeding() {
        const b = get().breeding;
        if (b) void attempt('Cancelling', () => client.invoke('jobs.cancel', { jobId: b.jobId }));
      },
      async keep(indices) {
        const batch = get().breeding?.batch;
        if (!batch) return;
        const kept = await attempt('Keeping the children', () => client.invoke('candidates.keep', { batchId: batch.id, indices }));
        if (!kept) return;
        set({
          notice: `Kept ${kept.length} ${kept.length === 1 ? 'child' : 'children'}.`,
          breeding: null,
          selectedIds: kept.map((p) => p.id).slice(0, 1),
        });
      },
      async discard() {
        const batch = get().breeding?.batch;
        if (batch) await attempt('Discarding the candidates', () => client.invoke('candidates.discard', { batchId: batch.id }));
        set({ breeding: null });
      },
      closeBreeding() {
        set({ breeding: null });
      },
      breedAgain(p) {
        const o = p.origin;
        if (o.kind !== 'child') return;
        const present = new Set((get().tree?.persons ?? []).map((x) => x.id));
        set((s) => ({
          draft: {
            ...s.draft,
            seed: o.seed,
            gamma: o.settings.gamma,
            eta: o.settings.eta,
            fusionLayer: o.settings.fusionLayer,
            temperature: o.settings.temperature,
            overrides: Object.fromEntries(Object.entries(o.settings.overrides).map(([k, v]) => [Number(k), v])),
            target: o.target,
            // A child bred without age control is remade without it (strength 0), so it comes out the same.
            ageStrength: o.settings.age?.strength ?? 0,
          },
          selectedIds: [o.fatherId, o.motherId].filter((id) => present.has(id)),
        }));
      },

      openDialog(dialog) {
        set({ dialog });
      },
      closeDialog() {
        set({ dialog: null });
      },
      founderAdded(id, message) {
        set({ selectedIds: [id], notice: message });
      },
      notify(message) {
        set({ notice: message });
      },
      fail,
      dismissError() {
        set({ error: null });
      },
    };

    return {
      connection: 'connecting',
      status: null,
      packs: [],
      tree: null,
      thumbs: {},
      jobs: {},
      selectedIds: [],
      draft: { ...DEFAULT_DRAFT, seed: opts.seed ?? randomSeed() },
      addingFounder: false,
      breeding: null,
      lastBatchId: null,
      dialog: null,
      notice: null,
      error: null,
      actions,
    };
  });
}
