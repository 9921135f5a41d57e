import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pcaProjection } from '../../../../main/engines/common/pca.ts';
import { symmetricEigen } from '../../../../main/engines/common/symmetric-eigen.ts';

test('PCA of +-3u and +-v with u = (0.6, 0.8), v = (-0.8, 0.6), worked by hand', () => {
  // Covariance (n - 1 = 3): 2 * 9 / 3 = 6 along u, 2 * 1 / 3 = 2/3 along v. Loadings made
  // positive at their largest entry: u as is, v flipped to (0.8, -0.6).
  const values = Float64Array.from([1.8, 2.4, -1.8, -2.4, -0.8, 0.6, 0.8, -0.6]);
  const pca = pcaProjection({ n: 4, d: 2, values }, 2);
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(pca.variances[0], 6);
  close(pca.variances[1], 2 / 3);
  const expected = [
    [3, 0],
    [-3, 0],
    [0, -1],
    [0, 1],
  ];
  expected.forEach(([pc1, pc2], i) => {
    close(pca.scores[2 * i], pc1);
    close(pca.scores[2 * i + 1], pc2);
  });
});

test('one column: pc1 is the centred column, pc2 is 0', () => {
  const pca = pcaProjection({ n: 3, d: 1, values: Float64Array.from([1, 2, 6]) }, 2);
  assert.deepEqual(Array.from(pca.scores), [-2, 0, -1, 0, 3, 0]);
});

test('Jacobi eigen-decomposition of a 3 x 3 matrix reproduces it', () => {
  const m = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
  const { values, vectors } = symmetricEigen(m, 3);
  assert.ok(values[0] >= values[1] && values[1] >= values[2]);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += vectors[r * 3 + k] * values[k] * vectors[c * 3 + k];
      assert.ok(Math.abs(sum - m[r * 3 + c]) < 1e-12);
    }
  }
});
