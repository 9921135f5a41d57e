import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryAccuracy } from '../../../../main/engines/rnn/accuracy.ts';

test('the share on the right side of the threshold, unlabelled customers left out', () => {
  const probabilities = [0.9, 0.2, 0.6, 0.4, 0.7];
  const labels = [1, 0, 0, 1, NaN];
  assert.equal(binaryAccuracy(probabilities, labels, 0.5), 0.5);
  // A logit of 0 is a probability of 0.5: the same verdicts.
  const logits = probabilities.map((p) => Math.log(p / (1 - p)));
  assert.equal(binaryAccuracy(logits, labels, 0), 0.5);
  // Exactly at the threshold counts as 0, as Keras's `y_pred > 0.5`.
  assert.equal(binaryAccuracy([0.5, 0.5], [0, 1], 0.5), 0.5);
  assert.ok(Number.isNaN(binaryAccuracy([0.3], [NaN], 0.5)));
});
