// A dataset as engines see it: column-major, numbers in a typed array, text as string arrays
// (null = missing). Dates travel as ISO text, booleans as 0/1.
// Numbers are stored in the narrowest array that holds every value of the column exactly:
// Uint8Array when all are integers 0..255 (flags, counts), Int32Array when all are 32-bit
// integers (ids, day numbers), else Float64Array, the only one with NaN = missing. An event
// table of 28 million rows with an id, a day, six flags and a gap takes 0.5 GB instead of 2 GB.
// Engines only read values, so the array kind never changes a result.
export type DataType = 'integer' | 'number' | 'date' | 'text' | 'boolean';

export interface NumericColumn {
  name: string;
  type: 'integer' | 'number' | 'boolean';
  values: NumericValues;
}
/** Column values as stored (see the header); read them as numbers, never write to them. */
export type NumericValues = Float64Array | Int32Array | Uint8Array;
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
  return !Array.isArray(c.values);
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
