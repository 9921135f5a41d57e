// Charts for the `rnn_score` Result, from its tables only:
//   segment_sizes    segment_profiles: the new customers per segment of the model (as rnn's)
//   profile_heatmap  segment_profiles: standardised segment profiles (as rnn's)
//   score_histogram  scores (churn_probability): customers per probability band of width 0.05,
//                    so an analyst sees how many new customers the model puts at risk.
// Static output has no animation; everything is deterministic. O(n) over the scores.
import type { Result } from '../result.ts';
import { rnnScoreDefinition } from '../analyses/rnn-score.ts';
import { chartTheme } from './palette.ts';
import type { ChartTheme } from './palette.ts';
import type { ChartBuildOptions, ChartBuilder, ChartSpec } from './types.ts';
import { baseOption, valueAxis } from './cluster.ts';
import { segmentProfileCharts } from './rnn.ts';
import { numericColumn } from './tables.ts';
import type { Table } from '../result.ts';

/** Bands of the churn probability in score_histogram. */
const bandCount = 20;

export const buildRnnScoreCharts: ChartBuilder = (result: Result, options: ChartBuildOptions = {}) => {
  const theme = chartTheme(options.theme);
  const titles = rnnScoreDefinition.charts;
  const charts: Record<string, ChartSpec> = {};
  const { segment_profiles: profiles, scores } = result.tables;
  if (profiles) Object.assign(charts, segmentProfileCharts(profiles, titles, theme));
  if (scores) charts.score_histogram = scoreHistogram(scores, titles.score_histogram.title, theme);
  return charts;
};

/** Customers per band [k/20, (k+1)/20) of churn_probability (the last band includes 1). */
export function scoreBands(scores: Table): number[] {
  const counts = new Array<number>(bandCount).fill(0);
  for (const p of numericColumn(scores, 'churn_probability')) {
    if (!Number.isFinite(p)) continue;
    counts[Math.min(bandCount - 1, Math.max(0, Math.floor(p * bandCount)))]!++;
  }
  return counts;
}

function scoreHistogram(scores: Table, title: string, theme: ChartTheme): ChartSpec {
  const counts = scoreBands(scores);
  const total = counts.reduce((sum, c) => sum + c, 0);
  const atRisk = counts.slice(bandCount / 2).reduce((sum, c) => sum + c, 0);
  const share = total > 0 ? `${((100 * atRisk) / total).toFixed(1)}%` : '-';
  return {
    title,
    width: 800,
    height: 440,
    option: {
      ...baseOption(title, theme, `${total} customers; ${share} with a churn probability of 0.5 or more`),
      grid: { left: 80, right: 32, top: 80, bottom: 64 },
      xAxis: {
        type: 'category',
        name: 'Churn probability',
        nameLocation: 'middle',
        nameGap: 36,
        nameTextStyle: { fontSize: 13, color: theme.text },
        data: counts.map((_, k) => (k / bandCount).toFixed(2)),
        axisLabel: { fontSize: 12, color: theme.mutedText, interval: 1 },
        axisLine: { lineStyle: { color: theme.axisLine } },
      },
      yAxis: valueAxis('Customers', theme, { nameGap: 56 }),
      series: [
        {
          type: 'bar',
          name: 'Customers',
          barCategoryGap: '8%',
          data: counts.map((count, k) => ({
            value: count,
            itemStyle: { color: k >= bandCount / 2 ? theme.categorical[3] : theme.categorical[0] },
          })),
        },
      ],
    },
  };
}
