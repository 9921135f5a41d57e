// Normal and chi-square tails against values printed by R, and survival's generalized
// Cholesky (solve, inverse, singular pivots) on small matrices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareUpperTail,
  erfc,
  logGamma,
  normalQuantile975,
  normalUpperTail,
  twoSidedNormalP,
} from '../../../../main/engines/common/normal-distribution.ts';
import { ldlFactor, ldlInverse, ldlSolve } from '../../../../main/engines/common/ldl-cholesky.ts';

function assertRelative(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.abs(expected),
    `${what}: got ${actual}, expected ${expected}`,
  );
}

test('normal tails as R pnorm(lower.tail = FALSE), accurate far into the tail', () => {
  assertRelative(normalUpperTail(10), 7.619853024160527e-24, 1e-12, 'pnorm(-10)');
  assertRelative(normalUpperTail(normalQuantile975), 0.025, 1e-12, 'pnorm(-qnorm(0.975))');
  assertRelative(twoSidedNormalP(normalQuantile975), 0.05, 1e-12, '2 pnorm(-1.96)');
  assertRelative(erfc(0.5), 0.4795001221869535, 1e-14, 'erfc(0.5)');
  assertRelative(erfc(1.5), 0.033894853524689274, 1e-13, 'erfc(1.5)');
  assertRelative(erfc(3), 2.209049699858544e-5, 1e-13, 'erfc(3)');
  assertRelative(erfc(-1.5), 2 - 0.033894853524689274, 1e-15, 'erfc(-1.5)');
  assert.equal(twoSidedNormalP(0), 1);
  assertRelative(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14, 'lgamma(1/2)');
  assertRelative(logGamma(10), Math.log(362880), 1e-14, 'lgamma(10)');
});

test('chi-square tails as R pchisq(lower.tail = FALSE)', () => {
  assertRelative(chiSquareUpperTail(3.841458820694124, 1), 0.05, 1e-12, 'pchisq(3.84, 1)');
  // 1 - pchisq(x, 2) = exp(-x / 2) exactly.
  assertRelative(chiSquareUpperTail(1e-3, 2), Math.exp(-5e-4), 1e-14, 'pchisq(0.001, 2)');
  assertRelative(chiSquareUpperTail(200, 2), Math.exp(-100), 1e-12, 'pchisq(200, 2)');
  // 1 - pchisq(x, 4) = exp(-x / 2) (1 + x / 2).
  assertRelative(chiSquareUpperTail(10, 4), Math.exp(-5) * 6, 1e-13, 'pchisq(10, 4)');
  assert.equal(chiSquareUpperTail(0, 3), 1);
});

test('generalized Cholesky: solve and inverse; a dependent column is singular and zeroed', () => {
  // [[4, 2], [2, 3]]: inverse [[3, -2], [-2, 4]] / 8.
  const factor = ldlFactor(Float64Array.of(4, 2, 2, 3), 2);
  assert.equal(factor.rank, 2);
  const solution = ldlSolve(factor, [2, 1]);
  assertRelative(solution[0], 0.5, 1e-15, 'x1');
  assert.ok(Math.abs(solution[1]) < 1e-15);
  const inverse = ldlInverse(factor);
  [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((value, i) => assertRelative(inverse[i], value, 1e-14, `inv ${i}`));
  // Column 2 = 2 * column 1: rank 1, pivot 2 singular.
  const singular = ldlFactor(Float64Array.of(1, 2, 2, 4), 2);
  assert.equal(singular.rank, 1);
  assert.deepEqual(Array.from(ldlInverse(singular)), [1, 0, 0, 0]);
  assert.deepEqual(Array.from(ldlSolve(singular, [3, 6])), [3, 0]);
});
