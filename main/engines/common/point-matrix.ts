// Points as a dense row-major matrix: row i occupies values[i*d .. i*d+d-1]. Row-major keeps
// one point's coordinates adjacent, which is what every distance loop reads.
// Squared Euclidean distance between two rows is O(d).

export interface PointMatrix {
  /** Number of points (rows). */
  n: number;
  /** Number of coordinates per point (columns). */
  d: number;
  values: Float64Array;
}

export function pointMatrix(n: number, d: number, values = new Float64Array(n * d)): PointMatrix {
  if (values.length !== n * d) throw new Error(`point matrix: ${values.length} values for ${n} x ${d}`);
  return { n, d, values };
}

/** Squared Euclidean distance between row `i` of `a` and row `j` of `b` (both with d columns). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0;
  const ai = i * d;
  const bj = j * d;
  for (let c = 0; c < d; c++) {
    const diff = a[ai + c] - b[bj + c];
    sum += diff * diff;
  }
  return sum;
}

/** Column means of a point matrix, O(n d). */
export function columnMeans(points: PointMatrix): Float64Array {
  const { n, d, values } = points;
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) means[c] += values[i * d + c];
  for (let c = 0; c < d; c++) means[c] /= n;
  return means;
}
