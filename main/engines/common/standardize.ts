// Column z-scores as R's scale(x): (x - mean) / sd with the sample sd (divisor n - 1).
// Two passes per column (mean, then sum of squared deviations) for accuracy; O(n d).

import type { PointMatrix } from './point-matrix.ts';
import { columnMeans } from './point-matrix.ts';

export interface ColumnScaling {
  means: Float64Array;
  /** Sample standard deviations (n - 1); 0 for a constant column. */
  sds: Float64Array;
}

/** Means and sample standard deviations of every column (n >= 2). */
export function columnScaling(points: PointMatrix): ColumnScaling {
  const { n, d, values } = points;
  const means = columnMeans(points);
  const sumSquares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      const deviation = values[i * d + c] - means[c];
      sumSquares[c] += deviation * deviation;
    }
  }
  const sds = new Float64Array(d);
  for (let c = 0; c < d; c++) sds[c] = n > 1 ? Math.sqrt(sumSquares[c] / (n - 1)) : 0;
  return { means, sds };
}

/** A new matrix with every column z-scored by `scaling` (columns with sd 0 must be excluded first). */
export function standardizeColumns(points: PointMatrix, scaling: ColumnScaling): PointMatrix {
  const { n, d, values } = points;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) out[i * d + c] = (values[i * d + c] - scaling.means[c]) / scaling.sds[c];
  }
  return { n, d, values: out };
}
