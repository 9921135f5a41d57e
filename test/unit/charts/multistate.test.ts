// The multistate chart builder against a hand-made Result (4 states, 5 transitions, 2 profiles):
// diagram nodes, edges and labels, depths by longest path (shortest with a cycle), bands never
// below 0, the step downsampling of long cumulative-hazard series, the profile difference against
// numbers worked out by hand, the log axis of the forest plot, charts left out when their tables
// are, and every chart rendered to a well-formed, deterministic SVG that carries its title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphSeriesOption, LineSeriesOption, ScatterSeriesOption, CustomSeriesOption } from 'echarts';
import type { Cell, Result, Table } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import {
  buildMultistateCharts,
  formatRatio,
  logScale,
  maxStepBins,
  stateDepths,
  stateOrder,
  stepSampleIndices,
} from '../../../shared/charts/multistate.ts';
import { chartBuilders } from '../../../shared/charts/index.ts';
import { darkTheme, lightTheme } from '../../../shared/charts/palette.ts';
import { multistateDefinition } from '../../../shared/analyses/multistate.ts';
import { renderSvg } from '../../../main/charts/svg.ts';

const states = ['Subscribed', 'EmailUnsub', 'Paused', 'Cancelled'];
/** trans, from, to, count, proportion. */
const transitionRows: [number, string, string, number, number][] = [
  [1, 'Subscribed', 'EmailUnsub', 1462, 0.4873],
  [2, 'Subscribed', 'Paused', 600, 0.2],
  [3, 'Subscribed', 'Cancelled', 300, 0.1],
  [4, 'EmailUnsub', 'Cancelled', 73, 0.05],
  [5, 'Paused', 'Cancelled', 150, 0.25],
];
const profileNames = ['Young, discount', 'Older, no discount', 'Third'];

function columns(spec: string): Table['columns'] {
  return spec.split(' ').map((entry) => {
    const [name, type] = entry.split(':') as [string, 'number' | 'integer' | 'string'];
    return { name, type };
  });
}

/** Occupation at time t for the hand-made curves: the start state decays, the others share. */
function occupation(t: number, shift = 0): number[] {
  const stay = Math.exp(-(0.08 + shift) * t);
  const left = 1 - stay;
  return [stay, 0.5 * left, 0.2 * left, 0.3 * left];
}

function syntheticMultistate(profileCount = 2): Result {
  const frequencyRows: Cell[][] = [
    ['Subscribed', 'EmailUnsub', 1462],
    ['Subscribed', 'Paused', 600],
    ['Subscribed', 'Cancelled', 300],
    ['Subscribed', 'no event', 638],
    ['Subscribed', 'total entering', 3000],
    ['EmailUnsub', 'Cancelled', 73],
    ['EmailUnsub', 'no event', 1389],
    ['EmailUnsub', 'total entering', 1462],
    ['Paused', 'Cancelled', 150],
    ['Paused', 'no event', 450],
    ['Paused', 'total entering', 600],
    ['Cancelled', 'no event', 523],
    ['Cancelled', 'total entering', 523],
  ];
  const cumhazRows: Cell[][] = [];
  for (const [trans] of transitionRows) {
    for (const [j, time] of [0.5, 2, 5, 9].entries()) {
      // Early variances large enough that Haz - 1.96 sqrt(varHaz) < 0: the band is clipped at 0.
      const haz = 0.01 * trans * (j + 1);
      cumhazRows.push([trans, time, haz, j === 0 ? 0.001 : haz / 50]);
    }
  }
  const curveRows: Cell[][] = [];
  for (let t = 0; t <= 10; t++) {
    occupation(t).forEach((prob, s) => {
      curveRows.push([t, states[s]!, prob, t === 0 ? null : 0.02 + 0.01 * s]);
    });
  }
  const profileRows: Cell[][] = [];
  for (const [p, profile] of profileNames.slice(0, profileCount).entries()) {
    for (let t = 0; t <= 10; t++) {
      occupation(t, 0.05 * p).forEach((prob, s) => profileRows.push([profile, t, states[s]!, prob]));
    }
  }
  const coefficientRows: Cell[][] = [];
  for (const [trans] of transitionRows) {
    coefficientRows.push([
      'age=>40',
      trans,
      0.2,
      0.1,
      Math.exp(0.2),
      Math.exp(0.004),
      Math.exp(0.396),
      0.045,
    ]);
    coefficientRows.push(
      trans === 5
        ? ['income', trans, null, null, null, null, null, null] // singular: left out
        : ['income', trans, -0.1 * trans, 0.05, Math.exp(-0.1 * trans), 0.5, 1.1, 0.2],
    );
  }
  const tables: Result['tables'] = {
    transitions: makeTable(
      'Transitions',
      columns('trans:integer from:string to:string count:integer proportion:number'),
      transitionRows,
    ),
    frequencies: makeTable(
      'Transition frequencies',
      columns('from:string to:string count:integer'),
      frequencyRows,
    ),
    cumhaz: makeTable(
      'Cumulative hazards',
      columns('trans:integer time:number Haz:number varHaz:number'),
      cumhazRows,
    ),
    occupation_curve: makeTable(
      'State occupation over time',
      columns('time:number state:string prob:number se:number'),
      curveRows,
    ),
    coefficients: makeTable(
      'Covariate effects',
      columns('term:string trans:integer coef:number se:number hr:number lower:number upper:number p:number'),
      coefficientRows,
    ),
    model_test: makeTable(
      'Model test',
      columns('loglik_null:number loglik:number statistic:number df:integer p:number iterations:integer'),
      [[-1000, -990, 20, 9, 0.018, 4]],
    ),
    profile_curve: makeTable(
      'Profile predictions over time',
      columns('profile:string time:number state:string prob:number'),
      profileRows,
    ),
  };
  return { kind: 'multistate', version: 1, options: {}, tables, warnings: [], timings: {} };
}

function seriesOf<T>(option: unknown): T[] {
  const series = (option as { series?: unknown }).series;
  return (Array.isArray(series) ? series : [series]) as T[];
}

/** The [x, y] pairs of a line series. */
function pointsOf(series: LineSeriesOption): [number, number | null][] {
  return series.data as [number, number | null][];
}

function labelText(label: unknown): string {
  const formatter = (label as { formatter: string | (() => string) }).formatter;
  return typeof formatter === 'function' ? formatter() : formatter;
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

test('the registry has the multistate builder, and every chart is one the definition names', () => {
  assert.equal(chartBuilders.multistate, buildMultistateCharts);
  const charts = buildMultistateCharts(syntheticMultistate());
  // The synthetic Result has no transition_matrix; probability_matrix is tested beside its file.
  const named = Object.keys(multistateDefinition.charts).filter((name) => name !== 'probability_matrix');
  assert.deepEqual(Object.keys(charts), named);
  for (const [name, spec] of Object.entries(charts)) {
    const key = name as keyof typeof multistateDefinition.charts;
    assert.equal(spec.title, multistateDefinition.charts[key].title);
    assert.equal(spec.option.animation, false);
  }
});

test('stateOrder: the frequencies order first, then states named only elsewhere', () => {
  const result = syntheticMultistate();
  assert.deepEqual(stateOrder(result.tables), states);
  const { frequencies: _frequencies, ...withoutFrequencies } = result.tables;
  assert.deepEqual(stateOrder(withoutFrequencies), states); // from occupation_curve
  assert.deepEqual(stateOrder({ transitions: result.tables.transitions! }), [
    'Subscribed',
    'EmailUnsub',
    'Paused',
    'Cancelled',
  ]);
});

test('stateDepths: longest path without cycles, shortest path with one', () => {
  const acyclic = stateDepths(states, [
    ['Subscribed', 'EmailUnsub'],
    ['EmailUnsub', 'Paused'],
    ['Subscribed', 'Paused'],
    ['Paused', 'Cancelled'],
    ['Subscribed', 'Cancelled'],
  ]);
  assert.deepEqual(Object.fromEntries(acyclic), { Subscribed: 0, EmailUnsub: 1, Paused: 2, Cancelled: 3 });
  const cyclic = stateDepths(states, [
    ['Subscribed', 'EmailUnsub'],
    ['EmailUnsub', 'Paused'],
    ['Paused', 'EmailUnsub'],
    ['Subscribed', 'Cancelled'],
  ]);
  assert.deepEqual(Object.fromEntries(cyclic), { Subscribed: 0, EmailUnsub: 1, Paused: 2, Cancelled: 1 });
  // A state no transition reaches stays at depth 0.
  assert.equal(stateDepths(['A', 'B', 'C'], [['A', 'B']]).get('C'), 0);
});

test('transition_diagram: a node per state with entering counts, an arrow per transition', () => {
  const charts = buildMultistateCharts(syntheticMultistate());
  const graph = seriesOf<GraphSeriesOption>(charts.transition_diagram!.option)[0]!;
  assert.equal(graph.type, 'graph');
  assert.equal(graph.layout, 'none');
  assert.deepEqual(graph.edgeSymbol, ['none', 'arrow']);
  const nodes = graph.data as {
    name: string;
    x: number;
    y: number;
    label: unknown;
    itemStyle: { color: string; borderWidth: number; borderColor: string };
  }[];
  assert.deepEqual(
    nodes.map((n) => n.name),
    states,
  );
  assert.deepEqual(
    nodes.map((n) => labelText(n.label)),
    [
      'Subscribed\n3,000 entering',
      'EmailUnsub\n1,462 entering',
      'Paused\n600 entering',
      'Cancelled\n523 entering',
    ],
  );
  // Left to right by longest path; the two states at depth 1 spread vertically around the middle.
  assert.deepEqual(
    nodes.map((n) => [n.x / (nodes[3]!.x / 2), n.y / nodes[2]!.y / 2]),
    [
      [0, 0],
      [1, -0.5],
      [1, 0.5],
      [2, 0],
    ],
  );
  // State colours, with only the absorbing state (Cancelled) ringed in the text colour.
  assert.deepEqual(
    nodes.map((n) => n.itemStyle.color),
    lightTheme.categorical.slice(0, 4),
  );
  assert.deepEqual(
    nodes.map((n) => n.itemStyle.borderColor === lightTheme.text),
    [false, false, false, true],
  );
  const links = graph.links as {
    source: string;
    target: string;
    label: unknown;
    lineStyle: { width: number };
  }[];
  assert.equal(links.length, 5);
  assert.deepEqual(
    links.map((l) => labelText(l.label)),
    ['1,462 (48.7%)', '600 (20.0%)', '300 (10.0%)', '73 (5.0%)', '150 (25.0%)'],
  );
  assert.deepEqual([links[0]!.source, links[0]!.target], ['Subscribed', 'EmailUnsub']);
  // Width grows with the count: the largest is widest, the smallest narrowest.
  const widths = links.map((l) => l.lineStyle.width);
  assert.equal(Math.max(...widths), widths[0]);
  assert.equal(Math.min(...widths), widths[3]);
});

test('transition_diagram: arrows bend only around nodes in their way, and away from them', () => {
  const chain = (
    rows: [number, string, string, number, number][],
  ): { source: string; target: string; lineStyle: { curveness: number } }[] => {
    const transitions = makeTable(
      'Transitions',
      columns('trans:integer from:string to:string count:integer proportion:number'),
      rows,
    );
    const result: Result = {
      kind: 'multistate',
      version: 1,
      options: {},
      tables: { transitions },
      warnings: [],
      timings: {},
    };
    const graph = seriesOf<GraphSeriesOption>(buildMultistateCharts(result).transition_diagram!.option)[0]!;
    return graph.links as { source: string; target: string; lineStyle: { curveness: number } }[];
  };
  // A -> B -> C in a row, and A -> C straight through B: that one bends, the others do not.
  const row = chain([
    [1, 'A', 'B', 10, 0.5],
    [2, 'B', 'C', 5, 0.5],
    [3, 'A', 'C', 5, 0.25],
  ]);
  assert.deepEqual(
    row.map((l) => l.lineStyle.curveness),
    [0, 0, 0.25],
  );
  // Depths A 0, B and D 1 (B above, D below), E 2 (middle), C 3 (middle): the straight D -> C would
  // pass just under E, so it bends down, away from E (a negative curveness for a left-to-right arrow).
  const diamond = chain([
    [1, 'A', 'B', 10, 0.5],
    [2, 'A', 'D', 10, 0.5],
    [3, 'B', 'C', 5, 0.5],
    [4, 'D', 'C', 5, 0.5],
    [5, 'D', 'E', 5, 0.5],
    [6, 'E', 'C', 5, 0.5],
  ]);
  const dToC = diamond.find((l) => l.source === 'D' && l.target === 'C')!;
  assert.equal(dToC.lineStyle.curveness, -0.25);
  // Arrows both ways between two states bend, each to its own side.
  const both = chain([
    [1, 'A', 'B', 10, 0.5],
    [2, 'B', 'C', 5, 0.5],
    [3, 'C', 'B', 1, 0.1],
  ]);
  assert.deepEqual(
    both.map((l) => l.lineStyle.curveness),
    [0, 0.25, 0.25],
  );
});

test('cumulative_hazards: a step line and a 95% band per transition, the band never below 0', () => {
  const charts = buildMultistateCharts(syntheticMultistate());
  const series = seriesOf<LineSeriesOption>(charts.cumulative_hazards!.option);
  assert.equal(series.length, 5 * 3);
  const lines = series.filter((s) => String(s.id).endsWith(':line'));
  assert.deepEqual(
    lines.map((s) => s.name),
    transitionRows.map(([k, from, to]) => `${k}: ${from} → ${to}`),
  );
  assert.ok(lines.every((s) => s.step === 'end'));
  for (const [k] of transitionRows) {
    const lower = series.find((s) => s.id === `trans${k}:lower`)!;
    const band = series.find((s) => s.id === `trans${k}:band`)!;
    assert.equal(lower.stack, band.stack);
    assert.equal(lower.areaStyle, undefined);
    assert.ok(band.areaStyle);
    const lowers = pointsOf(lower).map(([, y]) => y!);
    const heights = pointsOf(band).map(([, y]) => y!);
    assert.ok(
      lowers.every((y) => y >= 0),
      `transition ${k}: lower bound below 0`,
    );
    // First point: Haz 0.01k, sd sqrt(0.001) = 0.0316 -> lower clipped to 0, upper = Haz + 1.96 sd.
    assert.equal(lowers[0], 0);
    assert.ok(Math.abs(heights[0]! - (0.01 * k + 1.959964 * Math.sqrt(0.001))) < 1e-12);
  }
  const option = charts.cumulative_hazards!.option as { legend: { data: string[] } };
  assert.deepEqual(
    option.legend.data,
    lines.map((s) => s.name),
  );
});

test('stepSampleIndices keeps at most about 1,000 points, both ends and the step shape', () => {
  assert.deepEqual(stepSampleIndices([1, 2, 3]), [0, 1, 2]);
  const n = 250_000;
  // Uneven continuous times on [0, 5000].
  const times = Array.from({ length: n }, (_, i) => 5000 * (i / (n - 1)) ** 2);
  const kept = stepSampleIndices(times);
  assert.ok(kept.length <= maxStepBins + 2, String(kept.length));
  assert.ok(kept.length > 900, String(kept.length));
  assert.equal(kept[0], 0);
  assert.equal(kept[kept.length - 1], n - 1);
  assert.ok(kept.every((index, i) => i === 0 || index > kept[i - 1]!));
  // Every kept point but the first is the last of its time bin.
  const bin = (t: number) => Math.min(maxStepBins - 1, Math.floor((t / 5000) * maxStepBins));
  for (const index of kept.slice(1, -1)) assert.notEqual(bin(times[index]!), bin(times[index + 1]!));
  assert.deepEqual(stepSampleIndices(times), kept);
  assert.deepEqual(stepSampleIndices(Array.from({ length: 5000 }, () => 7)), [0, 4999]);
});

test('cumulative_hazards thins a long series but keeps its final value', () => {
  const result = syntheticMultistate();
  const rows: Cell[][] = [];
  const n = 20_000;
  for (const trans of [1, 2]) {
    for (let i = 0; i < n; i++) rows.push([trans, i * 0.37 + trans, (i + 1) * 0.0001 * trans, 1e-6 * i]);
  }
  result.tables.cumhaz = makeTable(
    'Cumulative hazards',
    columns('trans:integer time:number Haz:number varHaz:number'),
    rows,
  );
  const series = seriesOf<LineSeriesOption>(buildMultistateCharts(result).cumulative_hazards!.option);
  assert.equal(series.length, 6);
  for (const trans of [1, 2]) {
    for (const part of ['line', 'lower', 'band']) {
      const points = pointsOf(series.find((s) => s.id === `trans${trans}:${part}`)!);
      assert.ok(points.length <= maxStepBins + 2 && points.length > 900, String(points.length));
    }
    const line = pointsOf(series.find((s) => s.id === `trans${trans}:line`)!);
    assert.deepEqual(line[0], [trans, 0.0001 * trans]);
    assert.deepEqual(line[line.length - 1], [(n - 1) * 0.37 + trans, n * 0.0001 * trans]);
  }
});

test('stacked_probabilities: one stacked step area per state, y from 0 to 1', () => {
  const charts = buildMultistateCharts(syntheticMultistate());
  const series = seriesOf<LineSeriesOption>(charts.stacked_probabilities!.option);
  assert.deepEqual(
    series.map((s) => s.name),
    states,
  );
  assert.ok(series.every((s) => s.stack === series[0]!.stack && s.step === 'end' && s.areaStyle));
  assert.deepEqual(
    series.map((s) => (s.areaStyle as { color: string }).color),
    lightTheme.categorical.slice(0, 4),
  );
  assert.ok(Math.abs(pointsOf(series[0]!)[5]![1]! - occupation(5)[0]!) < 1e-12);
  const yAxis = (charts.stacked_probabilities!.option as { yAxis: { min: number; max: number } }).yAxis;
  assert.deepEqual([yAxis.min, yAxis.max], [0, 1]);
});

test('probability_lines: a line per state, a band within [0, 1] where se is finite', () => {
  const charts = buildMultistateCharts(syntheticMultistate(), { theme: 'dark' });
  const series = seriesOf<LineSeriesOption>(charts.probability_lines!.option);
  const lines = series.filter((s) => String(s.id).endsWith(':line'));
  assert.deepEqual(
    lines.map((s) => s.name),
    states,
  );
  assert.deepEqual(
    lines.map((s) => (s.lineStyle as { color: string }).color),
    darkTheme.categorical.slice(0, 4),
  );
  assert.equal(series.length, 4 * 3);
  const lower = pointsOf(series.find((s) => s.id === 'state1:lower')!);
  const band = pointsOf(series.find((s) => s.id === 'state1:band')!);
  assert.equal(lower[0]![1], null); // se missing at time 0: no band there
  const prob = occupation(4)[1]!;
  assert.ok(Math.abs(lower[4]![1]! - Math.max(0, prob - 1.959964 * 0.03)) < 1e-12);
  assert.ok(Math.abs(lower[4]![1]! + band[4]![1]! - Math.min(1, prob + 1.959964 * 0.03)) < 1e-12);
  for (const s of series.filter((x) => String(x.id).endsWith(':lower'))) {
    assert.ok(pointsOf(s).every(([, y]) => y === null || y >= 0));
  }
});

test('hazard_ratios: a row per finite (term, transition), grouped by transition, log axis, line at 1', () => {
  const charts = buildMultistateCharts(syntheticMultistate());
  const spec = charts.hazard_ratios!;
  const option = spec.option as {
    xAxis: { type: string; min: number; max: number };
    yAxis: { data: string[]; inverse: boolean }[];
    title: { subtext: string };
  };
  assert.equal(option.xAxis.type, 'log');
  assert.deepEqual([option.xAxis.min, option.xAxis.max], [0.2, 2]); // 0.5 to 1.49, with room
  const labels = option.yAxis[0]!.data;
  assert.equal(labels.length, 9); // 5 x 2 terms, less the singular income on transition 5
  assert.deepEqual(labels.slice(0, 3), [
    'age=>40 (1: Subscribed → EmailUnsub)',
    'income (1: Subscribed → EmailUnsub)',
    'age=>40 (2: Subscribed → Paused)',
  ]);
  assert.equal(labels[8], 'age=>40 (5: Paused → Cancelled)');
  assert.ok(option.yAxis[0]!.inverse);
  assert.equal(option.yAxis[1]!.data[0], '1.22 (1.00–1.49)');
  assert.match(option.title.subtext, /Likelihood-ratio test: 20 on 9 df, p = 0.018/);
  const series = seriesOf<ScatterSeriesOption | CustomSeriesOption>(spec.option);
  const points = series.filter(
    (s) => s.type === 'scatter' && s.name !== 'hazard ratio 1',
  ) as ScatterSeriesOption[];
  const intervals = series.filter((s) => s.type === 'custom') as CustomSeriesOption[];
  assert.equal(points.length, 5);
  assert.equal(intervals.length, 5);
  assert.deepEqual((points[0]!.data as number[][])[0], [Math.exp(0.2), 0]);
  assert.deepEqual((intervals[4]!.data as number[][])[0], [
    Math.exp(0.004),
    Math.exp(0.396),
    8,
    Math.exp(0.2),
  ]);
  const reference = series.find((s) => s.name === 'hazard ratio 1') as ScatterSeriesOption;
  assert.deepEqual(reference.markLine!.data, [{ xAxis: 1 }]);
  assert.ok(spec.height! >= 100 + 9 * 26);
  // More rows, a taller chart.
  const result = syntheticMultistate();
  const coefficients = result.tables.coefficients!;
  result.tables.coefficients = { ...coefficients, rows: [...coefficients.rows, ...coefficients.rows] };
  assert.ok(buildMultistateCharts(result).hazard_ratios!.height! > spec.height!);
});

test('logScale: 1-2-5 bounds around the data and 1, formatRatio keeps three digits', () => {
  assert.deepEqual(logScale([0.5, 1.49]), { min: 0.2, max: 2, ticks: [0.2, 0.5, 1, 2] });
  assert.deepEqual(logScale([1.2, 3]), { min: 0.5, max: 5, ticks: [0.5, 1, 2, 5] });
  const wide = logScale([1e-4, 1e4]);
  assert.ok(wide.ticks.length <= 12 && wide.ticks.includes(1) && wide.min <= 1e-4 && wide.max >= 1e4);
  assert.deepEqual([1.004, 0.9051, 12.34, 2500].map(formatRatio), ['1.00', '0.905', '12.3', '2,500']);
});

test('profile_comparison: one stacked grid per profile, at most 4 side by side', () => {
  const two = buildMultistateCharts(syntheticMultistate(2)).profile_comparison!;
  const option = two.option as {
    grid: unknown[];
    xAxis: unknown[];
    yAxis: { min: number; max: number }[];
    title: { text: string }[];
  };
  assert.equal(option.grid.length, 2);
  assert.deepEqual(
    option.title.map((t) => t.text),
    [two.title, ...profileNames.slice(0, 2)],
  );
  assert.ok(option.yAxis.every((axis) => axis.min === 0 && axis.max === 1));
  const series = seriesOf<LineSeriesOption>(two.option);
  assert.equal(series.length, 2 * 4);
  assert.deepEqual(
    series.filter((s) => s.xAxisIndex === 1).map((s) => s.name),
    states,
  );
  assert.ok(series.every((s) => s.stack === `profile${s.xAxisIndex}`));

  const result = syntheticMultistate(3);
  const rows = result.tables.profile_curve!.rows;
  const more = [
    ...rows,
    ...['D', 'E'].flatMap((name) => rows.slice(0, 44).map((r) => [name, ...r.slice(1)])),
  ];
  result.tables.profile_curve = { ...result.tables.profile_curve!, rows: more };
  const five = buildMultistateCharts(result).profile_comparison!;
  assert.equal((five.option as { grid: unknown[] }).grid.length, 5);
  assert.ok(five.height! > two.height!); // a second row
});

test('profile_difference: first minus second per state, with a zero line and a title saying so', () => {
  const charts = buildMultistateCharts(syntheticMultistate(3));
  const spec = charts.profile_difference!;
  assert.equal(
    (spec.option as { title: { text: string } }).title.text,
    'Profile difference: Young, discount minus Older, no discount',
  );
  const series = seriesOf<LineSeriesOption>(spec.option);
  const lines = series.filter((s) => s.name !== 'zero');
  assert.deepEqual(
    lines.map((s) => s.name),
    states,
  );
  for (const [s, line] of lines.entries()) {
    const at6 = pointsOf(line)[6]!;
    assert.equal(at6[0], 6);
    assert.ok(Math.abs(at6[1]! - (occupation(6, 0)[s]! - occupation(6, 0.05)[s]!)) < 1e-12);
  }
  assert.deepEqual(series.find((s) => s.name === 'zero')!.markLine!.data, [{ yAxis: 0 }]);
});

test('charts are left out when their tables are absent', () => {
  assert.deepEqual(buildMultistateCharts({ ...syntheticMultistate(), tables: {} }), {});
  const result = syntheticMultistate(1);
  delete result.tables.coefficients;
  delete result.tables.model_test;
  delete result.tables.frequencies;
  const charts = buildMultistateCharts(result);
  assert.deepEqual(Object.keys(charts), [
    'transition_diagram',
    'cumulative_hazards',
    'stacked_probabilities',
    'probability_lines',
    'profile_comparison',
  ]);
  // Without frequencies the diagram still draws, its nodes without entering counts.
  const graph = seriesOf<GraphSeriesOption>(charts.transition_diagram!.option)[0]!;
  assert.equal(labelText((graph.data as { label: unknown }[])[0]!.label), 'Subscribed');
  // cumhaz alone: labels fall back to the transition number.
  const alone = buildMultistateCharts({ ...result, tables: { cumhaz: result.tables.cumhaz! } });
  assert.deepEqual(Object.keys(alone), ['cumulative_hazards']);
  assert.equal(seriesOf<LineSeriesOption>(alone.cumulative_hazards!.option)[0]!.name, 'Transition 1');
});

test('every chart renders to a well-formed, deterministic SVG carrying its title', () => {
  for (const profiles of [2, 3]) {
    for (const theme of ['light', 'dark'] as const) {
      const charts = buildMultistateCharts(syntheticMultistate(profiles), { theme });
      assert.equal(Object.keys(charts).length, 7);
      for (const [name, spec] of Object.entries(charts)) {
        const svg = renderSvg(spec);
        assertWellFormedSvg(svg);
        assert.ok(svg.includes(spec.title), `${name}: title "${spec.title}" missing`);
        const again = renderSvg(buildMultistateCharts(syntheticMultistate(profiles), { theme })[name]!);
        assert.equal(again, svg, `${name}: SVG differs between two renders`);
      }
    }
  }
});
