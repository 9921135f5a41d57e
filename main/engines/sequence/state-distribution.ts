// Cross-sectional state distribution and entropy per period, as TraMineR's seqstatd
// (norm = TRUE), unweighted:
//   proportion(t, s) = #{customers in state s at period t} / #{customers with a valid state at t}
//   entropy(t) = -sum_s p(t, s) log p(t, s) / log K, natural logs, 0 log 0 = 0,
// K = the alphabet size (every state of the alphabet, whether or not it occurs at t), so the
// entropy lies in [0, 1]. With K = 1 the entropy is 0 (one state: no uncertainty). Every
// state gets a proportion for every period, zeros included. "*" and the periods after a
// journey's end are not valid states (seqstatd without missing); a period without any valid
// state has NaN proportions and entropy.
// Cost: O(n T + T K) time, O(T K) memory.
import type { EncodedSequences } from './sequences.ts';

export interface StateDistribution {
  /** Period names, in order (rows of `proportions`). */
  periods: string[];
  /** States, in alphabet order (columns of `proportions`). */
  alphabet: string[];
  /** Row-major T x K counts: period t, state s at counts[t * K + s]. */
  counts: Float64Array;
  /** Customers with a valid state, per period (the denominators). */
  valid: Float64Array;
  /** Row-major T x K proportions, count / valid. */
  proportions: Float64Array;
  /** Normalised Shannon entropy per period. */
  entropy: Float64Array;
}

/** Normalised Shannon entropy of one distribution (natural logs divided by log K). */
export function normalizedEntropy(proportions: ArrayLike<number>, K: number): number {
  let sum = 0;
  for (let s = 0; s < K; s++) {
    const p = proportions[s];
    if (Number.isNaN(p)) return NaN;
    if (p > 0) sum -= p * Math.log(p);
  }
  return K > 1 ? sum / Math.log(K) : 0;
}

export function stateDistribution(seq: EncodedSequences): StateDistribution {
  const { n, length: T, codes } = seq;
  const K = seq.states;
  const counts = new Float64Array(T * K);
  const valid = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    const row = i * T;
    for (let t = 0; t < T; t++) {
      const code = codes[row + t];
      // "*" and the void after a journey's end are not valid states (seqstatd without missing).
      if (code < K) {
        counts[t * K + code]++;
        valid[t]++;
      }
    }
  }
  const proportions = new Float64Array(T * K);
  const entropy = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < K; s++) proportions[t * K + s] = counts[t * K + s] / valid[t];
    entropy[t] = normalizedEntropy(proportions.subarray(t * K, (t + 1) * K), K);
  }
  return {
    periods: [...seq.periods],
    alphabet: seq.alphabet.slice(0, K),
    counts,
    valid,
    proportions,
    entropy,
  };
}
