// Charts for the `multistate` Result (DESIGN.md section 4, multistate), built from its tables only:
//   transition_diagram     transitions (trans, from, to, count, proportion), with frequencies (from, to,
//                          count) for the state order and the customers entering each state: a graph,
//                          states as nodes left to right by depth from the start state (longest path
//                          when the transitions form no cycle, else shortest path), spread vertically
//                          within a depth; arrows labelled "count (share of those entering `from`)",
//                          as wide as their count; absorbing states (no transition out) ringed.
//   cumulative_hazards     cumhaz (trans, time, Haz, varHaz), transitions for the labels: one step line
//                          per transition with its 95% band Haz +- 1.959964 sqrt(varHaz) (lower clipped
//                          at 0); each series keeps at most about 1,000 points (the last of each of 1,000
//                          equal time bins, plus both ends), so the step shape survives millions of rows.
//   stacked_probabilities  occupation_curve (time, state, prob, se): stacked step areas, one per state,
//                          y from 0 to 1; the gap between two adjacent curves is that state's probability.
//   probability_lines      occupation_curve: one step line per state, 95% band prob +- 1.959964 se
//                          (clipped to [0, 1]) wherever se is a finite number.
//   hazard_ratios          coefficients (term, trans, hr, lower, upper, p), transitions for the labels,
//                          model_test for the subtitle: a forest plot, one row per (term, transition)
//                          grouped by transition, hr as a point, [lower, upper] as an interval, log x
//                          axis, a reference line at 1; rows without a finite positive hr and interval
//                          (a singular column) are left out.
//   profile_comparison     profile_curve (profile, time, state, prob): the stacked occupation of each
//                          profile in its own grid, at most 4 side by side, y from 0 to 1.
//   profile_difference     profile_curve with at least 2 profiles: first profile minus second per state.
// A state keeps its colour in every chart (state i in the order of the frequencies table, i.e. the
// options' order, gets categorical colour i); transition k gets categorical colour k - 1.
// Static output has no animation; everything is deterministic.
import type {
  CustomSeriesOption,
  CustomSeriesRenderItem,
  EChartsOption,
  GraphSeriesOption,
  LegendComponentOption,
  LineSeriesOption,
  ScatterSeriesOption,
  TitleComponentOption,
  TooltipComponentFormatterCallbackParams,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';
import type { Result, Table } from '../result.ts';
import { columnIndex } from '../result.ts';
import { multistateDefinition } from '../analyses/multistate.ts';
import type { ChartTheme } from './palette.ts';
import { chartTheme } from './palette.ts';
import type { ChartBuildOptions, ChartBuilder, ChartSpec } from './types.ts';
import { probabilityMatrix } from './multistate-matrix.ts';
import { columnCells, escapeHtml, formatNumber, formatShare, numericColumn, toNumber } from './tables.ts';
import { wrappedLegend } from './legend.ts';

/** The 97.5% standard normal quantile: a 95% two-sided interval is estimate +- z * se. */
const normalQuantile975 = 1.959964;
/** Most time bins a cumulative-hazard series keeps (one point each, plus both ends). */
export const maxStepBins = 1_000;
/** Profiles side by side in profile_comparison before a new row starts. */
const profilesPerRow = 4;
/** frequencies rows whose `to` is not a state. */
const noEventLabel = 'no event';
const totalEnteringLabel = 'total entering';
const legendItemGap = 12;
const legendLineHeight = 22;

type Point = [number, number | null];

export const buildMultistateCharts: ChartBuilder = (result: Result, options: ChartBuildOptions = {}) => {
  const theme = chartTheme(options.theme);
  const titles = multistateDefinition.charts;
  const tables = result.tables;
  const states = stateOrder(tables);
  const colors = new Map(states.map((state, i) => [state, stateColor(i, theme)]));
  const colorOf = (state: string) => colors.get(state) ?? theme.noise;
  const transitions = tables.transitions ? readTransitions(tables.transitions) : [];
  const charts: Record<string, ChartSpec> = {};

  if (tables.transitions) {
    charts.transition_diagram = transitionDiagram(
      states,
      transitions,
      tables.frequencies,
      titles.transition_diagram.title,
      theme,
      colorOf,
    );
  }
  if (tables.cumhaz) {
    charts.cumulative_hazards = cumulativeHazards(
      tables.cumhaz,
      transitions,
      titles.cumulative_hazards.title,
      theme,
    );
  }
  if (tables.occupation_curve) {
    const curves = curvesByState(tables.occupation_curve, states);
    charts.stacked_probabilities = stackedProbabilities(
      curves,
      titles.stacked_probabilities.title,
      theme,
      colorOf,
    );
    charts.probability_lines = probabilityLines(curves, titles.probability_lines.title, theme, colorOf);
  }
  if (tables.transition_matrix) {
    const matrix = probabilityMatrix(tables.transition_matrix, titles.probability_matrix.title, theme);
    if (matrix) charts.probability_matrix = matrix;
  }
  if (tables.coefficients) {
    charts.hazard_ratios = hazardRatios(
      tables.coefficients,
      transitions,
      tables.model_test,
      titles.hazard_ratios.title,
      theme,
    );
  }
  if (tables.profile_curve) {
    const profiles = curvesByProfile(tables.profile_curve, states);
    if (profiles.length > 0) {
      charts.profile_comparison = profileComparison(
        profiles,
        titles.profile_comparison.title,
        theme,
        colorOf,
      );
    }
    if (profiles.length >= 2) {
      charts.profile_difference = profileDifference(
        profiles[0]!,
        profiles[1]!,
        titles.profile_difference.title,
        theme,
        colorOf,
      );
    }
  }
  return charts;
};

// ---------------------------------------------------------------------------------------------
// Reading the tables

interface Transition {
  number: number;
  from: string;
  to: string;
  count: number;
  proportion: number;
}

/** One state's curve: times ascending, with the probability (and se when the table has one). */
export interface StateCurve {
  state: string;
  time: number[];
  prob: number[];
  se: number[];
}

export interface ProfileCurves {
  profile: string;
  curves: StateCurve[];
}

function text(cell: number | string | null): string {
  return cell === null ? '' : String(cell);
}

/**
 * Every state, each once: the `from` column of frequencies first (the options' order), then any
 * other state named in the curves, the transition matrix or the transitions, in order of appearance.
 */
export function stateOrder(tables: Result['tables']): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (cells: (number | string | null)[]) => {
    for (const cell of cells) {
      const state = text(cell);
      if (state === '' || seen.has(state)) continue;
      seen.add(state);
      order.push(state);
    }
  };
  const sources: [string, string[]][] = [
    ['frequencies', ['from']],
    ['occupation_curve', ['state']],
    ['probtrans', ['state']],
    ['profile_curve', ['state']],
    ['profile_probtrans', ['state']],
    ['transition_matrix', ['from', 'to']],
    ['transitions', ['from', 'to']],
  ];
  for (const [name, columns] of sources) {
    const table = tables[name];
    if (!table) continue;
    if (columns.length === 1) add(columnCells(table, columns[0]!));
    else {
      const froms = columnCells(table, columns[0]!);
      const tos = columnCells(table, columns[1]!);
      add(froms.flatMap((from, row) => [from, tos[row] ?? null]));
    }
  }
  return order;
}

/** State i's colour: categorical colour i, cycling. */
export function stateColor(index: number, theme: ChartTheme): string {
  const n = theme.categorical.length;
  return theme.categorical[((Math.trunc(index) % n) + n) % n]!;
}

/** Transition k's (1-based) colour: categorical colour k - 1, cycling. */
export function transitionColor(transition: number, theme: ChartTheme): string {
  return stateColor(transition - 1, theme);
}

function readTransitions(table: Table): Transition[] {
  const numbers = numericColumn(table, 'trans');
  const froms = columnCells(table, 'from');
  const tos = columnCells(table, 'to');
  const counts = numericColumn(table, 'count');
  const proportions = numericColumn(table, 'proportion');
  return numbers
    .map((number, row) => ({
      number,
      from: text(froms[row]!),
      to: text(tos[row]!),
      count: counts[row]!,
      proportion: proportions[row]!,
    }))
    .filter((t) => Number.isFinite(t.number))
    .sort((a, b) => a.number - b.number);
}

/** "1: Subscribed → EmailUnsub", or "Transition 1" when the transitions table does not name it. */
function transitionLabel(number: number, transitions: readonly Transition[]): string {
  const transition = transitions.find((t) => t.number === number);
  return transition ? `${number}: ${transition.from} → ${transition.to}` : `Transition ${number}`;
}

/**
 * A numeric column as a Float64Array, NaN where a cell is not a number: numericColumn without
 * its intermediate arrays, for cumhaz, which can have millions of rows.
 */
function float64Column(table: Table, name: string): Float64Array {
  const index = columnIndex(table, name);
  if (index < 0) throw new Error(`table "${table.title}" has no column "${name}"`);
  const values = new Float64Array(table.rows.length);
  for (let row = 0; row < table.rows.length; row++) values[row] = toNumber(table.rows[row]![index] ?? null);
  return values;
}

/** Row indices grouped by the text of one column, groups in order of first appearance. */
function rowsByKey(table: Table, column: string, rows?: readonly number[]): Map<string, number[]> {
  const keys = columnCells(table, column);
  const groups = new Map<string, number[]>();
  for (const row of rows ?? keys.map((_, i) => i)) {
    const key = text(keys[row]!);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Rows sorted by time (stable); a no-op copy when they already are. */
function sortRowsByTime(rows: number[], times: ArrayLike<number>): number[] {
  for (let i = 1; i < rows.length; i++) {
    if (!(times[rows[i - 1]!]! <= times[rows[i]!]!)) {
      return rows
        .map((row, position) => ({ row, position }))
        .sort((a, b) => times[a.row]! - times[b.row]! || a.position - b.position)
        .map((entry) => entry.row);
    }
  }
  return rows;
}

/** A (time, state, prob[, se]) table as one curve per state, states in `states` order. */
function curvesByState(table: Table, states: readonly string[], rows?: readonly number[]): StateCurve[] {
  const times = numericColumn(table, 'time');
  const probs = numericColumn(table, 'prob');
  const hasSe = table.columns.some((c) => c.name === 'se');
  const ses = hasSe ? numericColumn(table, 'se') : times.map(() => Number.NaN);
  const groups = rowsByKey(table, 'state', rows);
  const ordered = [...groups.keys()].sort((a, b) => rank(states, a) - rank(states, b));
  return ordered.map((state) => {
    const stateRows = sortRowsByTime(
      groups.get(state)!.filter((row) => Number.isFinite(times[row]!)),
      times,
    );
    return {
      state,
      time: stateRows.map((row) => times[row]!),
      prob: stateRows.map((row) => probs[row]!),
      se: stateRows.map((row) => ses[row]!),
    };
  });
}

function curvesByProfile(table: Table, states: readonly string[]): ProfileCurves[] {
  return [...rowsByKey(table, 'profile')].map(([profile, rows]) => ({
    profile,
    curves: curvesByState(table, states, rows),
  }));
}

function rank(order: readonly string[], item: string): number {
  const index = order.indexOf(item);
  return index < 0 ? order.length : index;
}

// ---------------------------------------------------------------------------------------------
// Shared option pieces

/** Options every chart shares: no animation, theme colours and fonts, a title. */
function baseOption(title: string, theme: ChartTheme, subtitle?: string): EChartsOption {
  return {
    animation: false,
    backgroundColor: theme.background,
    color: [...theme.categorical],
    textStyle: { fontFamily: theme.fontFamily, fontSize: 13, color: theme.text },
    title: titleOption(title, theme, subtitle),
    tooltip: { trigger: 'item' },
  };
}

function titleOption(title: string, theme: ChartTheme, subtitle?: string): TitleComponentOption {
  return {
    text: title,
    subtext: subtitle ?? '',
    left: 16,
    top: 10,
    textStyle: { fontSize: 16, fontWeight: 'bold', color: theme.text },
    subtextStyle: { fontSize: 12, color: theme.mutedText },
  };
}

function valueAxis(name: string, theme: ChartTheme, extra: Record<string, unknown> = {}) {
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

/** Multi-state legends: state names, compact. */
function stateLegend(
  theme: ChartTheme,
  names: readonly string[],
  chartWidth: number,
): { legend: LegendComponentOption; height: number } {
  return wrappedLegend(theme, names, chartWidth, {
    itemGap: legendItemGap,
    lineHeight: legendLineHeight,
    charWidth: 6.8,
  });
}

/** A cell for a line series: finite numbers stay, anything else is a gap. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * A 95% band as two stacked line series: an invisible one at the lower bound and, on top of it,
 * one of height upper - lower whose area is filled in the line's colour. Both carry `name`, so
 * the legend toggles the band with its line (which must come first, to give the legend its colour).
 */
function bandSeries(
  id: string,
  name: string,
  points: { time: number[]; lower: number[]; upper: number[] },
  color: string,
  axes: { xAxisIndex?: number; yAxisIndex?: number } = {},
): LineSeriesOption[] {
  const common: LineSeriesOption = {
    type: 'line',
    name,
    stack: `${id}:band`,
    stackStrategy: 'all',
    step: 'end',
    showSymbol: false,
    symbol: 'none',
    silent: true,
    lineStyle: { width: 0, opacity: 0 },
    emphasis: { disabled: true },
    tooltip: { show: false },
    z: 1,
    ...axes,
  };
  const valid = points.time.map(
    (_, i) => Number.isFinite(points.lower[i]!) && Number.isFinite(points.upper[i]!),
  );
  return [
    {
      ...common,
      id: `${id}:lower`,
      data: points.time.map((t, i): Point => [t, valid[i] ? points.lower[i]! : null]),
    },
    {
      ...common,
      id: `${id}:band`,
      data: points.time.map((t, i): Point => [t, valid[i] ? points.upper[i]! - points.lower[i]! : null]),
      areaStyle: { color, opacity: 0.16 },
    },
  ];
}

/**
 * An axis tooltip listing only the series that `describe` knows (by series id), each with the
 * text it gives for the data index under the pointer; the time heads the list.
 */
function axisTooltip(describe: Map<string, (dataIndex: number) => string>) {
  return {
    trigger: 'axis' as const,
    axisPointer: { type: 'line' as const },
    formatter: (params: TooltipComponentFormatterCallbackParams) => {
      const list = Array.isArray(params) ? params : [params];
      const lines: string[] = [];
      let time = '';
      for (const item of list) {
        const line = describe.get(item.seriesId ?? '');
        if (!line) continue;
        const at = Array.isArray(item.value) ? item.value[0] : undefined;
        if (time === '' && typeof at === 'number') time = formatNumber(at);
        lines.push(`${item.marker ?? ''}${line(item.dataIndex)}`);
      }
      return [`Time ${time}`, ...lines].join('<br/>');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// transition_diagram

/**
 * Depth of every state from the start state (states[0]): the longest path in the transition
 * graph when the part reachable from the start has no cycle, else the shortest path. States not
 * reachable from the start are put at depth 0.
 */
export function stateDepths(
  states: readonly string[],
  edges: readonly (readonly [string, string])[],
): Map<string, number> {
  const depths = new Map<string, number>(states.map((s) => [s, 0]));
  const start = states[0];
  if (start === undefined) return depths;
  const next = new Map<string, string[]>(states.map((s) => [s, []]));
  for (const [from, to] of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  // Shortest path (breadth first), which also finds the states reachable from the start.
  const shortest = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const to of next.get(state)!) {
      if (shortest.has(to)) continue;
      shortest.set(to, shortest.get(state)! + 1);
      queue.push(to);
    }
  }
  // Longest path by Kahn's topological order over the reachable part.
  const inDegree = new Map<string, number>([...shortest.keys()].map((s) => [s, 0]));
  for (const state of shortest.keys()) {
    for (const to of next.get(state)!) inDegree.set(to, inDegree.get(to)! + 1);
  }
  const longest = new Map<string, number>();
  const ready = [...shortest.keys()].filter((s) => inDegree.get(s) === 0);
  let processed = 0;
  for (const s of ready) longest.set(s, 0);
  while (ready.length > 0) {
    const state = ready.shift()!;
    processed++;
    for (const to of next.get(state)!) {
      longest.set(to, Math.max(longest.get(to) ?? 0, longest.get(state)! + 1));
      const remaining = inDegree.get(to)! - 1;
      inDegree.set(to, remaining);
      if (remaining === 0) ready.push(to);
    }
  }
  const acyclic = processed === shortest.size && inDegree.get(start) === 0;
  for (const [state, depth] of acyclic ? longest : shortest) depths.set(state, depth);
  return depths;
}

function transitionDiagram(
  allStates: readonly string[],
  transitions: readonly Transition[],
  frequencies: Table | undefined,
  title: string,
  theme: ChartTheme,
  colorOf: (state: string) => string,
): ChartSpec {
  const named = new Set<string>(transitions.flatMap((t) => [t.from, t.to]));
  if (frequencies) for (const cell of columnCells(frequencies, 'from')) named.add(text(cell));
  const states = allStates.filter((s) => named.has(s));
  const entering = new Map<string, number>();
  const staying = new Map<string, number>();
  if (frequencies) {
    const froms = columnCells(frequencies, 'from');
    const tos = columnCells(frequencies, 'to');
    const counts = numericColumn(frequencies, 'count');
    froms.forEach((from, row) => {
      const to = text(tos[row]!);
      if (to === totalEnteringLabel) entering.set(text(from), counts[row]!);
      if (to === noEventLabel) staying.set(text(from), counts[row]!);
    });
  }
  const leaving = new Set(transitions.map((t) => t.from));
  const absorbing = (state: string) => !leaving.has(state);
  const depths = stateDepths(
    states,
    transitions.map((t) => [t.from, t.to] as const),
  );

  // Positions in pixels of the plot box: x by depth, y spread evenly and centred within a depth.
  // Pixels, with preserveAspect, keep ECharts' fit of the graph to its box a uniform scale of
  // about 1: it scales node symbols by the fit, so an uneven fit would squash the circles, and
  // it snaps nearly level edges to half units of the node coordinates (sub-pixel optimisation).
  const columns = new Map<number, string[]>();
  for (const state of states) {
    const depth = depths.get(state) ?? 0;
    const column = columns.get(depth) ?? [];
    column.push(state);
    columns.set(depth, column);
  }
  const tallestColumn = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const deepest = Math.max(0, ...columns.keys());
  const width = Math.max(800, 260 + 240 * deepest);
  const height = Math.max(420, 190 + 120 * tallestColumn);
  const box = { left: 110, right: 110, top: 110, bottom: 70 };
  const columnGap = (width - box.left - box.right) / Math.max(1, deepest);
  const rowGap = (height - box.top - box.bottom) / Math.max(1, tallestColumn - 1);
  const position = new Map<string, { x: number; y: number }>();
  for (const [depth, column] of columns) {
    column.forEach((state, j) =>
      position.set(state, { x: depth * columnGap, y: (j - (column.length - 1) / 2) * rowGap }),
    );
  }

  const nodeLabels = states.map((state) => {
    const count = entering.get(state);
    return count === undefined ? state : `${state}\n${formatNumber(count)} entering`;
  });
  const nodeTooltips = states.map((state) => {
    const parts = [`<b>${escapeHtml(state)}</b>`];
    const count = entering.get(state);
    if (count !== undefined) parts.push(`${formatNumber(count)} customers entering`);
    const stayed = staying.get(state);
    if (stayed !== undefined && !absorbing(state))
      parts.push(`${formatNumber(stayed)} with no further event`);
    if (absorbing(state)) parts.push('absorbing: no transition out');
    return parts.join('<br/>');
  });
  const nodes: NonNullable<GraphSeriesOption['data']> = states.map((state, i) => ({
    name: state,
    x: position.get(state)!.x,
    y: position.get(state)!.y,
    symbol: 'circle',
    symbolSize: 30,
    itemStyle: absorbing(state)
      ? { color: colorOf(state), borderColor: theme.text, borderWidth: 4 }
      : { color: colorOf(state), borderColor: theme.background, borderWidth: 2 },
    label: { formatter: () => nodeLabels[i]! },
  }));

  const largestCount = Math.max(0, ...transitions.map((t) => (Number.isFinite(t.count) ? t.count : 0)));
  const pairs = new Set(transitions.map((t) => `${t.from}\u0000${t.to}`));
  const edgeLabels = transitions.map((t) => `${formatNumber(t.count)} (${formatShare(t.proportion)})`);
  const edgeTooltips = transitions.map(
    (t) =>
      `${escapeHtml(transitionLabel(t.number, transitions))}<br/>${formatNumber(t.count)} customers, ` +
      `${formatShare(t.proportion)} of those entering ${escapeHtml(t.from)}`,
  );
  /**
   * How much an arrow bends: not at all, unless it would run through (close to) another node,
   * then away from the nodes in its way, or unless an arrow runs back the other way, then both
   * to their own side. ECharts puts the control point at the midpoint plus curveness times
   * (y2 - y1, x1 - x2), so a node on that side is avoided with a negative curveness.
   */
  const curvenessOf = (from: string, to: string) => {
    if (pairs.has(`${to}\u0000${from}`)) return 0.25;
    const a = position.get(from)!;
    const b = position.get(to)!;
    let side = 0;
    let blocked = false;
    for (const state of states) {
      if (state === from || state === to) continue;
      const c = position.get(state)!;
      const along = a.x === b.x ? (c.y - a.y) / (b.y - a.y) : (c.x - a.x) / (b.x - a.x);
      const offLine = a.x === b.x ? Math.abs(c.x - a.x) : Math.abs(a.y + along * (b.y - a.y) - c.y);
      const inTheWay = along > 0 && along < 1 && offLine < 0.3 * rowGap;
      if (!inTheWay) continue;
      blocked = true;
      side += (c.x - a.x) * (b.y - a.y) + (c.y - a.y) * (a.x - b.x);
    }
    if (!blocked) return 0;
    return side > 0 ? -0.25 : 0.25;
  };
  const links: NonNullable<GraphSeriesOption['links']> = transitions.map((t, k) => {
    const curveness = curvenessOf(t.from, t.to);
    const share = largestCount > 0 && Number.isFinite(t.count) ? t.count / largestCount : 0;
    return {
      source: t.from,
      target: t.to,
      value: Number.isFinite(t.count) ? t.count : 0,
      lineStyle: {
        width: 1.25 + 6.75 * share,
        curveness,
        type: t.count > 0 ? 'solid' : 'dashed',
      },
      label: { formatter: () => edgeLabels[k]! },
    };
  });

  const subtitle =
    (entering.size > 0 ? 'Customers entering each state; a' : 'A') +
    'rrows: customers making the transition (share of those entering the state it leaves).' +
    (states.some(absorbing) ? ' Ringed: absorbing states.' : '');
  return {
    title,
    width,
    height,
    option: {
      ...baseOption(title, theme, subtitle),
      tooltip: {
        trigger: 'item',
        formatter: (params: TooltipComponentFormatterCallbackParams) => {
          if (Array.isArray(params)) return '';
          const list = params.dataType === 'edge' ? edgeTooltips : nodeTooltips;
          return list[params.dataIndex] ?? '';
        },
      },
      series: [
        {
          type: 'graph',
          name: title,
          layout: 'none',
          ...box,
          preserveAspect: true,
          roam: false,
          draggable: false,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: [0, 11],
          data: nodes,
          links,
          label: {
            show: true,
            position: 'bottom',
            distance: 8,
            fontSize: 12,
            lineHeight: 16,
            align: 'center',
            color: theme.text,
          },
          lineStyle: { color: theme.mutedText, opacity: 0.8 },
          edgeLabel: {
            show: true,
            position: 'middle',
            fontSize: 11,
            color: theme.text,
            backgroundColor: theme.background,
            padding: [2, 4],
            borderRadius: 3,
          },
          emphasis: { focus: 'adjacency', lineStyle: { opacity: 1 } },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// cumulative_hazards

/**
 * Which points of a step function (times ascending) to keep so that a series has at most about
 * `bins` + 2 points: all of them when they fit, else the first, the last, and the last point of
 * each of `bins` equal time bins. Jumps inside a bin merge into one at its last point, so the
 * step shape and every bin-end value survive. Deterministic.
 */
export function stepSampleIndices(times: readonly number[], bins = maxStepBins): number[] {
  const n = times.length;
  if (n <= bins + 2) return times.map((_, i) => i);
  const first = times[0]!;
  const span = times[n - 1]! - first;
  if (!(span > 0)) return [0, n - 1];
  const binOf = (t: number) => Math.min(bins - 1, Math.floor(((t - first) / span) * bins));
  const kept: number[] = [0];
  for (let i = 1; i < n - 1; i++) {
    if (binOf(times[i]!) !== binOf(times[i + 1]!)) kept.push(i);
  }
  kept.push(n - 1);
  return kept;
}

function cumulativeHazards(
  cumhaz: Table,
  transitions: readonly Transition[],
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const numbers = float64Column(cumhaz, 'trans');
  const times = float64Column(cumhaz, 'time');
  const hazards = float64Column(cumhaz, 'Haz');
  const variances = float64Column(cumhaz, 'varHaz');
  const groups = new Map<number, number[]>();
  numbers.forEach((number, row) => {
    if (!Number.isFinite(number) || !Number.isFinite(times[row]!)) return;
    const rows = groups.get(number);
    if (rows) rows.push(row);
    else groups.set(number, [row]);
  });
  const series: LineSeriesOption[] = [];
  const legend: string[] = [];
  const describe = new Map<string, (dataIndex: number) => string>();
  let thinned = false;
  for (const number of [...groups.keys()].sort((a, b) => a - b)) {
    const sorted = sortRowsByTime(groups.get(number)!, times);
    const kept = stepSampleIndices(sorted.map((row) => times[row]!)).map((i) => sorted[i]!);
    if (kept.length < sorted.length) thinned = true;
    const name = transitionLabel(number, transitions);
    const color = transitionColor(number, theme);
    const time = kept.map((row) => times[row]!);
    const haz = kept.map((row) => hazards[row]!);
    const halfWidth = kept.map((row) => normalQuantile975 * Math.sqrt(variances[row]!));
    const lower = haz.map((h, i) => Math.max(0, h - halfWidth[i]!));
    const upper = haz.map((h, i) => h + halfWidth[i]!);
    const id = `trans${number}`;
    legend.push(name);
    series.push({
      type: 'line',
      id: `${id}:line`,
      name,
      data: time.map((t, i): Point => [t, finiteOrNull(haz[i]!)]),
      step: 'end',
      showSymbol: false,
      symbol: 'none',
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      z: 3,
    });
    series.push(...bandSeries(id, name, { time, lower, upper }, color));
    describe.set(`${id}:line`, (i) => {
      const band = Number.isFinite(lower[i]!) && Number.isFinite(upper[i]!);
      const interval = band ? ` (${formatNumber(lower[i]!)}–${formatNumber(upper[i]!)})` : '';
      return `${escapeHtml(name)}: ${formatNumber(haz[i]!)}${interval}`;
    });
  }
  const subtitle =
    'Nelson-Aalen estimate per transition; shaded: 95% band (Haz ± 1.96 √varHaz)' +
    (thinned
      ? `; long series thinned to the last point of each of ${formatNumber(maxStepBins)} time bins`
      : '');
  const width = 860;
  const { legend: legendComponent, height: legendHeight } = stateLegend(theme, legend, width);
  return {
    title,
    width,
    height: 500 + legendHeight,
    option: {
      ...baseOption(title, theme, subtitle),
      tooltip: axisTooltip(describe),
      legend: legendComponent,
      grid: { left: 80, right: 32, top: 80, bottom: 72 + legendHeight },
      xAxis: valueAxis('Time', theme, { min: 0, max: 'dataMax', nameGap: 30 }),
      yAxis: valueAxis('Cumulative hazard', theme, { min: 0, nameGap: 52 }),
      series,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// stacked_probabilities, probability_lines

function probabilityAxis(name: string, theme: ChartTheme, extra: Record<string, unknown> = {}) {
  return valueAxis(name, theme, { min: 0, max: 1, interval: 0.2, nameGap: 44, ...extra });
}

function stackedSeries(
  curves: readonly StateCurve[],
  stack: string,
  colorOf: (state: string) => string,
  axes: { xAxisIndex?: number; yAxisIndex?: number } = {},
): LineSeriesOption[] {
  return curves.map((curve) => ({
    type: 'line',
    id: `${stack}:${curve.state}`,
    name: curve.state,
    stack,
    stackStrategy: 'all',
    step: 'end',
    showSymbol: false,
    symbol: 'none',
    data: curve.time.map((t, i): Point => [t, finiteOrNull(curve.prob[i]!)]),
    lineStyle: { width: 0.75, color: colorOf(curve.state) },
    itemStyle: { color: colorOf(curve.state) },
    areaStyle: { color: colorOf(curve.state), opacity: 0.85 },
    emphasis: { focus: 'series' },
    ...axes,
  }));
}

function probabilityDescriptions(
  curves: readonly StateCurve[],
  idOf: (curve: StateCurve) => string,
  withInterval: boolean,
): Map<string, (dataIndex: number) => string> {
  return new Map(
    curves.map((curve) => [
      idOf(curve),
      (i: number) => {
        const prob = curve.prob[i]!;
        const se = curve.se[i]!;
        const interval =
          withInterval && Number.isFinite(se)
            ? ` (${formatShare(clip(prob - normalQuantile975 * se, 0, 1))}–${formatShare(
                clip(prob + normalQuantile975 * se, 0, 1),
              )})`
            : '';
        return `${escapeHtml(curve.state)}: ${formatShare(prob)}${interval}`;
      },
    ]),
  );
}

function stackedProbabilities(
  curves: readonly StateCurve[],
  title: string,
  theme: ChartTheme,
  colorOf: (state: string) => string,
): ChartSpec {
  const stack = 'occupation';
  const width = 860;
  const { legend: legendComponent, height: legendHeight } = stateLegend(
    theme,
    curves.map((c) => c.state),
    width,
  );
  return {
    title,
    width,
    height: 478 + legendHeight,
    option: {
      ...baseOption(
        title,
        theme,
        'Probability of being in each state over time (Aalen-Johansen); the height of a band is its probability',
      ),
      tooltip: axisTooltip(probabilityDescriptions(curves, (c) => `${stack}:${c.state}`, false)),
      legend: legendComponent,
      grid: { left: 80, right: 32, top: 80, bottom: 72 + legendHeight },
      xAxis: valueAxis('Time', theme, { min: 'dataMin', max: 'dataMax', nameGap: 30 }),
      yAxis: probabilityAxis('Probability (stacked)', theme),
      series: stackedSeries(curves, stack, colorOf),
    },
  };
}

function probabilityLines(
  curves: readonly StateCurve[],
  title: string,
  theme: ChartTheme,
  colorOf: (state: string) => string,
): ChartSpec {
  const series: LineSeriesOption[] = [];
  let anyBand = false;
  curves.forEach((curve, s) => {
    const color = colorOf(curve.state);
    const id = `state${s}`;
    series.push({
      type: 'line',
      id: `${id}:line`,
      name: curve.state,
      data: curve.time.map((t, i): Point => [t, finiteOrNull(curve.prob[i]!)]),
      step: 'end',
      showSymbol: false,
      symbol: 'none',
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      emphasis: { focus: 'series' },
      z: 3,
    });
    if (!curve.se.some((se) => Number.isFinite(se))) return;
    anyBand = true;
    const halfWidth = curve.se.map((se) => normalQuantile975 * se);
    const lower = curve.prob.map((p, i) => clip(p - halfWidth[i]!, 0, 1));
    const upper = curve.prob.map((p, i) => clip(p + halfWidth[i]!, 0, 1));
    series.push(...bandSeries(id, curve.state, { time: curve.time, lower, upper }, color));
  });
  const describe = probabilityDescriptions(curves, (c) => `state${curves.indexOf(c)}:line`, anyBand);
  const width = 860;
  const { legend: legendComponent, height: legendHeight } = stateLegend(
    theme,
    curves.map((c) => c.state),
    width,
  );
  return {
    title,
    width,
    height: 478 + legendHeight,
    option: {
      ...baseOption(
        title,
        theme,
        'Probability of being in each state over time' +
          (anyBand ? '; shaded: 95% band (prob ± 1.96 se, within 0 and 1)' : ''),
      ),
      tooltip: axisTooltip(describe),
      legend: legendComponent,
      grid: { left: 80, right: 32, top: 80, bottom: 72 + legendHeight },
      xAxis: valueAxis('Time', theme, { min: 'dataMin', max: 'dataMax', nameGap: 30 }),
      yAxis: probabilityAxis('Probability', theme),
      series,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// hazard_ratios

interface ForestRow {
  term: string;
  transition: number;
  label: string;
  hr: number;
  lower: number;
  upper: number;
  p: number;
}

function forestRows(coefficients: Table, transitions: readonly Transition[]): ForestRow[] {
  const terms = columnCells(coefficients, 'term');
  const numbers = numericColumn(coefficients, 'trans');
  const hrs = numericColumn(coefficients, 'hr');
  const lowers = numericColumn(coefficients, 'lower');
  const uppers = numericColumn(coefficients, 'upper');
  const ps = numericColumn(coefficients, 'p');
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  const rows: (ForestRow & { position: number })[] = [];
  terms.forEach((cell, row) => {
    const [hr, lower, upper, transition] = [hrs[row]!, lowers[row]!, uppers[row]!, numbers[row]!];
    if (!positive(hr) || !positive(lower) || !positive(upper) || !Number.isFinite(transition)) return;
    const term = text(cell);
    rows.push({
      term,
      transition,
      label: `${term} (${transitionLabel(transition, transitions)})`,
      hr,
      lower,
      upper,
      p: ps[row]!,
      position: row,
    });
  });
  rows.sort((a, b) => a.transition - b.transition || a.position - b.position);
  return rows.map(({ position: _position, ...row }) => row);
}

/** A horizontal interval with end caps from (lower, row) to (upper, row); data = [lower, upper, row, hr]. */
const renderInterval: CustomSeriesRenderItem = (_params, api) => {
  const row = api.value(2);
  const start = api.coord([api.value(0), row]);
  const end = api.coord([api.value(1), row]);
  const style = { stroke: api.visual('color'), lineWidth: 2 };
  const cap = 5;
  const line = (x1: number, y1: number, x2: number, y2: number) => ({
    type: 'line' as const,
    shape: { x1, y1, x2, y2 },
    style,
  });
  return {
    type: 'group',
    children: [
      line(start[0]!, start[1]!, end[0]!, end[1]!),
      line(start[0]!, start[1]! - cap, start[0]!, start[1]! + cap),
      line(end[0]!, end[1]! - cap, end[0]!, end[1]! + cap),
    ],
  };
};

function hazardRatios(
  coefficients: Table,
  transitions: readonly Transition[],
  modelTest: Table | undefined,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const rows = forestRows(coefficients, transitions);
  const labels = rows.map((r) => r.label);
  const estimates = rows.map((r) => `${formatRatio(r.hr)} (${formatRatio(r.lower)}–${formatRatio(r.upper)})`);
  const tooltips = rows.map(
    (r, i) =>
      `<b>${escapeHtml(r.label)}</b><br/>hazard ratio ${estimates[i]}` +
      (Number.isFinite(r.p) ? `<br/>p = ${formatNumber(r.p)}` : ''),
  );
  const series: (CustomSeriesOption | ScatterSeriesOption)[] = [];
  const legend: string[] = [];
  for (const number of [...new Set(rows.map((r) => r.transition))]) {
    const name = transitionLabel(number, transitions);
    const color = transitionColor(number, theme);
    const indices = rows.map((r, i) => (r.transition === number ? i : -1)).filter((i) => i >= 0);
    legend.push(name);
    series.push({
      type: 'scatter',
      name,
      data: indices.map((i) => [rows[i]!.hr, i]),
      symbol: 'diamond',
      symbolSize: 11,
      itemStyle: { color },
      z: 3,
      tooltip: { formatter: (params) => (Array.isArray(params) ? '' : tooltipForRow(params.value)) },
    });
    series.push({
      type: 'custom',
      name,
      renderItem: renderInterval,
      dimensions: ['lower', 'upper', 'row', 'hr'],
      encode: { x: ['lower', 'upper'], y: 'row' },
      data: indices.map((i) => [rows[i]!.lower, rows[i]!.upper, i, rows[i]!.hr]),
      itemStyle: { color },
      z: 2,
      tooltip: { formatter: (params) => (Array.isArray(params) ? '' : tooltipForRow(params.value)) },
    });
  }
  function tooltipForRow(value: unknown): string {
    const row = Array.isArray(value) ? Number(value[value.length === 2 ? 1 : 2]) : Number.NaN;
    return tooltips[row] ?? '';
  }
  // The reference line at 1 on a series of its own, so that hiding a transition keeps it.
  series.push({
    type: 'scatter',
    name: 'hazard ratio 1',
    data: [],
    silent: true,
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: theme.text, type: 'dashed', width: 1.25 },
      label: { show: false },
      data: [{ xAxis: 1 }],
    },
  });
  const longestLabel = Math.max(10, ...labels.map((l) => l.length));
  const longestEstimate = Math.max(10, ...estimates.map((e) => e.length));
  const left = Math.min(380, 24 + 6.8 * longestLabel);
  const right = 28 + 6.8 * longestEstimate;
  const width = Math.max(860, left + right + 420);
  const wrapped = stateLegend(theme, legend, width);
  const hasLegend = legend.length > 1;
  const bottom = 64 + (hasLegend ? wrapped.height : 0);
  const rowHeight = 26;
  const height = Math.max(320, 100 + bottom + rowHeight * rows.length);
  const scale = logScale(rows.flatMap((r) => [r.lower, r.upper]));
  const categoryAxis = (data: string[], position: 'left' | 'right'): YAXisComponentOption => ({
    type: 'category',
    data,
    inverse: true,
    position,
    axisLabel: {
      fontSize: 12,
      color: position === 'left' ? theme.text : theme.mutedText,
      interval: 0,
      ...(position === 'left' ? { width: left - 16, overflow: 'truncate' as const } : {}),
    },
    axisLine: { show: position === 'left', lineStyle: { color: theme.axisLine } },
    axisTick: { show: false },
    splitLine: { show: position === 'left', lineStyle: { color: theme.gridLine } },
  });
  return {
    title,
    width,
    height,
    option: {
      ...baseOption(title, theme, hazardSubtitle(modelTest, rows.length)),
      tooltip: { trigger: 'item' },
      legend: hasLegend ? wrapped.legend : { show: false },
      grid: { left, right, top: 80, bottom },
      xAxis: {
        type: 'log',
        logBase: 10,
        name: 'Hazard ratio (log scale)',
        nameLocation: 'middle',
        nameGap: 30,
        nameTextStyle: { fontSize: 13, color: theme.text },
        min: scale.min,
        max: scale.max,
        axisTick: { customValues: scale.ticks },
        axisLabel: {
          fontSize: 12,
          color: theme.mutedText,
          customValues: scale.ticks,
          formatter: (v: number) => formatNumber(v),
        },
        axisLine: { show: true, onZero: false, lineStyle: { color: theme.axisLine } },
        splitLine: { lineStyle: { color: theme.gridLine } },
      } satisfies XAXisComponentOption,
      yAxis: [categoryAxis(labels, 'left'), categoryAxis(estimates, 'right')],
      series,
    },
  };
}

/**
 * Bounds and ticks for a log axis over these positive values and 1: the bounds the nearest
 * 1-2-5 values (..., 0.2, 0.5, 1, 2, 5, 10, ...) outside the data with a little room, the ticks
 * every 1-2-5 value between them (only powers of 10 when that would make more than 12).
 */
export function logScale(values: readonly number[]): { min: number; max: number; ticks: number[] } {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const low = Math.min(1, ...finite) / 1.08;
  const high = Math.max(1, ...finite) * 1.08;
  const candidates: number[] = [];
  for (let power = Math.floor(Math.log10(low)) - 1; power <= Math.ceil(Math.log10(high)) + 1; power++) {
    for (const mantissa of [1, 2, 5]) candidates.push(Number((mantissa * 10 ** power).toPrecision(1)));
  }
  const min = Math.max(...candidates.filter((c) => c <= low));
  const max = Math.min(...candidates.filter((c) => c >= high));
  let ticks = candidates.filter((c) => c >= min && c <= max);
  if (ticks.length > 12)
    ticks = ticks.filter((c) => Number.isInteger(Math.log10(c)) || c === min || c === max);
  return { min, max, ticks };
}

/** A ratio to three significant digits, trailing zeros kept (1.00, 0.905, 12.3); large ones as formatNumber. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000 ? formatNumber(value) : value.toPrecision(3);
}

function hazardSubtitle(modelTest: Table | undefined, rowCount: number): string {
  const head = `${formatNumber(rowCount)} covariate effects; diamond: hazard ratio, bar: 95% interval; right: hazard ratio (95% interval)`;
  if (!modelTest || modelTest.rows.length === 0) return head;
  const [statistic] = numericColumn(modelTest, 'statistic');
  const [df] = numericColumn(modelTest, 'df');
  const [p] = numericColumn(modelTest, 'p');
  if (!Number.isFinite(statistic!)) return head;
  return `${head}\nLikelihood-ratio test: ${formatNumber(statistic!)} on ${formatNumber(df!)} df, p = ${formatNumber(p!)}`;
}

// ---------------------------------------------------------------------------------------------
// profile_comparison, profile_difference

function profileComparison(
  profiles: readonly ProfileCurves[],
  title: string,
  theme: ChartTheme,
  colorOf: (state: string) => string,
): ChartSpec {
  const columns = Math.min(profilesPerRow, profiles.length);
  const rowCount = Math.ceil(profiles.length / profilesPerRow);
  const cellWidth = 260;
  const cellHeight = 290;
  const marginLeft = 70;
  const marginRight = 24;
  const marginTop = 78;
  const width = Math.max(800, marginLeft + marginRight + columns * cellWidth);
  const states: string[] = [];
  for (const profile of profiles) {
    for (const curve of profile.curves) if (!states.includes(curve.state)) states.push(curve.state);
  }
  const wrapped = stateLegend(theme, states, width);
  const height = marginTop + 34 + wrapped.height + rowCount * cellHeight;
  const usableWidth = width - marginLeft - marginRight;
  const percentOf = (value: number, total: number) => `${((100 * value) / total).toFixed(3)}%`;
  const grids: NonNullable<EChartsOption['grid']> = [];
  const xAxes: XAXisComponentOption[] = [];
  const yAxes: YAXisComponentOption[] = [];
  const titles: TitleComponentOption[] = [
    titleOption(title, theme, 'Probability of being in each state over time, per customer profile (stacked)'),
  ];
  const series: LineSeriesOption[] = [];
  const describe = new Map<string, (dataIndex: number) => string>();
  profiles.forEach((profile, p) => {
    const column = p % profilesPerRow;
    const row = Math.floor(p / profilesPerRow);
    const cellLeft = marginLeft + (column * usableWidth) / columns;
    const cellTop = marginTop + row * cellHeight;
    const gridWidth = usableWidth / columns - 44;
    const gridHeight = cellHeight - 86;
    grids.push({
      left: percentOf(cellLeft, width),
      top: percentOf(cellTop + 28, height),
      width: percentOf(gridWidth, width),
      height: percentOf(gridHeight, height),
    });
    titles.push({
      text: profile.profile,
      left: percentOf(cellLeft + gridWidth / 2, width),
      top: percentOf(cellTop, height),
      textAlign: 'center',
      textStyle: {
        fontSize: 13,
        fontWeight: 'bold',
        color: theme.text,
        width: gridWidth + 30,
        overflow: 'truncate',
      },
    });
    xAxes.push({
      ...valueAxis('Time', theme, { min: 'dataMin', max: 'dataMax', nameGap: 26 }),
      gridIndex: p,
    });
    yAxes.push({
      ...probabilityAxis(column === 0 ? 'Probability (stacked)' : '', theme),
      gridIndex: p,
    });
    const stack = `profile${p}`;
    series.push(...stackedSeries(profile.curves, stack, colorOf, { xAxisIndex: p, yAxisIndex: p }));
    for (const [id, describeRow] of probabilityDescriptions(
      profile.curves,
      (c) => `${stack}:${c.state}`,
      false,
    )) {
      describe.set(id, (i) => `${escapeHtml(profile.profile)} · ${describeRow(i)}`);
    }
  });
  return {
    title,
    width,
    height,
    option: {
      ...baseOption(title, theme),
      title: titles,
      tooltip: axisTooltip(describe),
      legend: wrapped.legend,
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
    },
  };
}

/** first minus second for every state both profiles have, at the first profile's times. */
export function profileDifferenceCurves(
  first: ProfileCurves,
  second: ProfileCurves,
): { state: string; time: number[]; difference: number[] }[] {
  return first.curves.flatMap((curve) => {
    const other = second.curves.find((c) => c.state === curve.state);
    if (!other) return [];
    const otherAt = new Map(other.time.map((t, i) => [t, other.prob[i]!]));
    return [
      {
        state: curve.state,
        time: curve.time,
        difference: curve.time.map((t, i) => curve.prob[i]! - (otherAt.get(t) ?? Number.NaN)),
      },
    ];
  });
}

function profileDifference(
  first: ProfileCurves,
  second: ProfileCurves,
  title: string,
  theme: ChartTheme,
  colorOf: (state: string) => string,
): ChartSpec {
  const differences = profileDifferenceCurves(first, second);
  const describe = new Map<string, (dataIndex: number) => string>();
  const series: LineSeriesOption[] = differences.map((d, s) => {
    const id = `difference${s}`;
    describe.set(id, (i) => {
      const value = d.difference[i]!;
      const sign = value > 0 ? '+' : '';
      return `${escapeHtml(d.state)}: ${sign}${formatNumber(value)}`;
    });
    return {
      type: 'line',
      id,
      name: d.state,
      data: d.time.map((t, i): Point => [t, finiteOrNull(d.difference[i]!)]),
      step: 'end',
      showSymbol: false,
      symbol: 'none',
      lineStyle: { color: colorOf(d.state), width: 2 },
      itemStyle: { color: colorOf(d.state) },
      emphasis: { focus: 'series' },
    };
  });
  series.push({
    type: 'line',
    name: 'zero',
    data: [],
    silent: true,
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: theme.text, type: 'solid', width: 1 },
      label: { show: false },
      data: [{ yAxis: 0 }],
    },
  });
  const heading = `${title}: ${first.profile} minus ${second.profile}`;
  const width = 860;
  const { legend: legendComponent, height: legendHeight } = stateLegend(
    theme,
    differences.map((d) => d.state),
    width,
  );
  return {
    title,
    width,
    height: 478 + legendHeight,
    option: {
      ...baseOption(
        heading,
        theme,
        `Probability of being in each state for profile "${first.profile}" minus that for "${second.profile}"; above 0: more likely for "${first.profile}"`,
      ),
      tooltip: axisTooltip(describe),
      legend: legendComponent,
      grid: { left: 80, right: 32, top: 80, bottom: 72 + legendHeight },
      xAxis: valueAxis('Time', theme, { min: 'dataMin', max: 'dataMax', nameGap: 30 }),
      yAxis: valueAxis('Difference in probability', theme, { nameGap: 52 }),
      series,
    },
  };
}
