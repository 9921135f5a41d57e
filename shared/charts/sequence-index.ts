// The `sequence` charts drawn as spell rectangles (custom series, one per panel and state, so a
// state's legend entry toggles it everywhere; ECharts' SSR renders each rectangle as one path):
//   index_plot               clusters (id, cluster, sequence): TraMineR's seqIplot(group = cluster):
//                            one panel per cluster, one thin bar per customer, coloured by state
//                            period by period; customers sorted by their journey (first state,
//                            then period by period in state order; a journey that ends sorts
//                            before its longer continuations), nothing drawn after a journey ends.
//                            Not one element per customer and period: mergeIndexRectangles()
//                            turns each period's runs of consecutive customers in the same state
//                            into one rectangle, widened over the following periods while the run
//                            stays exactly the same. Above maxIndexRows customers in a panel only
//                            every (n / maxIndexRows)-th customer of the sorted order is drawn, as
//                            a bar n / maxIndexRows customers thick (a bar is then well under a
//                            pixel anyway), which bounds the SVG whatever the number of customers.
//   frequent_sequences_plot  frequent_sequences (rank, sequence, count, percent) and
//                            cluster_frequent_sequences: TraMineR's seqfplot: the top sequences as
//                            bars of spells along the period axis, each bar as thick as its share
//                            of customers (the y axis is the cumulative %, rank 1 at the bottom),
//                            its share written to the right when the bar is thick enough; all
//                            customers, then one panel per cluster.
import type { CustomSeriesOption, CustomSeriesRenderItem, TitleComponentOption } from 'echarts';
import type { Result, Table } from '../result.ts';
import { columnIndex } from '../result.ts';
import type { ChartTheme } from './palette.ts';
import type { ChartSpec } from './types.ts';
import { baseOption } from './cluster.ts';
import { columnCells, escapeHtml, formatNumber, numericColumn } from './tables.ts';
import type { Spell } from './sequence-common.ts';
import {
  bottomLegend,
  clusterName,
  clusterSizes,
  clusterTitle,
  legendHeight,
  overallTitle,
  panelLayout,
  panelTitle,
  parseSpells,
  periodLabels,
  renderSpellRect,
  spellRectRenderer,
  spellsText,
  stateColor,
  stateLabel,
  panelChart,
} from './sequence-common.ts';

/** Most customer rows an index-plot panel draws (see the header). */
export const maxIndexRows = 400;
/** Thinnest frequent-sequence bar, in pixels, that still carries its share as a label. */
const minLabelledBar = 10;

/** One rectangle of the index plot: periods [x0, x1), customer rows [y0, y1), a state's index. */
export interface IndexRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  state: number;
}

/**
 * The index plot's rectangles for `rows` customers (in drawing order) over `periods` periods;
 * codes[row * periods + period] is the state's index, or -1 after the journey has ended.
 * Each period's runs of consecutive rows in the same state are one rectangle each, and a run
 * that is exactly the same (first row, last row, state) in the next period widens the
 * rectangle instead. Rectangles come out period by period, by first row within a period.
 */
export function mergeIndexRectangles(codes: ArrayLike<number>, rows: number, periods: number): IndexRect[] {
  const rects: IndexRect[] = [];
  let open: IndexRect[] = [];
  for (let t = 0; t < periods; t++) {
    const next: IndexRect[] = [];
    let j = 0;
    let i = 0;
    while (i < rows) {
      const state = codes[i * periods + t]!;
      if (state < 0) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < rows && codes[end * periods + t] === state) end++;
      while (j < open.length && open[j]!.y0 < i) j++;
      const before = open[j];
      if (before !== undefined && before.y0 === i && before.y1 === end && before.state === state) {
        before.x1 = t + 1;
        next.push(before);
        j++;
      } else {
        const rect = { x0: t, x1: t + 1, y0: i, y1: end, state };
        rects.push(rect);
        next.push(rect);
      }
      i = end;
    }
    open = next;
  }
  return rects;
}

/** A customer of the index plot: the journey as one character per period (65 + state index). */
interface Journey {
  row: number;
  cluster: number;
  key: string;
}

/**
 * The clusters table's customers in drawing order: by cluster, then by journey (key order is
 * the state order period by period, a journey that ends before its continuations), then by row.
 */
export function sortJourneys(clusters: Table, states: readonly string[]): Journey[] {
  const index = new Map(states.map((s, i) => [s, i]));
  const cluster = numericColumn(clusters, 'cluster');
  const sequences = columnCells(clusters, 'sequence');
  const journeys: Journey[] = sequences.map((cell, row) => {
    let key = '';
    for (const spell of parseSpells(cell)) {
      const code = index.get(spell.state);
      if (code === undefined) throw new Error(`state "${spell.state}" is not in the alphabet`);
      key += String.fromCharCode(65 + code).repeat(spell.duration);
    }
    return { row, cluster: Number.isFinite(cluster[row]!) ? cluster[row]! : 0, key };
  });
  journeys.sort(
    (a, b) => a.cluster - b.cluster || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.row - b.row,
  );
  return journeys;
}

/**
 * The rows an index-plot panel draws: every customer up to maxRows, else the customer at
 * floor((j + 0.5) n / maxRows) of the sorted order for j = 0 .. maxRows - 1.
 */
function drawnRows(count: number, maxRows: number): { picks: number[]; scale: number } {
  if (count <= maxRows) return { picks: Array.from({ length: count }, (_, i) => i), scale: 1 };
  const picks = Array.from({ length: maxRows }, (_, j) => Math.floor(((j + 0.5) * count) / maxRows));
  return { picks, scale: count / maxRows };
}

export interface IndexPanel {
  cluster: number;
  customers: number;
  /** Rectangles in customer units (y0, y1 already scaled when the panel is sampled). */
  rects: IndexRect[];
  sampled: boolean;
}

/** The panels of the index plot: one per cluster, its merged rectangles. */
export function indexPanels(
  clusters: Table,
  states: readonly string[],
  periods: number,
  maxRows = maxIndexRows,
): IndexPanel[] {
  return panelsOf(sortJourneys(clusters, states), periods, maxRows);
}

function panelsOf(journeys: readonly Journey[], periods: number, maxRows: number): IndexPanel[] {
  const panels: IndexPanel[] = [];
  let start = 0;
  while (start < journeys.length) {
    const cluster = journeys[start]!.cluster;
    let end = start;
    while (end < journeys.length && journeys[end]!.cluster === cluster) end++;
    const { picks, scale } = drawnRows(end - start, maxRows);
    const codes = new Int16Array(picks.length * periods).fill(-1);
    picks.forEach((pick, r) => {
      const key = journeys[start + pick]!.key;
      const length = Math.min(key.length, periods);
      for (let t = 0; t < length; t++) codes[r * periods + t] = key.charCodeAt(t) - 65;
    });
    const rects = mergeIndexRectangles(codes, picks.length, periods);
    if (scale !== 1)
      for (const rect of rects) {
        rect.y0 = Math.round(rect.y0 * scale * 1000) / 1000;
        rect.y1 = Math.round(rect.y1 * scale * 1000) / 1000;
      }
    panels.push({ cluster, customers: end - start, rects, sampled: scale !== 1 });
    start = end;
  }
  return panels;
}

function longestJourney(tables: (Table | undefined)[]): number {
  let longest = 0;
  for (const table of tables) {
    if (!table || columnIndex(table, 'sequence') < 0) continue;
    for (const cell of columnCells(table, 'sequence'))
      longest = Math.max(
        longest,
        parseSpells(cell).reduce((sum, s) => sum + s.duration, 0),
      );
  }
  return longest;
}

/** A category axis of periods for one panel. */
function periodAxis(labels: readonly string[], panel: number, theme: ChartTheme, name: string) {
  return {
    type: 'category' as const,
    gridIndex: panel,
    data: [...labels],
    name,
    nameLocation: 'middle' as const,
    nameGap: 28,
    nameTextStyle: { fontSize: 12, color: theme.text },
    axisLabel: { fontSize: 11, color: theme.mutedText, hideOverlap: true },
    axisLine: { onZero: false, lineStyle: { color: theme.axisLine } },
    axisTick: { show: false },
    splitLine: { show: false },
  };
}

function panelValueAxis(panel: number, theme: ChartTheme, extra: Record<string, unknown>) {
  return {
    type: 'value' as const,
    gridIndex: panel,
    nameLocation: 'middle' as const,
    nameTextStyle: { fontSize: 12, color: theme.text },
    axisLabel: { fontSize: 11, color: theme.mutedText },
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.axisLine } },
    splitLine: { show: false },
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// index_plot

export function indexPlot(
  result: Result,
  clusters: Table,
  states: readonly string[],
  colors: ReadonlyMap<string, string>,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const journeys = sortJourneys(clusters, states);
  const periods = periodLabels(
    result,
    journeys.reduce((longest, j) => Math.max(longest, j.key.length), 0),
  );
  const panels = panelsOf(journeys, periods.length, maxIndexRows);
  const used = new Set(panels.flatMap((p) => p.rects.map((r) => r.state)));
  const legendNames = states.filter((_, s) => used.has(s)).map(stateLabel);
  const single = panels.length === 1 && panels[0]!.cluster === 0;
  const spec = {
    panelWidth: panels.length >= 3 ? 250 : 340,
    panelHeight: 360,
    marginLeft: 72,
    marginRight: 28,
    top: 78,
    bottom: 0,
    gapX: 56,
    gapY: 64,
  };
  const firstGuess = panelLayout(panels.length, { ...spec, bottom: 100 });
  // The grid scales with the chart, the axis names and the legend do not: room for both at 70% size.
  const bottom = 96 + legendHeight(legendNames, firstGuess.width);
  const layout = panelLayout(panels.length, { ...spec, bottom });
  const { legend } = bottomLegend(legendNames, layout.width, theme);
  const base = baseOption(title, theme, indexSubtitle(panels));
  const titles: TitleComponentOption[] = [base.title as TitleComponentOption];
  const series: CustomSeriesOption[] = [];
  const xAxes: unknown[] = [];
  const yAxes: unknown[] = [];
  panels.forEach((panel, p) => {
    const name = single ? 'All customers' : clusterName(panel.cluster);
    titles.push(panelTitle(`${name} (${formatNumber(panel.customers)})`, layout.titlePlaces[p]!, theme));
    const firstColumn = p % layout.columns === 0;
    xAxes.push(periodAxis(periods, p, theme, 'Period'));
    yAxes.push(
      panelValueAxis(p, theme, {
        min: 0,
        max: panel.customers,
        inverse: true,
        name: firstColumn ? 'Customers (sorted)' : '',
        nameGap: 48,
        minInterval: 1,
        splitNumber: 4,
      }),
    );
    const byState = new Map<number, number[][]>();
    for (const r of panel.rects) {
      const data = byState.get(r.state) ?? [];
      data.push([r.x0, r.x1, r.y0, r.y1]);
      byState.set(r.state, data);
    }
    for (const [s, data] of [...byState.entries()].sort((a, b) => a[0] - b[0])) {
      const state = states[s]!;
      const label = stateLabel(state);
      series.push({
        type: 'custom',
        name: label,
        xAxisIndex: p,
        yAxisIndex: p,
        renderItem: renderSpellRect,
        encode: { x: 0, y: 2 },
        data,
        itemStyle: { color: stateColor(colors, state, theme) },
        tooltip: {
          formatter: (params) => {
            if (Array.isArray(params)) return '';
            const [x0, x1, y0, y1] = params.value as number[];
            const span = x1! - x0! > 1 ? `${periods[x0!]} – ${periods[x1! - 1]}` : periods[x0!];
            const rows = `${formatNumber(Math.floor(y0!) + 1)} – ${formatNumber(Math.round(y1!))}`;
            return `<b>${escapeHtml(label)}</b><br/>periods ${escapeHtml(span ?? '')}<br/>customers ${rows} of ${escapeHtml(name)}`;
          },
        },
      });
    }
  });
  return panelChart(title, layout, base, { titles, legend, xAxes, yAxes, series });
}

function indexSubtitle(panels: readonly IndexPanel[]): string {
  const total = panels.reduce((sum, p) => sum + p.customers, 0);
  const order = panels.length > 1 ? 'sorted by cluster, then by their journey' : 'sorted by their journey';
  const sampled = panels.some((p) => p.sampled)
    ? `\nA panel of more than ${formatNumber(maxIndexRows)} customers draws ${formatNumber(maxIndexRows)} bars, evenly spaced in this order`
    : '';
  // The sampling note goes on a line of its own: on one line it ran past the chart's edge.
  return `One bar per customer (${formatNumber(total)}), coloured by state period by period, ${order}${sampled}`;
}

// ---------------------------------------------------------------------------------------------
// frequent_sequences_plot

interface FrequentBar {
  rank: number;
  sequence: string;
  spells: Spell[];
  count: number;
  percent: number;
}

function frequentBars(table: Table, cluster?: number): FrequentBar[] {
  const clusters = cluster === undefined ? [] : numericColumn(table, 'cluster');
  const ranks = numericColumn(table, 'rank');
  const sequences = columnCells(table, 'sequence');
  const counts = numericColumn(table, 'count');
  const percents = numericColumn(table, 'percent');
  const bars: FrequentBar[] = [];
  ranks.forEach((rank, row) => {
    if (cluster !== undefined && clusters[row] !== cluster) return;
    if (!Number.isFinite(percents[row]!)) return;
    const sequence = sequences[row] === null ? '' : String(sequences[row]);
    bars.push({
      rank,
      sequence,
      spells: parseSpells(sequence),
      count: counts[row]!,
      percent: percents[row]!,
    });
  });
  return bars.sort((a, b) => a.rank - b.rank);
}

/** A bar's share to the right of its panel, when the bar is at least minLabelledBar pixels thick. */
function shareLabelRenderer(theme: ChartTheme): CustomSeriesRenderItem {
  return (params, api) => {
    const y0 = Number(api.value(0));
    const y1 = Number(api.value(1));
    const a = api.coord([0, y0]);
    const b = api.coord([0, y1]);
    if (Math.abs(a[1]! - b[1]!) < minLabelledBar) return null;
    const system = params.coordSys as unknown as { x: number; width: number };
    return {
      type: 'text',
      silent: true,
      style: {
        x: system.x + system.width + 6,
        y: (a[1]! + b[1]!) / 2,
        text: `${Number(api.value(2)).toFixed(1)}%`,
        fill: theme.text,
        fontSize: 11,
        fontFamily: theme.fontFamily,
        align: 'left',
        verticalAlign: 'middle',
      },
    };
  };
}

export function frequentSequencesPlot(
  result: Result,
  overall: Table | undefined,
  perCluster: Table | undefined,
  states: readonly string[],
  colors: ReadonlyMap<string, string>,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const sizes = clusterSizes(result);
  const panels: { name: string; bars: FrequentBar[] }[] = [];
  if (overall) panels.push({ name: overallTitle(sizes), bars: frequentBars(overall) });
  if (perCluster) {
    const clusters = [...new Set(numericColumn(perCluster, 'cluster').filter((c) => Number.isFinite(c)))];
    for (const c of clusters.sort((a, b) => a - b))
      panels.push({ name: clusterTitle(c, sizes), bars: frequentBars(perCluster, c) });
  }
  const periods = periodLabels(result, longestJourney([overall, perCluster]));
  const index = new Map(states.map((s, i) => [s, i]));
  const used = new Set(panels.flatMap((p) => p.bars.flatMap((b) => b.spells.map((s) => s.state))));
  const legendStates = states.filter((s) => used.has(s));
  const legendNames = legendStates.map(stateLabel);
  const spec = {
    panelWidth: panels.length >= 3 ? 240 : panels.length === 2 ? 320 : 640,
    panelHeight: panels.length > 1 ? 300 : 340,
    marginLeft: 72,
    marginRight: 60,
    top: 78,
    bottom: 0,
    gapX: 96,
    gapY: 64,
  };
  const firstGuess = panelLayout(panels.length, { ...spec, bottom: 100 });
  // The grid scales with the chart, the axis names and the legend do not: room for both at 70% size.
  const bottom = 96 + legendHeight(legendNames, firstGuess.width);
  const layout = panelLayout(panels.length, { ...spec, bottom });
  const { legend } = bottomLegend(legendNames, layout.width, theme);
  const base = baseOption(
    title,
    theme,
    'The most frequent journeys, each bar as thick as its share of customers (cumulative %, the most frequent at the bottom)',
  );
  const titles: TitleComponentOption[] = [base.title as TitleComponentOption];
  const series: CustomSeriesOption[] = [];
  const xAxes: unknown[] = [];
  const yAxes: unknown[] = [];
  const labelRenderer = shareLabelRenderer(theme);
  // TraMineR's seqfplot outlines its bars: two journeys in the same state stay apart.
  const outlined = spellRectRenderer({ color: theme.background, width: 0.75 });
  panels.forEach((panel, p) => {
    titles.push(panelTitle(panel.name, layout.titlePlaces[p]!, theme));
    const total = panel.bars.reduce((sum, b) => sum + b.percent, 0);
    xAxes.push(periodAxis(periods, p, theme, 'Period'));
    yAxes.push(
      panelValueAxis(p, theme, {
        min: 0,
        max: total > 0 ? Math.round(total * 1e6) / 1e6 : 1,
        name: p % layout.columns === 0 ? 'Cumulative % of customers' : '',
        nameGap: 44,
        splitNumber: 4,
        axisLabel: { fontSize: 11, color: theme.mutedText, formatter: (v: number) => `${formatNumber(v)}%` },
      }),
    );
    const byState = new Map<string, number[][]>();
    const tooltips = new Map<string, string[]>();
    const labels: number[][] = [];
    let y = 0;
    for (const bar of panel.bars) {
      let x = 0;
      const text =
        `<b>${bar.rank}. ${escapeHtml(spellsText(bar.spells))}</b><br/>` +
        `${formatNumber(bar.count)} customers (${bar.percent.toFixed(1)}%)`;
      for (const spell of bar.spells) {
        const end = Math.min(x + spell.duration, periods.length);
        if (end > x) {
          const data = byState.get(spell.state) ?? [];
          data.push([x, end, y, y + bar.percent]);
          byState.set(spell.state, data);
          const tips = tooltips.get(spell.state) ?? [];
          tips.push(text);
          tooltips.set(spell.state, tips);
        }
        x = end;
      }
      labels.push([y, y + bar.percent, bar.percent, bar.count]);
      y += bar.percent;
    }
    for (const state of [...byState.keys()].sort((a, b) => index.get(a)! - index.get(b)!)) {
      const tips = tooltips.get(state)!;
      series.push({
        type: 'custom',
        name: stateLabel(state),
        xAxisIndex: p,
        yAxisIndex: p,
        renderItem: outlined,
        encode: { x: 0, y: 2 },
        data: byState.get(state)!,
        itemStyle: { color: stateColor(colors, state, theme) },
        tooltip: { formatter: (params) => (Array.isArray(params) ? '' : (tips[params.dataIndex] ?? '')) },
      });
    }
    series.push({
      type: 'custom',
      name: 'share',
      xAxisIndex: p,
      yAxisIndex: p,
      renderItem: labelRenderer,
      encode: { y: 0 },
      data: labels,
      silent: true,
      tooltip: { show: false },
    });
  });
  return panelChart(title, layout, base, { titles, legend, xAxes, yAxes, series });
}
