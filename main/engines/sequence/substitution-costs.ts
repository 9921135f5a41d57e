// Substitution costs between states, as TraMineR's seqsubm / seqcost (K x K, row-major, by
// alphabet code; the diagonal 0):
//   TRATE     cost(a, b) = 2 - p(a, b) - p(b, a) with p(a, b) = n(a, b) / sum_b' n(a, b'), the
//             transitions pooled over every consecutive pair of periods of every customer
//             (lag 1, time-invariant, self-transitions counted in the row total); a state never
//             left (no transition out of it) has p(a, .) = 0. Evaluated once per pair with a the
//             state first in the alphabet, as (2 - p(a, b)) - p(b, a), and mirrored, so the
//             matrix is exactly symmetric and the doubles are TraMineR's.
//   CONSTANT  every off-diagonal cost the same value (TraMineR's default: 2 for OM, 1 for HAM).
// Cost: O(n T + K^2).
import type { EncodedSequences } from './sequences.ts';

export interface SubstitutionCosts {
  /** Alphabet size. */
  states: number;
  /** Row-major K x K. */
  costs: Float64Array;
}

export function constantCosts(states: number, cost: number): SubstitutionCosts {
  const costs = new Float64Array(states * states);
  for (let a = 0; a < states; a++) for (let b = 0; b < states; b++) if (a !== b) costs[a * states + b] = cost;
  return { states, costs };
}

/**
 * The pooled lag-1 transition rates p(a, b) (row-major K x K; a row of zeros for a state never
 * left), as TraMineR's seqtrate: what TRATE costs are made of.
 */
export function transitionRates(sequences: EncodedSequences): Float64Array {
  const K = sequences.alphabet.length;
  const T = sequences.length;
  const counts = new Float64Array(K * K);
  const { codes, n } = sequences;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let t = 0; t + 1 < T; t++) counts[codes[row + t]! * K + codes[row + t + 1]!]!++;
  }
  const rates = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    let total = 0;
    for (let b = 0; b < K; b++) total += counts[a * K + b]!;
    if (total > 0) for (let b = 0; b < K; b++) rates[a * K + b] = counts[a * K + b]! / total;
  }
  return rates;
}

export function transitionRateCosts(sequences: EncodedSequences): SubstitutionCosts {
  const K = sequences.alphabet.length;
  const rates = transitionRates(sequences);
  const costs = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const cost = 2 - rates[a * K + b]! - rates[b * K + a]!;
      costs[a * K + b] = cost;
      costs[b * K + a] = cost;
    }
  }
  return { states: K, costs };
}
