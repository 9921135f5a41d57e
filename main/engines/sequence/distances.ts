// Pairwise distances between customers' sequences, as TraMineR's seqdist (norm = "none"):
//   OM   optimal matching: the edit distance with one indel cost and the substitution costs,
//        F[i][0] = i indel, F[0][j] = j indel, F[i][j] = min(F[i-1][j] + indel,
//        F[i][j-1] + indel, F[i-1][j-1] + (x_i = y_j ? 0 : sm[x_i][y_j])); the full DP gives
//        TraMineR's doubles (it skips common prefixes and suffixes, which changes no value).
//   HAM  sum over periods of sm[x_t][y_t] (equal lengths, no indels).
//   LCS  TraMineR's OM with indel 1 and substitution 2: |x| + |y| - 2 LLCS(x, y), integers.
// Identical sequences are computed once: the distances of the u distinct sequences first, then
// copied to every pair of customers. The result is R's `dist` layout (pair i < j at
// condensedIndex), n (n - 1) / 2 doubles, what Ward then works on in place.
// Cost: O(u^2 T^2) for OM and LCS, O(u^2 T) for HAM; memory n (n - 1) / 2 + u (u - 1) / 2 doubles.
import { condensedIndex } from '../cluster/ward.ts';
import type { WorkMonitor } from '../common/work-monitor.ts';
import type { EncodedSequences } from './sequences.ts';
import type { SubstitutionCosts } from './substitution-costs.ts';

export type DistanceMethod = 'OM' | 'HAM' | 'LCS';

export interface DistanceSettings {
  method: DistanceMethod;
  /** OM and HAM. */
  costs?: SubstitutionCosts;
  /** OM. */
  indel?: number;
}

/** The distinct sequences and, per customer, which one it is (first appearance order). */
export function distinctSequences(sequences: EncodedSequences): { rows: Int32Array; of: Int32Array } {
  const { codes, n, length: T } = sequences;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = String.fromCharCode(...codes.subarray(i * T, (i + 1) * T));
    let u = index.get(key);
    if (u === undefined) {
      u = rows.length;
      index.set(key, u);
      rows.push(i);
    }
    of[i] = u;
  }
  return { rows: Int32Array.from(rows), of };
}

/** A function x, y (offsets of two rows in `codes`) -> distance, reusing its own scratch. */
function distanceFunction(
  codes: Uint8Array,
  T: number,
  settings: DistanceSettings,
): (x: number, y: number) => number {
  if (settings.method === 'HAM') {
    const { states: K, costs } = settings.costs!;
    return (x, y) => {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += costs[codes[x + t]! * K + codes[y + t]!]!;
      return sum;
    };
  }
  if (settings.method === 'LCS') {
    const previous = new Int32Array(T + 1);
    const current = new Int32Array(T + 1);
    return (x, y) => {
      previous.fill(0);
      let prev = previous;
      let cur = current;
      for (let i = 1; i <= T; i++) {
        cur[0] = 0;
        const xi = codes[x + i - 1];
        for (let j = 1; j <= T; j++) {
          cur[j] = xi === codes[y + j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
        }
        const swap = prev;
        prev = cur;
        cur = swap;
      }
      return 2 * T - 2 * prev[T]!;
    };
  }
  const { states: K, costs } = settings.costs!;
  const indel = settings.indel!;
  const previous = new Float64Array(T + 1);
  const current = new Float64Array(T + 1);
  return (x, y) => {
    let prev = previous;
    let cur = current;
    for (let j = 0; j <= T; j++) prev[j] = j * indel;
    for (let i = 1; i <= T; i++) {
      cur[0] = i * indel;
      const xi = codes[x + i - 1]!;
      const row = xi * K;
      for (let j = 1; j <= T; j++) {
        const yj = codes[y + j - 1]!;
        const substitute = prev[j - 1]! + (xi === yj ? 0 : costs[row + yj]!);
        const remove = prev[j]! + indel;
        const insert = cur[j - 1]! + indel;
        let best = substitute;
        if (remove < best) best = remove;
        if (insert < best) best = insert;
        cur[j] = best;
      }
      const swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[T]!;
  };
}

/** The condensed n x n distances (R `dist` order) between all customers. */
export function sequenceDistances(
  sequences: EncodedSequences,
  settings: DistanceSettings,
  monitor: WorkMonitor,
): Float64Array {
  const { n, length: T, codes } = sequences;
  const { rows, of } = distinctSequences(sequences);
  const u = rows.length;
  const distance = distanceFunction(codes, T, settings);
  const distinct = new Float64Array((u * (u - 1)) / 2);
  for (let a = 0; a < u; a++) {
    if ((a & 15) === 0) {
      monitor.checkCancelled();
      monitor.progress((a * (2 * u - a)) / (u * u), 'Distances');
    }
    for (let b = a + 1; b < u; b++) distinct[condensedIndex(u, a, b)] = distance(rows[a]! * T, rows[b]! * T);
  }
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) monitor.checkCancelled();
    const a = of[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = of[j]!;
      out[condensedIndex(n, i, j)] =
        a === b ? 0 : a < b ? distinct[condensedIndex(u, a, b)]! : distinct[condensedIndex(u, b, a)]!;
    }
  }
  monitor.progress(1, 'Distances');
  return out;
}
