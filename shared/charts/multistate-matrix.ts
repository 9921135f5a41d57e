// The `probability_matrix` chart of the multistate Result, from `transition_matrix` (time,
// from, to, prob, se): the matrix P(s, t) as a heatmap, rows = the state at the start time s,
// columns = the state at time t, each cell the probability (as a percentage) shaded from 0 to 1.
// One frame per prediction time on an ECharts timeline (play or drag to move through the
// times); the static image shows the last time. Rows keep the state order of the options.
import type { EChartsOption, HeatmapSeriesOption } from 'echarts';
import type { Table } from '../result.ts';
import type { ChartTheme } from './palette.ts';
import type { ChartSpec } from './types.ts';
import { columnCells, formatNumber } from './tables.ts';

interface MatrixCell {
  from: string;
  to: string;
  prob: number;
  se: number;
}

/** The cells of the matrix at each time, times ascending; states in first-appearance order. */
export function matrixFrames(table: Table): {
  times: number[];
  states: string[];
  cells: Map<number, MatrixCell[]>;
} {
  const times = columnCells(table, 'time');
  const froms = columnCells(table, 'from');
  const tos = columnCells(table, 'to');
  const probs = columnCells(table, 'prob');
  const ses = columnCells(table, 'se');
  const states: string[] = [];
  const cells = new Map<number, MatrixCell[]>();
  for (let row = 0; row < table.rows.length; row++) {
    const time = Number(times[row]);
    const from = String(froms[row]);
    if (!states.includes(from)) states.push(from);
    const list = cells.get(time) ?? [];
    list.push({ from, to: String(tos[row]), prob: Number(probs[row] ?? NaN), se: Number(ses[row] ?? NaN) });
    cells.set(time, list);
  }
  return { times: [...cells.keys()].sort((a, b) => a - b), states, cells };
}

function percent(prob: number): string {
  if (!Number.isFinite(prob)) return '';
  const value = prob * 100;
  return `${Math.abs(value) < 0.05 ? '0' : value.toFixed(1)}%`;
}

export function probabilityMatrix(table: Table, title: string, theme: ChartTheme): ChartSpec | undefined {
  const { times, states, cells } = matrixFrames(table);
  if (times.length === 0) return undefined;
  const stateIndex = new Map(states.map((state, i) => [state, i]));
  const frame = (time: number): EChartsOption => {
    const data = (cells.get(time) ?? []).map((cell) => ({
      value: [stateIndex.get(cell.to) ?? 0, stateIndex.get(cell.from) ?? 0, cell.prob],
      label: { formatter: percent(cell.prob) },
      tooltip: {
        formatter:
          `In ${cell.from} at the start, in ${cell.to} at ${formatNumber(time)}: ` +
          `${percent(cell.prob)}` +
          (Number.isFinite(cell.se) ? ` (se ${formatNumber(cell.se)})` : ''),
      },
    }));
    const series: HeatmapSeriesOption = {
      type: 'heatmap',
      name: 'P(s, t)',
      data,
      label: { show: true, fontSize: 12, color: theme.text },
      itemStyle: { borderColor: theme.background, borderWidth: 2 },
    };
    return {
      title: { subtext: `P(state at ${formatNumber(time)} | state at the start time), rows sum to 100%` },
      series: [series],
    };
  };
  const side = Math.max(360, 90 + 70 * states.length);
  const option: EChartsOption = {
    baseOption: {
      animation: false,
      backgroundColor: theme.background,
      textStyle: { fontFamily: theme.fontFamily, fontSize: 13, color: theme.text },
      title: {
        text: title,
        left: 16,
        top: 10,
        textStyle: { fontSize: 16, fontWeight: 'bold', color: theme.text },
        subtextStyle: { fontSize: 12, color: theme.mutedText },
      },
      tooltip: { trigger: 'item' },
      timeline: {
        axisType: 'category',
        data: times.map((time) => formatNumber(time)),
        currentIndex: times.length - 1,
        autoPlay: false,
        playInterval: 800,
        bottom: 8,
        left: 60,
        right: 60,
        label: { color: theme.mutedText, fontSize: 11 },
        lineStyle: { color: theme.axisLine },
        itemStyle: { color: theme.axisLine },
        checkpointStyle: { color: theme.accent, borderColor: theme.accent },
        controlStyle: { color: theme.mutedText, borderColor: theme.mutedText },
      },
      grid: { left: 130, right: 100, top: 80, bottom: 110 },
      xAxis: {
        type: 'category',
        data: states,
        name: 'State at time t',
        nameLocation: 'middle',
        nameGap: 32,
        nameTextStyle: { fontSize: 13, color: theme.text },
        axisLabel: { fontSize: 12, color: theme.text, interval: 0 },
        axisLine: { lineStyle: { color: theme.axisLine } },
      },
      yAxis: {
        type: 'category',
        data: states,
        inverse: true,
        name: 'State at the start',
        nameLocation: 'middle',
        nameGap: 110,
        nameTextStyle: { fontSize: 13, color: theme.text },
        axisLabel: { fontSize: 12, color: theme.text },
        axisLine: { lineStyle: { color: theme.axisLine } },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: 1,
        calculable: false,
        orient: 'vertical',
        right: 16,
        top: 'middle',
        itemWidth: 12,
        itemHeight: 160,
        text: ['100%', '0%'],
        textStyle: { fontSize: 12, color: theme.mutedText },
        inRange: { color: [theme.background, theme.accent] },
      },
    },
    options: times.map(frame),
  };
  return { title, option, width: side + 240, height: side + 110 };
}
