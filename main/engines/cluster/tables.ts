// The cluster Result tables (DESIGN.md section 4, cluster): segments, segment_profiles,
// metrics, pca and, for DBSCAN, k_distance. Pure formatting of numbers computed elsewhere;
// NaN becomes null (a missing cell). O(n) rows for segments and pca.

import type { Cell, Table } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import type { PointMatrix } from '../common/point-matrix.ts';
import type { RowIds } from './prepare.ts';
import { segmentMeans } from './fit-statistics.ts';

/** The k-distance table keeps at most this many rows (every step-th rank, first and last kept). */
export const maxKDistanceRows = 20000;

function cell(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function segmentsTable(ids: RowIds, segments: Int32Array): Table {
  const rows: Cell[][] = ids.values.map((id, i) => [id, segments[i]]);
  return makeTable(
    'Segments',
    [
      { name: 'id', type: ids.type },
      { name: 'segment', type: 'integer' },
    ],
    rows,
  );
}

/** Size, share and mean of every chosen column in original units; segment 0 only when noise exists. */
export function segmentProfilesTable(
  original: PointMatrix,
  columns: string[],
  segments: Int32Array,
  clusterCount: number,
): Table {
  const { sizes, means } = segmentMeans(original, segments, clusterCount);
  const { n, d } = original;
  const rows: Cell[][] = [];
  for (let s = 0; s <= clusterCount; s++) {
    if (s === 0 && sizes[0] === 0) continue;
    const row: Cell[] = [s, sizes[s], sizes[s] / n];
    for (let c = 0; c < d; c++) row.push(cell(means[s * d + c]));
    rows.push(row);
  }
  return makeTable(
    'Segment profiles',
    [
      { name: 'segment', type: 'integer' },
      { name: 'size', type: 'integer' },
      { name: 'share', type: 'number' },
      ...columns.map((name) => ({ name, type: 'number' as const })),
    ],
    rows,
  );
}

export function metricsTable(metrics: [string, number][]): Table {
  return makeTable(
    'Fit',
    [
      { name: 'name', type: 'string' },
      { name: 'value', type: 'number' },
    ],
    metrics.map(([name, value]) => [name, cell(value)]),
  );
}

export function pcaTable(ids: RowIds, segments: Int32Array, scores: Float64Array): Table {
  const rows: Cell[][] = ids.values.map((id, i) => [id, segments[i], scores[2 * i], scores[2 * i + 1]]);
  return makeTable(
    'PCA projection',
    [
      { name: 'id', type: ids.type },
      { name: 'segment', type: 'integer' },
      { name: 'pc1', type: 'number' },
      { name: 'pc2', type: 'number' },
    ],
    rows,
  );
}

/**
 * Sorted k-distances by rank (1-based), about maxKDistanceRows rows: every step-th rank, first
 * and last kept. When `sorted` is a sample of `total` points, sample position i stands for
 * rank 1 + i (total - 1) / (m - 1) of the full data (rounded).
 */
export function kDistanceTable(sorted: Float64Array, total: number): Table {
  const m = sorted.length;
  const step = Math.max(1, Math.ceil(m / maxKDistanceRows));
  const rankOf = (i: number): number =>
    m === total || m < 2 ? i + 1 : Math.round(1 + (i * (total - 1)) / (m - 1));
  const rows: Cell[][] = [];
  for (let i = 0; i < m; i += step) rows.push([rankOf(i), cell(sorted[i])]);
  if (m > 0 && (m - 1) % step !== 0) rows.push([rankOf(m - 1), cell(sorted[m - 1])]);
  return makeTable(
    'k-distance curve',
    [
      { name: 'rank', type: 'integer' },
      { name: 'distance', type: 'number' },
    ],
    rows,
  );
}
