// Keras-style weight initialisers for the recurrent model, drawn from the project's seeded Rng
// (main/engines/common/rng.ts), so the same seed gives the same weights on every machine.
//
// - Glorot (Xavier) uniform, Keras `glorot_uniform`: every entry of a rows x cols kernel is
//   uniform on [-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), fan_in = rows,
//   fan_out = cols. Cost O(rows cols).
// - Orthogonal, Keras `Orthogonal` (gain 1): for a rows x cols matrix, draw a standard normal
//   matrix A of max(rows, cols) x min(rows, cols), take its thin QR decomposition A = QR and
//   multiply each column of Q by the sign of the matching diagonal entry of R. The result is
//   Q itself if rows >= cols (orthonormal COLUMNS) and Q transposed if rows < cols
//   (orthonormal ROWS). So the recurrent kernel U [H x 3H] of a GRU (or [H x 4H] of an LSTM)
//   satisfies U U' = I_H, its H rows orthonormal; U' U is not the identity. The sign
//   correction makes Q the unique factor with a positive diagonal of R, so it does not
//   depend on how the QR is computed (Householder reflections here, LAPACK in TensorFlow).
//   Cost O(n m^2) for n = max(rows, cols), m = min(rows, cols).
// Gaussian draws come from Rng.nextNormal (polar Box-Muller).

import type { Rng } from '../common/rng.ts';

/** Fills out[offset .. offset + rows * cols) with a row-major Glorot-uniform rows x cols kernel. */
export function fillGlorotUniform(
  rng: Rng,
  rows: number,
  cols: number,
  out: Float64Array,
  offset: number,
): void {
  const limit = Math.sqrt(6 / (rows + cols));
  const size = rows * cols;
  for (let i = 0; i < size; i++) out[offset + i] = limit * (2 * rng.nextFloat() - 1);
}

/**
 * Fills out[offset .. offset + rows * cols) with a row-major orthogonal rows x cols matrix as
 * Keras builds it: orthonormal columns when rows >= cols, orthonormal rows otherwise.
 */
export function fillOrthogonal(
  rng: Rng,
  rows: number,
  cols: number,
  out: Float64Array,
  offset: number,
): void {
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  const gaussian = new Float64Array(tall * narrow); // row-major tall x narrow
  for (let i = 0; i < gaussian.length; i++) gaussian[i] = rng.nextNormal();
  const q = thinQ(gaussian, tall, narrow);
  if (rows >= cols) {
    out.set(q, offset);
  } else {
    // rows x cols = transpose of the tall x narrow factor (tall = cols, narrow = rows).
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[offset + r * cols + c] = q[c * narrow + r];
    }
  }
}

/**
 * The Q factor (n x m, row-major, orthonormal columns) of the thin QR decomposition of the
 * row-major n x m matrix `a` (n >= m), with column j multiplied by sign(R[j][j]) so that the
 * diagonal of R is non-negative. Householder reflections; `a` is overwritten. O(n m^2).
 */
export function thinQ(a: Float64Array, n: number, m: number): Float64Array {
  const reflectors = new Float64Array(n * m); // column j holds the unit Householder vector v_j (rows j..n-1)
  const diagonalSigns = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i * m + j] * a[i * m + j];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diagonalSigns[j] = 1; // a zero column (probability 0): R[j][j] = 0, keep the reflection out
      continue;
    }
    // Reflect column j onto alpha e_j with alpha = -sign(a_jj) |column| (no cancellation).
    const alpha = a[j * m + j] >= 0 ? -norm : norm;
    let vNorm = 0;
    for (let i = j; i < n; i++) {
      const v = i === j ? a[i * m + j] - alpha : a[i * m + j];
      reflectors[i * m + j] = v;
      vNorm += v * v;
    }
    vNorm = Math.sqrt(vNorm);
    for (let i = j; i < n; i++) reflectors[i * m + j] /= vNorm;
    // Apply H = I - 2 v v' to the remaining columns j..m-1.
    for (let c = j; c < m; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += reflectors[i * m + j] * a[i * m + c];
      for (let i = j; i < n; i++) a[i * m + c] -= 2 * dot * reflectors[i * m + j];
    }
    diagonalSigns[j] = alpha >= 0 ? 1 : -1; // R[j][j] = alpha
  }
  // Q = H_0 H_1 ... H_{m-1} applied to the first m columns of the identity, last reflector first.
  const q = new Float64Array(n * m);
  for (let j = 0; j < m; j++) q[j * m + j] = 1;
  for (let j = m - 1; j >= 0; j--) {
    for (let c = 0; c < m; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += reflectors[i * m + j] * q[i * m + c];
      if (dot === 0) continue;
      for (let i = j; i < n; i++) q[i * m + c] -= 2 * dot * reflectors[i * m + j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) q[i * m + j] *= diagonalSigns[j];
  }
  return q;
}
