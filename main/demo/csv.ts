// Demo tables as CSV text: a header of column names, one line per row, "\n" line ends, a
// final newline; missing values are empty cells (as the CLI writes them, DESIGN.md section 3),
// text cells quoted only when they hold a comma, a quote or a line break (RFC 4180).

export type DemoCell = string | number | null;

export interface DemoTable {
  columns: string[];
  rows: DemoCell[][];
}

export function toCsv(table: DemoTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

function csvField(cell: DemoCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    return String(cell);
  }
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** x rounded to `digits` decimals (as a number whose String() is short). */
export function roundTo(x: number, digits: number): number {
  const scale = 10 ** digits;
  const rounded = Math.round(x * scale) / scale;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
