// The descriptions "per cluster" (issue 7): each cluster's customers as a sequence set of their
// own, described by the same functions as all customers, and the tables stacked with a leading
// `cluster` column (cluster 1's rows first). O(n T) to split, then the descriptions' own costs.
import { makeTable, type Table } from '../../../shared/result.ts';
import type { EncodedSequences } from './sequences.ts';

/** The customers `rows` (in that order) as a sequence set of their own. */
export function subsetSequences(sequences: EncodedSequences, rows: Int32Array): EncodedSequences {
  const T = sequences.length;
  const codes = new Uint8Array(rows.length * T);
  rows.forEach((row, r) => codes.set(sequences.codes.subarray(row * T, (row + 1) * T), r * T));
  return {
    ...sequences,
    ids: Array.from(rows, (row) => sequences.ids[row]!),
    n: rows.length,
    codes,
    lengths: Int32Array.from(rows, (row) => sequences.lengths[row]!),
  };
}

/** The rows of each cluster 1..k (index 0 of the result is cluster 1), in row order. */
export function clusterMembers(clusters: Int32Array, k: number): Int32Array[] {
  const sizes = new Int32Array(k + 1);
  for (let i = 0; i < clusters.length; i++) sizes[clusters[i]!]!++;
  const members = Array.from({ length: k }, (_, c) => new Int32Array(sizes[c + 1]!));
  const filled = new Int32Array(k + 1);
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i]!;
    if (c >= 1 && c <= k) members[c - 1]![filled[c]!++] = i;
  }
  return members;
}

/** One table per cluster (same columns) stacked, a `cluster` column first. */
export function stackByCluster(title: string, tables: readonly Table[]): Table {
  const first = tables[0];
  if (!first) return makeTable(title, [{ name: 'cluster', type: 'integer' }], []);
  return makeTable(
    title,
    [{ name: 'cluster', type: 'integer' }, ...first.columns],
    tables.flatMap((table, c) => table.rows.map((row) => [c + 1, ...row])),
  );
}
