// Segment profiles (DESIGN.md section 4 rnn, in the layout of the fixture README's archetype
// table): per segment the customers, their share of all customers, the churn rate (mean
// label over the segment's customers that have one), the mean tenure in days, the mean number
// of event rows (`events`) and the mean per customer of each feature's total. Tenure, rows and
// totals are over ALL of a customer's rows, unscaled (sequences.ts), so a customer with more
// than max_length rows is described by its whole history, as the README's table is.
// Segments in order 1..K, with segment 0 (DBSCAN noise) first only when it has customers, as
// the cluster engine's segment_profiles. Means over an empty set are NaN (null in the table).
// Cost: O(n F) time, O(K F) memory.

export interface SegmentProfile {
  segment: number;
  customers: number;
  share: number;
  churnRate: number;
  tenureDays: number;
  /** Mean event rows per customer. */
  events: number;
  /** Mean per customer of each feature's total, features in options order. */
  totals: Float64Array;
}

export interface ProfileInput {
  /** Per customer: 0 (noise) or 1..clusterCount. */
  segments: Int32Array;
  clusterCount: number;
  /** Per customer: 0/1, NaN without a label. */
  labels: Float64Array;
  tenureDays: Float64Array;
  rowCounts: Int32Array;
  /** Row-major n x featureCount. */
  totals: Float64Array;
  featureCount: number;
}

export function segmentProfiles(input: ProfileInput): SegmentProfile[] {
  const { segments, clusterCount: K, labels, tenureDays, rowCounts, totals, featureCount: F } = input;
  const n = segments.length;
  const size = new Float64Array(K + 1);
  const labelled = new Float64Array(K + 1);
  const churned = new Float64Array(K + 1);
  const tenureCount = new Float64Array(K + 1);
  const tenure = new Float64Array(K + 1);
  const events = new Float64Array(K + 1);
  const sums = new Float64Array((K + 1) * F);
  for (let i = 0; i < n; i++) {
    const s = segments[i];
    if (!(s >= 0 && s <= K)) throw new Error(`segmentProfiles: customer ${i} has segment ${s} (K = ${K})`);
    size[s]++;
    if (!Number.isNaN(labels[i])) {
      labelled[s]++;
      churned[s] += labels[i];
    }
    if (Number.isFinite(tenureDays[i])) {
      tenureCount[s]++;
      tenure[s] += tenureDays[i];
    }
    events[s] += rowCounts[i];
    for (let f = 0; f < F; f++) sums[s * F + f] += totals[i * F + f];
  }
  const mean = (sum: number, count: number): number => (count > 0 ? sum / count : NaN);
  const profiles: SegmentProfile[] = [];
  for (let s = 0; s <= K; s++) {
    if (s === 0 && size[0] === 0) continue;
    const means = new Float64Array(F);
    for (let f = 0; f < F; f++) means[f] = mean(sums[s * F + f], size[s]);
    profiles.push({
      segment: s,
      customers: size[s],
      share: n > 0 ? size[s] / n : NaN,
      churnRate: mean(churned[s], labelled[s]),
      tenureDays: mean(tenure[s], tenureCount[s]),
      events: mean(events[s], size[s]),
      totals: means,
    });
  }
  return profiles;
}
