import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoEps, kneeIndex } from '../../../../main/engines/common/knee.ts';

test('auto eps: lowest ceil(0.95 n) kept, axes on [0, 1], first argmax of x - y (worked by hand)', () => {
  // n = 20 -> 19 kept (the 100 is dropped); x_i = i / 18, y_i = (v_i - 1) / 12.
  // i = 9 (1.9): 0.5 - 0.075 = 0.425 is the largest gap (i = 8: 0.378, i = 10: 0.222).
  const distances = [13, 1, 1.1, 100, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 5, 6, 7, 8, 9, 10, 11, 12];
  const result = autoEps(Float64Array.from(distances));
  assert.equal(result.kept, 19);
  assert.equal(result.kneeRank, 10);
  assert.equal(result.eps, 1.9);
});

test('the first of equal gaps wins; flat or single-point curves give index 0', () => {
  assert.equal(kneeIndex([0, 0, 1, 1]), 1); // gaps 0, 1/3, -1/3 ... 1/3 at i = 1 first
  assert.equal(kneeIndex([2, 2, 2]), 0);
  assert.equal(kneeIndex([5]), 0);
});
