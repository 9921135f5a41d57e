// Reading Result tables for chart builders: columns by name, metrics by name, numbers
// formatted the same way in every label. A missing column in a present table is an engine
// bug, so it throws with the table and column named rather than drawing a wrong chart.
import type { Cell, Table } from '../result.ts';
import { columnIndex } from '../result.ts';

/** The cells of one column, in row order. */
export function columnCells(table: Table, name: string): Cell[] {
  const index = columnIndex(table, name);
  if (index < 0) throw new Error(`table "${table.title}" has no column "${name}"`);
  return table.rows.map((row) => row[index] ?? null);
}

/** A column as numbers; null, empty and non-numeric cells become NaN. */
export function numericColumn(table: Table, name: string): number[] {
  return columnCells(table, name).map(toNumber);
}

export function toNumber(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string' && cell.trim() !== '') return Number(cell);
  return Number.NaN;
}

/** The value of a `metrics` (name, value) row, or undefined when absent or not a finite number. */
export function metricValue(metrics: Table | undefined, name: string): number | undefined {
  if (!metrics) return undefined;
  const names = columnCells(metrics, 'name');
  const values = columnCells(metrics, 'value');
  const row = names.indexOf(name);
  if (row < 0) return undefined;
  const value = toNumber(values[row] ?? null);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A number for a label: integers with thousands separators from 100 up, three significant
 * digits below. Locale-free (always "," and "."), so SVG output does not depend on the machine.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) {
    const rounded = Math.round(value);
    const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return rounded < 0 ? `-${digits}` : digits;
  }
  if (value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}

/** A share in [0, 1] as a percentage with one decimal, e.g. 0.2345 -> "23.5%". */
export function formatShare(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–';
}

/** Text for an ECharts tooltip, which is HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
