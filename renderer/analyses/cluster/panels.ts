// `cluster` results: profiles and fit open, the per-customer tables (segments, pca) and the
// k-distance curve folded; a headline with the number of segments and the silhouette.
import type { AnalysisPanels } from '../panels.ts';
import { formatNumber, formatShare, metricValue } from '../../../shared/charts/tables.ts';

export const clusterPanels: AnalysisPanels = {
  openTables: ['segment_profiles', 'metrics'],
  headline: (result) => {
    const metrics = result.tables.metrics;
    const clusters = metricValue(metrics, 'clusters') ?? metricValue(metrics, 'k');
    const silhouette = metricValue(metrics, 'silhouette');
    const noise = metricValue(metrics, 'noise_share');
    const parts: string[] = [];
    if (clusters !== undefined) parts.push(`${clusters} segments`);
    if (silhouette !== undefined) parts.push(`silhouette ${formatNumber(silhouette)}`);
    if (noise !== undefined && noise > 0) parts.push(`${formatShare(noise)} noise`);
    return parts.length > 0 ? parts.join(' · ') : undefined;
  },
};
