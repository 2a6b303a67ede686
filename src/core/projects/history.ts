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
import type { Statement } from 'better-sqlite3';

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

/** History's fixed statements, prepared once with the History (one per open database). */
function prepareHistory(db: Db) {
  return {
    dropUndone: db.prepare("DELETE FROM history WHERE state = 'undone'"),
    insertEntry: db.prepare<[string, number]>("INSERT INTO history (label, state, created_at) VALUES (?, 'done', ?)"),
    insertRow: db.prepare<[number, number, string, string, Buffer | null]>('INSERT INTO history_rows (entry_seq, ord, tbl, key, image) VALUES (?, ?, ?, ?, ?)'),
    deleteEntry: db.prepare<[number]>('DELETE FROM history WHERE seq = ?'),
    relabel: db.prepare<[string, number]>('UPDATE history SET label = ? WHERE seq = ?'),
    entryRows: db.prepare<[number], HistoryRow>('SELECT ord, tbl, key, image FROM history_rows WHERE entry_seq = ?'),
    prune: db.prepare<[number]>(
      `DELETE FROM history WHERE state = 'done' AND seq NOT IN
         (SELECT seq FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT ?)`,
    ),
    rows: {
      asc: db.prepare<[number], HistoryRow>('SELECT ord, tbl, key, image FROM history_rows WHERE entry_seq = ? ORDER BY ord ASC'),
      desc: db.prepare<[number], HistoryRow>('SELECT ord, tbl, key, image FROM history_rows WHERE entry_seq = ? ORDER BY ord DESC'),
    },
    updateRow: db.prepare<[Buffer | null, number, number]>('UPDATE history_rows SET image = ? WHERE entry_seq = ? AND ord = ?'),
    lastDone: db.prepare<[], Entry>("SELECT seq, label FROM history WHERE state = 'done' ORDER BY seq DESC LIMIT 1"),
    firstUndone: db.prepare<[], Entry>("SELECT seq, label FROM history WHERE state = 'undone' ORDER BY seq ASC LIMIT 1"),
    setState: db.prepare<[string, number]>('UPDATE history SET state = ? WHERE seq = ?'),
    read: Object.fromEntries(TRACKED_TABLES.map((t) => [t, db.prepare<[string], Row>(`SELECT * FROM ${t} WHERE id = ?`)])) as Record<TrackedTable, Statement<[string], Row>>,
    remove: Object.fromEntries(TRACKED_TABLES.map((t) => [t, db.prepare<[string]>(`DELETE FROM ${t} WHERE id = ?`)])) as Record<TrackedTable, Statement<[string]>>,
  };
}

type HistoryRow = { ord: number; tbl: string; key: string; image: Buffer | null };
type Entry = { seq: number; label: string };

export class History {
  private readonly columns: Record<TrackedTable, Set<string>>;
  private readonly sql: ReturnType<typeof prepareHistory>;
  /** Row inserts by table and column list (rows of one table share one or two lists). */
  private readonly inserts = new Map<string, Statement<SqlValue[]>>();

  constructor(private readonly db: Db) {
    this.columns = {
      persons: this.tableColumns('persons'),
      unions: this.tableColumns('unions'),
    };
    this.sql = prepareHistory(db);
  }

  private tableColumns(table: TrackedTable): Set<string> {
    return new Set((this.db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name));
  }

  /**
   * Must run inside the edit's transaction. Returns the edit's result.
   *
   * `join`: when the newest entry did nothing but create that row (a union made when
   * breeding started), this edit joins that entry under the new label, so one undo
   * removes the first children and their parents' link together (docs/ARCHITECTURE.md,
   * "Storage": no undo step without a visible change).
   */
  record<T>(label: string, edit: (rec: Recorder) => T, opts: { join?: { table: TrackedTable; key: string } } = {}): T {
    const sql = this.sql;
    sql.dropUndone.run();
    const seen = new Set<string>();
    let ord = 0;
    let entry = opts.join ? this.creationEntry(opts.join.table, opts.join.key) : null;
    if (entry !== null) {
      sql.relabel.run(label, entry);
      seen.add(`${opts.join!.table}\u0000${opts.join!.key}`);
      ord = 1;
    } else {
      entry = Number(sql.insertEntry.run(label, Date.now()).lastInsertRowid);
    }
    const result = edit({
      touch: (table, key) => {
        const id = `${table}\u0000${key}`;
        // The first capture is the state before the edit; later ones add nothing.
        if (seen.has(id)) return;
        seen.add(id);
        const live = this.readRow(table, key);
        sql.insertRow.run(entry, ord++, table, key, live === undefined ? null : encodeRow(live));
      },
    });
    if (ord === 0) sql.deleteEntry.run(entry);
    sql.prune.run(MAX_HISTORY);
    return result;
  }

  /** The newest done entry, if its only row is `key` of `table`, absent before it. */
  private creationEntry(table: TrackedTable, key: string): number | null {
    const top = this.sql.lastDone.get();
    if (!top) return null;
    const rows = this.sql.entryRows.all(top.seq);
    const only = rows.length === 1 ? rows[0]! : null;
    return only && only.tbl === table && only.key === key && only.image === null ? top.seq : null;
  }

  private readRow(table: TrackedTable, key: string): Row | undefined {
    return this.sql.read[table].get(key);
  }

  private writeRow(table: TrackedTable, key: string, row: Row | null): void {
    this.sql.remove[table].run(key);
    if (row === null) return;
    const cols = Object.keys(row);
    for (const c of cols) {
      // Column names come from our own file, but never splice unchecked text into SQL.
      if (!this.columns[table].has(c)) throw new Error(`undo history names unknown column ${table}.${c}`);
    }
    const shape = `${table}(${cols.join(',')})`;
    let insert = this.inserts.get(shape);
    if (!insert) {
      insert = this.db.prepare<SqlValue[]>(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      this.inserts.set(shape, insert);
    }
    insert.run(...cols.map((c) => row[c] as SqlValue));
  }

  private swapEntry(entry: number, reverse: boolean): void {
    const rows = (reverse ? this.sql.rows.desc : this.sql.rows.asc).all(entry);
    // Rows of one entry reference each other (child → union → person); check at commit.
    this.db.pragma('defer_foreign_keys = ON');
    for (const r of rows) {
      if (!(TRACKED_TABLES as readonly string[]).includes(r.tbl)) throw new Error(`undo history names unknown table ${r.tbl}`);
      const table = r.tbl as TrackedTable;
      const live = this.readRow(table, r.key);
      this.writeRow(table, r.key, r.image === null ? null : decodeRow(r.image));
      this.sql.updateRow.run(live === undefined ? null : encodeRow(live), entry, r.ord);
    }
  }

  /** Inside a transaction. Returns the undone entry's label, or null if nothing to undo. */
  undo(): string | null {
    const top = this.sql.lastDone.get();
    if (!top) return null;
    this.swapEntry(top.seq, true);
    this.sql.setState.run('undone', top.seq);
    return top.label;
  }

  /** Inside a transaction. Returns the redone entry's label, or null if nothing to redo. */
  redo(): string | null {
    const next = this.sql.firstUndone.get();
    if (!next) return null;
    this.swapEntry(next.seq, false);
    this.sql.setState.run('done', next.seq);
    return next.label;
  }

  state(): HistoryState {
    const u = this.sql.lastDone.get();
    const r = this.sql.firstUndone.get();
    return { canUndo: u !== undefined, canRedo: r !== undefined, undoLabel: u?.label ?? null, redoLabel: r?.label ?? null };
  }
}
