// Charts for the `rnn` Result (DESIGN.md section 4, rnn), built from its tables only:
//   training_curves  training (epoch, loss, val_loss, auc, val_auc), metrics (best_epoch): two
//                    panels side by side, loss per epoch and AUC per epoch, training solid and
//                    validation dashed in the same two colours in both panels, and a vertical mark
//                    labelled "restored" at the best epoch, whose weights early stopping restored.
//                    trainingCurves() also draws a partial table while the model trains (the
//                    window adds a row per epoch; no metrics yet, so no mark).
//   segment_sizes    segment_profiles (segment, customers, share): as cluster's, bars in segment
//                    colours with share labels (rnn's `customers` is cluster's `size`).
//   profile_heatmap  segment_profiles: as cluster's, segments x (churn_rate, tenure_days, events and
//                    the mean per customer of each feature's total), each column z-scored across
//                    the segments, cells labelled with the raw value; customers and share left out.
//   pca_scatter      pca (id, segment, pc1, pc2): as cluster's, the encodings on their first two
//                    principal components, one series per segment, noise (0) grey and underneath.
//   k_distance       k_distance (rank, distance), DBSCAN only, metrics (eps, min_pts): as cluster's.
//   roc_curve        roc (set, fpr, tpr), metrics (auc, val_auc): the ROC curve of the training and
//                    of the validation customers (solid and dashed, the training_curves colours)
//                    over the chance diagonal, each set's AUC in the legend.
// Static output has no animation; everything is deterministic.
import type {
  EChartsOption,
  LegendComponentOption,
  LineSeriesOption,
  TitleComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';
import type { Result, Table } from '../result.ts';
import { rnnDefinition } from '../analyses/rnn.ts';
import type { ChartTheme } from './palette.ts';
import { chartTheme } from './palette.ts';
import type { ChartBuildOptions, ChartBuilder, ChartSpec } from './types.ts';
import {
  baseOption,
  defaultMaxScatterPoints,
  kDistanceCurve,
  pcaScatter,
  profileHeatmap,
  segmentSizes,
  valueAxis,
} from './cluster.ts';
import { columnCells, escapeHtml, formatNumber, metricValue, numericColumn } from './tables.ts';

/** segment_profiles columns that are not measures of a segment (left out of profile_heatmap). */
const profileBookkeeping: ReadonlySet<string> = new Set(['segment', 'customers', 'share']);
/** How the fixed segment_profiles measures are labelled in profile_heatmap (features keep their names). */
const profileLabels: Record<string, string> = {
  churn_rate: 'churn rate',
  tenure_days: 'tenure (days)',
  events: 'events',
};
/** Up to this many epochs the training curves show a dot per epoch (a single epoch is then visible). */
const dotsUpToEpochs = 40;

/** The two sets of customers the model reports on, in legend order. */
const setStyles = [
  { key: 'training', label: 'Training', line: 'solid', color: 0, aucMetric: 'auc' },
  { key: 'validation', label: 'Validation', line: 'dashed', color: 1, aucMetric: 'val_auc' },
] as const;

export const buildRnnCharts: ChartBuilder = (result: Result, options: ChartBuildOptions = {}) => {
  const theme = chartTheme(options.theme);
  const titles = rnnDefinition.charts;
  const charts: Record<string, ChartSpec> = {};
  const { training, metrics, segment_profiles: profiles, pca, k_distance: kDistance, roc } = result.tables;
  if (training) {
    const best = metricValue(metrics, 'best_epoch');
    charts.training_curves = trainingCurves(training, best, titles.training_curves.title, theme);
  }
  if (profiles) Object.assign(charts, segmentProfileCharts(profiles, titles, theme));
  if (pca) {
    const max = options.maxScatterPoints ?? defaultMaxScatterPoints;
    charts.pca_scatter = pcaScatter(pca, titles.pca_scatter.title, theme, max);
  }
  if (kDistance) charts.k_distance = kDistanceCurve(kDistance, metrics, titles.k_distance.title, theme);
  if (roc) charts.roc_curve = rocCurve(roc, metrics, titles.roc_curve.title, theme);
  return charts;
};

/** segment_sizes and profile_heatmap of an rnn segment_profiles table (also of rnn_score's). */
export function segmentProfileCharts(
  profiles: Table,
  titles: Record<string, { title: string }>,
  theme: ChartTheme,
): { segment_sizes: ChartSpec; profile_heatmap: ChartSpec } {
  return {
    segment_sizes: segmentSizes(profiles, titles.segment_sizes.title, theme, 'customers'),
    profile_heatmap: profileHeatmap(
      withProfileLabels(profiles),
      titles.profile_heatmap.title,
      theme,
      profileBookkeeping,
    ),
  };
}

/** The profiles table with labels on the fixed measures (columns that already have one keep it). */
function withProfileLabels(profiles: Table): Table {
  return {
    ...profiles,
    columns: profiles.columns.map((c) =>
      c.label === undefined && Object.hasOwn(profileLabels, c.name)
        ? { ...c, label: profileLabels[c.name] }
        : c,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// training_curves

/**
 * Loss and AUC per epoch from a `training` table, complete or partial (the rows so far while the
 * model trains): training solid, validation dashed; a vertical mark labelled "restored" at
 * `bestEpoch` when it is known. `plannedEpochs`, when given, fixes the epoch axis to 1..epochs so
 * that it does not move as rows arrive.
 */
export function trainingCurves(
  table: Table,
  bestEpoch: number | undefined,
  title: string,
  theme: ChartTheme,
  plannedEpochs?: number,
): ChartSpec {
  const epochs = numericColumn(table, 'epoch');
  const columns = {
    loss: numericColumn(table, 'loss'),
    val_loss: numericColumn(table, 'val_loss'),
    auc: numericColumn(table, 'auc'),
    val_auc: numericColumn(table, 'val_auc'),
  };
  const rows = epochs
    .map((epoch, row) => ({ epoch, row }))
    .filter(({ epoch }) => Number.isFinite(epoch))
    .sort((a, b) => a.epoch - b.epoch);
  const lastEpoch = rows.length > 0 ? rows[rows.length - 1]!.epoch : 1;
  const axisMax = Math.max(2, lastEpoch, plannedEpochs ?? 0, bestEpoch ?? 0);
  const showDots = rows.length <= dotsUpToEpochs;

  const width = 960;
  const height = 480;
  const marginLeft = 76;
  const marginRight = 32;
  const gap = 100;
  const gridWidth = (width - marginLeft - marginRight - gap) / 2;
  const percent = (value: number) => `${((100 * value) / width).toFixed(3)}%`;
  const panels = [
    {
      name: 'Loss (binary cross-entropy)',
      axis: 'Loss',
      columns: ['loss', 'val_loss'] as const,
      markLabel: 'insideEndTop' as const,
    },
    {
      name: 'AUC (area under the ROC curve)',
      axis: 'AUC',
      columns: ['auc', 'val_auc'] as const,
      markLabel: 'insideStartTop' as const,
    },
  ];

  const base = baseOption(
    title,
    theme,
    trainingSubtitle(rows.length, rows.length > 0 ? lastEpoch : 0, bestEpoch, plannedEpochs),
  );
  const titles: TitleComponentOption[] = [base.title as TitleComponentOption];
  const grids: NonNullable<EChartsOption['grid']> = [];
  const xAxes: XAXisComponentOption[] = [];
  const yAxes: YAXisComponentOption[] = [];
  const series: LineSeriesOption[] = [];
  panels.forEach((panel, p) => {
    const left = marginLeft + p * (gridWidth + gap);
    grids.push({ left: percent(left), width: percent(gridWidth), top: 112, bottom: 60 });
    titles.push({
      text: panel.name,
      left: percent(left + gridWidth / 2),
      top: 80,
      textAlign: 'center',
      textStyle: { fontSize: 13, fontWeight: 'bold', color: theme.text },
    });
    xAxes.push({
      ...valueAxis('Epoch', theme, { min: 1, max: axisMax, minInterval: 1, nameGap: 30 }),
      gridIndex: p,
    } as XAXisComponentOption);
    yAxes.push({
      ...valueAxis(panel.axis, theme, { scale: true, nameGap: 50 }),
      gridIndex: p,
    } as YAXisComponentOption);
    setStyles.forEach((set, s) => {
      const values = columns[panel.columns[s]!];
      const line: LineSeriesOption = {
        type: 'line',
        name: set.label,
        xAxisIndex: p,
        yAxisIndex: p,
        data: rows.map(({ epoch, row }) => [epoch, finiteOrNull(values[row]!)]),
        showSymbol: showDots,
        symbol: 'circle',
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { color: theme.categorical[set.color], width: 2, type: set.line },
        itemStyle: { color: theme.categorical[set.color] },
        emphasis: { focus: 'series' },
      };
      if (s === 0 && bestEpoch !== undefined) line.markLine = restoredMark(bestEpoch, theme, panel.markLabel);
      series.push(line);
    });
  });
  return {
    title,
    width,
    height,
    option: {
      ...base,
      title: titles,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(4) : '–'),
      },
      legend: setLegend(theme, { top: 16, right: marginRight }),
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
    },
  };
}

function trainingSubtitle(
  rowCount: number,
  lastEpoch: number,
  bestEpoch: number | undefined,
  plannedEpochs?: number,
): string {
  const count =
    plannedEpochs !== undefined
      ? `epoch ${formatNumber(lastEpoch)} of ${formatNumber(plannedEpochs)}`
      : `${rowCount} ${rowCount === 1 ? 'epoch' : 'epochs'}`;
  const style = 'training solid, validation dashed';
  if (bestEpoch === undefined) return `Per epoch, ${count}; ${style}`;
  return `Per epoch, ${count}; ${style}; the weights of epoch ${formatNumber(bestEpoch)} (lowest validation loss) were restored`;
}

/**
 * The vertical mark at the restored epoch. Its label runs up the line from where the curves are
 * not: the top of the loss panel (loss falls) and the bottom of the AUC panel (AUC rises).
 */
function restoredMark(
  bestEpoch: number,
  theme: ChartTheme,
  position: 'insideEndTop' | 'insideStartTop',
): NonNullable<LineSeriesOption['markLine']> {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: theme.text, type: 'dotted', width: 1.5 },
    label: {
      formatter: `restored (epoch ${formatNumber(bestEpoch)})`,
      position,
      fontSize: 12,
      color: theme.text,
    },
    data: [{ xAxis: bestEpoch }],
  };
}

/** The legend of the two sets; series of the same name share its entry (and its toggle). */
function setLegend(theme: ChartTheme, place: LegendComponentOption): LegendComponentOption {
  return {
    data: setStyles.map((set) => set.label),
    itemWidth: 30,
    textStyle: { fontSize: 12, color: theme.text },
    ...place,
  };
}

// ---------------------------------------------------------------------------------------------
// roc_curve

function rocCurve(roc: Table, metrics: Table | undefined, title: string, theme: ChartTheme): ChartSpec {
  const sets = columnCells(roc, 'set').map((cell) => String(cell ?? ''));
  const fpr = numericColumn(roc, 'fpr');
  const tpr = numericColumn(roc, 'tpr');
  const names = [...new Set(sets)].sort((a, b) => setRank(a) - setRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const legend: string[] = [];
  const series: LineSeriesOption[] = names.map((set, i) => {
    const style = setStyles.find((s) => s.key === set);
    const auc = style ? metricValue(metrics, style.aucMetric) : undefined;
    const label = style?.label ?? set;
    const name = auc === undefined ? label : `${label} (AUC ${auc.toFixed(3)})`;
    legend.push(name);
    const color = theme.categorical[(style?.color ?? i) % theme.categorical.length]!;
    const points = sets.flatMap((s, row) =>
      s === set && Number.isFinite(fpr[row]!) && Number.isFinite(tpr[row]!) ? [[fpr[row]!, tpr[row]!]] : [],
    );
    return {
      type: 'line',
      name,
      data: points,
      symbol: 'none',
      lineStyle: { color, width: 2, type: style?.line ?? 'solid' },
      itemStyle: { color },
      emphasis: { focus: 'series' },
    };
  });
  series.push({
    type: 'line',
    name: 'Chance',
    data: [
      [0, 0],
      [1, 1],
    ],
    silent: true,
    showSymbol: false,
    lineStyle: { color: theme.axisLine, width: 1.25, type: 'dotted' },
    itemStyle: { color: theme.axisLine },
    tooltip: { show: false },
    z: 1,
  });
  const subtitle =
    names.length > 0
      ? 'True against false positive rate of the restored model, as its churn threshold moves; dotted: chance'
      : 'No ROC points';
  return {
    title,
    width: 640,
    height: 660,
    option: {
      ...baseOption(title, theme, subtitle),
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          if (Array.isArray(params)) return '';
          const [x, y] = params.value as [number, number];
          return `${escapeHtml(params.seriesName ?? '')}<br/>false positive rate ${x.toFixed(3)}<br/>true positive rate ${y.toFixed(3)}`;
        },
      },
      legend: {
        data: legend,
        orient: 'vertical',
        right: 56,
        bottom: 84,
        itemWidth: 30,
        backgroundColor: theme.background,
        textStyle: { fontSize: 12, color: theme.text },
      },
      grid: { left: 80, right: 40, top: 84, bottom: 64 },
      xAxis: valueAxis('False positive rate (1 − specificity)', theme, { min: 0, max: 1, interval: 0.2 }),
      yAxis: valueAxis('True positive rate (sensitivity)', theme, {
        min: 0,
        max: 1,
        interval: 0.2,
        nameGap: 44,
      }),
      series,
    },
  };
}

/** training first, validation second, anything else after them. */
function setRank(set: string): number {
  const index = setStyles.findIndex((s) => s.key === set);
  return index < 0 ? setStyles.length : index;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
