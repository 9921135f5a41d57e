// The sequence chart builder against a hand-made Result (3 states and the missing "*", 2
// clusters, 6 customers over 4 periods, one journey ending early): the charts present and left
// out, the index plot's merged rectangles worked out by hand and its sort order, one colour per
// state in every chart ("*" grey whatever the options say), DHD's per-period costs averaged,
// the dendrogram cut to its top 40 leaves with the cut line between merges n - k and n - k + 1,
// a 20,000-customer Result drawn with far fewer rectangles than customers x periods, and every
// chart rendered to a well-formed, deterministic SVG with the CLI's renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BarSeriesOption, CustomSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts';
import type { Cell, Result, Table } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import {
  buildSequenceCharts,
  dendrogramTop,
  indexPanels,
  maxDendrogramLeaves,
  maxIndexRows,
  meanCostMatrix,
  mergeIndexRectangles,
  parseSpells,
  sequenceStateColors,
  sequenceStates,
  sortJourneys,
} from '../../../shared/charts/sequence.ts';
import { chartBuilders } from '../../../shared/charts/index.ts';
import { darkTheme, lightTheme } from '../../../shared/charts/palette.ts';
import { sequenceDefinition } from '../../../shared/analyses/sequence.ts';
import { renderSvg } from '../../../main/charts/svg.ts';

function columns(spec: string): Table['columns'] {
  return spec.split(' ').map((entry) => {
    const [name, type] = entry.split(':') as [string, 'number' | 'integer' | 'string'];
    return { name, type };
  });
}

const periods = ['m1', 'm2', 'm3', 'm4'];
const alphabet = ['Mobile', 'Online', 'Store'];
/** id, cluster, journey: 104 ends after 2 periods, 105 starts with 2 missing periods. */
const customers: [number, number, string][] = [
  [101, 1, 'Store/4'],
  [102, 2, 'Online/2-Store/2'],
  [103, 1, 'Mobile/1-Store/3'],
  [104, 1, 'Store/2'],
  [105, 2, '*/2-Online/2'],
  [106, 2, 'Online/4'],
];

/** The share in each state per period among `rows` (customers whose journey has not ended). */
function distribution(rows: [number, number, string][]): number[][] {
  return periods.map((_, t) => {
    const states = rows.flatMap(([, , journey]) => {
      const expanded = parseSpells(journey).flatMap((s) => Array<string>(s.duration).fill(s.state));
      return t < expanded.length ? [expanded[t]!] : [];
    });
    return alphabet.map((s) => states.filter((x) => x === s).length / states.length);
  });
}

function syntheticSequence(options: Record<string, unknown> = {}): Result {
  const byCluster = (c: number) => customers.filter((r) => r[1] === c);
  const stateRows: Cell[][] = [];
  distribution(customers).forEach((shares, t) =>
    alphabet.forEach((s, i) => stateRows.push([periods[t]!, s, shares[i]!])),
  );
  const clusterStateRows: Cell[][] = [];
  for (const c of [1, 2])
    distribution(byCluster(c)).forEach((shares, t) =>
      alphabet.forEach((s, i) => clusterStateRows.push([c, periods[t]!, s, shares[i]!])),
    );
  const costs: Cell[][] = [];
  for (const a of alphabet) for (const b of alphabet) costs.push([a, b, a === b ? 0 : 1.5 + 0.1 * a.length]);
  const tables: Record<string, Table> = {
    clusters: makeTable(
      'Clusters',
      columns('id:integer cluster:integer sequence:string'),
      customers.map((r) => [...r]),
    ),
    cluster_sizes: makeTable('Cluster sizes', columns('cluster:integer customers:integer share:number'), [
      [1, 3, 0.5],
      [2, 3, 0.5],
    ]),
    cluster_quality: makeTable('Cluster quality', columns('k:integer asw:number r2:number'), [
      [2, 0.61, 0.55],
      [3, 0.48, 0.7],
      [4, 0.42, 0.81],
    ]),
    // 101 + 104, 102 + 106, 103 + (101, 104), 105 + (102, 106), then the two clusters.
    dendrogram: makeTable(
      'Dendrogram',
      columns('step:integer left:integer right:integer height:number size:integer'),
      [
        [1, -1, -4, 1, 2],
        [2, -2, -6, 1.5, 2],
        [3, -3, 1, 2, 3],
        [4, -5, 2, 3, 3],
        [5, 3, 4, 6, 6],
      ],
    ),
    state_distribution: makeTable(
      'State distribution',
      columns('time:string state:string proportion:number'),
      stateRows,
    ),
    entropy: makeTable(
      'Entropy',
      columns('time:string entropy:number'),
      periods.map((p, t) => [p, 0.2 + 0.1 * t]),
    ),
    mean_time: makeTable('Mean time in state', columns('state:string mean:number'), [
      ['Mobile', 1 / 6],
      ['Online', 8 / 6],
      ['Store', 13 / 6],
    ]),
    frequent_sequences: makeTable(
      'Frequent sequences',
      columns('rank:integer sequence:string count:integer percent:number'),
      [
        [1, 'Online/4', 2, 40],
        [2, 'Store/4', 2, 40],
        [3, '*/2-Online/2', 1, 20],
      ],
    ),
    substitution_costs: makeTable('Substitution costs', columns('from:string to:string cost:number'), costs),
    cluster_state_distribution: makeTable(
      'State distribution per cluster',
      columns('cluster:integer time:string state:string proportion:number'),
      clusterStateRows,
    ),
    cluster_entropy: makeTable(
      'Entropy per cluster',
      columns('cluster:integer time:string entropy:number'),
      [1, 2].flatMap((c) => periods.map((p, t) => [c, p, 0.1 * c + 0.05 * t])),
    ),
    cluster_mean_time: makeTable(
      'Mean time in state per cluster',
      columns('cluster:integer state:string mean:number'),
      [
        [1, 'Mobile', 1 / 3],
        [1, 'Store', 3],
        [2, 'Online', 8 / 3],
        [2, 'Store', 2 / 3],
      ],
    ),
    cluster_frequent_sequences: makeTable(
      'Frequent sequences per cluster',
      columns('cluster:integer rank:integer sequence:string count:integer percent:number'),
      [
        [1, 1, 'Mobile/1-Store/3', 1, 100 / 3],
        [1, 2, 'Store/2', 1, 100 / 3],
        [1, 3, 'Store/4', 1, 100 / 3],
        [2, 1, '*/2-Online/2', 1, 100 / 3],
        [2, 2, 'Online/2-Store/2', 1, 100 / 3],
        [2, 3, 'Online/4', 1, 100 / 3],
      ],
    ),
  };
  return {
    kind: 'sequence',
    version: 1,
    options: { cluster: { method: 'ward', k: 2 }, colors: { Store: '#112233' }, ...options },
    tables,
    warnings: [],
    timings: {},
  };
}

function seriesOf<T>(option: unknown): T[] {
  const series = (option as { series?: unknown }).series;
  return (Array.isArray(series) ? series : [series]) as T[];
}

/** name -> colour of the series of a chart (asserting that a name always has the same colour). */
function seriesColors(option: unknown): Map<string, string> {
  const colors = new Map<string, string>();
  for (const s of seriesOf<{ name?: string; itemStyle?: { color?: string } }>(option)) {
    if (s.name === undefined || s.itemStyle?.color === undefined) continue;
    const before = colors.get(s.name);
    if (before !== undefined) assert.equal(s.itemStyle.color, before, `series "${s.name}" in two colours`);
    colors.set(s.name, s.itemStyle.color);
  }
  return colors;
}

/** The same check as the cluster charts': one root <svg>, tags well formed and balanced. */
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

test('the registry has the sequence builder; every chart is built, under its definition key and title', () => {
  assert.equal(chartBuilders.sequence, buildSequenceCharts);
  const charts = buildSequenceCharts(syntheticSequence());
  assert.deepEqual(Object.keys(charts).sort(), Object.keys(sequenceDefinition.charts).sort());
  for (const [name, spec] of Object.entries(charts)) {
    assert.equal(spec.title, sequenceDefinition.charts[name as keyof typeof sequenceDefinition.charts].title);
    assert.equal(spec.option.animation, false);
  }
});

test('a chart whose tables are absent is left out', () => {
  const full = syntheticSequence();
  const keep = (names: string[]): Result => ({
    ...full,
    tables: Object.fromEntries(Object.entries(full.tables).filter(([name]) => names.includes(name))),
  });
  assert.deepEqual(buildSequenceCharts(keep([])), {});
  assert.deepEqual(Object.keys(buildSequenceCharts(keep(['clusters']))), ['index_plot']);
  assert.deepEqual(Object.keys(buildSequenceCharts(keep(['dendrogram', 'cluster_sizes']))), [
    'dendrogram_plot',
    'cluster_sizes_plot',
  ]);
  // Cluster tables alone still give their charts.
  assert.deepEqual(Object.keys(buildSequenceCharts(keep(['cluster_entropy', 'cluster_mean_time']))), [
    'entropy_plot',
    'mean_time_plot',
  ]);
});

test('parseSpells reads SPS journeys, states with "-" or "/" included', () => {
  assert.deepEqual(parseSpells('Store/20-Online/4'), [
    { state: 'Store', duration: 20 },
    { state: 'Online', duration: 4 },
  ]);
  assert.deepEqual(parseSpells('*/2-Store/10'), [
    { state: '*', duration: 2 },
    { state: 'Store', duration: 10 },
  ]);
  assert.deepEqual(parseSpells('Pre-sale/3-A/B/1'), [
    { state: 'Pre-sale', duration: 3 },
    { state: 'A/B', duration: 1 },
  ]);
  assert.deepEqual(parseSpells(''), []);
  assert.deepEqual(parseSpells(null), []);
  assert.throws(() => parseSpells('Store-Online'), /state\/periods/);
});

test('mergeIndexRectangles: runs per period, widened while they stay the same', () => {
  // Rows (drawing order) x 4 periods; -1 after a journey ends.
  const A = 0;
  const B = 1;
  const grid = [
    [A, A, A, B],
    [A, A, A, -1],
    [A, B, B, B],
    [B, B, B, B],
  ];
  const rects = mergeIndexRectangles(grid.flat(), 4, 4);
  assert.deepEqual(rects, [
    { x0: 0, x1: 1, y0: 0, y1: 3, state: A },
    { x0: 0, x1: 1, y0: 3, y1: 4, state: B },
    { x0: 1, x1: 3, y0: 0, y1: 2, state: A },
    // Rows 2-3 stay in B from period 2 to the end: one rectangle.
    { x0: 1, x1: 4, y0: 2, y1: 4, state: B },
    { x0: 3, x1: 4, y0: 0, y1: 1, state: B },
  ]);
  // Every cell is covered exactly once: the areas add up to the periods drawn.
  const area = rects.reduce((sum, r) => sum + (r.x1 - r.x0) * (r.y1 - r.y0), 0);
  assert.equal(area, grid.flat().filter((c) => c >= 0).length);
  assert.deepEqual(mergeIndexRectangles([], 0, 4), []);
});

test('index_plot: customers sorted by cluster, then first state, then journey; rectangles by hand', () => {
  const result = syntheticSequence();
  const states = sequenceStates(result);
  assert.deepEqual(states, ['Mobile', 'Online', 'Store', '*']);
  const order = sortJourneys(result.tables.clusters!, states).map((j) => customers[j.row]![0]);
  // Cluster 1: Mobile first, then Store/2 before Store/4 (a journey that ends sorts first);
  // cluster 2: Online/4 before Online/2-Store/2 (Online < Store in period 3), "*" (last state) last.
  assert.deepEqual(order, [103, 104, 101, 106, 102, 105]);
  const [one, two] = indexPanels(result.tables.clusters!, states, 4);
  const [M, O, S, X] = [0, 1, 2, 3];
  assert.equal(one!.cluster, 1);
  assert.equal(one!.customers, 3);
  assert.deepEqual(one!.rects, [
    { x0: 0, x1: 1, y0: 0, y1: 1, state: M },
    { x0: 0, x1: 1, y0: 1, y1: 3, state: S },
    { x0: 1, x1: 2, y0: 0, y1: 3, state: S },
    { x0: 2, x1: 4, y0: 0, y1: 1, state: S },
    { x0: 2, x1: 4, y0: 2, y1: 3, state: S },
  ]);
  assert.deepEqual(two!.rects, [
    { x0: 0, x1: 2, y0: 0, y1: 2, state: O },
    { x0: 0, x1: 2, y0: 2, y1: 3, state: X },
    { x0: 2, x1: 4, y0: 0, y1: 1, state: O },
    { x0: 2, x1: 4, y0: 1, y1: 2, state: S },
    { x0: 2, x1: 4, y0: 2, y1: 3, state: O },
  ]);

  const spec = buildSequenceCharts(result).index_plot!;
  const series = seriesOf<CustomSeriesOption>(spec.option);
  assert.ok(series.every((s) => s.type === 'custom'));
  // One series per panel and state drawn: cluster 1 Mobile, Store; cluster 2 Online, Store, *.
  assert.deepEqual(
    series.map((s) => [s.xAxisIndex, s.name, (s.data as unknown[]).length]),
    [
      [0, 'Mobile', 1],
      [0, 'Store', 4],
      [1, 'Online', 3],
      [1, 'Store', 1],
      [1, 'Missing (*)', 1],
    ],
  );
  assert.deepEqual(series[1]!.data, [
    [0, 1, 1, 3],
    [1, 2, 0, 3],
    [2, 4, 0, 1],
    [2, 4, 2, 3],
  ]);
  const titles = (spec.option.title as { text: string }[]).map((t) => t.text);
  assert.deepEqual(titles.slice(1), ['Cluster 1 (3)', 'Cluster 2 (3)']);
  const legend = spec.option.legend as { data: string[] };
  assert.deepEqual(legend.data, ['Mobile', 'Online', 'Store', 'Missing (*)']);
  assert.ok(spec.width! >= 800);
});

test('one colour per state in every chart and theme; "*" always grey', () => {
  for (const [name, theme] of [
    ['light', lightTheme],
    ['dark', darkTheme],
  ] as const) {
    const result = syntheticSequence({ colors: { Store: '#112233', '*': '#FF0000' } });
    const colors = sequenceStateColors(result, name);
    assert.deepEqual(
      [...colors.entries()],
      [
        ['Mobile', theme.categorical[0]],
        ['Online', theme.categorical[1]],
        ['Store', '#112233'],
        ['*', theme.noise],
      ],
    );
    const charts = buildSequenceCharts(result, { theme: name });
    const expected = new Map(
      [...colors].map(([state, color]) => [state === '*' ? 'Missing (*)' : state, color]),
    );
    for (const chart of ['index_plot', 'state_distribution_plot', 'frequent_sequences_plot']) {
      for (const [series, color] of seriesColors(charts[chart]!.option)) {
        if (series === 'share') continue;
        assert.equal(color, expected.get(series), `${chart}: ${series}`);
      }
    }
    // mean_time_plot without cluster tables colours its bars by state too.
    const { cluster_mean_time: _dropped, ...tables } = result.tables;
    const single = buildSequenceCharts({ ...result, tables }, { theme: name }).mean_time_plot!;
    const bars = seriesOf<BarSeriesOption>(single.option)[0]!.data as { itemStyle: { color: string } }[];
    assert.deepEqual(
      bars.map((b) => b.itemStyle.color),
      [theme.categorical[0], theme.categorical[1], '#112233'],
    );
  }
  // A palette colour the analyst gave to one state is not handed to another.
  const taken = sequenceStateColors(
    syntheticSequence({ colors: { Store: lightTheme.categorical[0]!.toLowerCase() } }),
  );
  assert.deepEqual(
    [...taken.values()],
    [
      lightTheme.categorical[1],
      lightTheme.categorical[2],
      lightTheme.categorical[0]!.toLowerCase(),
      lightTheme.noise,
    ],
  );
});

test('state order: the first period of state_distribution, then other states in code-unit order, "*" last', () => {
  const result = syntheticSequence();
  const rows = result.tables.state_distribution!.rows;
  // The engine's alphabet may be given (Store, Online, Mobile): its first-period order is kept.
  const reordered = periods.flatMap((p) => rows.filter((r) => r[0] === p).reverse());
  const clusters = result.tables.clusters!;
  const extra = makeTable('Clusters', clusters.columns, [...clusters.rows, [107, 2, 'Kiosk/1-Bank/3']]);
  const states = sequenceStates({
    ...result,
    tables: {
      ...result.tables,
      state_distribution: { ...result.tables.state_distribution!, rows: reordered },
      clusters: extra,
    },
  });
  assert.deepEqual(states, ['Store', 'Online', 'Mobile', 'Bank', 'Kiosk', '*']);
});

test('state_distribution_plot: all customers and a panel per cluster, stacked per period', () => {
  const spec = buildSequenceCharts(syntheticSequence()).state_distribution_plot!;
  const series = seriesOf<BarSeriesOption>(spec.option);
  assert.equal(series.length, 3 * 3);
  assert.deepEqual(
    (spec.option.title as { text: string }[]).slice(1).map((t) => t.text),
    ['All customers (6)', 'Cluster 1 (3)', 'Cluster 2 (3)'],
  );
  // Periods 3 and 4: 104 has ended; of the other 5, 3 are in Store and 2 in Online.
  const overallStore = series.find((s) => s.name === 'Store' && s.xAxisIndex === 0)!;
  assert.equal(overallStore.stack, 'panel 0');
  assert.deepEqual(overallStore.data, [2 / 6, 3 / 6, 3 / 5, 3 / 5]);
  assert.ok(spec.width! > 800, 'three panels side by side');
});

test('entropy_plot: a line per cluster and a thicker one for all customers', () => {
  const spec = buildSequenceCharts(syntheticSequence()).entropy_plot!;
  const lines = seriesOf<LineSeriesOption>(spec.option);
  assert.deepEqual(
    lines.map((l) => l.name),
    ['Cluster 1', 'Cluster 2', 'All customers'],
  );
  assert.equal(lines[0]!.itemStyle!.color, lightTheme.categorical[0]);
  assert.ok((lines[2]!.lineStyle!.width as number) > (lines[0]!.lineStyle!.width as number));
  assert.deepEqual(
    lines[2]!.data,
    periods.map((_, t) => 0.2 + 0.1 * t),
  );
  assert.deepEqual(
    lines[1]!.data,
    periods.map((_, t) => 0.1 * 2 + 0.05 * t),
  );
});

test('mean_time_plot: grouped bars, the states on the axis, all customers and each cluster', () => {
  const spec = buildSequenceCharts(syntheticSequence()).mean_time_plot!;
  assert.deepEqual((spec.option.xAxis as { data: string[] }).data, ['Mobile', 'Online', 'Store']);
  const bars = seriesOf<BarSeriesOption>(spec.option);
  assert.deepEqual(
    bars.map((b) => b.name),
    ['All customers', 'Cluster 1', 'Cluster 2'],
  );
  const values = (b: BarSeriesOption) => (b.data as { value: number | null }[]).map((d) => d.value);
  assert.deepEqual(values(bars[1]!), [1 / 3, null, 3]);
  assert.deepEqual(values(bars[2]!), [null, 8 / 3, 2 / 3]);
  assert.equal(bars[2]!.itemStyle!.color, lightTheme.categorical[1]);
});

test('frequent_sequences_plot: spells as rectangles, each bar as thick as its share', () => {
  const spec = buildSequenceCharts(syntheticSequence()).frequent_sequences_plot!;
  const series = seriesOf<CustomSeriesOption>(spec.option);
  const panel0 = series.filter((s) => s.xAxisIndex === 0);
  const rects = (name: string) => panel0.find((s) => s.name === name)?.data;
  // Rank 1 (Online/4, 40%) at the bottom, then Store/4 (40%), then */2-Online/2 (20%).
  assert.deepEqual(rects('Online'), [
    [0, 4, 0, 40],
    [2, 4, 80, 100],
  ]);
  assert.deepEqual(rects('Store'), [[0, 4, 40, 80]]);
  assert.deepEqual(rects('Missing (*)'), [[0, 2, 80, 100]]);
  const labels = panel0.find((s) => s.name === 'share')!;
  assert.deepEqual(labels.data, [
    [0, 40, 40, 2],
    [40, 80, 40, 2],
    [80, 100, 20, 1],
  ]);
  assert.equal((spec.option.title as unknown[]).length, 1 + 3, 'all customers and two clusters');
});

test('cost_heatmap: the matrix with values as labels; DHD averaged over the periods, said in the title', () => {
  const result = syntheticSequence();
  const plain = buildSequenceCharts(result).cost_heatmap!;
  const heat = seriesOf<HeatmapSeriesOption>(plain.option)[0]!;
  const cells = heat.data as { value: [number, number, number]; label: { formatter: string } }[];
  assert.equal(cells.length, 9);
  const cell = (from: number, to: number) => cells.find((c) => c.value[1] === from && c.value[0] === to)!;
  assert.equal(cell(0, 0).value[2], 0);
  assert.ok(Math.abs(cell(0, 2).value[2] - 2.1) < 1e-12, 'Mobile -> Store: 1.5 + 0.1 x 6');
  assert.equal(cell(0, 2).label.formatter, '2.1');
  assert.equal((plain.option.title as { text: string }).text, 'Substitution costs');

  // DHD: a matrix per period (time first); the chart shows their mean.
  const dhdRows: Cell[][] = [];
  ['m1', 'm2', 'm3'].forEach((time, t) => {
    for (const a of alphabet) for (const b of alphabet) dhdRows.push([time, a, b, a === b ? 0 : 1 + t]);
  });
  const dhd = makeTable(
    'Substitution costs',
    columns('time:string from:string to:string cost:number'),
    dhdRows,
  );
  const mean = meanCostMatrix(dhd);
  assert.equal(mean.periods, 3);
  assert.equal(mean.cost.length, 9);
  mean.cost.forEach((cost, i) => assert.equal(cost, mean.from[i] === mean.to[i] ? 0 : (1 + 2 + 3) / 3));
  const spec = buildSequenceCharts({
    ...result,
    tables: { ...result.tables, substitution_costs: dhd },
  }).cost_heatmap!;
  assert.equal(spec.title, 'Substitution costs');
  assert.equal(
    (spec.option.title as { text: string }).text,
    'Substitution costs (DHD, averaged over 3 periods)',
  );
  const dhdCells = seriesOf<HeatmapSeriesOption>(spec.option)[0]!.data as { value: number[] }[];
  assert.ok(dhdCells.filter((c) => c.value[0] !== c.value[1]).every((c) => c.value[2] === 2));
});

test('quality_plot: ASW and R² against k, the chosen k marked', () => {
  const spec = buildSequenceCharts(syntheticSequence()).quality_plot!;
  const [asw, r2] = seriesOf<LineSeriesOption>(spec.option);
  assert.deepEqual(asw!.data, [
    [2, 0.61],
    [3, 0.48],
    [4, 0.42],
  ]);
  assert.deepEqual(r2!.data, [
    [2, 0.55],
    [3, 0.7],
    [4, 0.81],
  ]);
  assert.deepEqual(asw!.markLine!.data, [{ xAxis: 2 }]);
  const k3 = buildSequenceCharts(syntheticSequence({ cluster: { k: 3 } })).quality_plot!;
  assert.deepEqual(seriesOf<LineSeriesOption>(k3.option)[0]!.markLine!.data, [{ xAxis: 3 }]);
});

test('cluster_sizes_plot: customers per cluster in cluster colours, share labels', () => {
  const spec = buildSequenceCharts(syntheticSequence()).cluster_sizes_plot!;
  const data = seriesOf<BarSeriesOption>(spec.option)[0]!.data as {
    value: number;
    itemStyle: { color: string };
    label: { formatter: string };
  }[];
  assert.deepEqual(
    data.map((d) => [d.value, d.itemStyle.color, d.label.formatter]),
    [
      [3, lightTheme.categorical[0], '50.0%'],
      [3, lightTheme.categorical[1], '50.0%'],
    ],
  );
});

/**
 * A valid hclust merge matrix on n customers: neighbours paired level by level (heights rising
 * with the step), customer row i under merge ceil(i / 2) first.
 */
function balancedTree(n: number): Table {
  let nodes: { id: number; size: number }[] = Array.from({ length: n }, (_, i) => ({
    id: -(i + 1),
    size: 1,
  }));
  const rows: Cell[][] = [];
  while (nodes.length > 1) {
    const next: { id: number; size: number }[] = [];
    for (let i = 0; i + 1 < nodes.length; i += 2) {
      const step = rows.length + 1;
      const size = nodes[i]!.size + nodes[i + 1]!.size;
      rows.push([step, nodes[i]!.id, nodes[i + 1]!.id, step * 0.5, size]);
      next.push({ id: step, size });
    }
    if (nodes.length % 2 === 1) next.push(nodes[nodes.length - 1]!);
    nodes = next;
  }
  return makeTable(
    'Dendrogram',
    columns('step:integer left:integer right:integer height:number size:integer'),
    rows,
  );
}

test('dendrogram: all customers when few, cutree colours, the cut between merges n - k and n - k + 1', () => {
  const result = syntheticSequence();
  const top = dendrogramTop(result.tables.dendrogram!, 2);
  assert.equal(top.leaves.length, 6);
  // hclust's order: left before right from the root.
  assert.deepEqual(
    top.leaves.map((l) => l.node),
    [-3, -1, -4, -5, -2, -6],
  );
  assert.deepEqual(
    top.leaves.map((l) => l.cluster),
    [1, 1, 1, 2, 2, 2],
  );
  assert.equal(top.cut, (3 + 6) / 2);
  // 5 merges, 3 segments each; the root's horizontal is above the cut.
  assert.equal(top.segments.length, 15);
  assert.deepEqual(
    top.segments.filter((s) => s.cluster === 0).map((s) => [s.x1, s.y1, s.x2, s.y2]),
    [[0.75, 6, 3.75, 6]],
  );
  const spec = buildSequenceCharts(result).dendrogram_plot!;
  const series = seriesOf<CustomSeriesOption & LineSeriesOption>(spec.option);
  assert.deepEqual(
    series.map((s) => s.name),
    ['Cluster 1', 'Cluster 2', 'Above the cut', 'cut'],
  );
  assert.equal(series[0]!.itemStyle!.color, lightTheme.categorical[0]);
  assert.deepEqual(series[3]!.markLine!.data, [{ yAxis: 4.5 }]);
});

test('dendrogram: a large tree is cut to its top 40 leaves, each labelled with its size', () => {
  const n = 1000;
  const tree = balancedTree(n);
  const top = dendrogramTop(tree, 4);
  assert.equal(maxDendrogramLeaves, 40);
  assert.equal(top.leaves.length, 40);
  assert.equal(top.customers, n);
  assert.equal(
    top.leaves.reduce((sum, l) => sum + l.size, 0),
    n,
    'the leaves hold every customer',
  );
  assert.ok(top.leaves.every((l) => l.node > 0 && l.node <= n - 40));
  // 39 merges drawn (3 segments each) and a dotted stub under every truncated leaf.
  assert.equal(top.segments.filter((s) => !s.dotted).length, 39 * 3);
  assert.equal(top.segments.filter((s) => s.dotted).length, 40);
  const heights = tree.rows.map((r) => Number(r[3]));
  assert.equal(top.cut, (heights[n - 4 - 1]! + heights[n - 4]!) / 2);
  assert.deepEqual([...new Set(top.leaves.map((l) => l.cluster))], [1, 2, 3, 4]);
  assert.ok(top.leaves.every((l) => l.height <= top.cut!));
  // The first customer is in cluster 1 (cutree numbers clusters by their first customer).
  assert.equal(top.leaves[0]!.cluster, 1);
  // More clusters than leaves: the tree keeps one leaf per cluster.
  assert.equal(dendrogramTop(tree, 50).leaves.length, 50);
  assert.equal(dendrogramTop(tree, undefined).cut, undefined);

  const result = syntheticSequence({ cluster: { k: 4 } });
  const spec = buildSequenceCharts({
    ...result,
    tables: { ...result.tables, dendrogram: tree },
  }).dendrogram_plot!;
  const labels = (
    spec.option.xAxis as { axisLabel: { customValues: number[]; formatter: (v: number) => string } }
  ).axisLabel;
  assert.equal(labels.customValues.length, 40);
  assert.equal(labels.formatter(0), String(top.leaves[0]!.size));
  const svg = renderSvg(spec);
  assertWellFormedSvg(svg);
});

/** A random but journey-like Result: 1 to several spells of random states, some ending early. */
function largeResult(n: number, T: number, k: number): Result {
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const states = ['Churned', 'Lapsed', 'Mobile', 'Omni', 'Online', 'Store'];
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    let left = T - (random() < 0.1 ? Math.floor(random() * 10) : 0);
    const spells: string[] = [];
    let previous = -1;
    while (left > 0) {
      let s = Math.floor(random() * states.length);
      if (s === previous) s = (s + 1) % states.length;
      previous = s;
      const d = Math.min(left, 1 + Math.floor(random() * 12));
      spells.push(`${states[s]}/${d}`);
      left -= d;
    }
    rows.push([i + 1, 1 + Math.floor(random() * k), spells.join('-')]);
  }
  const distributionRows: Cell[][] = [];
  for (let t = 0; t < T; t++)
    for (const s of states) distributionRows.push([`m${t + 1}`, s, 1 / states.length]);
  return {
    kind: 'sequence',
    version: 1,
    options: { cluster: { k } },
    tables: {
      clusters: makeTable('Clusters', columns('id:integer cluster:integer sequence:string'), rows),
      state_distribution: makeTable(
        'State distribution',
        columns('time:string state:string proportion:number'),
        distributionRows,
      ),
    },
    warnings: [],
    timings: {},
  };
}

test('index_plot of 20,000 customers: far fewer rectangles than customers x periods', () => {
  const n = 20_000;
  const T = 24;
  const result = largeResult(n, T, 4);
  const states = sequenceStates(result);
  const journeys = result.tables.clusters!.rows.map((r) => parseSpells(String(r[2])));
  const cells = journeys.reduce((sum, spells) => sum + spells.reduce((s, x) => s + x.duration, 0), 0);
  // Merging alone (every customer drawn): every cell covered once, far fewer rectangles.
  const full = indexPanels(result.tables.clusters!, states, T, Infinity);
  const fullRects = full.reduce((sum, p) => sum + p.rects.length, 0);
  assert.ok(fullRects < (n * T) / 5, `${fullRects} rectangles`);
  const area = full.reduce(
    (sum, p) => sum + p.rects.reduce((s, r) => s + (r.x1 - r.x0) * (r.y1 - r.y0), 0),
    0,
  );
  assert.equal(area, cells);
  assert.equal(
    full.reduce((sum, p) => sum + p.customers, 0),
    n,
  );
  // As drawn: at most maxIndexRows rows per panel, each as thick as the customers it stands for.
  const spec = buildSequenceCharts(result).index_plot!;
  const series = seriesOf<CustomSeriesOption>(spec.option);
  const drawn = series.reduce((sum, s) => sum + (s.data as unknown[]).length, 0);
  assert.ok(drawn < fullRects / 4 && drawn < 10_000, `${drawn} rectangles drawn`);
  const panels = indexPanels(result.tables.clusters!, states, T);
  assert.equal(
    panels.reduce((sum, p) => sum + p.rects.length, 0),
    drawn,
  );
  for (const panel of panels) {
    assert.ok(panel.sampled && panel.customers > maxIndexRows);
    const panelArea = panel.rects.reduce((s, r) => s + (r.x1 - r.x0) * (r.y1 - r.y0), 0);
    assert.ok(panelArea <= panel.customers * T + 1e-6);
    assert.ok(panel.rects.every((r) => r.y0 >= 0 && r.y1 <= panel.customers + 1e-9 && r.y1 > r.y0));
  }
  assert.match(String((spec.option.title as { subtext: string }[])[0]!.subtext), /20,000/);
  const svg = renderSvg(spec);
  assertWellFormedSvg(svg);
  assert.ok(svg.length < 2_000_000, `${svg.length} bytes of SVG`);
});

test('every chart renders to a well-formed, deterministic SVG carrying its title', () => {
  for (const theme of ['light', 'dark'] as const) {
    const charts = buildSequenceCharts(syntheticSequence(), { theme });
    for (const [name, spec] of Object.entries(charts)) {
      const svg = renderSvg(spec);
      assertWellFormedSvg(svg);
      assert.ok(svg.includes(spec.title), `${name}: title "${spec.title}" missing`);
      const again = renderSvg(buildSequenceCharts(syntheticSequence(), { theme })[name]!);
      assert.equal(again, svg, `${name}: SVG differs between two renders`);
    }
  }
  // The custom series really draw: the index plot has its 10 rectangles in the state colours
  // (Store given as #112233: 4 in cluster 1 and 1 in cluster 2).
  const svg = renderSvg(buildSequenceCharts(syntheticSequence()).index_plot!);
  assert.equal(svg.match(/fill="#112233"/gi)?.length ?? 0, 5 + 1, 'five rectangles and the legend mark');
});
