// The cluster-quality table (`cluster_quality`: one row per number of clusters k = 2 .. k_max,
// with the average silhouette width and the share of the discrepancy explained) as the results
// offer it: which column is k, which the ASW, the best k by ASW, and the options that cut the
// same tree at another k (everything else exactly as saved, so a re-run only cuts again).
import type { Cell, Table } from '../../../shared/result.ts';
import { sequenceOptions } from '../../../shared/analyses/sequence.ts';
import { toNumber } from '../../../shared/charts/tables.ts';

export interface QualityTable {
  table: Table;
  /** The column holding k. */
  kColumn: number;
  /** The average silhouette width's column, -1 when the table has none. */
  aswColumn: number;
}

const aswName = /^(asw|silhouette|avg_silhouette|average_silhouette)$/i;

/** Reads the table's layout; undefined when it is absent or has no k. */
export function qualityTable(table: Table | undefined): QualityTable | undefined {
  if (!table) return undefined;
  const names = table.columns.map((c) => c.name);
  const kColumn = names.findIndex((n) => n === 'k' || n === 'clusters');
  if (kColumn < 0) return undefined;
  let aswColumn = names.findIndex((n) => aswName.test(n));
  if (aswColumn < 0) aswColumn = names.findIndex((n) => /asw/i.test(n));
  return { table, kColumn, aswColumn };
}

/** The k of a row (NaN when not a number). */
export function rowK(quality: QualityTable, row: readonly Cell[]): number {
  return toNumber(row[quality.kColumn] ?? null);
}

/** The ASW at k, undefined when the table has no such row or no ASW. */
export function aswAt(quality: QualityTable | undefined, k: number): number | undefined {
  if (!quality || quality.aswColumn < 0) return undefined;
  const row = quality.table.rows.find((r) => rowK(quality, r) === k);
  const asw = row ? toNumber(row[quality.aswColumn] ?? null) : NaN;
  return Number.isFinite(asw) ? asw : undefined;
}

/** The k with the highest ASW (the smaller k on a tie), undefined without an ASW. */
export function bestK(quality: QualityTable | undefined): number | undefined {
  if (!quality || quality.aswColumn < 0) return undefined;
  let best: { k: number; asw: number } | undefined;
  for (const row of quality.table.rows) {
    const k = rowK(quality, row);
    const asw = toNumber(row[quality.aswColumn] ?? null);
    if (Number.isFinite(k) && Number.isFinite(asw) && (!best || asw > best.asw)) best = { k, asw };
  }
  return best?.k;
}

/** The k a run cut the tree at (its options, the default filled in). */
export function clusterK(options: unknown): number {
  const raw =
    options && typeof options === 'object' ? (options as Record<string, unknown>).cluster : undefined;
  const parsed = sequenceOptions.shape.cluster.safeParse(raw);
  return parsed.success ? parsed.data.k : sequenceOptions.shape.cluster.parse(undefined).k;
}

/** The analysis's saved options with the tree cut at `k` (everything else as saved). */
export function optionsWithK(saved: unknown, k: number): Record<string, unknown> {
  const options = saved && typeof saved === 'object' ? { ...(saved as Record<string, unknown>) } : {};
  const cluster =
    options.cluster && typeof options.cluster === 'object'
      ? (options.cluster as Record<string, unknown>)
      : {};
  return { ...options, cluster: { ...cluster, k } };
}
