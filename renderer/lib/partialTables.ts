// Rows of a table an engine reports while it runs (job.progress `partial`, e.g. one epoch of
// rnn's `training` table), gathered per job so the run panel can draw them as they arrive.
// Pure: each call returns new objects (the page's state replaces, never mutates, them).
import type { Cell, PartialRow, Table } from '../../shared/result.ts';

export interface PartialTable {
  columns: string[];
  rows: Cell[][];
}

/** A job never keeps more rows than this per table (an engine reporting without end). */
export const maxPartialRows = 5000;

/**
 * The tables with one more row. A row whose columns differ from the table's so far starts the
 * table again (the engine began another pass); the oldest rows go beyond `maxRows`.
 */
export function addPartialRow(
  tables: Readonly<Record<string, PartialTable>> | undefined,
  partial: PartialRow,
  maxRows = maxPartialRows,
): Record<string, PartialTable> {
  const current = tables?.[partial.table];
  const same =
    current !== undefined &&
    current.columns.length === partial.columns.length &&
    current.columns.every((c, i) => c === partial.columns[i]);
  const rows = same ? [...current.rows, [...partial.row]] : [[...partial.row]];
  return {
    ...tables,
    [partial.table]: { columns: [...partial.columns], rows: rows.slice(Math.max(0, rows.length - maxRows)) },
  };
}

/**
 * A partial table as a Result table, for chart builders and the generic view: a column is
 * `integer` when every value is a whole number, `number` when every value is a number, else
 * `string` (missing cells do not count).
 */
export function partialAsTable(title: string, partial: PartialTable): Table {
  const columns = partial.columns.map((name, c) => {
    const cells = partial.rows.map((row) => row[c] ?? null).filter((cell) => cell !== null);
    const numeric = cells.every((cell) => typeof cell === 'number');
    const type: Table['columns'][number]['type'] = !numeric
      ? 'string'
      : cells.every((cell) => Number.isInteger(cell))
        ? 'integer'
        : 'number';
    return { name, type };
  });
  return {
    title,
    columns,
    rows: partial.rows.map((row) => partial.columns.map((_, c) => row[c] ?? null)),
  };
}
