// The cluster chart builder against hand-made Results: one series per segment, noise grey,
// heatmap z-scores against numbers worked out by hand, k_distance only for DBSCAN, and every
// chart rendered to a well-formed, deterministic SVG that carries its title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption, BarSeriesOption } from 'echarts';
import type { Cell, Result } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import {
  buildClusterCharts,
  sampleScatterRows,
  zScoresAcrossSegments,
} from '../../../shared/charts/cluster.ts';
import { chartBuilders } from '../../../shared/charts/index.ts';
import { lightTheme, darkTheme, segmentColor } from '../../../shared/charts/palette.ts';
import { renderSvg } from '../../../main/charts/svg.ts';

/** 3 segments (+ noise when dbscan) of 4 points each; means chosen for easy hand z-scores. */
function syntheticCluster(method: 'kmeans' | 'dbscan'): Result {
  const segmentsUsed = method === 'dbscan' ? [0, 1, 2, 3] : [1, 2, 3];
  const pcaRows: Cell[][] = [];
  const segmentRows: Cell[][] = [];
  let id = 1;
  for (const segment of segmentsUsed) {
    for (let j = 0; j < 4; j++) {
      pcaRows.push([`c${id}`, segment, segment * 2 + j * 0.1, -segment + j * 0.2]);
      segmentRows.push([`c${id}`, segment]);
      id++;
    }
  }
  const n = pcaRows.length;
  // spend means 10, 20, 60 (+ noise 30); visits constant 5; tenure 1, 2, 3 (+ noise 2).
  const profile: Record<number, [number, number, number]> = {
    0: [30, 5, 2],
    1: [10, 5, 1],
    2: [20, 5, 2],
    3: [60, 5, 3],
  };
  const profileRows: Cell[][] = segmentsUsed.map((s) => [s, 4, 4 / n, ...profile[s]!]);
  const metricsRows: Cell[][] = [
    ['clusters', 3],
    ['noise_share', method === 'dbscan' ? 0.25 : 0],
    ['tot_withinss', 12.5],
    ['silhouette', 0.61],
  ];
  if (method === 'dbscan') metricsRows.push(['eps', 0.42], ['min_pts', 4]);
  const tables: Result['tables'] = {
    segments: makeTable(
      'Segments',
      [
        { name: 'id', type: 'string' },
        { name: 'segment', type: 'integer' },
      ],
      segmentRows,
    ),
    segment_profiles: makeTable(
      'Segment profiles',
      [
        { name: 'segment', type: 'integer' },
        { name: 'size', type: 'integer' },
        { name: 'share', type: 'number' },
        { name: 'spend', type: 'number' },
        { name: 'visits', type: 'number', label: 'Visits & <calls>' },
        { name: 'tenure', type: 'number', label: 'Tenure (months)' },
      ],
      profileRows,
    ),
    metrics: makeTable(
      'Fit',
      [
        { name: 'name', type: 'string' },
        { name: 'value', type: 'number' },
      ],
      metricsRows,
    ),
    pca: makeTable(
      'PCA projection',
      [
        { name: 'id', type: 'string' },
        { name: 'segment', type: 'integer' },
        { name: 'pc1', type: 'number' },
        { name: 'pc2', type: 'number' },
      ],
      pcaRows,
    ),
  };
  if (method === 'dbscan') {
    const kRows: Cell[][] = Array.from({ length: n }, (_, i) => [i + 1, 0.05 * (i + 1) + (i > 12 ? 0.5 : 0)]);
    tables.k_distance = makeTable(
      'k-distance curve',
      [
        { name: 'rank', type: 'integer' },
        { name: 'distance', type: 'number' },
      ],
      kRows,
    );
  }
  return { kind: 'cluster', version: 1, options: { method }, tables, warnings: [], timings: {} };
}

/**
 * A small XML well-formedness check: one root <svg>, every tag made of name="value" attributes
 * (no stray quotes), every element closed in order, CDATA skipped.
 */
function assertWellFormedSvg(svg: string): void {
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  const markup = svg.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const stack: string[] = [];
  for (const match of markup.matchAll(/<[^>]*>/g)) {
    const tag = match[0];
    const parsed = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(tag);
    assert.ok(parsed, `malformed tag: ${tag.slice(0, 200)}`);
    const [, closing, name, , selfClosing] = parsed;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, []);
}

function seriesOf<T>(option: unknown): T[] {
  const series = (option as { series?: unknown }).series;
  return (Array.isArray(series) ? series : [series]) as T[];
}

test('the registry has the cluster builder', () => {
  assert.equal(chartBuilders.cluster, buildClusterCharts);
});

test('pca_scatter: one series per segment, named, noise first and grey', () => {
  const charts = buildClusterCharts(syntheticCluster('dbscan'));
  const series = seriesOf<ScatterSeriesOption>(charts.pca_scatter!.option);
  assert.deepEqual(
    series.map((s) => s.name),
    ['Noise', 'Segment 1', 'Segment 2', 'Segment 3'],
  );
  assert.ok(series.every((s) => s.type === 'scatter' && Array.isArray(s.data) && s.data.length === 4));
  assert.equal(series[0]!.itemStyle!.color, lightTheme.noise);
  assert.equal(series[1]!.itemStyle!.color, lightTheme.categorical[0]);
  assert.equal(series[3]!.itemStyle!.color, lightTheme.categorical[2]);
  assert.equal(charts.pca_scatter!.option.animation, false);
});

test('a segment keeps its colour in every chart and theme', () => {
  const charts = buildClusterCharts(syntheticCluster('dbscan'));
  const bars = seriesOf<BarSeriesOption>(charts.segment_sizes!.option)[0]!;
  const barColors = (bars.data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color);
  const scatterColors = seriesOf<ScatterSeriesOption>(charts.pca_scatter!.option).map(
    (s) => s.itemStyle!.color,
  );
  assert.deepEqual(barColors, scatterColors);
  assert.equal(segmentColor(0), '#A0A0A0');
  assert.equal(segmentColor(0, darkTheme), darkTheme.noise);
  assert.equal(segmentColor(10), segmentColor(1));
  assert.notEqual(segmentColor(9), segmentColor(1));
});

test('segment_sizes: sizes as bars, shares as labels', () => {
  const charts = buildClusterCharts(syntheticCluster('kmeans'));
  const bars = seriesOf<BarSeriesOption>(charts.segment_sizes!.option)[0]!;
  const data = bars.data as { value: number; label: { formatter: string } }[];
  assert.deepEqual(
    data.map((d) => d.value),
    [4, 4, 4],
  );
  assert.deepEqual(
    data.map((d) => d.label.formatter),
    ['33.3%', '33.3%', '33.3%'],
  );
});

test('zScoresAcrossSegments: population sd, zero for a constant column', () => {
  // 10, 20, 60: mean 30, population sd sqrt((400 + 100 + 900) / 3) = sqrt(466.67) = 21.6025.
  const z = zScoresAcrossSegments([10, 20, 60]);
  assert.ok(Math.abs(z[0]! - -0.9258201) < 1e-6);
  assert.ok(Math.abs(z[1]! - -0.46291) < 1e-5);
  assert.ok(Math.abs(z[2]! - 1.3887301) < 1e-6);
  assert.deepEqual(zScoresAcrossSegments([0.1, 0.1, 0.1]), [0, 0, 0]);
  const withMissing = zScoresAcrossSegments([1, Number.NaN, 3]);
  assert.deepEqual([withMissing[0], withMissing[2]], [-1, 1]);
  assert.ok(Number.isNaN(withMissing[1]!));
});

test('profile_heatmap: z-scores by hand, raw means as labels, segments x measured columns', () => {
  const charts = buildClusterCharts(syntheticCluster('dbscan'));
  const option = charts.profile_heatmap!.option as { xAxis: { data: string[] }; yAxis: { data: string[] } };
  assert.deepEqual(option.xAxis.data, ['spend', 'Visits & <calls>', 'Tenure (months)']);
  assert.deepEqual(option.yAxis.data, ['Noise', 'Segment 1', 'Segment 2', 'Segment 3']);
  const heat = seriesOf<HeatmapSeriesOption>(charts.profile_heatmap!.option)[0]!;
  const cells = heat.data as { value: [number, number, number]; label: { formatter: string } }[];
  const cell = (x: number, y: number) => cells.find((c) => c.value[0] === x && c.value[1] === y)!;
  // spend over noise, 1, 2, 3 = 30, 10, 20, 60: mean 30, population sd sqrt(1400 / 4) = 18.7083.
  const sd = Math.sqrt(1400 / 4);
  assert.ok(Math.abs(cell(0, 0).value[2] - 0) < 1e-6);
  assert.ok(Math.abs(cell(0, 1).value[2] - -20 / sd) < 1e-6);
  assert.ok(Math.abs(cell(0, 3).value[2] - 30 / sd) < 1e-6);
  assert.equal(cell(0, 3).label.formatter, '60');
  // visits is constant: z 0 everywhere, label the mean.
  for (let y = 0; y < 4; y++) assert.equal(cell(1, y).value[2], 0);
  assert.equal(cell(1, 2).label.formatter, '5');
  // tenure 2, 1, 2, 3: mean 2, population sd sqrt(2 / 4).
  assert.ok(Math.abs(cell(2, 1).value[2] - -1 / Math.sqrt(0.5)) < 1e-6);
});

test('k_distance: present for DBSCAN with a mark at eps, omitted when the table is absent', () => {
  const dbscan = buildClusterCharts(syntheticCluster('dbscan'));
  const line = seriesOf<LineSeriesOption>(dbscan.k_distance!.option)[0]!;
  assert.equal((line.data as unknown[]).length, 16);
  assert.deepEqual(line.markLine!.data, [{ yAxis: 0.42 }]);
  const kmeans = buildClusterCharts(syntheticCluster('kmeans'));
  assert.deepEqual(Object.keys(kmeans), ['pca_scatter', 'segment_sizes', 'profile_heatmap']);
  assert.deepEqual(buildClusterCharts({ ...syntheticCluster('kmeans'), tables: {} }), {});
});

test('sampleScatterRows keeps small segments and is deterministic', () => {
  const segments = [...Array.from({ length: 50_000 }, () => 1), ...Array.from({ length: 300 }, () => 2)];
  const rows = sampleScatterRows(segments, 20_000);
  assert.ok(rows.length <= 20_400 && rows.length >= 19_800, String(rows.length));
  // Segment 2's proportional quota, 300 x 20,000 / 50,300 = 119, is raised to the floor of 200.
  assert.equal(rows.filter((r) => segments[r] === 2).length, 200);
  assert.equal(rows.filter((r) => segments[r] === 1).length, Math.round((50_000 * 20_000) / 50_300));
  assert.deepEqual(sampleScatterRows(segments, 20_000), rows);
  assert.deepEqual(sampleScatterRows([1, 2, 1], 10), [0, 1, 2]);
});

test('every chart renders to a well-formed, deterministic SVG carrying its title', () => {
  for (const method of ['kmeans', 'dbscan'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const charts = buildClusterCharts(syntheticCluster(method), { theme });
      for (const [name, spec] of Object.entries(charts)) {
        const svg = renderSvg(spec);
        assertWellFormedSvg(svg);
        assert.ok(svg.includes(spec.title), `${name}: title "${spec.title}" missing`);
        const again = renderSvg(buildClusterCharts(syntheticCluster(method), { theme })[name]!);
        assert.equal(again, svg, `${name}: SVG differs between two renders`);
      }
    }
  }
});
