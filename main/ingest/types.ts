// The public shapes of main/ingest: what the caller passes in and gets back. Kept apart from
// the code so main/project, main/api.ts and the CLI can import types without the readers.
import type { DataType } from '../../shared/frame.ts';
import type { DatasetColumn } from '../project/schema.ts';
import type { TextEncodingName } from './sniff.ts';

export type { DataType, DatasetColumn, TextEncodingName };

export type FileFormat = 'csv' | 'tsv' | 'xlsx';

export interface ReadOptions {
  /** One character; detected from the file's first 64 KB when absent. */
  delimiter?: string;
  /** Detected when absent: UTF-8 if the first 64 KB are valid UTF-8, else Latin-1 (Windows-1252). */
  encoding?: TextEncodingName;
  /** XLSX: the sheet to read; the workbook's first sheet when absent. */
  sheet?: string;
}

export interface ImportOptions extends ReadOptions {
  /** Dataset name in the project (unique; the caller checks, the import checks again). */
  name: string;
  /** The analyst's type per column name (the name after repeats are numbered: MOE_2). */
  overrides?: Record<string, DataType>;
}

export interface ColumnPreview {
  name: string;
  type: DataType;
  /** Missing values among the sampled rows. */
  missing: number;
  /** Up to five distinct non-missing values as they appear in the file. */
  examples: string[];
}

export interface Preview {
  file: string;
  format: FileFormat;
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  columns: ColumnPreview[];
  /** The first rows (100 unless asked), as text; null where the value is missing. */
  rows: (string | null)[][];
  /** Rows the types were inferred from. */
  sampledRows: number;
  warnings: string[];
}

export interface PreviewOptions extends ReadOptions {
  rows?: number;
}

export interface ImportProgress {
  /** Share of the file read, 0..1. */
  fraction: number;
  rows: number;
  bytes: number;
}

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface DatasetInfo {
  id: number;
  name: string;
  tableName: string;
  rowCount: number;
  columns: DatasetColumn[];
  /** The file's base name. */
  source: string;
  warnings: string[];
}
