// A legend under the plot, wrapped over as many lines as its names need at the chart's width
// (static output cannot page through a scrolling legend), and the height those lines take, so
// the plot can leave room for it. Item widths are estimated from the name's length (no text
// measuring outside a browser). Cost: O(names).
import type { LegendComponentOption } from 'echarts';
import type { ChartTheme } from './palette.ts';

export interface LegendMetrics {
  /** Gap between items, pixels. */
  itemGap: number;
  /** Height of one line of items, pixels. */
  lineHeight: number;
  /** Estimated width of one character of a name, pixels. */
  charWidth: number;
}

export function wrappedLegend(
  theme: ChartTheme,
  names: readonly string[],
  chartWidth: number,
  metrics: LegendMetrics,
): { legend: LegendComponentOption; height: number } {
  const available = chartWidth - 48;
  let lines = names.length > 0 ? 1 : 0;
  let used = 0;
  for (const name of names) {
    const itemWidth = metrics.itemGap + 30 + metrics.charWidth * name.length;
    if (used > 0 && used + itemWidth > available) {
      lines++;
      used = 0;
    }
    used += itemWidth;
  }
  return {
    legend: {
      type: 'plain',
      data: [...names],
      bottom: 8,
      left: 'center',
      width: available,
      itemGap: metrics.itemGap,
      textStyle: { fontSize: 12, color: theme.text },
    },
    height: lines * metrics.lineHeight,
  };
}
