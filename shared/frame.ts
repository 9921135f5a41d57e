// A dataset as engines see it: column-major, numbers as Float64Array (NaN = missing),
// text as string arrays (null = missing). Dates travel as ISO text, booleans as 0/1.
export type DataType = 'integer' | 'number' | 'date' | 'text' | 'boolean';

export interface NumericColumn {
  name: string;
  type: 'integer' | 'number' | 'boolean';
  values: Float64Array;
}
export interface TextColumn {
  name: string;
  type: 'text' | 'date';
  values: (string | null)[];
}
export type FrameColumn = NumericColumn | TextColumn;

export interface Frame {
  /** Dataset name in the project (used in messages). */
  name: string;
  rowCount: number;
  columns: FrameColumn[];
}

export function isNumericColumn(c: FrameColumn): c is NumericColumn {
  return c.values instanceof Float64Array;
}

export function findColumn(frame: Frame, name: string): FrameColumn | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** The value of a cell as text, for ids and messages. */
export function cellText(c: FrameColumn, row: number): string | null {
  const v = c.values[row];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  return v;
}
