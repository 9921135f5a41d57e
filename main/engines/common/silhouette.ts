// Silhouette widths (Rousseeuw 1987), as R cluster::silhouette(labels, dist(x)):
//   a(i) = mean distance from i to the other members of its cluster,
//   b(i) = smallest mean distance from i to the members of another cluster,
//   s(i) = (b - a) / max(a, b), and s(i) = 0 when i is alone in its cluster.
// Euclidean distances between the chosen rows only. O(m^2 d) time for m rows (each pair
// once), O(m K) memory for the per-cluster distance sums.

import type { PointMatrix } from './point-matrix.ts';
import type { WorkMonitor } from './work-monitor.ts';
import { Rng } from './rng.ts';
import { sampleIndices } from './sample.ts';

/**
 * Silhouette width of each of `rows` (indices into `points`), using only those rows; labels
 * are any integers (indexed by point row). Returns widths aligned with `rows`, or null when the
 * rows span fewer than 2 clusters (the silhouette is undefined).
 */
export function silhouetteWidths(
  points: PointMatrix,
  labels: Int32Array,
  rows: Int32Array,
  monitor: WorkMonitor,
): Float64Array | null {
  const m = rows.length;
  const { d, values } = points;
  const clusterOf = new Map<number, number>();
  const dense = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const label = labels[rows[r]];
    let index = clusterOf.get(label);
    if (index === undefined) {
      index = clusterOf.size;
      clusterOf.set(label, index);
    }
    dense[r] = index;
  }
  const clusterCount = clusterOf.size;
  if (clusterCount < 2) return null;
  const sizes = new Float64Array(clusterCount);
  for (let r = 0; r < m; r++) sizes[dense[r]]++;

  const sums = new Float64Array(m * clusterCount);
  for (let r = 0; r < m; r++) {
    if ((r & 15) === 0) {
      monitor.checkCancelled();
      // Row r costs m - r pairs: the work done so far is 1 - ((m - r) / m)^2.
      if ((r & 255) === 0) monitor.progress(1 - ((m - r) / m) ** 2, 'silhouette');
    }
    const base = rows[r] * d;
    const labelR = dense[r];
    for (let s = r + 1; s < m; s++) {
      const other = rows[s] * d;
      let sum = 0;
      for (let c = 0; c < d; c++) {
        const diff = values[base + c] - values[other + c];
        sum += diff * diff;
      }
      const distance = Math.sqrt(sum);
      sums[r * clusterCount + dense[s]] += distance;
      sums[s * clusterCount + labelR] += distance;
    }
  }

  const widths = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const own = dense[r];
    if (sizes[own] <= 1) continue; // alone in its cluster: 0
    const a = sums[r * clusterCount + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < clusterCount; c++) {
      if (c !== own) b = Math.min(b, sums[r * clusterCount + c] / sizes[c]);
    }
    const larger = Math.max(a, b);
    widths[r] = larger > 0 ? (b - a) / larger : 0;
  }
  monitor.progress(1, 'silhouette');
  return widths;
}

/** Mean silhouette width over `rows`, NaN when undefined (fewer than 2 clusters). */
export function averageSilhouette(
  points: PointMatrix,
  labels: Int32Array,
  rows: Int32Array,
  monitor: WorkMonitor,
): number {
  const widths = silhouetteWidths(points, labels, rows, monitor);
  if (widths === null || widths.length === 0) return NaN;
  let total = 0;
  for (let r = 0; r < widths.length; r++) total += widths[r];
  return total / widths.length;
}

/**
 * The average silhouette of the clustered points (segment != 0; DBSCAN noise left out), as the
 * `cluster` and `rnn` analyses report it: above `sampleSize` clustered points on a seeded
 * sample of that many, with a warning saying so (`what` names the points in it). NaN with fewer
 * than 2 clusters. O(m^2 d) for m = min(clustered, sampleSize).
 */
export function clusteredSilhouette(
  points: PointMatrix,
  segments: Int32Array,
  clusterCount: number,
  sample: { size: number; seed: number; what: string },
  monitor: WorkMonitor,
): { silhouette: number; warning?: string } {
  let clustered = 0;
  for (let i = 0; i < segments.length; i++) if (segments[i] !== 0) clustered++;
  let rows = new Int32Array(clustered);
  for (let i = 0, k = 0; i < segments.length; i++) if (segments[i] !== 0) rows[k++] = i;
  if (clusterCount < 2) return { silhouette: NaN };
  let warning: string | undefined;
  if (clustered > sample.size) {
    const chosen = sampleIndices(clustered, sample.size, new Rng(sample.seed));
    const all = rows;
    rows = chosen.map((r) => all[r]);
    warning =
      `silhouette computed on a random sample of ${sample.size} of the ${clustered} clustered ` +
      `${sample.what} (seed ${sample.seed})`;
  }
  const silhouette = averageSilhouette(points, segments, rows, monitor);
  return warning === undefined ? { silhouette } : { silhouette, warning };
}
