// One way to read any supported file: open it, get its header and then its data rows in
// batches, whatever the format. The preview, the import and the import's second look at
// widened columns all read through this, so they see the same rows with the same line numbers.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { inputError } from '../../shared/errors.ts';
import { type Cell, cellToText } from './cells.ts';
import { readCsvRecords } from './csvRecords.ts';
import type { DecodeState } from './decoder.ts';
import { sniffText } from './sniff.ts';
import type { FileFormat, ReadOptions } from './types.ts';
import { readXlsxRows, type XlsxMeta } from './xlsxRows.ts';

export interface RowBatch {
  rows: Cell[][];
  /** File line (CSV) or sheet row (XLSX) of each row. */
  lines: number[];
  bytesRead: number;
}

export interface RowSource {
  path: string;
  /** The file's base name, as messages and the datasets table show it. */
  file: string;
  /** What messages start with: the file, plus the sheet for a workbook of several sheets. */
  label: string;
  format: FileFormat;
  size: number;
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  sheet?: string;
  /** Grows while reading (an encoding switch); read it at the end. */
  warnings: string[];
  header: (string | null)[];
  headerLine: number;
  /** Data rows after the header. Iterate once. */
  rows: AsyncIterator<RowBatch>;
  close(): Promise<void>;
}

export interface SourceOptions extends ReadOptions {
  /** CSV: false sends every record through csv-parse (for tests). */
  fastPath?: boolean;
}

export function formatOf(path: string): FileFormat {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls')
    throw inputError({ file }, 'an old Excel .xls file; save it as .xlsx (or CSV) and import that');
  throw inputError(
    { file },
    `unsupported file type '${ext || '(none)'}'; expected .csv, .tsv, .txt or .xlsx`,
  );
}

/** Pulls batches until the first row (the header) appears; the rest of that batch stays. */
async function splitHeader(
  it: AsyncIterator<RowBatch>,
): Promise<{ header: Cell[] | null; line: number; first: RowBatch | null }> {
  for (;;) {
    const r = await it.next();
    if (r.done) return { header: null, line: 0, first: null };
    const b = r.value;
    if (b.rows.length === 0) continue;
    return {
      header: b.rows[0]!,
      line: b.lines[0]!,
      first: { rows: b.rows.slice(1), lines: b.lines.slice(1), bytesRead: b.bytesRead },
    };
  }
}

async function* prepend(first: RowBatch | null, rest: AsyncIterator<RowBatch>): AsyncGenerator<RowBatch> {
  if (first && first.rows.length > 0) yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

async function* csvBatches(
  gen: AsyncGenerator<{ records: string[][]; lines: number[]; bytesRead: number }>,
): AsyncGenerator<RowBatch> {
  for await (const b of gen) yield { rows: b.records as Cell[][], lines: b.lines, bytesRead: b.bytesRead };
}

export async function openSource(path: string, options: SourceOptions = {}): Promise<RowSource> {
  const file = basename(path);
  const format = formatOf(path);
  if (format === 'xlsx') {
    const meta: XlsxMeta = { sheets: [], sheet: '' };
    const gen = readXlsxRows(path, file, options.sheet, meta);
    const { header, line, first } = await splitHeader(gen);
    if (header === null) {
      await gen.return(undefined);
      throw inputError({ file }, meta.sheet ? `sheet ${meta.sheet} is empty` : 'the workbook is empty');
    }
    const label = meta.sheets.length > 1 ? `${file}, sheet ${meta.sheet}` : file;
    const { size } = await stat(path);
    const rows = prepend(first, gen);
    return {
      path,
      file,
      label,
      format,
      size,
      sheets: meta.sheets,
      sheet: meta.sheet,
      warnings: [],
      header: header.map((h) => cellToText(h)),
      headerLine: line,
      rows,
      close: async () => {
        await rows.return(undefined);
        await gen.return(undefined);
      },
    };
  }
  const sniffed = await sniffText(path, file, format === 'tsv' ? '\t' : ',', options);
  const state: DecodeState = { encoding: sniffed.encoding, warnings: [...sniffed.warnings] };
  const gen = readCsvRecords(path, file, sniffed, state, {
    fastPath: options.fastPath,
    forcedEncoding: options.encoding !== undefined,
  });
  const batches = csvBatches(gen);
  const { header, line, first } = await splitHeader(batches);
  if (header === null) {
    await gen.return(undefined);
    throw inputError({ file }, 'the file is empty');
  }
  const rows = prepend(first, batches);
  return {
    path,
    file,
    label: file,
    format,
    size: sniffed.size,
    get encoding() {
      return state.encoding;
    },
    delimiter: sniffed.delimiter,
    warnings: state.warnings,
    header: header as string[],
    headerLine: line,
    rows,
    close: async () => {
      await rows.return(undefined);
      await batches.return(undefined);
      await gen.return(undefined);
    },
  };
}
