// Mean time spent in each state, as TraMineR's seqmeant (unweighted):
//   mean(s) = sum over customers of #{periods t: x[i, t] = s} / n,
// in periods (not proportions); "*" and the periods after a journey's end count for no state,
// so the means sum to T only when every journey is complete. The total is an exact integer, so the
// mean is one rounding of count / n, as R's sum(istatd) / n. With n = 0 the means are NaN.
// Cost: O(n T + K) time, O(K) memory.
import type { EncodedSequences } from './sequences.ts';

export interface MeanTime {
  /** States, in alphabet order. */
  alphabet: string[];
  /** Total periods spent in each state over all customers. */
  totals: Float64Array;
  /** Mean periods per customer in each state. */
  means: Float64Array;
}

export function meanTime(seq: EncodedSequences): MeanTime {
  const { n, length: T, codes } = seq;
  const K = seq.states;
  const totals = new Float64Array(K);
  // "*" and the void after a journey's end count for no state (seqmeant without missing).
  for (let k = 0; k < n * T; k++) if (codes[k] < K) totals[codes[k]]++;
  const means = totals.map((total) => total / n);
  return { alphabet: seq.alphabet.slice(0, K), totals, means };
}
