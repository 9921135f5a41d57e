// rankAuc and rocCurve: hand examples (sklearn roc_auc_score / roc_curve values), ties, a
// brute-force pair count, labels without a value, the customers indirection, thinning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankAuc, rocCurve } from '../../../../main/engines/rnn/auc.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';

function bruteAuc(scores: number[], labels: number[]): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      u += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return u / pairs;
}

function trapezoid(fpr: Float64Array, tpr: Float64Array): number {
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return area;
}

test('hand examples: sklearn roc_auc_score values', () => {
  // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
  assert.equal(rankAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(rankAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]), 1);
  assert.equal(rankAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0]), 0);
});

test('ties count one half (average ranks)', () => {
  assert.equal(rankAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
  // pos 2 vs neg 1 (1) and neg 2 (1/2); pos 3 above both: 3.5 / 4.
  assert.equal(rankAuc([1, 2, 2, 3], [0, 0, 1, 1]), 0.875);
  // Mann-Whitney with average ranks: ranks 1, 3, 3, 3, 5; R1 = 3 + 5 = 8; U = 8 - 3 = 5; 5 / 6.
  assert.equal(rankAuc([1, 2, 2, 2, 3], [0, 0, 1, 0, 1]), 5 / 6);
});

test('matches a brute-force pair count on random scores with many ties', () => {
  const rng = new Rng(11);
  for (const n of [2, 10, 500]) {
    const scores = Array.from({ length: n }, () => rng.nextInt(20) / 20);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.nextInt(2)));
    assert.ok(Math.abs(rankAuc(scores, labels) - bruteAuc(scores, labels)) < 1e-15, `n ${n}`);
  }
});

test('labels without a value are left out; a missing class or a NaN score gives NaN', () => {
  assert.equal(rankAuc([0.1, 0.9, 0.95, 0.4, 0.8], [0, NaN, 0, 0, 1]), 2 / 3);
  assert.ok(Number.isNaN(rankAuc([0.1, 0.2], [1, 1])));
  assert.ok(Number.isNaN(rankAuc([0.1, 0.2, 0.3], [1, NaN, NaN])));
  assert.ok(Number.isNaN(rankAuc([0.1, NaN], [1, 0])));
  assert.ok(Number.isNaN(rankAuc([], [])));
  assert.throws(() => rankAuc([0.1, 0.2], [1]), /2 scores for 1 labels/);
});

test('with customers: scores in the order of customers, labels indexed by customer', () => {
  const labels = [0, 1, 0, 1, 1, 0];
  const customers = Int32Array.from([3, 0, 5, 1]);
  // customer 3 (1): 0.9, customer 0 (0): 0.1, customer 5 (0): 0.95, customer 1 (1): 0.5
  assert.equal(rankAuc([0.9, 0.1, 0.95, 0.5], labels, customers), 0.5);
  const curve = rocCurve([0.9, 0.1, 0.95, 0.5], labels, 100, customers);
  assert.equal(trapezoid(curve.fpr, curve.tpr), 0.5);
});

test('rocCurve: sklearn roc_curve corners, ties as one diagonal step', () => {
  // roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]): fpr 0 0 .5 .5 1, tpr 0 .5 .5 1 1.
  const a = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 100);
  assert.deepEqual(Array.from(a.fpr), [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(Array.from(a.tpr), [0, 0.5, 0.5, 1, 1]);
  const tied = rocCurve([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 100);
  assert.deepEqual(Array.from(tied.fpr), [0, 1]);
  assert.deepEqual(Array.from(tied.tpr), [0, 1]);
  // Collinear steps are merged: three positives then three negatives, one at a time.
  const straight = rocCurve([6, 5, 4, 3, 2, 1], [1, 1, 1, 0, 0, 0], 100);
  assert.deepEqual(Array.from(straight.fpr), [0, 0, 1]);
  assert.deepEqual(Array.from(straight.tpr), [0, 1, 1]);
  const none = rocCurve([0.1, 0.2], [0, 0], 100);
  assert.equal(none.fpr.length, 0);
  assert.throws(() => rocCurve([0.1], [1], 1), /maxPoints 1 < 2/);
});

test('rocCurve: the area under the full curve is the AUC; thinning keeps the ends and the shape', () => {
  const rng = new Rng(2);
  const n = 20000;
  const labels = Array.from({ length: n }, () => rng.nextInt(2));
  const scores = labels.map((y) => rng.nextNormal() + y);
  const rounded = scores.map((s) => Math.round(s * 50) / 50); // ties
  for (const s of [scores, rounded]) {
    const auc = rankAuc(s, labels);
    const full = rocCurve(s, labels, 1e9);
    // A point per corner: fewer than the distinct scores once collinear steps are merged.
    assert.equal(rocCurve(s, labels, full.fpr.length).fpr.length, full.fpr.length);
    assert.ok(Math.abs(trapezoid(full.fpr, full.tpr) - auc) < 1e-12);
    for (const maxPoints of [2, 3, 50, 500]) {
      const thin = rocCurve(s, labels, maxPoints);
      assert.ok(thin.fpr.length <= maxPoints && thin.fpr.length >= 2, `${maxPoints}: ${thin.fpr.length}`);
      assert.deepEqual([thin.fpr[0], thin.tpr[0]], [0, 0]);
      assert.deepEqual([thin.fpr.at(-1), thin.tpr.at(-1)], [1, 1]);
      for (let i = 1; i < thin.fpr.length; i++) {
        assert.ok(thin.fpr[i]! >= thin.fpr[i - 1]! && thin.tpr[i]! >= thin.tpr[i - 1]!);
      }
      if (maxPoints >= 50) {
        const expected = Math.min(full.fpr.length, maxPoints * 0.8);
        assert.ok(thin.fpr.length >= expected, `${maxPoints}: only ${thin.fpr.length}`);
        assert.ok(Math.abs(trapezoid(thin.fpr, thin.tpr) - auc) < 0.01);
      }
    }
  }
});
