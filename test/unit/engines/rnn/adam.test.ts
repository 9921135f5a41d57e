// Adam as Keras / TF: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t), p -= lr_t m / (sqrt(v) + eps).
// The expected values were computed by hand (40-digit decimal arithmetic, rounded to doubles) for lr 0.1,
// beta1 0.9, beta2 0.999, eps 1e-7, p0 = (1, -2, 0.5), g1 = (0.5, -1, 0), g2 = (0.1, 0.2, -3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam } from '../../../../main/engines/rnn/adam.ts';

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]!) <= tolerance * Math.max(1, Math.abs(expected[i]!)),
      `entry ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

test('two Adam steps match the hand-computed Keras update', () => {
  const params = Float64Array.from([1, -2, 0.5]);
  const optimiser = new Adam(3, 0.1);
  assert.equal(optimiser.epsilon, 1e-7);
  optimiser.step(params, Float64Array.from([0.5, -1, 0]));
  assert.equal(optimiser.iterations, 1);
  assertClose(optimiser.firstMoment, [0.05, -0.1, 0], 1e-15);
  assertClose(optimiser.secondMoment, [0.00025, 0.001, 0], 1e-15);
  assertClose(params, [0.9000006324515321, -1.900000316226766, 0.5], 1e-14);
  optimiser.step(params, Float64Array.from([0.1, 0.2, -3]));
  assertClose(optimiser.firstMoment, [0.055, -0.07, -0.3], 1e-15);
  assertClose(optimiser.secondMoment, [0.00025975, 0.001039, 0.009], 1e-15);
  assertClose(params, [0.8196970328698234, -1.8488978670466376, 0.574413603917873], 1e-14);
});

test('reset forgets the moments and the bias-correction clock', () => {
  const first = Float64Array.from([1, 2]);
  const second = Float64Array.from([1, 2]);
  const optimiser = new Adam(2, 0.01);
  optimiser.step(first, Float64Array.from([0.3, -0.4]));
  optimiser.reset();
  assert.equal(optimiser.iterations, 0);
  optimiser.step(first, Float64Array.from([0.3, -0.4]));
  const fresh = new Adam(2, 0.01);
  fresh.step(second, Float64Array.from([0.3, -0.4]));
  fresh.step(second, Float64Array.from([0.3, -0.4]));
  // first took one step before the reset and one after; second took two: different bias corrections.
  assert.notDeepEqual(Array.from(first), Array.from(second));
  const again = Float64Array.from([1, 2]);
  const third = new Adam(2, 0.01);
  third.step(again, Float64Array.from([0.3, -0.4]));
  third.reset();
  third.step(again, Float64Array.from([0.3, -0.4]));
  assert.deepEqual(Array.from(again), Array.from(first));
});

test('mismatched lengths and a non-positive learning rate are refused', () => {
  assert.throws(() => new Adam(3, 0), /learning rate/);
  const optimiser = new Adam(3);
  assert.throws(() => optimiser.step(new Float64Array(3), new Float64Array(2)), /expected 3/);
});
