// Generalized Cholesky (L D L') factorization of a symmetric positive semi-definite matrix,
// with solve and inverse, as R survival's cholesky2 / chsolve2 / chinv2 (used by coxph):
// a pivot below `tolerance` times the largest diagonal element (or not finite) marks the
// column as singular; its pivot is set to 0, solves give 0 in that position and the
// inverse has a zero row and column there (coxph then reports the coefficient as NA).
// Matrices are dense row-major n x n Float64Arrays. Cost: factor O(n^3 / 6), solve O(n^2),
// inverse O(n^3).

/** survival's coxph.control()$toler.chol = .Machine$double.eps^0.75. */
export const coxphCholeskyTolerance = Math.pow(2 ** -52, 0.75);

export interface LdlFactor {
  n: number;
  /** Unit lower triangle below the diagonal, D on the diagonal (0 = singular pivot). */
  factor: Float64Array;
  rank: number;
  /** false when a pivot was clearly negative (matrix not semi-definite). */
  nonNegative: boolean;
}

/** Factors a symmetric matrix (only its upper triangle is read). */
export function ldlFactor(matrix: Float64Array, n: number, tolerance = coxphCholeskyTolerance): LdlFactor {
  const m = new Float64Array(n * n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (matrix[i * n + i] > largest) largest = matrix[i * n + i];
    for (let j = i; j < n; j++) {
      m[i * n + j] = matrix[i * n + j];
      m[j * n + i] = matrix[i * n + j];
    }
  }
  const eps = largest === 0 ? tolerance : largest * tolerance;
  let rank = 0;
  let nonNegative = true;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      if (pivot < -8 * eps) nonNegative = false;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const ratio = m[j * n + i] / pivot;
      m[j * n + i] = ratio;
      m[j * n + j] -= ratio * ratio * pivot;
      for (let k = j + 1; k < n; k++) m[k * n + j] -= ratio * m[k * n + i];
    }
  }
  return { n, factor: m, rank, nonNegative };
}

/** Solves L D L' y = b (a generalized inverse: singular positions give 0). */
export function ldlSolve(ldl: LdlFactor, b: ArrayLike<number>): Float64Array {
  const { n, factor } = ldl;
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let value = y[i];
    for (let j = 0; j < i; j++) value -= y[j] * factor[i * n + j];
    y[i] = value;
  }
  for (let i = n - 1; i >= 0; i--) {
    const pivot = factor[i * n + i];
    if (pivot === 0) {
      y[i] = 0;
      continue;
    }
    let value = y[i] / pivot;
    for (let j = i + 1; j < n; j++) value -= y[j] * factor[j * n + i];
    y[i] = value;
  }
  return y;
}

/** Whether position i of the factor is singular (zero pivot). */
export function isSingularPivot(ldl: LdlFactor, i: number): boolean {
  return ldl.factor[i * ldl.n + i] === 0;
}

/** The (generalized) inverse, row-major n x n; rows and columns of singular pivots are 0. */
export function ldlInverse(ldl: LdlFactor): Float64Array {
  const { n } = ldl;
  const inverse = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    if (isSingularPivot(ldl, c)) continue;
    unit.fill(0);
    unit[c] = 1;
    const column = ldlSolve(ldl, unit);
    for (let r = 0; r < n; r++) inverse[r * n + c] = isSingularPivot(ldl, r) ? 0 : column[r];
  }
  // Symmetrize away the last-digit differences of the two triangles.
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const mean = 0.5 * (inverse[r * n + c] + inverse[c * n + r]);
      inverse[r * n + c] = mean;
      inverse[c * n + r] = mean;
    }
  }
  return inverse;
}
