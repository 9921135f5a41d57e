// The knee of an ascending curve by the largest gap below the chord (the "kneedle" idea of
// Satopaa et al. 2011 on a k-distance plot): both axes scaled to [0, 1], the knee is the first
// index maximising x - y. Used for DBSCAN's eps: "auto" (DESIGN.md, rnn: "eps: auto").
// O(m) after the sort.

/** Index (0-based) of the knee of `ascending`; 0 when the curve is flat or has one point. */
export function kneeIndex(ascending: Float64Array | readonly number[]): number {
  const m = ascending.length;
  if (m < 2) return 0;
  const first = ascending[0];
  const range = ascending[m - 1] - first;
  if (!(range > 0)) return 0;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < m; i++) {
    const gap = i / (m - 1) - (ascending[i] - first) / range;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}

/**
 * DESIGN.md's automatic eps: k-distances sorted ascending, the lowest ceil(0.95 n) kept (the
 * long tail of outliers would otherwise flatten the curve), the distance at their knee.
 */
export function autoEps(kDistances: Float64Array): { eps: number; kneeRank: number; kept: number } {
  const sorted = Float64Array.from(kDistances).sort();
  const kept = Math.max(1, Math.ceil(0.95 * sorted.length));
  const lowest = sorted.subarray(0, kept);
  const knee = kneeIndex(lowest);
  return { eps: lowest[knee], kneeRank: knee + 1, kept };
}
