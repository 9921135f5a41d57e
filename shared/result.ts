// The Result format (DESIGN.md section 2): every number a user sees lives in a table;
// charts are built from tables only, so a chart and its exported table always agree.
import { z } from 'zod';

export const columnTypeSchema = z.enum(['number', 'integer', 'string']);
export type TableColumnType = z.infer<typeof columnTypeSchema>;

export const tableSchema = z.object({
  title: z.string(),
  columns: z.array(z.object({ name: z.string(), type: columnTypeSchema, label: z.string().optional() })),
  rows: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
});
export type Table = z.infer<typeof tableSchema>;
export type Cell = number | string | null;

export interface Result {
  kind: string;
  version: number;
  options: unknown;
  tables: Record<string, Table>;
  artifacts?: Record<string, Uint8Array>;
  warnings: string[];
  backend?: string;
  timings: Record<string, number>;
}

/**
 * A row of a table an engine reports while it runs (e.g. one epoch of the `training` table),
 * so the window can draw it live; the final Result holds the whole table.
 */
export interface PartialRow {
  table: string;
  columns: string[];
  row: Cell[];
}

/** The JSON-safe part of a Result (artifacts are stored as blobs beside it). */
export const resultSchema = z.object({
  kind: z.string(),
  version: z.number().int(),
  options: z.unknown(),
  tables: z.record(z.string(), tableSchema),
  warnings: z.array(z.string()),
  backend: z.string().optional(),
  timings: z.record(z.string(), z.number()),
});

/** Builds a table, checking that every row has one cell per column. */
export function makeTable(title: string, columns: Table['columns'], rows: Cell[][]): Table {
  for (let r = 0; r < rows.length; r++) {
    if (rows[r]!.length !== columns.length) {
      throw new Error(
        `table "${title}": row ${r + 1} has ${rows[r]!.length} cells for ${columns.length} columns`,
      );
    }
  }
  return { title, columns, rows };
}

/** Index of a column by name, or -1. */
export function columnIndex(table: Table, name: string): number {
  return table.columns.findIndex((c) => c.name === name);
}
