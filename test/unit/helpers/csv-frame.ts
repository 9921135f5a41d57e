// A tiny CSV reader for reference fixtures (plain comma-separated, no quoted commas): a
// column whose every non-empty cell parses as a number becomes numeric, else text.
import { readFileSync } from 'node:fs';
import type { Frame, FrameColumn } from '../../../shared/frame.ts';

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const split = (line: string): string[] => line.split(',').map((cell) => cell.replace(/^"(.*)"$/, '$1'));
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

export function frameFromCsvText(name: string, text: string): Frame {
  const { header, rows } = parseCsv(text);
  const columns: FrameColumn[] = header.map((columnName, c) => {
    const cells = rows.map((row) => row[c] ?? '');
    const numeric = cells.every((cell) => cell === '' || cell === 'NA' || Number.isFinite(Number(cell)));
    if (numeric) {
      const values = Float64Array.from(cells, (cell) => (cell === '' || cell === 'NA' ? NaN : Number(cell)));
      const integer = Array.from(values).every((v) => Number.isNaN(v) || Number.isInteger(v));
      return { name: columnName, type: integer ? 'integer' : 'number', values };
    }
    return { name: columnName, type: 'text', values: cells.map((cell) => (cell === '' ? null : cell)) };
  });
  return { name, rowCount: rows.length, columns };
}

export function readCsvFrame(path: string, name: string): Frame {
  return frameFromCsvText(name, readFileSync(path, 'utf8'));
}

/** Rows of a CSV as records keyed by header. */
export function readCsvRecords(path: string): Record<string, string>[] {
  const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((row) => Object.fromEntries(header.map((h, c) => [h, row[c] ?? ''])));
}
