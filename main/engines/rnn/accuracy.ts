// Keras binary accuracy: the share of customers whose score falls on their label's side of a
// threshold (a probability of 0.5, or a logit of 0: the same customers). Customers without a
// label (NaN) are left out, as in the AUC. O(n).

export function binaryAccuracy(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): number {
  let right = 0;
  let counted = 0;
  for (let i = 0; i < scores.length; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) continue;
    counted++;
    if (scores[i] > threshold === (label === 1)) right++;
  }
  return counted === 0 ? NaN : right / counted;
}
