// Formatting for tables and lists: numbers right-aligned with a fixed, locale-free style (as
// the chart labels, shared/charts/tables.ts), sorting that puts missing values last, and the
// text of CSV and clipboard exports (CSV numbers at full precision, as the CLI writes them).
import type { Cell, Table } from '../../shared/result.ts';

/** A number for a table cell: integers with thousands separators, others to 4 significant digits. */
export function formatCell(value: Cell, type: 'number' | 'integer' | 'string' = 'string'): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '' : value > 0 ? '∞' : '-∞';
  if (type === 'integer' || (Number.isInteger(value) && Math.abs(value) < 1e15)) return groupDigits(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e12)) return value.toExponential(3);
  if (abs >= 1000) return groupDigits(Number(value.toFixed(2)));
  return String(Number(value.toPrecision(4)));
}

function groupDigits(value: number): string {
  const [whole, fraction] = String(Math.abs(value)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Whether a column is drawn right-aligned (numbers) in tables and the grid. */
export function isNumericType(type: string): boolean {
  return type === 'number' || type === 'integer' || type === 'boolean';
}

/** Compares two cells: numbers numerically, text by code units; missing always last. */
export function compareCells(a: Cell, b: Cell, direction: 'asc' | 'desc' = 'asc'): number {
  const missingA = a === null || (typeof a === 'number' && Number.isNaN(a));
  const missingB = b === null || (typeof b === 'number' && Number.isNaN(b));
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  let order: number;
  if (typeof a === 'number' && typeof b === 'number') order = a - b;
  else {
    const sa = String(a);
    const sb = String(b);
    order = sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return direction === 'asc' ? order : -order;
}

/** Row indices of a table in sorted order (stable: equal rows keep their order). */
export function sortedRowOrder(table: Table, column: number, direction: 'asc' | 'desc'): number[] {
  const order = table.rows.map((_, i) => i);
  order.sort((i, j) => compareCells(table.rows[i]![column]!, table.rows[j]![column]!, direction) || i - j);
  return order;
}

/** A CSV field: quoted when it holds a comma, quote or line break; numbers at full precision. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(17))) : '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A table as CSV: header of column names, rows in the given order, CRLF-free. */
export function tableToCsv(table: Table, order?: readonly number[]): string {
  const rows = order ? order.map((i) => table.rows[i]!) : table.rows;
  const lines = [table.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** A table as tab-separated text for the clipboard (pastes into a spreadsheet as cells). */
export function tableToTsv(table: Table, order?: readonly number[]): string {
  const rows = order ? order.map((i) => table.rows[i]!) : table.rows;
  const clean = (v: Cell) => (v === null ? '' : String(v).replace(/[\t\r\n]+/g, ' '));
  const lines = [table.columns.map((c) => clean(c.label ?? c.name)).join('\t')];
  for (const row of rows) lines.push(row.map(clean).join('\t'));
  return `${lines.join('\n')}\n`;
}

/** A file name from a title: letters, digits, dashes; never empty, never starting with a dot. */
export function safeFileName(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\- ]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${base || 'export'}.${extension}`;
}

/** "3.2 MB", "840 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A timestamp as local "YYYY-MM-DD HH:MM" (ISO text in, readable text out). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Seconds between two ISO times, as "0.4 s" / "12 s" / "3 min 5 s". */
export function formatDuration(startIso: string, endIso: string | null): string {
  if (!endIso) return '';
  const seconds = (new Date(endIso).getTime() - new Date(startIso).getTime()) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Where an error message points: the row and column it names ("…, row 3, column age: …"). */
export function locateError(message: string): { row?: number; column?: string } {
  const where: { row?: number; column?: string } = {};
  const row = /\brow (\d+)/.exec(message);
  if (row) where.row = Number(row[1]);
  const column = /\bcolumn ("([^"]+)"|([^:,]+))/.exec(message);
  if (column) where.column = (column[2] ?? column[3])!.trim();
  return where;
}
