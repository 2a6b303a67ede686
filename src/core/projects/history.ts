/**
 * Undo/redo for tree edits, stored in the project file itself (it survives reopening
 * and Save As, and is written in the same transaction as the edit it undoes, so a
 * crash can never leave an edit without its undo record or the reverse).
 *
 * Design: an entry lists the rows an edit touched (table + key, in the order touched)
 * and, for each, a row image of the *other* state: before the edit while the entry is
 * done, after it while it is undone (null = row absent). Undo walks the rows in reverse
 * and swaps stored image and live row; redo does the same swap forwards. Because the
 * live row is captured at the moment of the swap, undo restores exactly the bytes that
 * were there, including seq (rowid) and BLOBs, and only one copy of each row exists.
 * Entries are linear: done entries precede undone ones; a new edit drops undone ones.
 */
import { decodeRow, encodeRow, type Row, type SqlValue } from './row-codec';
import type { Db } from './project-file';

export const TRACKED_TABLES = ['persons', 'unions'] as const;
export type TrackedTable = (typeof TRACKED_TABLES)[number];

/** Oldest entries beyond this are forgotten (their row images can be large). */
export const MAX_HISTORY = 200;

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
}

/** Handed to an edit: call `touch` before inserting, changing or deleting a row. */
export interface Recorder {
  touch(table: TrackedTable, key: string): void;
}

export class History {
  private readonly columns: Record<TrackedTable, Set<string>>;

  constructor(private readonly db: Db) {
    this.columns = {
      persons: this.tableColumns('persons'),
      unions: this.tableColumns('unions'),
    };
  }

  private tableColumns(table: TrackedTable): Set<string> {
    return new Set((this.db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name));
  }

  /** Must run inside the edit's transaction. Returns the edit's result. */
  record<T>(label: string, edit: (rec: Recorder) => T): T {
    const db = this.db;
    db.prepare("DELETE FROM history WHERE state = 'undone'").run();
    const entry = Number(db.prepare("INSERT INTO history (label, state, created_at) VALUES (?, 'done', ?)").run(label, Date.now()).lastInsertRowid);
    const seen = new Set<string>();
    let ord = 0;
    const insertRow = db.prepare('INSERT INTO history_rows (entry_seq, ord, tbl, key, image) VALUES (?, ?, ?, ?, ?)');
    const result = edit({
      touch: (table, key) => {
        const id = `${table}\u0000${key}`;
        // The first capture is the state before the edit; later ones add nothing.
        if (seen.has(id)) return;
        seen.add(id);
        const live = this.readRow(table, key);
        insertRow.run(entry, ord++, table, key, live === undefined ? null : encodeRow(live));
      },
    });
    if (ord === 0) db.prepare('DELETE FROM history WHERE seq = ?').run(entry);
    this.prune();
    return result;
  }

  private prune(): void {
    this.db
      .prepare(
        `DELETE FROM history WHERE state = 'done' AND seq NOT IN
           (SELECT seq FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT ?)`,
      )
      .run(MAX_HISTORY);
  }

  private readRow(table: TrackedTable, key: string): Row | undefined {
    return this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(key) as Row | undefined;
  }

  private writeRow(table: TrackedTable, key: string, row: Row | null): void {
    this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(key);
    if (row === null) return;
    const cols = Object.keys(row);
    for (const c of cols) {
      // Column names come from our own file, but never splice unchecked text into SQL.
      if (!this.columns[table].has(c)) throw new Error(`undo history names unknown column ${table}.${c}`);
    }
    const values: SqlValue[] = cols.map((c) => row[c] as SqlValue);
    this.db.prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
  }

  private swapEntry(entry: number, reverse: boolean): void {
    const rows = this.db
      .prepare(`SELECT ord, tbl, key, image FROM history_rows WHERE entry_seq = ? ORDER BY ord ${reverse ? 'DESC' : 'ASC'}`)
      .all(entry) as Array<{ ord: number; tbl: string; key: string; image: Buffer | null }>;
    const update = this.db.prepare('UPDATE history_rows SET image = ? WHERE entry_seq = ? AND ord = ?');
    // Rows of one entry reference each other (child → union → person); check at commit.
    this.db.pragma('defer_foreign_keys = ON');
    for (const r of rows) {
      if (!(TRACKED_TABLES as readonly string[]).includes(r.tbl)) throw new Error(`undo history names unknown table ${r.tbl}`);
      const table = r.tbl as TrackedTable;
      const live = this.readRow(table, r.key);
      this.writeRow(table, r.key, r.image === null ? null : decodeRow(r.image));
      update.run(live === undefined ? null : encodeRow(live), entry, r.ord);
    }
  }

  /** Inside a transaction. Returns the undone entry's label, or null if nothing to undo. */
  undo(): string | null {
    const top = this.db.prepare("SELECT seq, label FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT 1").get() as { seq: number; label: string } | undefined;
    if (!top) return null;
    this.swapEntry(top.seq, true);
    this.db.prepare("UPDATE history SET state = 'undone' WHERE seq = ?").run(top.seq);
    return top.label;
  }

  /** Inside a transaction. Returns the redone entry's label, or null if nothing to redo. */
  redo(): string | null {
    const next = this.db.prepare("SELECT seq, label FROM history WHERE state = 'undone' ORDER BY seq ASC LIMIT 1").get() as { seq: number; label: string } | undefined;
    if (!next) return null;
    this.swapEntry(next.seq, false);
    this.db.prepare("UPDATE history SET state = 'done' WHERE seq = ?").run(next.seq);
    return next.label;
  }

  state(): HistoryState {
    const u = this.db.prepare("SELECT label FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT 1").get() as { label: string } | undefined;
    const r = this.db.prepare("SELECT label FROM history WHERE state = 'undone' ORDER BY seq ASC LIMIT 1").get() as { label: string } | undefined;
    return { canUndo: u !== undefined, canRedo: r !== undefined, undoLabel: u?.label ?? null, redoLabel: r?.label ?? null };
  }
}
