// Principal component scores (as R prcomp(x, center = TRUE, scale. = FALSE)$x[, 1:m]):
// eigenvectors of the sample covariance matrix (divisor n - 1), scores = centred x times
// the vectors. Sign convention: the loading with the largest absolute value in each
// component is made positive (R leaves the sign to LAPACK; this makes it reproducible).
// Cost O(n d^2) for the covariance plus O(d^3) for the eigen-decomposition.

import type { PointMatrix } from './point-matrix.ts';
import { columnMeans } from './point-matrix.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

export interface PcaProjection {
  /** Row-major n x m component scores; components beyond d are 0. */
  scores: Float64Array;
  components: number;
  /** Variance of each component (eigenvalues of the covariance matrix), length min(m, d). */
  variances: Float64Array;
  /** Row-major d x min(m, d) loadings (unit eigenvectors as columns). */
  loadings: Float64Array;
}

export function covarianceMatrix(points: PointMatrix, means = columnMeans(points)): Float64Array {
  const { n, d, values } = points;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) centred[c] = values[i * d + c] - means[c];
    for (let r = 0; r < d; r++) {
      const cr = centred[r];
      for (let c = r; c < d; c++) cov[r * d + c] += cr * centred[c];
    }
  }
  const divisor = Math.max(1, n - 1);
  for (let r = 0; r < d; r++) {
    for (let c = r; c < d; c++) {
      cov[r * d + c] /= divisor;
      cov[c * d + r] = cov[r * d + c];
    }
  }
  return cov;
}

/** Scores of every point on the first `components` principal components. */
export function pcaProjection(points: PointMatrix, components: number): PcaProjection {
  const { n, d, values } = points;
  const means = columnMeans(points);
  const eigen = symmetricEigen(covarianceMatrix(points, means), d);
  const kept = Math.min(components, d);
  const loadings = new Float64Array(d * kept);
  for (let k = 0; k < kept; k++) {
    let largest = 0;
    for (let i = 0; i < d; i++) {
      const loading = eigen.vectors[i * d + k];
      if (Math.abs(loading) > Math.abs(largest)) largest = loading;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) loadings[i * kept + k] = sign * eigen.vectors[i * d + k];
  }
  const scores = new Float64Array(n * components);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < kept; k++) {
      let score = 0;
      for (let c = 0; c < d; c++) score += (values[i * d + c] - means[c]) * loadings[c * kept + k];
      scores[i * components + k] = score;
    }
  }
  return { scores, components, variances: eigen.values.slice(0, kept), loadings };
}
