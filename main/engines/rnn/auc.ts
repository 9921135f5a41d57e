// The area under the ROC curve as the rank statistic (Mann-Whitney U with average ranks for
// ties), which is what sklearn's roc_auc_score returns:
//   AUC = U / (n1 n0),  U = sum over positives of #(negatives scored lower) + 1/2 #(tied),
// computed group by group of equal scores after one sort, with integer (or half-integer)
// counts, so U is exact. The ROC curve gives, for every distinct score taken as a threshold
// from the highest down, fpr = FP / n0 and tpr = TP / n1 (from (0, 0) to (1, 1)); collinear
// intermediate points are dropped (every point kept is a corner of the step curve, as
// sklearn's drop_intermediate), and a longer curve is thinned to at most maxPoints points
// spread evenly along fpr + tpr, the first and last kept.
// Labels: 1 positive, 0 negative, anything else (NaN: a customer without a label) left out.
// With `customers`, scores[i] belongs to customer customers[i] and labels is indexed by customer
// (the order model.ts predict writes its outputs in); without it scores[i] pairs with labels[i].
// Cost: O(n log n) time (one sort of the scores), O(n) memory.

import { stableOrder } from '../common/stable-order.ts';

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
}

interface Grouped {
  /** Per group of equal scores, from the highest score down: positives and negatives in it. */
  positives: Float64Array;
  negatives: Float64Array;
  groupCount: number;
  n1: number;
  n0: number;
  /** A score was NaN among the labelled entries. */
  invalid: boolean;
}

function groupByScore(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  customers?: ArrayLike<number>,
): Grouped {
  const count = customers ? customers.length : scores.length;
  if (!customers && labels.length !== scores.length) {
    throw new Error(`auc: ${scores.length} scores for ${labels.length} labels`);
  }
  const keys = new Float64Array(count);
  const positive = new Uint8Array(count);
  let m = 0;
  let n1 = 0;
  let invalid = false;
  for (let i = 0; i < count; i++) {
    const label = labels[customers ? customers[i] : i];
    if (label !== 0 && label !== 1) continue;
    const score = scores[i];
    if (Number.isNaN(score)) invalid = true;
    keys[m] = score;
    positive[m] = label;
    n1 += label;
    m++;
  }
  const positives = new Float64Array(invalid ? 0 : m);
  const negatives = new Float64Array(invalid ? 0 : m);
  if (invalid) return { positives, negatives, groupCount: 0, n1, n0: m - n1, invalid };
  const order = stableOrder(keys.subarray(0, m), true);
  let groupCount = 0;
  for (let k = 0; k < m;) {
    const score = keys[order[k]];
    let p = 0;
    let q = 0;
    for (; k < m && keys[order[k]] === score; k++) {
      if (positive[order[k]] === 1) p++;
      else q++;
    }
    positives[groupCount] = p;
    negatives[groupCount] = q;
    groupCount++;
  }
  return { positives, negatives, groupCount, n1, n0: m - n1, invalid };
}

/** Exact AUC (Mann-Whitney U / (n1 n0)); NaN when a class is empty or a labelled score is NaN. */
export function rankAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  customers?: ArrayLike<number>,
): number {
  const g = groupByScore(scores, labels, customers);
  if (g.invalid || g.n1 === 0 || g.n0 === 0) return NaN;
  // Groups run from the highest score down: the negatives below a group are those not yet seen.
  let u = 0;
  let negativesBelow = g.n0;
  for (let k = 0; k < g.groupCount; k++) {
    negativesBelow -= g.negatives[k];
    u += g.positives[k] * (negativesBelow + 0.5 * g.negatives[k]);
  }
  return u / (g.n1 * g.n0);
}

/** ROC points (fpr, tpr) from (0, 0) to (1, 1), corners only, at most maxPoints (>= 2); empty without both classes. */
export function rocCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  maxPoints: number,
  customers?: ArrayLike<number>,
): RocCurve {
  if (!(maxPoints >= 2)) throw new Error(`rocCurve: maxPoints ${maxPoints} < 2`);
  const g = groupByScore(scores, labels, customers);
  if (g.invalid || g.n1 === 0 || g.n0 === 0) return { fpr: new Float64Array(0), tpr: new Float64Array(0) };
  // Cumulative (FP, TP) counts; a point is kept only when it turns the curve.
  const fp = new Float64Array(g.groupCount + 1);
  const tp = new Float64Array(g.groupCount + 1);
  let m = 1;
  let fpSum = 0;
  let tpSum = 0;
  for (let k = 0; k < g.groupCount; k++) {
    fpSum += g.negatives[k];
    tpSum += g.positives[k];
    // Drop the previous point when it lies on the segment from the one before it to this one.
    if (m >= 2) {
      const cross =
        (fp[m - 1] - fp[m - 2]) * (tpSum - tp[m - 1]) - (tp[m - 1] - tp[m - 2]) * (fpSum - fp[m - 1]);
      if (cross === 0) m--;
    }
    fp[m] = fpSum;
    tp[m] = tpSum;
    m++;
  }
  // Thin: keep the first point of every new bucket of (fpr + tpr) / 2, and the last point.
  const buckets = maxPoints - 1;
  const keep: number[] = [0];
  let lastBucket = 0;
  for (let i = 1; i < m - 1; i++) {
    if (m <= maxPoints) {
      keep.push(i);
      continue;
    }
    const bucket = Math.floor(((fp[i] / g.n0 + tp[i] / g.n1) / 2) * buckets);
    if (bucket > lastBucket && bucket < buckets && keep.length < maxPoints - 1) {
      keep.push(i);
      lastBucket = bucket;
    }
  }
  keep.push(m - 1);
  const fpr = new Float64Array(keep.length);
  const tpr = new Float64Array(keep.length);
  keep.forEach((i, j) => {
    fpr[j] = fp[i] / g.n0;
    tpr[j] = tp[i] / g.n1;
  });
  return { fpr, tpr };
}
