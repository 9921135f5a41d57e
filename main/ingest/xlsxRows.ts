// Streams the rows of one XLSX worksheet with exceljs's streaming reader (WorkbookReader), in
// batches, each row with its Excel row number. The first sheet (in the workbook's order) unless
// one is named. Cells arrive as exceljs gives them and are reduced to plain cells here:
//   number, boolean, date (styles are read so that date-formatted numbers become dates), text;
//   formula -> its text "=SUM(A1:A3)" (never evaluated, the cached result is ignored);
//   rich text -> its plain text; hyperlink -> its text; error (#N/A, #DIV/0!) -> missing.
// Why exceljs: it is the maintained pure-JS reader with a streaming mode; SheetJS's community
// build reads the whole workbook into memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
// Types only at the top: exceljs itself is loaded when an XLSX file is read (it takes a second
// or two to load, which every other command would pay).
import type ExcelJS from 'exceljs';
import { inputError, InputError } from '../../shared/errors.ts';
import type { Cell } from './cells.ts';
import { XLSX_BATCH_ROWS } from './limits.ts';
import { readHead } from './sniff.ts';

export interface XlsxBatch {
  rows: Cell[][];
  lines: number[];
  bytesRead: number;
}

/** Filled in by readXlsxRows before its first batch. */
export interface XlsxMeta {
  sheets: string[];
  sheet: string;
}

/** Counts the bytes that pass, for progress. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

type ExcelValue = ExcelJS.CellValue | { formula?: string; sharedFormula?: string } | Record<string, unknown>;

function richTextToString(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p: { text?: unknown }) => String(p?.text ?? '')).join('') : '';
}

/** An exceljs cell value as a plain cell (see the header comment). */
export function plainCell(v: ExcelValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.formula === 'string' && o.formula !== '') return `=${o.formula}`;
  if ('sharedFormula' in o || 'formula' in o) return '=(shared formula)';
  if ('error' in o) return null;
  if ('richText' in o) return richTextToString(o.richText);
  if ('text' in o) {
    const t = o.text;
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object' && 'richText' in t)
      return richTextToString((t as { richText: unknown }).richText);
  }
  return JSON.stringify(o);
}

/**
 * Closes the stream a worksheet reader would read from. exceljs buffers worksheets that come
 * before the shared strings in the zip to temporary files and deletes each file as soon as the
 * caller moves on; a sheet we skip would otherwise open its deleted file later and crash the
 * process with an unhandled ENOENT.
 */
function releaseWorksheet(worksheet: unknown): void {
  const source = (worksheet as { iterator?: unknown }).iterator;
  if (source instanceof Readable) {
    source.on('error', () => {});
    source.destroy();
  }
}

/**
 * A zip ends with its central directory; a file cut short (an interrupted download or copy)
 * has none, and exceljs's streaming reader would then wait forever for the rest. Checked up
 * front from the last 64 KB: the end-of-central-directory record and where it says the
 * directory is.
 */
async function checkZipEnd(path: string, size: number, label: string): Promise<void> {
  const tail = Math.min(size, 65_557);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(tail);
    await handle.read(buf, 0, tail, size - tail);
    for (let i = tail - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) !== 0x06054b50) continue;
      const dirSize = buf.readUInt32LE(i + 12);
      const dirOffset = buf.readUInt32LE(i + 16);
      // 0xffffffff: a ZIP64 archive keeps the real numbers elsewhere; let exceljs judge
      if (dirOffset === 0xffffffff || dirOffset + dirSize <= size - tail + i) return;
      break;
    }
  } finally {
    await handle.close();
  }
  throw notReadable(label, 'the file is cut short or damaged: no zip directory at its end');
}

function notReadable(label: string, why: string): InputError {
  return inputError({ file: label }, `not a readable XLSX file (${why})`);
}

/** Sheet names in the workbook's order, once exceljs has read xl/workbook.xml. */
function sheetNames(reader: ExcelJS.stream.xlsx.WorkbookReader): string[] {
  const model = (reader as unknown as { model?: { sheets?: { name?: string }[] } }).model;
  return (model?.sheets ?? []).map((s) => String(s.name ?? ''));
}

/**
 * Yields the rows of the chosen sheet (header row first) in batches. Rows without any value
 * are skipped, as empty lines are in CSV. Closing the iterator early closes the file.
 */
export async function* readXlsxRows(
  path: string,
  label: string,
  sheet: string | undefined,
  meta: XlsxMeta,
): AsyncGenerator<XlsxBatch> {
  const { head, size } = await readHead(path, label);
  if (size === 0) throw inputError({ file: label }, 'the file is empty');
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4))
    throw notReadable(label, 'it is not a ZIP archive');
  await checkZipEnd(path, size, label);
  const file = createReadStream(path);
  const counter = new ByteCounter();
  let streamError: Error | null = null;
  file.on('error', (e) => {
    // end rather than destroy: exceljs then fails on the short zip instead of waiting forever
    streamError = e;
    counter.end();
  });
  file.pipe(counter);
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(counter, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  let seen: string[] = [];
  let current: unknown = null;
  try {
    for await (const worksheet of reader) {
      const names = sheetNames(reader);
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      const wanted = sheet ?? names[0] ?? name;
      if (name !== wanted) {
        releaseWorksheet(worksheet);
        continue;
      }
      current = worksheet;
      found = true;
      meta.sheets = names.length > 0 ? names : seen;
      meta.sheet = name;
      let rows: Cell[][] = [];
      let lines: number[] = [];
      for await (const row of worksheet) {
        const values = row.values as ExcelValue[];
        const cells: Cell[] = [];
        let any = false;
        for (let i = 1; i < values.length; i++) {
          const c = plainCell(values[i]);
          if (c !== null && c !== '') any = true;
          cells.push(c);
        }
        if (!any) continue;
        rows.push(cells);
        lines.push(row.number);
        if (rows.length >= XLSX_BATCH_ROWS) {
          yield { rows, lines, bytesRead: counter.bytes };
          rows = [];
          lines = [];
        }
      }
      yield { rows, lines, bytesRead: counter.bytes };
      return;
    }
    seen = sheetNames(reader).length > 0 ? sheetNames(reader) : seen;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (streamError) throw inputError({ file: label }, `cannot read the file (${String(streamError)})`);
    throw notReadable(label, e instanceof Error ? e.message : String(e));
  } finally {
    if (current) releaseWorksheet(current);
    file.destroy();
    counter.destroy();
  }
  if (!found) {
    if (sheet !== undefined)
      throw inputError(
        { file: label, option: 'sheet' },
        `no sheet named '${sheet}' (sheets: ${seen.join(', ')})`,
      );
    throw notReadable(label, 'it has no worksheet');
  }
}
