// Where imported rows go in the project database, and how an import stays atomic.
//   staging  rows stream into `import_<random hex>`, a chunk per short transaction, so the
//            event loop (and every other API call) runs between chunks;
//   publish  one transaction renames it to `ds_<n>` and adds the datasets and history rows;
//   failure  the staging table is dropped; a crash leaves one that dropStaleImports removes.
// Columns are c0..cN with no declared type, i.e. no type affinity: SQLite keeps each value as
// bound (integers, reals, text, NULL). A declared `ANY` would get NUMERIC affinity in an
// ordinary table and turn the text '007' into 7; INTEGER/TEXT affinities would undo the text
// restored into a column widened after the sample. better-sqlite3 binds every JS number as a
// REAL, so integer and boolean columns are bound through CAST(? AS INTEGER): they are stored
// as SQLite integers (typeof() = 'integer', varint-sized). Inserts are multi-row prepared
// statements, re-prepared when a column's type changes.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { inputError } from '../../shared/errors.ts';
import type { DatasetColumn } from '../project/schema.ts';
import type { DataType } from '../../shared/frame.ts';
import type { Stored } from './cells.ts';
import { INSERT_MAX_PARAMS, INSERT_MAX_ROWS } from './limits.ts';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function newStagingName(): string {
  return `import_${randomBytes(8).toString('hex')}`;
}

export function createStagingTable(db: Database.Database, table: string, width: number): void {
  const cols = Array.from({ length: width }, (_, i) => `c${i}`).join(', ');
  db.exec(`CREATE TABLE ${quoteIdent(table)} (${cols})`);
}

export function dropTable(db: Database.Database, table: string): void {
  db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
}

/** Drops the `import_%` tables an interrupted import left; returns their names. Call on open. */
export function dropStaleImports(db: Database.Database): string[] {
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import\\_%' ESCAPE '\\'`)
    .pluck()
    .all() as string[];
  if (names.length > 0) db.transaction(() => names.forEach((n) => dropTable(db, n)))();
  return names;
}

/** Appends rows to a staging table with multi-row INSERTs; one transaction per write() call. */
export class RowWriter {
  private readonly rowsPerStatement: number;
  private statements = new Map<number, Database.Statement>();
  private readonly insertMany: (chunks: { values: Stored[]; rows: number }[]) => void;
  private placeholders: string;

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly width: number,
    types: readonly DataType[],
  ) {
    this.placeholders = RowWriter.tuple(types);
    this.rowsPerStatement = Math.max(
      1,
      Math.min(INSERT_MAX_ROWS, Math.floor(INSERT_MAX_PARAMS / Math.max(1, width))),
    );
    this.insertMany = db.transaction((chunks: { values: Stored[]; rows: number }[]) => {
      for (const c of chunks) this.insert(c.values, c.rows);
    });
  }

  private static tuple(types: readonly DataType[]): string {
    return `(${types.map((t) => (t === 'integer' || t === 'boolean' ? 'CAST(? AS INTEGER)' : '?')).join(', ')})`;
  }

  /** The column types changed (a column widened): later rows are bound accordingly. */
  setTypes(types: readonly DataType[]): void {
    this.placeholders = RowWriter.tuple(types);
    this.statements = new Map();
  }

  private statement(rows: number): Database.Statement {
    let s = this.statements.get(rows);
    if (!s) {
      const cols = Array.from({ length: this.width }, (_, i) => `c${i}`).join(', ');
      const tuple = this.placeholders;
      const sql = `INSERT INTO ${quoteIdent(this.table)} (${cols}) VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`;
      s = this.db.prepare(sql);
      this.statements.set(rows, s);
    }
    return s;
  }

  private insert(values: Stored[], rows: number): void {
    const w = this.width;
    const per = this.rowsPerStatement;
    const full = this.statement(per);
    let r = 0;
    if (rows >= per) {
      const params = new Array<Stored>(per * w);
      for (; r + per <= rows; r += per) {
        const base = r * w;
        for (let k = 0; k < params.length; k++) params[k] = values[base + k]!;
        full.run(params);
      }
    }
    if (r < rows) {
      const rest = rows - r;
      this.statement(rest).run(values.slice(r * w, rows * w));
    }
  }

  /** Writes, in one transaction, chunks of rows whose values are laid out row after row. */
  write(chunks: { values: Stored[]; rows: number }[]): void {
    if (chunks.some((c) => c.rows > 0)) this.insertMany(chunks);
  }
}

/** Replaces the values of one column in given rows (rowid), in one transaction. */
export function updateColumn(
  db: Database.Database,
  table: string,
  sqlName: string,
  updates: { rowid: number; value: Stored }[],
): void {
  if (updates.length === 0) return;
  const stmt = db.prepare(`UPDATE ${quoteIdent(table)} SET ${sqlName} = ? WHERE rowid = ?`);
  db.transaction(() => {
    for (const u of updates) stmt.run(u.value, u.rowid);
  })();
}

export interface Publication {
  name: string;
  file: string;
  rowCount: number;
  columns: DatasetColumn[];
}

/**
 * In one transaction: renames the staging table to ds_<n>, records the dataset and the history
 * line. Throws (and changes nothing) when the name is taken meanwhile.
 */
export function publishDataset(
  db: Database.Database,
  staging: string,
  p: Publication,
): { id: number; tableName: string } {
  return db.transaction(() => {
    assertNameFree(db, p.name);
    const id = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM datasets').pluck().get() as number) ?? 1;
    const exists = db.prepare(
      `SELECT 1 FROM sqlite_master WHERE name = ? UNION ALL SELECT 1 FROM datasets WHERE table_name = ?`,
    );
    let n = id;
    while (exists.get(`ds_${n}`, `ds_${n}`) !== undefined) n++;
    const tableName = `ds_${n}`;
    db.exec(`ALTER TABLE ${quoteIdent(staging)} RENAME TO ${quoteIdent(tableName)}`);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO datasets (id, name, table_name, source, row_count, columns, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, p.name, tableName, p.file, p.rowCount, JSON.stringify(p.columns), now);
    db.prepare(`INSERT INTO history (at, action, detail) VALUES (?, 'import', ?)`).run(
      now,
      JSON.stringify({ dataset: p.name, file: p.file, rows: p.rowCount }),
    );
    return { id, tableName };
  })();
}

export function assertNameFree(db: Database.Database, name: string): void {
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined)
    throw inputError({ option: 'name' }, `a dataset named '${name}' already exists in this project`);
}
