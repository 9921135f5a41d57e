// Charts for the `sequence` Result (DESIGN.md section 4, sequence; the plots of R's TraMineR),
// built from its tables only (and options.colors, options.cluster.k). Every state has one colour
// in every chart (sequenceStateColors, sequence-common.ts: the analyst's colours, else the
// categorical palette in state order; the missing state "*" grey); every cluster has its segment
// colour (cluster c = segment c), and "All customers" the text colour.
//   index_plot               clusters (id, cluster, sequence): seqIplot, one panel per cluster
//                            (sequence-index.ts: merged rectangles, never a cell per customer).
//   state_distribution_plot  state_distribution and cluster_state_distribution: seqdplot, stacked
//                            bars of the share in each state per period; all customers, then one
//                            panel per cluster.
//   entropy_plot             entropy and cluster_entropy: seqHtplot, a line per cluster and a
//                            thicker one for all customers, 0..1.
//   mean_time_plot           mean_time and cluster_mean_time: seqmtplot as grouped bars, the
//                            states on the axis, a bar per group in the cluster colours (all
//                            customers first); with no cluster table, one bar per state in the
//                            state's colour.
//   frequent_sequences_plot  frequent_sequences and cluster_frequent_sequences: seqfplot
//                            (sequence-index.ts).
//   cost_heatmap             substitution_costs (from, to, cost): the matrix, values as labels;
//                            DHD's table (time, from, to, cost: a matrix per period) is shown as
//                            the mean over the periods, which the title says.
//   quality_plot             cluster_quality (k, asw, r2): ASW and R² against k on one axis, the
//                            chosen k marked.
//   dendrogram_plot          dendrogram: the top of Ward's tree, cut at k (sequence-tree.ts).
//   cluster_sizes_plot       cluster_sizes (cluster, customers, share): bars, share labels.
// Static output has no animation; everything is deterministic.
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, TitleComponentOption } from 'echarts';
import type { Result, Table } from '../result.ts';
import { columnIndex } from '../result.ts';
import { sequenceDefinition } from '../analyses/sequence.ts';
import type { ChartTheme } from './palette.ts';
import { chartTheme } from './palette.ts';
import type { ChartBuildOptions, ChartBuilder, ChartSpec } from './types.ts';
import { baseOption, valueAxis } from './cluster.ts';
import { columnCells, escapeHtml, formatNumber, formatShare, numericColumn } from './tables.ts';
import {
  bottomLegend,
  chosenK,
  clusterColor,
  clusterName,
  clusterSizes,
  clusterTitle,
  compareCodeUnits,
  legendHeight,
  overallTitle,
  panelLayout,
  panelTitle,
  periodLabels,
  sequenceStateColors,
  sequenceStates,
  stateColor,
  stateLabel,
  panelChart,
} from './sequence-common.ts';
import { frequentSequencesPlot, indexPlot } from './sequence-index.ts';
import { dendrogramPlot } from './sequence-tree.ts';

export {
  missingState,
  parseSpells,
  sequenceStateColors,
  sequenceStates,
  stateLabel,
} from './sequence-common.ts';
export { indexPanels, maxIndexRows, mergeIndexRectangles, sortJourneys } from './sequence-index.ts';
export type { IndexPanel, IndexRect } from './sequence-index.ts';
export { dendrogramTop, maxDendrogramLeaves } from './sequence-tree.ts';
export type { DendrogramLeaf, DendrogramSegment, DendrogramTop } from './sequence-tree.ts';

export const buildSequenceCharts: ChartBuilder = (result: Result, options: ChartBuildOptions = {}) => {
  const theme = chartTheme(options.theme);
  const titles = sequenceDefinition.charts;
  const charts: Record<string, ChartSpec> = {};
  const t = result.tables;
  const states = sequenceStates(result);
  const colors = sequenceStateColors(result, theme);
  const k = chosenK(result);
  if (t.clusters && columnIndex(t.clusters, 'sequence') >= 0)
    charts.index_plot = indexPlot(result, t.clusters, states, colors, titles.index_plot.title, theme);
  if (t.state_distribution || t.cluster_state_distribution)
    charts.state_distribution_plot = stateDistributionPlot(
      result,
      states,
      colors,
      titles.state_distribution_plot.title,
      theme,
    );
  if (t.entropy || t.cluster_entropy)
    charts.entropy_plot = entropyPlot(result, titles.entropy_plot.title, theme);
  if (t.mean_time || t.cluster_mean_time)
    charts.mean_time_plot = meanTimePlot(result, states, colors, titles.mean_time_plot.title, theme);
  if (t.frequent_sequences || t.cluster_frequent_sequences)
    charts.frequent_sequences_plot = frequentSequencesPlot(
      result,
      t.frequent_sequences,
      t.cluster_frequent_sequences,
      states,
      colors,
      titles.frequent_sequences_plot.title,
      theme,
    );
  if (t.substitution_costs)
    charts.cost_heatmap = costHeatmap(t.substitution_costs, states, colors, titles.cost_heatmap.title, theme);
  if (t.cluster_quality)
    charts.quality_plot = qualityPlot(t.cluster_quality, k, titles.quality_plot.title, theme);
  if (t.dendrogram)
    charts.dendrogram_plot = dendrogramPlot(t.dendrogram, k, titles.dendrogram_plot.title, theme);
  if (t.cluster_sizes)
    charts.cluster_sizes_plot = clusterSizesPlot(t.cluster_sizes, titles.cluster_sizes_plot.title, theme);
  return charts;
};

/** The distinct clusters of a table's `cluster` column, ascending. */
function clustersIn(table: Table): number[] {
  return [...new Set(numericColumn(table, 'cluster').filter((c) => Number.isFinite(c)))].sort(
    (a, b) => a - b,
  );
}

/** The value of `column` per (period label, state) among the rows of one cluster (or all rows). */
function byPeriodAndState(
  table: Table,
  column: string,
  cluster: number | undefined,
): Map<string, Map<string, number>> {
  const clusters = cluster === undefined ? [] : numericColumn(table, 'cluster');
  const times = columnCells(table, 'time');
  const states = columnCells(table, 'state');
  const values = numericColumn(table, column);
  const out = new Map<string, Map<string, number>>();
  times.forEach((time, row) => {
    if (cluster !== undefined && clusters[row] !== cluster) return;
    const key = String(time);
    const cell = out.get(key) ?? new Map<string, number>();
    cell.set(String(states[row]), values[row]!);
    out.set(key, cell);
  });
  return out;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function categoryAxis(
  data: readonly string[],
  name: string,
  theme: ChartTheme,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'category' as const,
    data: [...data],
    name,
    nameLocation: 'middle' as const,
    nameGap: 30,
    nameTextStyle: { fontSize: 12, color: theme.text },
    axisLabel: { fontSize: 11, color: theme.mutedText, hideOverlap: true },
    axisLine: { lineStyle: { color: theme.axisLine } },
    axisTick: { alignWithLabel: true },
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// state_distribution_plot

function stateDistributionPlot(
  result: Result,
  states: readonly string[],
  colors: ReadonlyMap<string, string>,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const { state_distribution: overall, cluster_state_distribution: perCluster } = result.tables;
  const sizes = clusterSizes(result);
  const panels: { name: string; values: Map<string, Map<string, number>> }[] = [];
  if (overall)
    panels.push({ name: overallTitle(sizes), values: byPeriodAndState(overall, 'proportion', undefined) });
  if (perCluster)
    for (const c of clustersIn(perCluster))
      panels.push({ name: clusterTitle(c, sizes), values: byPeriodAndState(perCluster, 'proportion', c) });
  const periods = periodLabels(result);
  const present = new Set(panels.flatMap((p) => [...p.values.values()].flatMap((m) => [...m.keys()])));
  const shown = states.filter((s) => present.has(s));
  const legendNames = shown.map(stateLabel);
  const spec = {
    panelWidth: panels.length >= 3 ? 240 : panels.length === 2 ? 340 : 640,
    panelHeight: panels.length > 1 ? 280 : 340,
    marginLeft: 72,
    marginRight: 28,
    top: 78,
    bottom: 0,
    gapX: 56,
    gapY: 64,
  };
  const guess = panelLayout(panels.length, { ...spec, bottom: 100 });
  const layout = panelLayout(panels.length, { ...spec, bottom: 56 + legendHeight(legendNames, guess.width) });
  const { legend } = bottomLegend(legendNames, layout.width, theme);
  const base = baseOption(title, theme, 'Share of customers in each state, per period');
  const titles: TitleComponentOption[] = [base.title as TitleComponentOption];
  const xAxes: unknown[] = [];
  const yAxes: unknown[] = [];
  const series: BarSeriesOption[] = [];
  const gap = periods.length > 30 ? '0%' : '12%';
  panels.forEach((panel, p) => {
    titles.push(panelTitle(panel.name, layout.titlePlaces[p]!, theme));
    xAxes.push({ ...categoryAxis(periods, 'Period', theme), gridIndex: p, axisTick: { show: false } });
    yAxes.push({
      ...valueAxis(p % layout.columns === 0 ? 'Share of customers' : '', theme, {
        min: 0,
        max: 1,
        interval: 0.25,
        nameGap: 44,
        nameTextStyle: { fontSize: 12, color: theme.text },
        axisLabel: {
          fontSize: 11,
          color: theme.mutedText,
          formatter: (v: number) => `${Math.round(v * 100)}%`,
        },
      }),
      gridIndex: p,
    });
    for (const state of shown) {
      const label = stateLabel(state);
      series.push({
        type: 'bar',
        name: label,
        stack: `panel ${p}`,
        xAxisIndex: p,
        yAxisIndex: p,
        barCategoryGap: gap,
        data: periods.map((time) => finiteOrNull(panel.values.get(time)?.get(state))),
        itemStyle: { color: stateColor(colors, state, theme) },
        tooltip: {
          formatter: (params) =>
            Array.isArray(params)
              ? ''
              : `<b>${escapeHtml(label)}</b><br/>${escapeHtml(panel.name)}, ${escapeHtml(String(params.name))}: ${formatShare(Number(params.value))}`,
        },
      });
    }
  });
  return panelChart(title, layout, base, { titles, legend, xAxes, yAxes, series });
}

// ---------------------------------------------------------------------------------------------
// entropy_plot

function entropyPlot(result: Result, title: string, theme: ChartTheme): ChartSpec {
  const { entropy: overall, cluster_entropy: perCluster } = result.tables;
  const periods = periodLabels(result);
  const line = (table: Table, cluster: number | undefined): (number | null)[] => {
    const clusters = cluster === undefined ? [] : numericColumn(table, 'cluster');
    const times = columnCells(table, 'time');
    const values = numericColumn(table, 'entropy');
    const byTime = new Map<string, number>();
    times.forEach((time, row) => {
      if (cluster === undefined || clusters[row] === cluster) byTime.set(String(time), values[row]!);
    });
    return periods.map((time) => finiteOrNull(byTime.get(time)));
  };
  const series: LineSeriesOption[] = [];
  if (perCluster)
    for (const c of clustersIn(perCluster)) {
      const color = clusterColor(c, theme);
      series.push({
        type: 'line',
        name: clusterName(c),
        data: line(perCluster, c),
        showSymbol: periods.length <= 40,
        symbolSize: 4,
        lineStyle: { color, width: 1.75 },
        itemStyle: { color },
        emphasis: { focus: 'series' },
      });
    }
  if (overall)
    series.push({
      type: 'line',
      name: 'All customers',
      data: line(overall, undefined),
      showSymbol: periods.length <= 40,
      symbolSize: 5,
      lineStyle: { color: theme.text, width: 3.5 },
      itemStyle: { color: theme.text },
      emphasis: { focus: 'series' },
      z: 3,
    });
  const names = series.map((s) => String(s.name));
  const legend = bottomLegend(names, 800, theme);
  return {
    title,
    width: 800,
    height: 440 + legend.height,
    option: {
      ...baseOption(
        title,
        theme,
        'Shannon entropy of the state distribution per period: 0 all alike, 1 evenly spread',
      ),
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(3) : '–'),
      },
      legend: legend.legend,
      grid: { left: 72, right: 32, top: 80, bottom: 56 + legend.height },
      xAxis: categoryAxis(periods, 'Period', theme, { boundaryGap: false }),
      yAxis: valueAxis('Entropy', theme, { min: 0, max: 1, interval: 0.2, nameGap: 44 }),
      series,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// mean_time_plot

function meanTimePlot(
  result: Result,
  states: readonly string[],
  colors: ReadonlyMap<string, string>,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const { mean_time: overall, cluster_mean_time: perCluster } = result.tables;
  const means = (table: Table, cluster: number | undefined): Map<string, number> => {
    const clusters = cluster === undefined ? [] : numericColumn(table, 'cluster');
    const names = columnCells(table, 'state');
    const values = numericColumn(table, 'mean');
    const out = new Map<string, number>();
    names.forEach((state, row) => {
      if (cluster === undefined || clusters[row] === cluster) out.set(String(state), values[row]!);
    });
    return out;
  };
  const groups: { name: string; color: string; values: Map<string, number> }[] = [];
  if (overall) groups.push({ name: 'All customers', color: theme.text, values: means(overall, undefined) });
  if (perCluster)
    for (const c of clustersIn(perCluster))
      groups.push({ name: clusterName(c), color: clusterColor(c, theme), values: means(perCluster, c) });
  const present = new Set(groups.flatMap((g) => [...g.values.keys()]));
  const shown = states.filter((s) => present.has(s));
  const byState = groups.length === 1 && !perCluster;
  const labelled = shown.length * groups.length <= 24;
  const series: BarSeriesOption[] = groups.map((group) => ({
    type: 'bar',
    name: group.name,
    barMaxWidth: 48,
    data: shown.map((state) => ({
      value: finiteOrNull(group.values.get(state)),
      itemStyle: { color: byState ? stateColor(colors, state, theme) : group.color },
    })),
    itemStyle: { color: group.color },
    label: {
      show: labelled,
      position: 'top',
      fontSize: 11,
      color: theme.text,
      formatter: (params) => formatNumber(Number(params.value)),
    },
    emphasis: { focus: 'series' },
  }));
  const legend = bottomLegend(
    groups.map((g) => g.name),
    800,
    theme,
  );
  const width = Math.max(800, 160 + shown.length * (40 + 22 * groups.length));
  const subtitle = byState
    ? 'Mean number of periods a customer spends in each state'
    : 'Mean number of periods a customer spends in each state: all customers and each cluster';
  return {
    title,
    width,
    height: 460 + (byState ? 0 : legend.height),
    option: {
      ...baseOption(title, theme, subtitle),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (typeof value === 'number' ? formatNumber(value) : '–'),
      },
      ...(byState ? {} : { legend: legend.legend }),
      grid: { left: 72, right: 32, top: 80, bottom: 64 + (byState ? 0 : legend.height) },
      xAxis: categoryAxis(shown.map(stateLabel), 'State', theme, {
        axisLabel: { fontSize: 12, color: theme.text, interval: 0 },
      }),
      yAxis: valueAxis('Mean periods in the state', theme, { min: 0, nameGap: 44 }),
      series,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// cost_heatmap

/**
 * The substitution costs as one matrix: the table itself, or for DHD (a first column `time`, a
 * matrix per period) the mean over the periods of each (from, to) cost.
 */
export function meanCostMatrix(table: Table): {
  from: string[];
  to: string[];
  cost: number[];
  periods: number;
} {
  const from = columnCells(table, 'from').map(String);
  const to = columnCells(table, 'to').map(String);
  const costs = numericColumn(table, 'cost');
  const timed = columnIndex(table, 'time') >= 0;
  const periods = timed ? new Set(columnCells(table, 'time').map(String)).size : 1;
  const sums = new Map<string, { from: string; to: string; sum: number; count: number }>();
  costs.forEach((cost, row) => {
    if (!Number.isFinite(cost)) return;
    const key = JSON.stringify([from[row], to[row]]);
    const cell = sums.get(key) ?? { from: from[row]!, to: to[row]!, sum: 0, count: 0 };
    cell.sum += cost;
    cell.count += 1;
    sums.set(key, cell);
  });
  const cells = [...sums.values()];
  return {
    from: cells.map((c) => c.from),
    to: cells.map((c) => c.to),
    cost: cells.map((c) => c.sum / c.count),
    periods: timed ? periods : 0,
  };
}

function costHeatmap(
  table: Table,
  states: readonly string[],
  colors: ReadonlyMap<string, string>,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const matrix = meanCostMatrix(table);
  const seen = new Set([...matrix.from, ...matrix.to]);
  const order = [
    ...states.filter((s) => seen.has(s)),
    ...[...seen].filter((s) => !states.includes(s)).sort(compareCodeUnits),
  ];
  const position = new Map(order.map((s, i) => [s, i]));
  const data: NonNullable<HeatmapSeriesOption['data']> = matrix.cost.map((cost, i) => ({
    value: [position.get(matrix.to[i]!)!, position.get(matrix.from[i]!)!, cost],
    label: { formatter: formatNumber(cost) },
  }));
  const largest = Math.max(0, ...matrix.cost);
  const shownTitle =
    matrix.periods > 0 ? `${title} (DHD, averaged over ${formatNumber(matrix.periods)} periods)` : title;
  const subtitle =
    matrix.periods > 0
      ? 'DHD costs differ per period; each cell is the mean over the periods of replacing the row state by the column state'
      : 'The cost of replacing the row state by the column state';
  const rich: Record<string, { color: string; fontSize: number }> = {};
  order.forEach((state, i) => {
    rich[`s${i}`] = { color: stateColor(colors, state, theme), fontSize: 14 };
  });
  rich.name = { color: theme.text, fontSize: 12 };
  const stateAxisLabel = (value: string | number) => {
    const i = typeof value === 'number' ? value : order.indexOf(value);
    return `{s${i}|■} {name|${stateLabel(order[i] ?? String(value)).replace(/[{}|]/g, '')}}`;
  };
  const longest = Math.max(6, ...order.map((s) => stateLabel(s).length));
  const left = Math.min(260, 48 + 7.2 * longest);
  const cell = 56;
  const width = Math.max(640, left + 40 + cell * order.length);
  const height = Math.max(420, 180 + 60 + cell * order.length);
  const axis = (name: string, extra: Record<string, unknown>) => ({
    type: 'category' as const,
    data: order.map(stateLabel),
    name,
    nameLocation: 'middle' as const,
    nameTextStyle: { fontSize: 13, color: theme.text },
    axisLine: { lineStyle: { color: theme.axisLine } },
    axisTick: { show: false },
    splitArea: { show: false },
    ...extra,
  });
  return {
    title,
    width,
    height,
    option: {
      ...baseOption(shownTitle, theme, subtitle),
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          if (Array.isArray(params)) return '';
          const [x, y, cost] = params.value as [number, number, number];
          return `${escapeHtml(stateLabel(order[y]!))} → ${escapeHtml(stateLabel(order[x]!))}<br/>cost ${formatNumber(cost)}`;
        },
      },
      grid: { left, right: 40, top: 92, bottom: 110 },
      xAxis: axis('Replaced by', {
        nameGap: 40,
        axisLabel: {
          interval: 0,
          rotate: order.length > 6 ? 30 : 0,
          formatter: (_value: string, index: number) => stateAxisLabel(index),
          rich,
        },
      }),
      yAxis: axis('State', {
        inverse: true,
        nameGap: left - 24,
        axisLabel: { interval: 0, formatter: (_value: string, index: number) => stateAxisLabel(index), rich },
      }),
      visualMap: {
        type: 'continuous',
        min: 0,
        max: largest > 0 ? largest : 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 10,
        itemWidth: 12,
        itemHeight: 160,
        text: ['costly', 'cheap'],
        textStyle: { fontSize: 12, color: theme.mutedText },
        inRange: { color: [theme.diverging[1], theme.diverging[0]] },
      },
      series: [
        {
          type: 'heatmap',
          name: 'Substitution cost',
          data,
          label: { show: true, fontSize: 11, color: theme.textOnRamp },
          itemStyle: { borderColor: theme.background, borderWidth: 2 },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// quality_plot

function qualityPlot(table: Table, k: number | undefined, title: string, theme: ChartTheme): ChartSpec {
  const ks = numericColumn(table, 'k');
  const asw = numericColumn(table, 'asw');
  const r2 = numericColumn(table, 'r2');
  const rows = ks
    .map((value, row) => ({ k: value, row }))
    .filter((r) => Number.isFinite(r.k))
    .sort((a, b) => a.k - b.k);
  const lowest = Math.min(
    0,
    ...rows.flatMap((r) => [asw[r.row]!, r2[r.row]!]).filter((v) => Number.isFinite(v)),
  );
  const marked = k !== undefined && rows.some((r) => r.k === k);
  const measures = [
    {
      name: 'ASW (average silhouette width)',
      values: asw,
      color: theme.categorical[0]!,
      dash: 'solid' as const,
    },
    {
      name: 'R² (share of discrepancy explained)',
      values: r2,
      color: theme.categorical[1]!,
      dash: 'dashed' as const,
    },
  ];
  const series: LineSeriesOption[] = measures.map((m, i) => {
    const line: LineSeriesOption = {
      type: 'line',
      name: m.name,
      data: rows.map((r) => [r.k, finiteOrNull(m.values[r.row])]),
      symbol: 'circle',
      symbolSize: 6,
      lineStyle: { color: m.color, width: 2.25, type: m.dash },
      itemStyle: { color: m.color },
      emphasis: { focus: 'series' },
    };
    if (i === 0 && marked)
      line.markLine = {
        silent: true,
        symbol: 'none',
        lineStyle: { color: theme.text, type: 'dotted', width: 1.5 },
        label: { formatter: `chosen k = ${k}`, position: 'insideEndTop', fontSize: 12, color: theme.text },
        data: [{ xAxis: k }],
      };
    if (marked)
      line.markPoint = {
        symbol: 'circle',
        symbolSize: 12,
        silent: true,
        itemStyle: { color: m.color, borderColor: theme.background, borderWidth: 2 },
        label: { show: false },
        data: rows
          .filter((r) => r.k === k && Number.isFinite(m.values[r.row]!))
          .map((r) => ({ name: `k = ${r.k}`, coord: [r.k, m.values[r.row]!] })),
      };
    return line;
  });
  const first = rows.length > 0 ? rows[0]!.k : 2;
  const last = rows.length > 0 ? rows[rows.length - 1]!.k : 2;
  return {
    title,
    width: 800,
    height: 460,
    option: {
      ...baseOption(
        title,
        theme,
        marked
          ? `For each number of clusters k (higher is better for both); dotted: the chosen k = ${k}`
          : 'For each number of clusters k (higher is better for both)',
      ),
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(3) : '–'),
      },
      legend: {
        data: measures.map((m) => m.name),
        bottom: 8,
        itemWidth: 30,
        textStyle: { fontSize: 12, color: theme.text },
      },
      grid: { left: 72, right: 40, top: 80, bottom: 88 },
      xAxis: valueAxis('Number of clusters (k)', theme, {
        min: first,
        max: Math.max(first + 1, last),
        interval: 1,
        nameGap: 30,
      }),
      yAxis: valueAxis('ASW and R²', theme, { min: Math.floor(lowest * 10) / 10, max: 1, nameGap: 44 }),
      series,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// cluster_sizes_plot

function clusterSizesPlot(table: Table, title: string, theme: ChartTheme): ChartSpec {
  const clusters = numericColumn(table, 'cluster');
  const customers = numericColumn(table, 'customers');
  const shares = numericColumn(table, 'share');
  const order = clusters
    .map((c, row) => ({ c, row }))
    .filter((r) => Number.isFinite(r.c))
    .sort((a, b) => a.c - b.c);
  return {
    title,
    width: Math.max(800, 160 + 64 * order.length),
    height: 460,
    option: {
      ...baseOption(title, theme, 'Customers per cluster; labels give the share of all customers'),
      grid: { left: 80, right: 32, top: 80, bottom: 64 },
      xAxis: categoryAxis(
        order.map((r) => clusterName(r.c)),
        'Cluster',
        theme,
        {
          nameGap: 36,
          axisLabel: { fontSize: 12, color: theme.text, interval: 0, rotate: order.length > 12 ? 45 : 0 },
        },
      ),
      yAxis: valueAxis('Customers', theme, { nameGap: 56 }),
      series: [
        {
          type: 'bar',
          name: 'Customers',
          barMaxWidth: 64,
          data: order.map((r) => ({
            value: finiteOrNull(customers[r.row]),
            itemStyle: { color: clusterColor(r.c, theme) },
            label: {
              show: true,
              position: 'top',
              fontSize: 12,
              color: theme.text,
              formatter: formatShare(shares[r.row]!),
            },
          })),
        },
      ],
    },
  };
}
