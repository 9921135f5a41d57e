// Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method (Golub & Van
// Loan, Matrix Computations, section 8.5): rotations zero the off-diagonal entries one at a
// time until their sum of squares is negligible. O(d^3) per sweep, typically 6-10 sweeps;
// meant for d up to a few hundred (covariance matrices of the chosen columns).

export interface SymmetricEigen {
  /** Eigenvalues in decreasing order. */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major d x d matrix: vector k is vectors[i*d + k]. */
  vectors: Float64Array;
}

/** `matrix` is row-major d x d and symmetric; it is not modified. */
export function symmetricEigen(matrix: Float64Array, d: number, maxSweeps = 100): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let p = 0; p < d; p++) {
      diagonal += a[p * d + p] * a[p * d + p];
      for (let q = p + 1; q < d; q++) offDiagonal += a[p * d + q] * a[p * d + q];
    }
    if (offDiagonal <= 1e-30 * diagonal || offDiagonal === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // A <- J^T A J, applied to columns p, q then rows p, q.
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y * d + y] - a[x * d + x] || x - y);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((source, k) => {
    values[k] = a[source * d + source];
    for (let i = 0; i < d; i++) vectors[i * d + k] = v[i * d + source];
  });
  return { values, vectors };
}
