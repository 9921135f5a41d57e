// The k-distance of a point: its distance to the k-th nearest point of the data set, the
// point itself counted as the first (so R dbscan::kNNdist(x, k - 1), which does not count the
// point). One exact kd-tree k-NN search per queried point, queries in tree order so that
// consecutive ones share cached leaves. In low dimension O(log n) per query; in 10
// dimensions a query examines a few thousand points of its blob (about 0.2 ms here).

import type { KdTree } from './kd-tree.ts';
import { NearestSearch } from './kd-tree.ts';
import type { WorkMonitor } from './work-monitor.ts';

/**
 * Squared k-distances of `rows` (input rows; all rows when null), aligned with `rows`
 * (or indexed by row when null). Squared, so `<= eps * eps` compares as radius queries do.
 */
export function kthNeighbourSquaredDistances(
  tree: KdTree,
  k: number,
  rows: Int32Array | null,
  monitor: WorkMonitor,
): Float64Array {
  const { n, d, points, rowOf } = tree;
  if (k < 1 || k > n) throw new Error(`k-distance: k = ${k} needs 1 <= k <= n = ${n}`);
  const positionOf = new Int32Array(n);
  for (let p = 0; p < n; p++) positionOf[rowOf[p]] = p;
  const queries = rows ?? Int32Array.from(rowOf);
  // Query order: tree order; result slot: where the row sits in `rows` (or the row itself).
  const slots = Int32Array.from(queries.keys()).sort(
    (a, b) => positionOf[queries[a]] - positionOf[queries[b]],
  );
  const result = new Float64Array(rows === null ? n : rows.length);
  const search = new NearestSearch(tree, k);
  for (let i = 0; i < slots.length; i++) {
    if ((i & 63) === 0) {
      monitor.checkCancelled();
      if ((i & 4095) === 0) monitor.progress(i / slots.length, 'k-nearest-neighbour distances');
    }
    const slot = slots[i];
    const row = queries[slot];
    const found = search.run(points, positionOf[row] * d, Infinity);
    result[rows === null ? row : slot] = found === k ? search.distances[0] : Infinity;
  }
  monitor.progress(1, 'k-nearest-neighbour distances');
  return result;
}
