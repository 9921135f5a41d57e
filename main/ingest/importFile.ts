// importFile: a CSV/TSV/XLSX file into a new dataset of the project, streamed, typed, atomic.
//   1. open the file, read the header, name the columns (MOE, MOE_2, ...);
//   2. read a sample (10,000 rows or 4 MB) and infer each column's type; overrides win;
//   3. write every row, a read chunk per transaction, into a staging table. A value that does
//      not fit an inferred type widens the column (integer -> number -> text, date/boolean ->
//      text) with a warning; one that does not fit the analyst's override is an InputError;
//   4. columns widened to text after some rows were stored as numbers, dates or booleans get
//      those rows' original text back (a second read of the file, up to the widening row);
//   5. publish: rename to ds_<n>, datasets row, history row, in one transaction.
// Any error or a cancel (AbortSignal) drops the staging table: the project is as it was.
// Memory: one read chunk of rows plus the sample; time: linear in the file.
import type Database from 'better-sqlite3';
import { CancelledError, inputError } from '../../shared/errors.ts';
import type { DataType } from '../../shared/frame.ts';
import type { DatasetColumn } from '../project/schema.ts';
import {
  type Cell,
  type Parsed,
  type Stored,
  NOT_A,
  cellToText,
  classifyCell,
  convertCell,
  describeType,
  isMissingText,
  parseBooleanText,
  parseDateText,
  parseIntegerText,
  parseNumberText,
  widen,
} from './cells.ts';
import { uniqueNames } from './header.ts';
import { TypeInference } from './infer.ts';
import { SAMPLE_BYTES, SAMPLE_ROWS, WRITE_CHUNK_BYTES, WRITE_CHUNK_ROWS } from './limits.ts';
import { type RowBatch, type RowSource, type SourceOptions, openSource } from './source.ts';
import {
  RowWriter,
  assertNameFree,
  createStagingTable,
  dropTable,
  newStagingName,
  publishDataset,
  updateColumn,
} from './store.ts';
import type { DatasetInfo, ImportHooks, ImportOptions } from './types.ts';

const DATA_TYPES: readonly DataType[] = ['integer', 'number', 'date', 'boolean', 'text'];

type Converter = (c: Exclude<Cell, null>) => Parsed<Stored>;

/** Fast converters for string cells (CSV), falling back to convertCell for XLSX values. */
function converterFor(type: DataType, override: boolean): Converter {
  if (override && type !== 'text') return (c) => convertCell(c, type, true);
  switch (type) {
    case 'integer':
      return (c) => (typeof c === 'string' ? parseIntegerText(c) : convertCell(c, type));
    case 'number':
      return (c) => (typeof c === 'string' ? parseNumberText(c) : convertCell(c, type));
    case 'date':
      return (c) => (typeof c === 'string' ? parseDateText(c) : convertCell(c, type));
    case 'boolean':
      return (c) => (typeof c === 'string' ? parseBooleanText(c) : convertCell(c, type));
    case 'text':
      return (c) => (typeof c === 'string' ? c : cellToText(c));
  }
}

interface ColumnState {
  name: string;
  sqlName: string;
  type: DataType;
  override: boolean;
  convert: Converter;
  /** First rowid stored as text after widening to text; 0 when the column never widened to text. */
  textFrom: number;
}

/** A value as it appears in a message: quoted, cut at 40 characters. */
export function showValue(c: Cell): string {
  const t = cellToText(c) ?? '';
  return `'${t.length > 40 ? `${t.slice(0, 37)}...` : t}'`;
}

function readOptions(o: ImportOptions): SourceOptions {
  return { delimiter: o.delimiter, encoding: o.encoding, sheet: o.sheet };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('import cancelled');
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The next batch, or CancelledError as soon as the signal fires, even if the reader is stuck
 * (a damaged workbook can leave exceljs waiting for data that never comes).
 */
function nextBatch(source: RowSource, signal: AbortSignal | undefined): Promise<IteratorResult<RowBatch>> {
  if (!signal) return source.rows.next();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError('import cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    source.rows.next().then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Closes the source, waiting at most 250 ms: a reader stuck on a damaged file only closes once
 * its pending read ends, and a cancel must not wait for that.
 */
export async function closeSoon(source: RowSource): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    source.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 250);
    }),
  ]);
  clearTimeout(timer);
}

/** Reads batches until SAMPLE_ROWS rows or SAMPLE_BYTES bytes; returns them and whether the file ended. */
export async function readSample(
  source: RowSource,
  signal?: AbortSignal,
): Promise<{ batches: RowBatch[]; done: boolean }> {
  const batches: RowBatch[] = [];
  let rows = 0;
  for (;;) {
    if (rows >= SAMPLE_ROWS) return { batches, done: false };
    const r = await nextBatch(source, signal);
    if (r.done) return { batches, done: true };
    batches.push(r.value);
    rows += r.value.rows.length;
    if (r.value.bytesRead >= SAMPLE_BYTES) return { batches, done: false };
  }
}

/** Infers from at most SAMPLE_ROWS rows of the sample batches. */
export function inferSample(batches: RowBatch[], width: number): TypeInference {
  const inference = new TypeInference(width);
  outer: for (const b of batches)
    for (const row of b.rows) {
      if (inference.rows >= SAMPLE_ROWS) break outer;
      inference.add(row);
    }
  return inference;
}

export async function importFile(
  db: Database.Database,
  path: string,
  options: ImportOptions,
  hooks: ImportHooks = {},
): Promise<DatasetInfo> {
  const { signal, onProgress } = hooks;
  checkAborted(signal);
  if (typeof options.name !== 'string' || options.name.trim() === '')
    throw inputError({ option: 'name' }, 'a dataset needs a name');
  assertNameFree(db, options.name);
  const source = await openSource(path, readOptions(options));
  let staging: string | null = null;
  try {
    const { names, renamed } = uniqueNames(source.header);
    const width = names.length;
    const warnings = [...renamed];
    const overrides = options.overrides ?? {};
    for (const [col, t] of Object.entries(overrides)) {
      if (!names.includes(col))
        throw inputError(
          { file: source.file, option: 'overrides' },
          `no column named '${col}' (columns: ${names.join(', ')})`,
        );
      if (!DATA_TYPES.includes(t))
        throw inputError(
          { option: 'overrides', column: col },
          `expected one of ${DATA_TYPES.join(', ')}, got '${t}'`,
        );
    }

    const sample = await readSample(source, signal);
    checkAborted(signal);
    const inference = inferSample(sample.batches, width);
    const inferred = inference.result();
    const sampledRows = inference.rows;
    const columns: ColumnState[] = names.map((name, i) => {
      const override = Object.hasOwn(overrides, name);
      const type = override ? overrides[name]! : inferred[i]!.type;
      return {
        name,
        sqlName: `c${i}`,
        type,
        override,
        convert: converterFor(type, override),
        textFrom: 0,
      };
    });

    staging = newStagingName();
    createStagingTable(db, staging, width);
    const writer = new RowWriter(
      db,
      staging,
      width,
      columns.map((c) => c.type),
    );
    const label = source.label;
    const isXlsx = source.format === 'xlsx';
    let rowCount = 0;
    let ignoredRightOf = 0;

    /** A value that does not fit its column: an error under an override, else a wider type. */
    const mismatch = (col: ColumnState, cell: Exclude<Cell, null>, line: number, rowid: number): Stored => {
      if (col.override)
        throw inputError(
          { file: label, row: line, column: col.name },
          `expected ${describeType(col.type)}, got ${showValue(cell)}`,
        );
      const to = widen(col.type, classifyCell(cell));
      typesChanged = true;
      warnings.push(
        `column ${col.name}: the first ${sampledRows} rows read as ${col.type}, but row ${line} has ${showValue(cell)}; imported as ${to}`,
      );
      if (to === 'text' && col.textFrom === 0) col.textFrom = rowid;
      col.type = to;
      col.convert = converterFor(to, false);
      const v = col.convert(cell);
      return v === NOT_A ? cellToText(cell) : v;
    };

    const pending: { values: Stored[]; rows: number }[] = [];
    let pendingRows = 0;
    let typesChanged = false;

    const writeBatch = (batch: RowBatch): void => {
      const { rows, lines } = batch;
      let values = new Array<Stored>(rows.length * width);
      let k = 0;
      let first = 0; // first row of `values`
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        const rowid = rowCount + r + 1;
        if (row.length !== width) {
          if (!isXlsx)
            throw inputError({ file: label, row: lines[r]! }, `expected ${width} fields, got ${row.length}`);
          if (
            row.length > width &&
            ignoredRightOf === 0 &&
            row.slice(width).some((c) => c !== null && c !== '')
          )
            ignoredRightOf = lines[r]!;
        }
        for (let c = 0; c < width; c++) {
          const cell = row[c];
          if (cell === null || cell === undefined || (typeof cell === 'string' && isMissingText(cell))) {
            values[k++] = null;
            continue;
          }
          if (typeof cell === 'number' && Number.isNaN(cell)) {
            values[k++] = null;
            continue;
          }
          const col = columns[c]!;
          const v = col.convert(cell);
          values[k++] = v === NOT_A ? mismatch(col, cell, lines[r]!, rowid) : v;
        }
        if (typesChanged) {
          // rows before this one are bound with the old types, this one and later with the new
          typesChanged = false;
          pending.push({ values: values.slice(0, (r - first) * width), rows: r - first });
          writer.write(pending);
          pending.length = 0;
          pendingRows = 0;
          writer.setTypes(columns.map((col) => col.type));
          values = values.slice((r - first) * width);
          k = width;
          first = r;
        }
      }
      pending.push({ values, rows: rows.length - first });
      pendingRows += rows.length - first;
      rowCount += rows.length;
    };
    let flushedBytes = 0;
    /** Writes what was converted so far in one short transaction, then lets the event loop run. */
    const flush = async (bytes: number, force: boolean): Promise<void> => {
      if (!force && pendingRows < WRITE_CHUNK_ROWS && bytes - flushedBytes < WRITE_CHUNK_BYTES) return;
      writer.write(pending);
      pending.length = 0;
      pendingRows = 0;
      flushedBytes = bytes;
      report(bytes);
      await nextTurn();
    };

    const report = (bytes: number, fraction?: number): void => {
      onProgress?.({
        fraction: fraction ?? (source.size > 0 ? Math.min(0.99, bytes / source.size) : 0.99),
        rows: rowCount,
        bytes,
      });
    };

    let bytes = 0;
    for (const batch of sample.batches) {
      checkAborted(signal);
      writeBatch(batch);
      bytes = batch.bytesRead;
      await flush(bytes, false);
    }
    if (!sample.done) {
      for (;;) {
        checkAborted(signal);
        const r = await nextBatch(source, signal);
        checkAborted(signal);
        if (r.done) break;
        writeBatch(r.value);
        bytes = r.value.bytesRead;
        await flush(bytes, false);
      }
    }
    checkAborted(signal);
    await flush(bytes, true);
    if (ignoredRightOf > 0)
      warnings.push(`values right of the last named column are ignored (the first in row ${ignoredRightOf})`);
    if (rowCount === 0) warnings.push(`${source.file} has a header but no data rows`);

    const widened = columns.filter((c) => c.textFrom > 1);
    if (widened.length > 0) await restoreOriginalText(db, staging, path, options, widened, signal);
    checkAborted(signal);

    const datasetColumns: DatasetColumn[] = columns.map((c) => ({
      name: c.name,
      type: c.type,
      sqlName: c.sqlName,
    }));
    const { id, tableName } = publishDataset(db, staging, {
      name: options.name,
      file: source.file,
      rowCount,
      columns: datasetColumns,
    });
    staging = null;
    report(source.size, 1);
    return {
      id,
      name: options.name,
      tableName,
      rowCount,
      columns: datasetColumns,
      source: source.file,
      warnings: [...source.warnings, ...warnings],
    };
  } catch (e) {
    if (staging !== null) {
      try {
        dropTable(db, staging);
      } catch {
        // the database may be closed; dropStaleImports cleans up on the next open
      }
    }
    throw e;
  } finally {
    await closeSoon(source);
  }
}

/**
 * Columns widened to text at row k had rows 1..k-1 stored as numbers, dates or booleans; this
 * reads the file again up to the last such row and stores those rows' original text instead,
 * so a widened column holds exactly what the file says ("1,043", not 1043).
 */
async function restoreOriginalText(
  db: Database.Database,
  staging: string,
  path: string,
  options: ImportOptions,
  widened: ColumnState[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const index = new Map(widened.map((c) => [c, Number(c.sqlName.slice(1))]));
  const until = Math.max(...widened.map((c) => c.textFrom));
  const source = await openSource(path, readOptions(options));
  try {
    let rowid = 0;
    while (rowid < until - 1) {
      checkAborted(signal);
      const r = await nextBatch(source, signal);
      if (r.done) break;
      const start = rowid;
      for (const col of widened) {
        const c = index.get(col)!;
        const updates: { rowid: number; value: Stored }[] = [];
        for (let i = 0; i < r.value.rows.length && start + i + 1 < col.textFrom; i++) {
          const cell = r.value.rows[i]![c] ?? null;
          if (cell === null || (typeof cell === 'string' && isMissingText(cell))) continue;
          updates.push({ rowid: start + i + 1, value: cellToText(cell) });
        }
        updateColumn(db, staging, col.sqlName, updates);
      }
      rowid += r.value.rows.length;
      await nextTurn();
    }
  } finally {
    await closeSoon(source);
  }
}
