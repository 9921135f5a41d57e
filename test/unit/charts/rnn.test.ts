// The rnn chart builder against hand-made Results (DBSCAN with noise, k-means without): the
// training curves (loss and AUC panels, training solid and validation dashed in the same colours,
// the "restored" mark at the best epoch), the same curves from a partial training table as the
// window draws them while the model trains, the cluster charts on rnn's tables (`customers` for
// cluster's `size`), the ROC curve with each set's AUC in the legend, charts left out when their
// tables are, and every chart rendered to a well-formed, deterministic SVG that carries its title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { Cell, Result, Table } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import { buildRnnCharts, trainingCurves } from '../../../shared/charts/rnn.ts';
import { chartBuilders } from '../../../shared/charts/index.ts';
import { darkTheme, lightTheme } from '../../../shared/charts/palette.ts';
import { rnnDefinition } from '../../../shared/analyses/rnn.ts';
import { renderSvg } from '../../../main/charts/svg.ts';

function columns(spec: string): Table['columns'] {
  return spec.split(' ').map((entry) => {
    const [name, type] = entry.split(':') as [string, 'number' | 'integer' | 'string'];
    return { name, type };
  });
}

/** 8 epochs: training loss keeps falling, validation loss is lowest at epoch 5. */
function trainingRows(epochs = 8): Cell[][] {
  return Array.from({ length: epochs }, (_, i) => {
    const epoch = i + 1;
    const valLoss = 0.5 + 0.01 * (epoch - 5) ** 2;
    return [epoch, 0.7 - 0.04 * epoch, valLoss, 0.6 + 0.03 * epoch, 0.58 + 0.02 * Math.min(epoch, 5)];
  });
}

function trainingTable(rows: Cell[][]): Table {
  return makeTable(
    'Training',
    columns('epoch:integer loss:number val_loss:number auc:number val_auc:number'),
    rows,
  );
}

/** 3 segments (+ noise for DBSCAN) of 5 customers; feature totals chosen for easy hand z-scores. */
function syntheticRnn(method: 'dbscan' | 'kmeans'): Result {
  const segmentsUsed = method === 'dbscan' ? [0, 1, 2, 3] : [1, 2, 3];
  const n = segmentsUsed.length * 5;
  const pcaRows: Cell[][] = [];
  const segmentRows: Cell[][] = [];
  const encodingRows: Cell[][] = [];
  let id = 101;
  for (const segment of segmentsUsed) {
    for (let j = 0; j < 5; j++) {
      pcaRows.push([id, segment, segment * 2 + j * 0.1, -segment + j * 0.2]);
      segmentRows.push([id, segment]);
      encodingRows.push([id, segment * 0.5, j * 0.1]);
      id++;
    }
  }
  // churn_rate 0.6, 0.2, 0.4, 0.9; tenure, events; features: opens (2, 4, 6, 8) and a feature
  // called "size", which is a measure here (cluster's bookkeeping `size` is rnn's `customers`).
  const profile: Record<number, number[]> = {
    0: [0.6, 40, 10, 2, 1],
    1: [0.2, 300, 50, 4, 1],
    2: [0.4, 120, 20, 6, 1],
    3: [0.9, 30, 5, 8, 1],
  };
  const profileRows: Cell[][] = segmentsUsed.map((s) => [s, 5, 5 / n, ...profile[s]!]);
  const metricRows: Cell[][] = [
    ['auc', 0.8123],
    ['val_auc', 0.7456],
    ['best_epoch', 5],
    ['eps', method === 'dbscan' ? 0.37 : null],
    ['silhouette', 0.52],
    ['clusters', 3],
    ['noise_share', method === 'dbscan' ? 0.25 : 0],
  ];
  if (method === 'dbscan') metricRows.push(['min_pts', 4]);
  const rocRows: Cell[][] = [];
  for (const [set, bend] of [
    ['training', 0.25],
    ['validation', 0.4],
  ] as const) {
    for (let i = 0; i <= 10; i++) {
      const fpr = i / 10;
      rocRows.push([set, fpr, Math.min(1, fpr ** bend)]);
    }
  }
  const tables: Result['tables'] = {
    segment_profiles: makeTable(
      'Segment profiles',
      columns(
        'segment:integer customers:integer share:number churn_rate:number tenure_days:number events:number opens:number size:number',
      ),
      profileRows,
    ),
    metrics: makeTable('Fit', columns('name:string value:number'), metricRows),
    training: trainingTable(trainingRows()),
    segments: makeTable('Segments', columns('id:integer segment:integer'), segmentRows),
    encodings: makeTable('Encodings', columns('id:integer e1:number e2:number'), encodingRows),
    pca: makeTable('PCA projection', columns('id:integer segment:integer pc1:number pc2:number'), pcaRows),
    roc: makeTable('ROC curve', columns('set:string fpr:number tpr:number'), rocRows),
    scaling: makeTable('Feature scaling', columns('feature:string kind:string mean:number sd:number'), [
      ['opens', 'standardised', 3.5, 1.2],
      ['size', 'flag', null, null],
    ]),
  };
  if (method === 'dbscan') {
    const kRows: Cell[][] = Array.from({ length: n }, (_, i) => [i + 1, 0.04 * (i + 1) + (i > 15 ? 0.4 : 0)]);
    tables.k_distance = makeTable('k-distance curve', columns('rank:integer distance:number'), kRows);
  }
  return { kind: 'rnn', version: 1, options: { cluster: { method } }, tables, warnings: [], timings: {} };
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

function withTables(result: Result, keep: string[]): Result {
  return {
    ...result,
    tables: Object.fromEntries(Object.entries(result.tables).filter(([name]) => keep.includes(name))),
  };
}

test('the registry has the rnn builder, and every chart key is one the definition names', () => {
  assert.equal(chartBuilders.rnn, buildRnnCharts);
  const charts = buildRnnCharts(syntheticRnn('dbscan'));
  assert.deepEqual(Object.keys(charts).sort(), Object.keys(rnnDefinition.charts).sort());
  for (const [name, spec] of Object.entries(charts)) {
    const key = name as keyof typeof rnnDefinition.charts;
    assert.equal(spec.title, rnnDefinition.charts[key].title);
    assert.equal(spec.option.animation, false, name);
  }
});

test('training_curves: loss and AUC panels, training solid and validation dashed, same colours', () => {
  const spec = buildRnnCharts(syntheticRnn('dbscan')).training_curves!;
  const series = seriesOf<LineSeriesOption>(spec.option);
  assert.equal(series.length, 4);
  assert.deepEqual(
    series.map((s) => [s.name, s.xAxisIndex, s.yAxisIndex]),
    [
      ['Training', 0, 0],
      ['Validation', 0, 0],
      ['Training', 1, 1],
      ['Validation', 1, 1],
    ],
  );
  assert.deepEqual(
    series.map((s) => s.lineStyle!.type),
    ['solid', 'dashed', 'solid', 'dashed'],
  );
  const colours = series.map((s) => s.lineStyle!.color);
  assert.equal(colours[0], colours[2]);
  assert.equal(colours[1], colours[3]);
  assert.notEqual(colours[0], colours[1]);
  // loss / val_loss in the first panel, auc / val_auc in the second, one point per epoch.
  const rows = trainingRows();
  for (const [s, column] of [1, 2, 3, 4].entries()) {
    assert.deepEqual(
      series[s]!.data,
      rows.map((row) => [row[0], row[column]]),
    );
  }
  const option = spec.option as { grid: unknown[]; legend: { data: string[] } };
  assert.equal(option.grid.length, 2);
  assert.deepEqual(option.legend.data, ['Training', 'Validation']);
});

test('training_curves: a "restored" mark at the best epoch in both panels', () => {
  const spec = buildRnnCharts(syntheticRnn('kmeans')).training_curves!;
  const series = seriesOf<LineSeriesOption>(spec.option);
  const marked = series.filter((s) => s.markLine !== undefined);
  assert.equal(marked.length, 2);
  for (const s of marked) {
    assert.equal(s.name, 'Training');
    assert.deepEqual(s.markLine!.data, [{ xAxis: 5 }]);
    assert.match(String(s.markLine!.label!.formatter), /^restored/);
  }
  const svg = renderSvg(spec);
  assert.equal(svg.match(/restored \(epoch 5\)/g)?.length, 2);
  assert.match(svg, /the weights of epoch 5 \(lowest validation loss\) were restored/);
});

test('training_curves from a partial table while training: no metrics, no mark, missing values as gaps', () => {
  const partial = trainingTable([...trainingRows(2), [3, 0.58, null, 0.69, null]]);
  const spec = trainingCurves(partial, undefined, 'Training', lightTheme, 30);
  const series = seriesOf<LineSeriesOption>(spec.option);
  assert.equal(series.length, 4);
  assert.ok(series.every((s) => s.markLine === undefined && (s.data as unknown[]).length === 3));
  assert.ok(
    series.every((s) => s.showSymbol === true),
    'few epochs: a dot per epoch',
  );
  assert.deepEqual((series[1]!.data as unknown[])[2], [3, null]);
  const xAxes = (spec.option as { xAxis: { min: number; max: number }[] }).xAxis;
  assert.deepEqual(
    xAxes.map((a) => [a.min, a.max]),
    [
      [1, 30],
      [1, 30],
    ],
  );
  const svg = renderSvg(spec);
  assertWellFormedSvg(svg);
  assert.ok(!svg.includes('restored'));
  assert.match(svg, /epoch 3 of 30/);
  // The builder draws a partial Result (only the training rows so far) the same way.
  const early = buildRnnCharts({ ...syntheticRnn('dbscan'), tables: { training: partial } });
  assert.deepEqual(Object.keys(early), ['training_curves']);
  assert.ok(seriesOf<LineSeriesOption>(early.training_curves!.option).every((s) => !s.markLine));
  // One epoch, and none at all yet, still draw (axes without lines).
  for (const rows of [trainingRows(1), []]) {
    const one = trainingCurves(trainingTable(rows), undefined, 'Training', darkTheme);
    assertWellFormedSvg(renderSvg(one));
    assert.ok(
      seriesOf<LineSeriesOption>(one.option).every((s) => (s.data as unknown[]).length === rows.length),
    );
  }
});

test('segment_sizes: customers as bars in segment colours, shares as labels', () => {
  const charts = buildRnnCharts(syntheticRnn('dbscan'));
  const bars = seriesOf<BarSeriesOption>(charts.segment_sizes!.option)[0]!;
  const data = bars.data as { value: number; itemStyle: { color: string }; label: { formatter: string } }[];
  assert.deepEqual(
    data.map((d) => d.value),
    [5, 5, 5, 5],
  );
  assert.deepEqual(
    data.map((d) => d.label.formatter),
    ['25.0%', '25.0%', '25.0%', '25.0%'],
  );
  const scatter = seriesOf<ScatterSeriesOption>(charts.pca_scatter!.option);
  assert.deepEqual(
    data.map((d) => d.itemStyle.color),
    scatter.map((s) => s.itemStyle!.color),
  );
  assert.equal(data[0]!.itemStyle.color, lightTheme.noise);
});

test('profile_heatmap: churn, tenure, events and the features, z-scored by hand; customers and share left out', () => {
  const charts = buildRnnCharts(syntheticRnn('kmeans'));
  const option = charts.profile_heatmap!.option as { xAxis: { data: string[] }; yAxis: { data: string[] } };
  assert.deepEqual(option.xAxis.data, ['churn rate', 'tenure (days)', 'events', 'opens', 'size']);
  assert.deepEqual(option.yAxis.data, ['Segment 1', 'Segment 2', 'Segment 3']);
  const heat = seriesOf<HeatmapSeriesOption>(charts.profile_heatmap!.option)[0]!;
  const cells = heat.data as { value: [number, number, number]; label: { formatter: string } }[];
  assert.equal(cells.length, 5 * 3);
  const cell = (x: number, y: number) => cells.find((c) => c.value[0] === x && c.value[1] === y)!;
  // churn 0.2, 0.4, 0.9: mean 0.5, population sd sqrt((0.09 + 0.01 + 0.16) / 3).
  const sd = Math.sqrt(0.26 / 3);
  assert.ok(Math.abs(cell(0, 0).value[2] - -0.3 / sd) < 1e-6);
  assert.ok(Math.abs(cell(0, 2).value[2] - 0.4 / sd) < 1e-6);
  assert.equal(cell(0, 2).label.formatter, '0.9');
  // opens 4, 6, 8: z = -1.2247, 0, 1.2247; the constant feature "size" is 0 everywhere.
  assert.ok(Math.abs(cell(3, 0).value[2] - -Math.sqrt(1.5)) < 1e-6);
  for (let y = 0; y < 3; y++) assert.equal(cell(4, y).value[2], 0);
  assert.equal(cell(1, 0).label.formatter, '300');
});

test('pca_scatter: one series per segment, noise first and grey', () => {
  const series = seriesOf<ScatterSeriesOption>(buildRnnCharts(syntheticRnn('dbscan')).pca_scatter!.option);
  assert.deepEqual(
    series.map((s) => s.name),
    ['Noise', 'Segment 1', 'Segment 2', 'Segment 3'],
  );
  assert.ok(series.every((s) => (s.data as unknown[]).length === 5));
  assert.equal(series[0]!.itemStyle!.color, lightTheme.noise);
  assert.equal(series[1]!.itemStyle!.color, lightTheme.categorical[0]);
  const sampled = buildRnnCharts(syntheticRnn('dbscan'), { maxScatterPoints: 4 }).pca_scatter!;
  assert.ok(seriesOf<ScatterSeriesOption>(sampled.option).every((s) => (s.data as unknown[]).length === 5));
});

test('k_distance: DBSCAN only, with the eps mark', () => {
  const dbscan = buildRnnCharts(syntheticRnn('dbscan'));
  const line = seriesOf<LineSeriesOption>(dbscan.k_distance!.option)[0]!;
  assert.equal((line.data as unknown[]).length, 20);
  assert.deepEqual(line.markLine!.data, [{ yAxis: 0.37 }]);
  assert.match(renderSvg(dbscan.k_distance!), /4th neighbour/);
  const kmeans = buildRnnCharts(syntheticRnn('kmeans'));
  assert.equal(kmeans.k_distance, undefined);
  assert.deepEqual(Object.keys(kmeans), [
    'training_curves',
    'segment_sizes',
    'profile_heatmap',
    'pca_scatter',
    'roc_curve',
  ]);
});

test('roc_curve: training solid and validation dashed over the diagonal, each AUC in the legend', () => {
  const spec = buildRnnCharts(syntheticRnn('dbscan')).roc_curve!;
  const series = seriesOf<LineSeriesOption>(spec.option);
  assert.deepEqual(
    series.map((s) => s.name),
    ['Training (AUC 0.812)', 'Validation (AUC 0.746)', 'Chance'],
  );
  assert.deepEqual(
    series.map((s) => (s.data as unknown[]).length),
    [11, 11, 2],
  );
  assert.deepEqual(series[2]!.data, [
    [0, 0],
    [1, 1],
  ]);
  assert.deepEqual(
    series.slice(0, 2).map((s) => s.lineStyle!.type),
    ['solid', 'dashed'],
  );
  // The colours of the training curves: training and validation look the same in both charts.
  const training = seriesOf<LineSeriesOption>(buildRnnCharts(syntheticRnn('dbscan')).training_curves!.option);
  assert.deepEqual(
    series.slice(0, 2).map((s) => s.lineStyle!.color),
    training.slice(0, 2).map((s) => s.lineStyle!.color),
  );
  const legend = (spec.option as { legend: { data: string[] } }).legend;
  assert.deepEqual(legend.data, ['Training (AUC 0.812)', 'Validation (AUC 0.746)']);
  const svg = renderSvg(spec);
  assert.match(svg, /Training \(AUC 0\.812\)/);
  assert.match(svg, /Validation \(AUC 0\.746\)/);
  // Without metrics the sets are named plainly.
  const plain = buildRnnCharts(withTables(syntheticRnn('dbscan'), ['roc'])).roc_curve!;
  assert.deepEqual(
    seriesOf<LineSeriesOption>(plain.option).map((s) => s.name),
    ['Training', 'Validation', 'Chance'],
  );
});

test('a chart is left out when its table is absent', () => {
  const full = syntheticRnn('dbscan');
  assert.deepEqual(buildRnnCharts({ ...full, tables: {} }), {});
  assert.deepEqual(Object.keys(buildRnnCharts(withTables(full, ['segments', 'encodings', 'scaling']))), []);
  assert.deepEqual(Object.keys(buildRnnCharts(withTables(full, ['segment_profiles', 'metrics']))), [
    'segment_sizes',
    'profile_heatmap',
  ]);
  assert.deepEqual(Object.keys(buildRnnCharts(withTables(full, ['pca', 'k_distance']))), [
    'pca_scatter',
    'k_distance',
  ]);
  // k_distance without metrics: the curve without the eps mark.
  const bare = buildRnnCharts(withTables(full, ['k_distance'])).k_distance!;
  assert.equal(seriesOf<LineSeriesOption>(bare.option)[0]!.markLine, undefined);
  // training without metrics: no mark.
  const curves = buildRnnCharts(withTables(full, ['training'])).training_curves!;
  assert.ok(seriesOf<LineSeriesOption>(curves.option).every((s) => s.markLine === undefined));
});

test('every chart renders to a well-formed, deterministic SVG carrying its title, light and dark', () => {
  for (const method of ['dbscan', 'kmeans'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const charts = buildRnnCharts(syntheticRnn(method), { theme });
      const background = theme === 'dark' ? darkTheme.background : lightTheme.background;
      for (const [name, spec] of Object.entries(charts)) {
        assert.equal(spec.option.backgroundColor, background, name);
        const svg = renderSvg(spec);
        assertWellFormedSvg(svg);
        assert.ok(svg.includes(spec.title), `${name}: title "${spec.title}" missing`);
        const again = renderSvg(buildRnnCharts(syntheticRnn(method), { theme })[name]!);
        assert.equal(again, svg, `${name}: SVG differs between two renders`);
      }
    }
  }
});
