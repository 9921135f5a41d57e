// A uniform random subset without replacement by a partial Fisher-Yates shuffle (Knuth,
// TAOCP 3.4.2, Algorithm P stopped after m steps): O(n) memory, O(n + m log m) time.

import type { Rng } from './rng.ts';

/** m distinct indices of 0..n-1 (all of them if m >= n), in increasing order. */
export function sampleIndices(n: number, m: number, rng: Rng): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (m >= n) return all;
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextInt(n - i);
    const swap = all[i];
    all[i] = all[j];
    all[j] = swap;
  }
  return all.slice(0, m).sort();
}
