// Charts for the `cluster` Result (DESIGN.md section 4, cluster), built from its tables only:
//   pca_scatter      pca (id, segment, pc1, pc2): one scatter series per segment, noise first
//                    so it sits underneath; beyond maxScatterPoints a deterministic sample.
//   segment_sizes    segment_profiles (segment, size, share): bars in segment colours, share labels.
//   profile_heatmap  segment_profiles: segments x measured columns. Each column's segment means are
//                    z-scored across the segments shown, z = (mean_s - m) / sd with m the plain
//                    average of the segment means and sd their population sd (divide by the number
//                    of segments), z = 0 when the column is constant; the cell shows the raw mean.
//   k_distance       k_distance (rank, distance), DBSCAN only: the sorted k-distance curve with a
//                    mark at eps (from metrics) where the knee was taken.
// Static output has no animation; large scatters use ECharts' large mode.
import type { EChartsOption, HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { Result, Table } from '../result.ts';
import { clusterDefinition } from '../analyses/cluster.ts';
import type { ChartTheme } from './palette.ts';
import { chartTheme, segmentColor, segmentName } from './palette.ts';
import type { ChartBuildOptions, ChartBuilder, ChartSpec } from './types.ts';
import { columnCells, formatNumber, formatShare, metricValue, numericColumn } from './tables.ts';

export const defaultMaxScatterPoints = 20_000;
/** Every segment keeps at least this many points (or all it has) when a scatter is sampled. */
const minPointsPerSegment = 200;
/** Above this many points in one series ECharts draws them in one path (large mode). */
const largeThreshold = 2_000;
/** profile_heatmap columns that are not measured columns. */
const profileBookkeeping: ReadonlySet<string> = new Set(['segment', 'size', 'share']);

export const buildClusterCharts: ChartBuilder = (result: Result, options: ChartBuildOptions = {}) => {
  const theme = chartTheme(options.theme);
  const titles = clusterDefinition.charts;
  const charts: Record<string, ChartSpec> = {};
  const { pca, segment_profiles: profiles, metrics, k_distance: kDistance } = result.tables;
  if (pca) {
    const max = options.maxScatterPoints ?? defaultMaxScatterPoints;
    charts.pca_scatter = pcaScatter(pca, titles.pca_scatter.title, theme, max);
  }
  if (profiles) {
    charts.segment_sizes = segmentSizes(profiles, titles.segment_sizes.title, theme);
    charts.profile_heatmap = profileHeatmap(profiles, titles.profile_heatmap.title, theme);
  }
  if (kDistance) charts.k_distance = kDistanceCurve(kDistance, metrics, titles.k_distance.title, theme);
  return charts;
};

/** Options every chart shares: no animation, theme colours and fonts, a title. */
export function baseOption(title: string, theme: ChartTheme, subtitle?: string): EChartsOption {
  return {
    animation: false,
    backgroundColor: theme.background,
    color: [...theme.categorical],
    textStyle: { fontFamily: theme.fontFamily, fontSize: 13, color: theme.text },
    title: {
      text: title,
      subtext: subtitle ?? '',
      left: 16,
      top: 10,
      textStyle: { fontSize: 16, fontWeight: 'bold', color: theme.text },
      subtextStyle: { fontSize: 12, color: theme.mutedText },
    },
    tooltip: { trigger: 'item' },
  };
}

export function valueAxis(name: string, theme: ChartTheme, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 36,
    nameTextStyle: { fontSize: 13, color: theme.text },
    axisLabel: { fontSize: 12, color: theme.mutedText },
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.axisLine } },
    splitLine: { lineStyle: { color: theme.gridLine } },
    ...extra,
  };
}

/** Distinct segment numbers in ascending order (noise, 0, therefore first). */
function distinctSegments(segments: number[]): number[] {
  return [...new Set(segments.filter((s) => Number.isFinite(s)))].sort((a, b) => a - b);
}

/**
 * Row indices to draw, at most about `max`: all of them when they fit, else per segment an
 * evenly spaced (every (n/quota)-th row) subset whose size is proportional to the segment
 * (at least minPointsPerSegment), so small segments stay visible and the result is deterministic.
 */
export function sampleScatterRows(segments: number[], max: number): number[] {
  const rowsBySegment = new Map<number, number[]>();
  segments.forEach((segment, row) => {
    if (!Number.isFinite(segment)) return;
    const rows = rowsBySegment.get(segment) ?? [];
    rows.push(row);
    rowsBySegment.set(segment, rows);
  });
  const total = [...rowsBySegment.values()].reduce((sum, rows) => sum + rows.length, 0);
  if (total <= max) return [...rowsBySegment.values()].flat().sort((a, b) => a - b);
  const kept: number[] = [];
  for (const rows of rowsBySegment.values()) {
    const quota = Math.min(
      rows.length,
      Math.max(minPointsPerSegment, Math.round((rows.length * max) / total)),
    );
    for (let j = 0; j < quota; j++) kept.push(rows[Math.floor((j * rows.length) / quota)]!);
  }
  return kept.sort((a, b) => a - b);
}

export function pcaScatter(pca: Table, title: string, theme: ChartTheme, maxPoints: number): ChartSpec {
  const ids = columnCells(pca, 'id');
  const segments = numericColumn(pca, 'segment');
  const pc1 = numericColumn(pca, 'pc1');
  const pc2 = numericColumn(pca, 'pc2');
  const drawable = segments.map((s, row) =>
    Number.isFinite(pc1[row]!) && Number.isFinite(pc2[row]!) ? s : NaN,
  );
  const rows = sampleScatterRows(drawable, maxPoints);
  const drawnCount = rows.length;
  const totalCount = drawable.filter((s) => Number.isFinite(s)).length;
  const pointsBySegment = new Map<number, (number | string)[][]>();
  for (const row of rows) {
    const segment = drawable[row]!;
    const points = pointsBySegment.get(segment) ?? [];
    points.push([pc1[row]!, pc2[row]!, String(ids[row] ?? row + 1)]);
    pointsBySegment.set(segment, points);
  }
  const symbolSize = drawnCount > 10_000 ? 3 : drawnCount > 1_000 ? 4.5 : 7;
  const series: ScatterSeriesOption[] = distinctSegments(drawable).map((segment) => {
    const data = pointsBySegment.get(segment) ?? [];
    return {
      type: 'scatter',
      name: segmentName(segment),
      data,
      dimensions: ['PC1', 'PC2', 'id'],
      encode: { x: 'PC1', y: 'PC2', tooltip: ['id', 'PC1', 'PC2'] },
      symbolSize,
      itemStyle: { color: segmentColor(segment, theme), opacity: segment === 0 ? 0.55 : 0.75 },
      large: data.length > largeThreshold,
      largeThreshold,
      emphasis: { focus: 'series' },
    };
  });
  const subtitle =
    drawnCount < totalCount
      ? `${formatNumber(drawnCount)} of ${formatNumber(totalCount)} customers shown (even sample per segment)`
      : `${formatNumber(totalCount)} customers`;
  return {
    title,
    width: 800,
    height: 560,
    option: {
      ...baseOption(title, theme, subtitle),
      legend: {
        type: 'scroll',
        orient: 'vertical',
        right: 12,
        top: 70,
        textStyle: { fontSize: 12, color: theme.text },
      },
      grid: { left: 72, right: 150, top: 80, bottom: 64 },
      xAxis: valueAxis('First principal component (PC1)', theme, { scale: true, nameGap: 32 }),
      yAxis: valueAxis('Second principal component (PC2)', theme, { scale: true, nameGap: 48 }),
      series,
    },
  };
}

/** Bars of segment_profiles' `sizeColumn` (cluster's `size`; rnn calls it `customers`). */
export function segmentSizes(
  profiles: Table,
  title: string,
  theme: ChartTheme,
  sizeColumn = 'size',
): ChartSpec {
  const segments = numericColumn(profiles, 'segment');
  const sizes = numericColumn(profiles, sizeColumn);
  const shares = numericColumn(profiles, 'share');
  const order = segments.map((_, row) => row).sort((a, b) => segments[a]! - segments[b]!);
  return {
    title,
    width: 800,
    height: 460,
    option: {
      ...baseOption(title, theme, 'Customers per segment; labels give the share of all customers'),
      grid: { left: 80, right: 32, top: 80, bottom: 64 },
      xAxis: {
        type: 'category',
        name: 'Segment',
        nameLocation: 'middle',
        nameGap: 36,
        nameTextStyle: { fontSize: 13, color: theme.text },
        data: order.map((row) => segmentName(segments[row]!)),
        axisLabel: { fontSize: 12, color: theme.text, interval: 0 },
        axisLine: { lineStyle: { color: theme.axisLine } },
        axisTick: { alignWithLabel: true },
      },
      yAxis: valueAxis('Customers', theme, { nameGap: 56 }),
      series: [
        {
          type: 'bar',
          name: 'Customers',
          barMaxWidth: 64,
          data: order.map((row) => ({
            value: sizes[row]!,
            itemStyle: { color: segmentColor(segments[row]!, theme) },
            label: {
              show: true,
              position: 'top',
              fontSize: 12,
              color: theme.text,
              formatter: formatShare(shares[row]!),
            },
          })),
        },
      ],
    },
  };
}

/**
 * z-scores of one column's segment means across segments: (x - m) / sd with m the plain
 * average and sd the population sd of the finite values; all zeros when the column is
 * constant; NaN stays NaN (and is left out of m and sd).
 */
export function zScoresAcrossSegments(means: readonly number[]): number[] {
  const finite = means.filter((x) => Number.isFinite(x));
  if (finite.length === 0) return means.map(() => Number.NaN);
  const constant = finite.every((x) => x === finite[0]);
  const mean = finite.reduce((sum, x) => sum + x, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((sum, x) => sum + (x - mean) ** 2, 0) / finite.length);
  return means.map((x) => {
    if (!Number.isFinite(x)) return Number.NaN;
    return constant || sd === 0 ? 0 : (x - mean) / sd;
  });
}

/** segment_profiles as a heatmap of every column but the `bookkeeping` ones (cluster's by default). */
export function profileHeatmap(
  profiles: Table,
  title: string,
  theme: ChartTheme,
  bookkeeping: ReadonlySet<string> = profileBookkeeping,
): ChartSpec {
  const segments = numericColumn(profiles, 'segment');
  const order = segments.map((_, row) => row).sort((a, b) => segments[a]! - segments[b]!);
  const measured = profiles.columns.filter((c) => !bookkeeping.has(c.name));
  const columnLabels = measured.map((c) => c.label ?? c.name);
  const segmentLabels = order.map((row) => segmentName(segments[row]!));
  const data: NonNullable<HeatmapSeriesOption['data']> = [];
  const tooltips: string[] = [];
  let largestZ = 0;
  measured.forEach((column, x) => {
    const means = numericColumn(profiles, column.name);
    const z = zScoresAcrossSegments(order.map((row) => means[row]!));
    order.forEach((row, y) => {
      const mean = means[row]!;
      const zy = z[y]!;
      if (Number.isFinite(zy)) largestZ = Math.max(largestZ, Math.abs(zy));
      data.push({
        value: [x, y, Number.isFinite(zy) ? round(zy, 6) : '-'],
        label: { formatter: formatNumber(mean) },
      });
      const zText = Number.isFinite(zy) ? zy.toFixed(2) : '–';
      tooltips.push(`${segmentLabels[y]} · ${columnLabels[x]}<br/>mean ${formatNumber(mean)} (z ${zText})`);
    });
  });
  const range = Math.max(1, Math.ceil(largestZ * 10) / 10);
  const width = Math.max(800, 200 + 96 * measured.length);
  const height = Math.max(360, 230 + 44 * order.length);
  return {
    title,
    width,
    height,
    option: {
      ...baseOption(title, theme, 'Colour: segment mean as a z-score across segments; label: the raw mean'),
      tooltip: {
        trigger: 'item',
        formatter: (params) => (Array.isArray(params) ? '' : (tooltips[params.dataIndex] ?? '')),
      },
      grid: { left: 110, right: 40, top: 80, bottom: 150 },
      xAxis: {
        type: 'category',
        data: columnLabels,
        name: 'Measure',
        nameLocation: 'middle',
        nameGap: 80,
        nameTextStyle: { fontSize: 13, color: theme.text },
        axisLabel: { fontSize: 12, color: theme.text, interval: 0, rotate: measured.length > 6 ? 30 : 0 },
        axisLine: { lineStyle: { color: theme.axisLine } },
        splitArea: { show: false },
      },
      yAxis: {
        type: 'category',
        data: segmentLabels,
        inverse: true,
        name: 'Segment',
        nameLocation: 'middle',
        nameGap: 90,
        nameTextStyle: { fontSize: 13, color: theme.text },
        axisLabel: { fontSize: 12, color: theme.text },
        axisLine: { lineStyle: { color: theme.axisLine } },
      },
      visualMap: {
        type: 'continuous',
        min: -range,
        max: range,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 12,
        itemWidth: 12,
        itemHeight: 180,
        text: ['above average', 'below average'],
        textStyle: { fontSize: 12, color: theme.mutedText },
        inRange: { color: [...theme.diverging] },
      },
      series: [
        {
          type: 'heatmap',
          name: 'Segment profiles',
          data,
          label: { show: true, fontSize: 11, color: theme.textOnRamp },
          itemStyle: { borderColor: theme.background, borderWidth: 2 },
        },
      ],
    },
  };
}

export function kDistanceCurve(
  kDistance: Table,
  metrics: Table | undefined,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const ranks = numericColumn(kDistance, 'rank');
  const distances = numericColumn(kDistance, 'distance');
  const points = ranks
    .map((rank, row) => [rank, distances[row]!] as [number, number])
    .filter(([rank, distance]) => Number.isFinite(rank) && Number.isFinite(distance))
    .sort((a, b) => a[0] - b[0]);
  const eps = metricValue(metrics, 'eps');
  const minPts = metricValue(metrics, 'min_pts');
  const neighbour = minPts === undefined ? 'min_pts-th' : `${minPts}${ordinalSuffix(minPts)}`;
  const series: LineSeriesOption = {
    type: 'line',
    name: 'k-distance',
    data: points,
    showSymbol: false,
    sampling: 'lttb',
    lineStyle: { color: theme.accent, width: 2 },
    itemStyle: { color: theme.accent },
  };
  if (eps !== undefined) {
    series.markLine = {
      silent: true,
      symbol: 'none',
      lineStyle: { color: theme.text, type: 'dashed', width: 1.5 },
      label: {
        formatter: `eps = ${formatNumber(eps)}`,
        position: 'insideEndTop',
        fontSize: 12,
        color: theme.text,
      },
      data: [{ yAxis: eps }],
    };
  }
  return {
    title,
    width: 800,
    height: 460,
    option: {
      ...baseOption(
        title,
        theme,
        `Distance from each point to its ${neighbour} neighbour (itself counted), sorted`,
      ),
      tooltip: { trigger: 'axis' },
      grid: { left: 80, right: 40, top: 80, bottom: 64 },
      xAxis: valueAxis('Points, sorted by k-distance (rank)', theme, { min: 'dataMin', max: 'dataMax' }),
      yAxis: valueAxis(`Distance to ${neighbour} neighbour`, theme, { nameGap: 56 }),
      series: [series],
    },
  };
}

function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
