// Reading datasets back out of the project: the list, pages of rows for the grid,
// per-column summaries, and whole columns as a Frame for the engines.
import type Database from 'better-sqlite3';
import type { DatasetColumn } from './schema.ts';
import type { Frame, FrameColumn } from '../../shared/frame.ts';
import { InputError } from '../../shared/errors.ts';
import { NumericColumnBuilder } from '../../shared/numeric-column-builder.ts';
import { recordHistory } from './history.ts';

export interface DatasetRecord {
  id: number;
  name: string;
  tableName: string;
  source: string | null;
  rowCount: number;
  columns: DatasetColumn[];
  createdAt: string;
}

interface DatasetRow {
  id: number;
  name: string;
  table_name: string;
  source: string | null;
  row_count: number;
  columns: string;
  created_at: string;
}

function toRecord(r: DatasetRow): DatasetRecord {
  return {
    id: r.id,
    name: r.name,
    tableName: r.table_name,
    source: r.source,
    rowCount: r.row_count,
    columns: JSON.parse(r.columns) as DatasetColumn[],
    createdAt: r.created_at,
  };
}

export function listDatasets(db: Database.Database): DatasetRecord[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[]).map(toRecord);
}

export function findDataset(db: Database.Database, name: string): DatasetRecord | undefined {
  const row = db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetRow | undefined;
  return row ? toRecord(row) : undefined;
}

export function getDataset(db: Database.Database, name: string): DatasetRecord {
  const found = findDataset(db, name);
  if (!found) throw new InputError(`no dataset named "${name}" in this project`);
  return found;
}

/** A name not yet used by a dataset: `base`, `base (2)`, `base (3)`, ... */
export function uniqueDatasetName(db: Database.Database, base: string): string {
  let name = base;
  for (let i = 2; findDataset(db, name); i++) name = `${base} (${i})`;
  return name;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Rows [offset, offset + limit) in file order, as display values (null = missing). */
export function readRows(
  db: Database.Database,
  name: string,
  offset: number,
  limit: number,
): (string | number | null)[][] {
  const ds = getDataset(db, name);
  const cols = ds.columns.map((c) => quoteIdent(c.sqlName)).join(', ');
  const stmt = db.prepare(`SELECT ${cols} FROM ${quoteIdent(ds.tableName)} ORDER BY rowid LIMIT ? OFFSET ?`);
  return stmt.raw(true).all(limit, offset) as (string | number | null)[][];
}

/**
 * The named columns (all when omitted) as a Frame: numbers in the narrowest typed array that
 * holds them (shared/frame.ts; Float64Array with NaN = missing), text and dates as strings. One pass per column keeps peak memory at one column of values.
 */
export function loadFrame(db: Database.Database, name: string, columnNames?: readonly string[]): Frame {
  const ds = getDataset(db, name);
  const wanted = columnNames
    ? columnNames.map((c) => {
        const col = ds.columns.find((d) => d.name === c);
        if (!col) throw new InputError(`dataset "${name}": no column named "${c}"`, { column: c });
        return col;
      })
    : ds.columns;
  const columns: FrameColumn[] = wanted.map((col) => {
    const stmt = db.prepare(
      `SELECT ${quoteIdent(col.sqlName)} FROM ${quoteIdent(ds.tableName)} ORDER BY rowid`,
    );
    stmt.raw(true);
    if (col.type === 'integer' || col.type === 'number' || col.type === 'boolean') {
      const builder = new NumericColumnBuilder(ds.rowCount);
      let i = 0;
      for (const row of stmt.iterate() as Iterable<[number | null]>) {
        const v = row[0];
        builder.set(i++, v === null ? NaN : Number(v));
      }
      return { name: col.name, type: col.type, values: builder.finish() };
    }
    const values: (string | null)[] = new Array<string | null>(ds.rowCount);
    let i = 0;
    for (const row of stmt.iterate() as Iterable<[string | number | null]>) {
      const v = row[0];
      values[i++] = v === null ? null : String(v);
    }
    return { name: col.name, type: col.type, values };
  });
  return { name: ds.name, rowCount: ds.rowCount, columns };
}

export interface ColumnSummary {
  name: string;
  type: DatasetColumn['type'];
  missing: number;
  distinct: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Counts in 20 equal-width bins between min and max (numeric columns only). */
  histogram: number[] | null;
}

/** Per-column summary computed in SQLite (one aggregate query per column plus a histogram). */
export function summarizeDataset(db: Database.Database, name: string): ColumnSummary[] {
  const ds = getDataset(db, name);
  const table = quoteIdent(ds.tableName);
  return ds.columns.map((col) => {
    const c = quoteIdent(col.sqlName);
    const numeric = col.type === 'integer' || col.type === 'number' || col.type === 'boolean';
    const agg = db
      .prepare(
        `SELECT COUNT(*) - COUNT(${c}) AS missing, COUNT(DISTINCT ${c}) AS distinct_count,
                MIN(${c}) AS min, MAX(${c}) AS max, ${numeric ? `AVG(${c})` : 'NULL'} AS mean FROM ${table}`,
      )
      .get() as {
      missing: number;
      distinct_count: number;
      min: number | string | null;
      max: number | string | null;
      mean: number | null;
    };
    let histogram: number[] | null = null;
    if (numeric && typeof agg.min === 'number' && typeof agg.max === 'number') {
      const bins = 20;
      histogram = new Array<number>(bins).fill(0);
      const width = (agg.max - agg.min) / bins;
      const rows = db
        .prepare(
          width > 0
            ? `SELECT MIN(CAST((${c} - ?) / ? AS INTEGER), ${bins - 1}) AS bin, COUNT(*) AS n FROM ${table} WHERE ${c} IS NOT NULL GROUP BY bin`
            : `SELECT 0 AS bin, COUNT(*) AS n FROM ${table} WHERE ${c} IS NOT NULL AND ? IS NOT NULL AND ? IS NOT NULL`,
        )
        .all(agg.min, width > 0 ? width : 1) as { bin: number; n: number }[];
      for (const r of rows) histogram[r.bin] = r.n;
    }
    return {
      name: col.name,
      type: col.type,
      missing: agg.missing,
      distinct: agg.distinct_count,
      min: agg.min,
      max: agg.max,
      mean: agg.mean,
      histogram,
    };
  });
}

export function renameDataset(db: Database.Database, from: string, to: string): void {
  getDataset(db, from);
  if (findDataset(db, to)) throw new InputError(`a dataset named "${to}" already exists`);
  db.transaction(() => {
    db.prepare('UPDATE datasets SET name = ? WHERE name = ?').run(to, from);
    recordHistory(db, 'rename_dataset', { from, to });
  })();
}

export function deleteDataset(db: Database.Database, name: string): void {
  const ds = getDataset(db, name);
  db.transaction(() => {
    db.exec(`DROP TABLE ${quoteIdent(ds.tableName)}`);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(ds.id);
    recordHistory(db, 'delete_dataset', { name });
  })();
}
