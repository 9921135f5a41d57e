// Fit statistics of a partition in the space that was clustered, noise (segment 0) left out:
// tot_withinss = sum over clusters of squared Euclidean distances of members to their mean
// (R kmeans $tot.withinss), segment sizes and means. O(n d).

import type { PointMatrix } from '../common/point-matrix.ts';

export interface SegmentMeans {
  /** sizes[s] for segment s = 0..K (0 = noise). */
  sizes: Int32Array;
  /** Row-major (K + 1) x d means; NaN for an empty segment. */
  means: Float64Array;
}

export function segmentMeans(points: PointMatrix, segments: Int32Array, clusterCount: number): SegmentMeans {
  const { n, d, values } = points;
  const sizes = new Int32Array(clusterCount + 1);
  const means = new Float64Array((clusterCount + 1) * d);
  for (let i = 0; i < n; i++) {
    const s = segments[i];
    sizes[s]++;
    for (let c = 0; c < d; c++) means[s * d + c] += values[i * d + c];
  }
  for (let s = 0; s <= clusterCount; s++) {
    for (let c = 0; c < d; c++) means[s * d + c] = sizes[s] > 0 ? means[s * d + c] / sizes[s] : NaN;
  }
  return { sizes, means };
}

/** Sum over non-noise points of the squared distance to their segment's mean. */
export function totalWithinSumOfSquares(
  points: PointMatrix,
  segments: Int32Array,
  clusterCount: number,
): number {
  const { n, d, values } = points;
  const { means } = segmentMeans(points, segments, clusterCount);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = segments[i];
    if (s === 0) continue;
    for (let c = 0; c < d; c++) {
      const diff = values[i * d + c] - means[s * d + c];
      total += diff * diff;
    }
  }
  return total;
}
