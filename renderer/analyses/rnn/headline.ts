// The line above rnn results: customers, segments (and the noise share DBSCAN left out), and
// the validation AUC of the restored model, e.g. "1,000 customers · 4 segments · 6.7% noise ·
// eps 0.412 · validation AUC 0.871" (eps for DBSCAN only: k-means has none). Customers are the segment profiles' total (every customer has a segment,
// noise included); the rest comes from the metrics table.
import type { Result } from '../../../shared/result.ts';
import {
  columnCells,
  formatNumber,
  formatShare,
  metricValue,
  toNumber,
} from '../../../shared/charts/tables.ts';

export function rnnHeadline(result: Result): string | undefined {
  const { segment_profiles: profiles, segments, metrics } = result.tables;
  let customers: number | undefined;
  if (profiles && profiles.columns.some((c) => c.name === 'customers')) {
    customers = columnCells(profiles, 'customers')
      .map(toNumber)
      .reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  } else if (segments) customers = segments.rows.length;
  const clusters = metricValue(metrics, 'clusters');
  const noise = metricValue(metrics, 'noise_share');
  const validationAuc = metricValue(metrics, 'val_auc');
  const eps = metricValue(metrics, 'eps');
  const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (customers !== undefined) parts.push(plural(customers, 'customer'));
  if (clusters !== undefined) parts.push(plural(clusters, 'segment'));
  if (noise !== undefined && noise > 0) parts.push(`${formatShare(noise)} noise`);
  if (eps !== undefined) parts.push(`eps ${formatNumber(eps)}`);
  if (validationAuc !== undefined) parts.push(`validation AUC ${validationAuc.toFixed(3)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
