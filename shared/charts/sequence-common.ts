// What the `sequence` charts share (DESIGN.md section 4, sequence): the journeys in TraMineR's
// SPS form ("Store/20-Online/4") as spells, the state order (the alphabet) and one colour per
// state for every chart, the period labels, clusters' names and colours, side-by-side panels,
// and the renderItem that draws a spell rectangle on a category (period) axis.
//
// State order: the states of `state_distribution` in its first period, in that order (the
// engine's alphabet), then any state seen only elsewhere (another period, a cluster table, a
// journey) in code-unit order; the missing state "*" always last. Colours: the analyst's
// `options.colors` first; the other states take the theme's categorical palette in state order,
// skipping colours the analyst already gave, then Tableau 20's other shades; "*" is always the
// theme's neutral grey, whatever the options say.
import type {
  CustomSeriesRenderItem,
  EChartsOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
} from 'echarts';
import type { Result, Table } from '../result.ts';
import type { ChartSpec } from './types.ts';
import { columnIndex } from '../result.ts';
import type { ChartTheme, ChartThemeName } from './palette.ts';
import { chartTheme, lightTheme, segmentColor } from './palette.ts';
import { columnCells, formatNumber, numericColumn } from './tables.ts';
import { wrappedLegend } from './legend.ts';

/** TraMineR's missing state (seqdef's with.missing), drawn grey in every chart. */
export const missingState = '*';

/**
 * After the theme's nine categorical colours: Tableau 20's other shade of each hue (the paler one
 * on a light ground; on a dark ground, whose categorical colours are the pale ones, the deeper).
 */
const secondShadesLight: readonly string[] = [
  '#A0CBE8',
  '#FFBE7D',
  '#FF9D9A',
  '#86BCB6',
  '#8CD17D',
  '#F1CE63',
  '#D4A6C8',
  '#FABFD2',
  '#D7B5A6',
];

export interface Spell {
  state: string;
  duration: number;
}

/**
 * The spells of a journey in SPS form: "Store/20-Online/4" -> Store for 20 periods, then Online
 * for 4; "" or null -> no spells. A state may itself contain "-" or "/" (the shortest prefix
 * followed by "/digits" and then "-" or the end is taken). Anything else is an engine bug.
 */
export function parseSpells(sequence: string | number | null): Spell[] {
  const text = sequence === null ? '' : String(sequence);
  const spells: Spell[] = [];
  const pattern = /(.+?)\/(\d+)(?:-|$)/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new Error(`sequence "${text}" is not written as state/periods spells`);
    const duration = Number(match[2]);
    if (duration > 0) spells.push({ state: match[1]!, duration });
    at = pattern.lastIndex;
  }
  return spells;
}

/** The SPS form of spells ("Store/20-Online/4"). */
export function spellsText(spells: readonly Spell[]): string {
  return spells.map((s) => `${s.state}/${s.duration}`).join('-');
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The string cells of a column, or [] when the table or the column is absent. */
function stringsOf(table: Table | undefined, column: string): string[] {
  if (!table || columnIndex(table, column) < 0) return [];
  return columnCells(table, column).flatMap((cell) => (cell === null ? [] : [String(cell)]));
}

const stateColumns: readonly [string, string][] = [
  ['state_distribution', 'state'],
  ['cluster_state_distribution', 'state'],
  ['mean_time', 'state'],
  ['cluster_mean_time', 'state'],
  ['substitution_costs', 'from'],
  ['substitution_costs', 'to'],
  ['transition_rates', 'from'],
  ['transition_rates', 'to'],
  ['cluster_transition_rates', 'from'],
  ['cluster_transition_rates', 'to'],
];
const sequenceColumns: readonly string[] = ['clusters', 'frequent_sequences', 'cluster_frequent_sequences'];

/** The alphabet of a sequence Result in chart order (see the header); "*" last when present. */
export function sequenceStates(result: Result): string[] {
  const { tables } = result;
  const first: string[] = [];
  const distribution = tables.state_distribution;
  if (distribution && distribution.rows.length > 0) {
    const times = columnCells(distribution, 'time');
    const states = columnCells(distribution, 'state');
    const firstTime = times[0];
    times.forEach((time, row) => {
      if (time === firstTime && states[row] !== null) first.push(String(states[row]));
    });
  }
  const known = new Set(first);
  const others = new Set<string>();
  const see = (state: string) => {
    if (!known.has(state)) others.add(state);
  };
  for (const [table, column] of stateColumns) stringsOf(tables[table], column).forEach(see);
  for (const table of sequenceColumns)
    for (const text of stringsOf(tables[table], 'sequence'))
      for (const spell of parseSpells(text)) see(spell.state);
  const order = [...new Set(first)].filter((s) => s !== missingState);
  order.push(...[...others].filter((s) => s !== missingState).sort(compareCodeUnits));
  if (known.has(missingState) || others.has(missingState)) order.push(missingState);
  return order;
}

/** options.colors as given (only "#rrggbb" strings), or {}. */
function givenColors(options: unknown): Map<string, string> {
  const colors = new Map<string, string>();
  if (typeof options !== 'object' || options === null) return colors;
  const given = (options as { colors?: unknown }).colors;
  if (typeof given !== 'object' || given === null) return colors;
  for (const [state, color] of Object.entries(given as Record<string, unknown>))
    if (typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color)) colors.set(state, color);
  return colors;
}

/**
 * The colour of every state of a sequence Result, in state order (see the header): the same map
 * for every chart of the Result and for the renderer's own drawings of it.
 */
export function sequenceStateColors(
  result: Result,
  theme: ChartThemeName | ChartTheme = 'light',
): Map<string, string> {
  const t = typeof theme === 'string' ? chartTheme(theme) : theme;
  return stateColorMap(sequenceStates(result), givenColors(result.options), t);
}

export function stateColorMap(
  states: readonly string[],
  given: ReadonlyMap<string, string>,
  theme: ChartTheme,
): Map<string, string> {
  const taken = new Set(
    states.flatMap((s) => (s !== missingState && given.has(s) ? [given.get(s)!.toLowerCase()] : [])),
  );
  const second = theme.name === 'dark' ? lightTheme.categorical : secondShadesLight;
  const all = [...theme.categorical, ...second];
  const free = all.filter((c) => !taken.has(c.toLowerCase()));
  const palette = free.length > 0 ? free : all;
  const colors = new Map<string, string>();
  let next = 0;
  for (const state of states) {
    if (state === missingState) colors.set(state, theme.noise);
    else if (given.has(state)) colors.set(state, given.get(state)!);
    else colors.set(state, palette[next++ % palette.length]!);
  }
  return colors;
}

/** How a state is named in legends, axes and tooltips ("*" spelled out). */
export function stateLabel(state: string): string {
  return state === missingState ? 'Missing (*)' : state;
}

/** The colour of a state, grey for one the map does not know (cannot happen for a built map). */
export function stateColor(colors: ReadonlyMap<string, string>, state: string, theme: ChartTheme): string {
  return colors.get(state) ?? theme.noise;
}

// ---------------------------------------------------------------------------------------------
// Periods and clusters

/**
 * The period labels: the distinct `time` values of state_distribution (else entropy, else the
 * cluster tables) in row order, then numbers for periods beyond them up to `atLeast`.
 */
export function periodLabels(result: Result, atLeast = 0): string[] {
  const { tables } = result;
  const source = [
    tables.state_distribution,
    tables.entropy,
    tables.cluster_state_distribution,
    tables.cluster_entropy,
  ].find((t) => t !== undefined && columnIndex(t, 'time') >= 0 && t.rows.length > 0);
  const labels = source
    ? [...new Set(columnCells(source, 'time').flatMap((c) => (c === null ? [] : [String(c)])))]
    : [];
  for (let p = labels.length; p < atLeast; p++) labels.push(String(p + 1));
  return labels;
}

/** The chosen k: options.cluster.k, else the number of cluster_sizes rows, else undefined. */
export function chosenK(result: Result): number | undefined {
  const options = result.options as { cluster?: { k?: unknown } } | null | undefined;
  const k = typeof options === 'object' && options !== null ? options.cluster?.k : undefined;
  if (typeof k === 'number' && Number.isInteger(k) && k >= 1) return k;
  const sizes = result.tables.cluster_sizes;
  return sizes && sizes.rows.length > 0 ? sizes.rows.length : undefined;
}

export function clusterName(cluster: number): string {
  return `Cluster ${cluster}`;
}

/** A cluster's colour: the segment colours every other analysis uses (cluster c = segment c). */
export function clusterColor(cluster: number, theme: ChartTheme): string {
  return segmentColor(cluster, theme);
}

/** Customers per cluster from cluster_sizes (cluster, customers), else counted in clusters. */
export function clusterSizes(result: Result): Map<number, number> {
  const sizes = new Map<number, number>();
  const { cluster_sizes: table, clusters } = result.tables;
  if (table) {
    const ids = numericColumn(table, 'cluster');
    const customers = numericColumn(table, 'customers');
    ids.forEach((c, row) => {
      if (Number.isFinite(c) && Number.isFinite(customers[row]!)) sizes.set(c, customers[row]!);
    });
  } else if (clusters) {
    for (const c of numericColumn(clusters, 'cluster'))
      if (Number.isFinite(c)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  }
  return sizes;
}

/** "Cluster 2 (1,234)", or "Cluster 2" when the size is unknown. */
export function clusterTitle(cluster: number, sizes: ReadonlyMap<number, number>): string {
  const size = sizes.get(cluster);
  return size === undefined ? clusterName(cluster) : `${clusterName(cluster)} (${formatNumber(size)})`;
}

/** "All customers (1,234)" from the cluster sizes' total, or "All customers". */
export function overallTitle(sizes: ReadonlyMap<number, number>): string {
  const total = [...sizes.values()].reduce((sum, n) => sum + n, 0);
  return sizes.size > 0 ? `All customers (${formatNumber(total)})` : 'All customers';
}

// ---------------------------------------------------------------------------------------------
// Side-by-side panels

export interface PanelSpec {
  panelWidth: number;
  panelHeight: number;
  /** Left of the first column (room for the y axis), right of the last. */
  marginLeft: number;
  marginRight: number;
  /** Above the first row's panel titles (room for the chart title), below the last row. */
  top: number;
  bottom: number;
  gapX: number;
  gapY: number;
  minWidth?: number;
}

export interface PanelLayout {
  width: number;
  height: number;
  columns: number;
  rows: number;
  /** Per panel: its grid (percentages, so that it scales with the chart) and its title's place. */
  grids: GridComponentOption[];
  titlePlaces: { left: string; top: string }[];
}

/** A chart of panels side by side: the layout's size and grids, an x and a y axis per panel. */
export function panelChart(
  title: string,
  layout: PanelLayout,
  base: EChartsOption,
  parts: {
    titles: TitleComponentOption[];
    legend: LegendComponentOption;
    xAxes: unknown[];
    yAxes: unknown[];
    series: unknown[];
  },
): ChartSpec {
  return {
    title,
    width: layout.width,
    height: layout.height,
    option: {
      ...base,
      title: parts.titles,
      legend: parts.legend,
      grid: layout.grids,
      xAxis: parts.xAxes as EChartsOption['xAxis'],
      yAxis: parts.yAxes as EChartsOption['yAxis'],
      series: parts.series as EChartsOption['series'],
    },
  };
}

/** Room above each panel for its title. */
const panelTitleHeight = 26;

/** Columns for `count` panels: all side by side up to 4, then two rows up to 8, then a square. */
export function panelColumns(count: number): number {
  if (count <= 4) return Math.max(1, count);
  if (count <= 8) return Math.ceil(count / 2);
  return Math.ceil(Math.sqrt(count));
}

export function panelLayout(count: number, spec: PanelSpec): PanelLayout {
  const columns = panelColumns(count);
  const rows = Math.max(1, Math.ceil(count / columns));
  const inner = columns * spec.panelWidth + (columns - 1) * spec.gapX;
  const width = Math.max(spec.minWidth ?? 800, Math.round(spec.marginLeft + inner + spec.marginRight));
  const extra = width - (spec.marginLeft + inner + spec.marginRight);
  const panelWidth = spec.panelWidth + extra / columns;
  const height = Math.round(
    spec.top + rows * (panelTitleHeight + spec.panelHeight) + (rows - 1) * spec.gapY + spec.bottom,
  );
  const pct = (value: number, of: number) => `${((100 * value) / of).toFixed(3)}%`;
  const grids: GridComponentOption[] = [];
  const titlePlaces: { left: string; top: string }[] = [];
  for (let p = 0; p < count; p++) {
    const column = p % columns;
    const row = Math.floor(p / columns);
    const left = spec.marginLeft + column * (panelWidth + spec.gapX);
    const titleTop = spec.top + row * (panelTitleHeight + spec.panelHeight + spec.gapY);
    const top = titleTop + panelTitleHeight;
    grids.push({
      left: pct(left, width),
      top: pct(top, height),
      width: pct(panelWidth, width),
      height: pct(spec.panelHeight, height),
    });
    titlePlaces.push({ left: pct(left + panelWidth / 2, width), top: pct(titleTop, height) });
  }
  return { width, height, columns, rows, grids, titlePlaces };
}

export function panelTitle(
  text: string,
  place: { left: string; top: string },
  theme: ChartTheme,
): TitleComponentOption {
  return {
    text,
    left: place.left,
    top: place.top,
    textAlign: 'center',
    textStyle: { fontSize: 13, fontWeight: 'bold', color: theme.text },
  };
}

const legendItemGap = 14;
const legendLineHeight = 24;

/** A legend at the bottom that wraps (legend.ts), with the sequence charts' spacing. */
export function bottomLegend(
  names: readonly string[],
  chartWidth: number,
  theme: ChartTheme,
): { legend: LegendComponentOption; height: number } {
  return wrappedLegend(theme, names, chartWidth, {
    itemGap: legendItemGap,
    lineHeight: legendLineHeight,
    charWidth: 7,
  });
}

/** Lines a bottom legend of `names` takes at `chartWidth` (as bottomLegend counts them). */
export function legendHeight(names: readonly string[], chartWidth: number): number {
  return bottomLegend(names, chartWidth, lightTheme).height;
}

// ---------------------------------------------------------------------------------------------
// Spell rectangles

/**
 * Draws a rectangle over periods [x0, x1) (category indices on the x axis, whole bands) and from
 * y0 to y1 on a value y axis; data = [x0, x1, y0, y1], filled with the series colour. Edges are
 * on whole pixels, so that neighbours leave no anti-aliased seam between them: period edges
 * rounded (two neighbours share theirs), customer edges widened outwards (floor and ceiling), so
 * that a row thinner than a pixel still covers one rather than leaving a gap; `border` outlines
 * each rectangle.
 */
export function spellRectRenderer(border?: { color: string; width: number }): CustomSeriesRenderItem {
  return (_params, api) => {
    const x0 = Number(api.value(0));
    const x1 = Number(api.value(1));
    const y0 = Number(api.value(2));
    const y1 = Number(api.value(3));
    const band = (api.size!([1, 0]) as number[])[0]!;
    const start = api.coord([x0, y0]);
    const end = api.coord([x1 - 1, y1]);
    const left = Math.round(start[0]! - band / 2);
    const right = Math.round(end[0]! + band / 2);
    const top = Math.floor(Math.min(start[1]!, end[1]!));
    const bottom = Math.ceil(Math.max(start[1]!, end[1]!));
    if (right <= left || bottom <= top) return null;
    return {
      type: 'rect',
      shape: { x: left, y: top, width: right - left, height: bottom - top },
      style: border
        ? { fill: api.visual('color') as string, stroke: border.color, lineWidth: border.width }
        : { fill: api.visual('color') as string },
    };
  };
}

export const renderSpellRect: CustomSeriesRenderItem = spellRectRenderer();
