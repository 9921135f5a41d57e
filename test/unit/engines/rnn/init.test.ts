// Initialisers against their definitions (Keras glorot_uniform, Orthogonal, zero / unit-forget
// biases): limits, orthonormality as Keras guarantees it (a wide [H x GH] recurrent kernel has
// orthonormal ROWS, U U' = I_H), the QR sign convention, and determinism for a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { fillGlorotUniform, fillOrthogonal, thinQ } from '../../../../main/engines/rnn/init.ts';
import { initialParameters, parameterLayout, type ModelShape } from '../../../../main/engines/rnn/model.ts';

/** Largest |(M M')_ij - I_ij| for the row-major rows x cols matrix at values[offset ..]. */
function rowOrthonormalityError(values: Float64Array, offset: number, rows: number, cols: number): number {
  let worst = 0;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < rows; b++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += values[offset + a * cols + c] * values[offset + b * cols + c];
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

function transpose(values: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

test('glorot uniform stays within sqrt(6 / (fan_in + fan_out)) and fills the range evenly', () => {
  const rows = 40;
  const cols = 60;
  const out = new Float64Array(rows * cols + 2).fill(99);
  fillGlorotUniform(new Rng(3), rows, cols, out, 1);
  assert.equal(out[0], 99);
  assert.equal(out[out.length - 1], 99);
  const limit = Math.sqrt(6 / (rows + cols));
  const kernel = out.subarray(1, 1 + rows * cols);
  let sum = 0;
  let sumSquares = 0;
  for (const value of kernel) {
    assert.ok(value >= -limit && value < limit);
    sum += value;
    sumSquares += value * value;
  }
  const n = kernel.length;
  assert.ok(Math.abs(sum / n) < 0.05 * limit);
  // Variance of U(-l, l) is l^2 / 3 = 2 / (fan_in + fan_out).
  assert.ok(Math.abs(sumSquares / n / ((limit * limit) / 3) - 1) < 0.08);
  assert.ok(Math.max(...kernel) > 0.97 * limit && Math.min(...kernel) < -0.97 * limit);
});

test('orthogonal: wide matrices get orthonormal rows, tall ones orthonormal columns, square both', () => {
  const wide = new Float64Array(10 * 30);
  fillOrthogonal(new Rng(1), 10, 30, wide, 0);
  assert.ok(rowOrthonormalityError(wide, 0, 10, 30) < 1e-12);
  // The columns of a 10 x 30 matrix cannot be orthonormal: U' U is a rank-10 projection.
  assert.ok(rowOrthonormalityError(transpose(wide, 10, 30), 0, 30, 10) > 0.5);

  const tall = new Float64Array(12 * 5);
  fillOrthogonal(new Rng(2), 12, 5, tall, 0);
  assert.ok(rowOrthonormalityError(transpose(tall, 12, 5), 0, 5, 12) < 1e-12);

  const square = new Float64Array(7 * 7);
  fillOrthogonal(new Rng(4), 7, 7, square, 0);
  assert.ok(rowOrthonormalityError(square, 0, 7, 7) < 1e-12);
  assert.ok(rowOrthonormalityError(transpose(square, 7, 7), 0, 7, 7) < 1e-12);
});

test('thinQ gives A = Q R with orthonormal Q and R upper triangular with a non-negative diagonal', () => {
  const rng = new Rng(11);
  for (const [n, m] of [
    [9, 4],
    [5, 5],
    [30, 10],
  ] as const) {
    const a = Float64Array.from({ length: n * m }, () => rng.nextNormal());
    const q = thinQ(Float64Array.from(a), n, m);
    assert.ok(rowOrthonormalityError(transpose(q, n, m), 0, m, n) < 1e-12);
    // R = Q' A.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let r = 0;
        for (let row = 0; row < n; row++) r += q[row * m + i] * a[row * m + j];
        if (i > j) assert.ok(Math.abs(r) < 1e-12, `R[${i}][${j}] = ${r}`);
        if (i === j) assert.ok(r > 0, `R[${i}][${i}] = ${r}`);
      }
    }
    // Q R reproduces A.
    for (let row = 0; row < n; row++) {
      for (let j = 0; j < m; j++) {
        let value = 0;
        for (let i = 0; i <= j; i++) {
          let r = 0;
          for (let s = 0; s < n; s++) r += q[s * m + i] * a[s * m + j];
          value += q[row * m + i] * r;
        }
        assert.ok(Math.abs(value - a[row * m + j]) < 1e-12);
      }
    }
  }
});

for (const cell of ['gru', 'lstm'] as const) {
  test(`${cell}: initial parameters follow the Keras initialisers and the layout`, () => {
    const shape: ModelShape = { cell, inputSize: 7, units: 10, denseUnits: 10 };
    const layout = parameterLayout(shape);
    const gates = cell === 'gru' ? 3 : 4;
    assert.equal(layout.size, 7 * gates * 10 + 10 * gates * 10 + gates * 10 + 10 * 10 + 10 + 10 + 1);
    const params = initialParameters(shape, 42);
    assert.equal(params.length, layout.size);
    const within = (slice: { offset: number; rows: number; cols: number }): void => {
      const limit = Math.sqrt(6 / (slice.rows + slice.cols));
      const values = params.subarray(slice.offset, slice.offset + slice.rows * slice.cols);
      assert.ok(values.every((value) => Math.abs(value) <= limit));
      assert.ok(Math.max(...values.map(Math.abs)) > 0.5 * limit);
    };
    within(layout.W);
    within(layout.dense1Kernel);
    within(layout.dense2Kernel);
    assert.ok(rowOrthonormalityError(params, layout.U.offset, layout.U.rows, layout.U.cols) < 1e-12);
    const bias = Array.from(params.subarray(layout.b.offset, layout.b.offset + gates * 10));
    const expectedBias = Array.from({ length: gates * 10 }, (_, j) =>
      cell === 'lstm' && j >= 10 && j < 20 ? 1 : 0,
    );
    assert.deepEqual(bias, expectedBias);
    assert.ok(
      params.subarray(layout.dense1Bias.offset, layout.dense1Bias.offset + 10).every((value) => value === 0),
    );
    assert.equal(params[layout.dense2Bias.offset], 0);
  });

  test(`${cell}: the same seed gives the same parameters, another seed others`, () => {
    const shape: ModelShape = { cell, inputSize: 3, units: 4, denseUnits: 2 };
    assert.deepEqual(initialParameters(shape, 7), initialParameters(shape, 7));
    assert.notDeepEqual(initialParameters(shape, 7), initialParameters(shape, 8));
  });
}
