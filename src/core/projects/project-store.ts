/**
 * The project store: one SQLite file per family tree (docs/ARCHITECTURE.md, "Storage").
 * The one object the service holds for an open project; the work is split by job:
 * - open-project.ts: the file's lifecycle, lock, transactions and prepared statements;
 * - tree-store.ts: persons and unions, with undo;
 * - candidate-store.ts: candidate batches, and keeping candidates as children.
 *
 * Every edit is one immediate transaction that also writes its undo record and the
 * modified time, so the file on disk is always the last committed state (autosave) and a
 * kill at any moment loses at most the edit in flight. The store emits nothing; the
 * service layer wraps it and announces changes.
 */
import { resolve } from 'node:path';
import type { z } from 'zod';
import { CandidateStore } from './candidate-store';
import type { HistoryState } from './history';
import { OpenProject, type CreateProjectOptions } from './open-project';
import { validateProjectFile } from './project-file';
import type {
  Attributes,
  AttributesSource,
  BatchStatus,
  BatchSummary,
  JsonValue,
  KeepPick,
  NewBatchInput,
  NewCandidateInput,
  NewPersonInput,
  PersonSummary,
  Position,
  ProjectMeta,
  ProjectOriginSchema,
  TreeSnapshot,
  UnionRecord,
} from './records';
import { TreeStore, type DeletePersonOptions, type PersonMove } from './tree-store';

export type { CreateProjectOptions, DeletePersonOptions, PersonMove };

export class ProjectStore {
  private readonly tree: TreeStore;
  private readonly candidates: CandidateStore;

  private constructor(private readonly file: OpenProject) {
    this.tree = new TreeStore(file);
    this.candidates = new CandidateStore(file, this.tree);
  }

  /** Creates a new, empty project; refuses an existing file unless `overwrite`. */
  static create(path: string, opts: CreateProjectOptions): ProjectStore {
    return new ProjectStore(OpenProject.create(path, opts));
  }

  /** Opens an existing project after validating it read-only (ProjectFileError if refused; the file is untouched then). */
  static open(path: string): ProjectStore {
    return new ProjectStore(OpenProject.open(path));
  }

  /** Checks a file without opening it for writing (e.g. before listing it as recent). */
  static check(path: string): void {
    validateProjectFile(resolve(path));
  }

  // ---- the file -------------------------------------------------------------------

  get path(): string {
    return this.file.path;
  }
  get isOpen(): boolean {
    return this.file.isOpen;
  }
  /** Closes the file; SQLite checkpoints the WAL so the project is one self-contained file again. */
  close(): void {
    this.file.close();
  }
  meta(): ProjectMeta {
    return this.file.meta();
  }
  setProjectName(name: string): void {
    this.file.setProjectName(name);
  }
  /** Writes a consistent copy to `dest` and continues on the copy; the original stays as it was. */
  saveAs(dest: string, opts: { overwrite?: boolean } = {}): void {
    this.file.saveAs(dest, opts);
  }

  // ---- the tree -------------------------------------------------------------------

  snapshot(): TreeSnapshot {
    return this.tree.snapshot();
  }
  getPerson(id: string): PersonSummary {
    return this.tree.getPerson(id);
  }
  hasPerson(id: string): boolean {
    return this.tree.hasPerson(id);
  }
  getImage(id: string): Buffer {
    return this.tree.getImage(id);
  }
  getThumbnail(id: string): Buffer | null {
    return this.tree.getThumbnail(id);
  }
  getLatent(id: string): Float32Array {
    return this.tree.getLatent(id);
  }
  getRegionReport(id: string): JsonValue | null {
    return this.tree.getRegionReport(id);
  }
  findUnion(fatherId: string, motherId: string): UnionRecord | null {
    return this.tree.findUnion(fatherId, motherId);
  }
  getUnion(id: string): UnionRecord {
    return this.tree.getUnion(id);
  }
  addPerson(input: NewPersonInput): PersonSummary {
    return this.tree.addPerson(input);
  }
  renamePerson(id: string, name: string): void {
    this.tree.renamePerson(id, name);
  }
  /** Moves one person on the canvas; null returns it to the automatic layout. */
  movePerson(id: string, position: Position | null): void {
    this.tree.movePersons([{ id, position }]);
  }
  movePersons(moves: readonly PersonMove[]): void {
    this.tree.movePersons(moves);
  }
  setAttributes(id: string, attributes: Attributes | null, source: AttributesSource = 'user'): void {
    this.tree.setAttributes(id, attributes, source);
  }
  replaceFace(id: string, input: { label: string; wplus: Float32Array; image: Uint8Array; thumbnail: Uint8Array; attributes?: Attributes | null; attributesSource?: AttributesSource; origin?: z.input<typeof ProjectOriginSchema> }): PersonSummary {
    return this.tree.replaceFace(id, input);
  }
  addUnion(fatherId: string, motherId: string): UnionRecord {
    return this.tree.addUnion(fatherId, motherId);
  }
  deletePerson(id: string, opts: DeletePersonOptions = {}): void {
    this.tree.deletePerson(id, opts);
  }

  // ---- candidate batches (not undoable: scratch space) ----------------------------

  createBatch(input: NewBatchInput): BatchSummary {
    return this.candidates.createBatch(input);
  }
  getBatch(id: string): BatchSummary {
    return this.candidates.getBatch(id);
  }
  listBatches(): BatchSummary[] {
    return this.candidates.listBatches();
  }
  addCandidate(batchId: string, c: NewCandidateInput): void {
    this.candidates.addCandidate(batchId, c);
  }
  setBatchStatus(batchId: string, status: BatchStatus): void {
    this.candidates.setBatchStatus(batchId, status);
  }
  getCandidateImage(batchId: string, index: number): Buffer {
    return this.candidates.getCandidateImage(batchId, index);
  }
  getCandidateThumbnail(batchId: string, index: number): Buffer | null {
    return this.candidates.getCandidateThumbnail(batchId, index);
  }
  getCandidateLatent(batchId: string, index: number): Float32Array {
    return this.candidates.getCandidateLatent(batchId, index);
  }
  getCandidateRegionReport(batchId: string, index: number): JsonValue {
    return this.candidates.getCandidateRegionReport(batchId, index);
  }
  keepCandidates(batchId: string, picks: readonly KeepPick[]): PersonSummary[] {
    return this.candidates.keepCandidates(batchId, picks);
  }
  discardBatch(batchId: string): void {
    this.candidates.discardBatch(batchId);
  }

  // ---- undo / redo ----------------------------------------------------------------

  /** Undoes the last tree edit; returns its label, or null when there is none. */
  undo(): string | null {
    return this.file.undoOrRedo('undo');
  }
  /** Redoes the last undone edit; returns its label, or null when there is none. */
  redo(): string | null {
    return this.file.undoOrRedo('redo');
  }
  canUndo(): boolean {
    return this.file.history.state().canUndo;
  }
  canRedo(): boolean {
    return this.file.history.state().canRedo;
  }
  historyState(): HistoryState {
    return this.file.history.state();
  }
}
