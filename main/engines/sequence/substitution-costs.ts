// Substitution costs between states, as TraMineR's seqsubm / seqcost (K x K, row-major, by
// alphabet code; the diagonal 0), and the transition rates they are made of (seqtrate):
//   rates     p(a, b) = n(a, b) / sum_b' n(a, b') over every consecutive pair of periods of
//             every customer (lag 1), self-transitions in the row total, a transition into a
//             journey's end (void) or into "*" not counted (unless "*" is a state: with
//             missing); a state never left has p(a, .) = 0. Time-varying: one such matrix per
//             pair of consecutive periods.
//   TRATE     cost(a, b) = cval - p(a, b) - p(b, a), cval = 2, evaluated once per pair with a
//             the state first in the alphabet, as (2 - p(a, b)) - p(b, a), and mirrored, so the
//             matrix is exactly symmetric and the doubles are TraMineR's.
//   DHD       time-varying TRATE (seqcost time.varying, transition "both", cval = 4): at period
//             t, c = (0 - p_{t-1}(a, b) - p_{t-1}(b, a)) - p_t(a, b) - p_t(b, a) then c + 4, at the
//             first and last periods 4 + 2 c from the one transition there; never below 0.
//   CONSTANT  every off-diagonal cost the same value (TraMineR's default: 2 for OM, 1 for HAM).
// With "*" a state (with missing) every cost to or from it is cval (seqcost's miss.cost).
// Cost: O(n T + K^2) (O(n T + T K^2) time-varying).
import type { EncodedSequences } from './sequences.ts';

export interface SubstitutionCosts {
  /** Alphabet size (with "*" when it is a state). */
  states: number;
  /** Row-major K x K, or periods x K x K when `periods` is given (time-varying). */
  costs: Float64Array;
  /** Time-varying costs: one K x K matrix per period. */
  periods?: number;
}

/** States the costs cover: the alphabet, "*" included when it is a state. */
function costStates(sequences: EncodedSequences): number {
  return sequences.alphabet.length;
}

export function constantCosts(states: number, cost: number): SubstitutionCosts {
  const costs = new Float64Array(states * states);
  for (let a = 0; a < states; a++) for (let b = 0; b < states; b++) if (a !== b) costs[a * states + b] = cost;
  return { states, costs };
}

/**
 * Transition rates (row-major K' x K', a row of zeros for a state never left) pooled over all
 * periods, or for the transition from period `from` to `from + 1` only. K' is the number of
 * states proper, or the whole alphabet with "*" when `withMissing`.
 */
export function transitionRates(
  sequences: EncodedSequences,
  withMissing = false,
  from?: number,
): Float64Array {
  const K = withMissing ? costStates(sequences) : sequences.states;
  const T = sequences.length;
  const counts = new Float64Array(K * K);
  const { codes, n } = sequences;
  const first = from ?? 0;
  const last = from === undefined ? T - 1 : from + 1;
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let t = first; t < last; t++) {
      const a = codes[row + t]!;
      const b = codes[row + t + 1]!;
      if (a < K && b < K) counts[a * K + b]!++;
    }
  }
  const rates = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    let total = 0;
    for (let b = 0; b < K; b++) total += counts[a * K + b]!;
    if (total > 0) for (let b = 0; b < K; b++) rates[a * K + b] = counts[a * K + b]! / total;
  }
  return rates;
}

/** Costs to and from "*" (the last state) set to `cost`, when it is a state. */
function missingCosts(sequences: EncodedSequences, matrix: Float64Array, offset: number, cost: number): void {
  if (sequences.missing < 0) return;
  const K = costStates(sequences);
  const m = sequences.missing;
  for (let a = 0; a < K; a++) {
    if (a === m) continue;
    matrix[offset + m * K + a] = cost;
    matrix[offset + a * K + m] = cost;
  }
}

export function transitionRateCosts(sequences: EncodedSequences): SubstitutionCosts {
  const K = costStates(sequences);
  const rates = transitionRates(sequences, sequences.missing >= 0);
  const costs = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const cost = 2 - rates[a * K + b]! - rates[b * K + a]!;
      costs[a * K + b] = cost;
      costs[b * K + a] = cost;
    }
  }
  missingCosts(sequences, costs, 0, 2);
  return { states: K, costs };
}

/** DHD's time-varying TRATE costs (seqcost(method = "TRATE", time.varying = TRUE), cval 4). */
export function timeVaryingRateCosts(sequences: EncodedSequences): SubstitutionCosts {
  const K = costStates(sequences);
  const T = sequences.length;
  const cval = 4;
  const withMissing = sequences.missing >= 0;
  const rates = Array.from({ length: Math.max(0, T - 1) }, (_, t) =>
    transitionRates(sequences, withMissing, t),
  );
  const costs = new Float64Array(T * K * K);
  for (let t = 0; t < T; t++) {
    const first = t === 0;
    const last = t === T - 1;
    const offset = t * K * K;
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        let cost = 0;
        if (!first) cost = cost - rates[t - 1]![a * K + b]! - rates[t - 1]![b * K + a]!;
        if (!last) cost = cost - rates[t]![a * K + b]! - rates[t]![b * K + a]!;
        const value = Math.max(0, !first && !last ? cost + cval : cval + 2 * cost);
        costs[offset + a * K + b] = value;
        costs[offset + b * K + a] = value;
      }
    }
    missingCosts(sequences, costs, offset, cval);
  }
  return { states: K, costs, periods: T };
}

/** The same K x K costs for every one of `periods` periods (HAM as a position-wise distance). */
export function repeatCosts(costs: SubstitutionCosts, periods: number): SubstitutionCosts {
  const plane = costs.states * costs.states;
  const repeated = new Float64Array(periods * plane);
  for (let t = 0; t < periods; t++) repeated.set(costs.costs.subarray(0, plane), t * plane);
  return { states: costs.states, costs: repeated, periods };
}

/** HAM's and DHD's largest possible distance: the sum over periods of each period's largest cost. */
export function largestPositionDistance(costs: SubstitutionCosts): number {
  const plane = costs.states * costs.states;
  let total = 0;
  for (let t = 0; t < (costs.periods ?? 1); t++) {
    let largest = -Infinity;
    for (let k = 0; k < plane; k++)
      if (costs.costs[t * plane + k]! > largest) largest = costs.costs[t * plane + k]!;
    total += largest;
  }
  return total;
}
