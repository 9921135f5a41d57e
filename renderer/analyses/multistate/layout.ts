// The live diagram of the states and transitions being set up (before a run: no counts, just
// arrows numbered as the tables will number them). Layout: layers by the longest path from the
// start state (Sugiyama's first step), after dropping the edges that close a cycle (found by a
// depth-first search from the states in order), so that absorbing states end up on the right;
// states no arrow reaches go one layer further. Within a layer, states keep their order and are
// centred. An arrow passing over another state bends around it.
// Pure: positions in layout units, then an ECharts graph option (layout 'none').
import type { EChartsOption } from 'echarts';
import type { ChartTheme } from '../../../shared/charts/palette.ts';
import { stateColor } from '../../../shared/charts/multistate.ts';

export interface StatePosition {
  state: string;
  layer: number;
  /** Centred position within the layer: ..., -1, 0, 1, ... (halves when the count is even). */
  row: number;
}

/** Layers by longest path on the acyclic part of the graph, rows centred within each layer. */
export function layoutStates(
  states: readonly string[],
  transitions: readonly (readonly [string, string])[],
): StatePosition[] {
  const index = new Map(states.map((s, i) => [s, i]));
  const edges = transitions
    .map(([from, to]) => [index.get(from), index.get(to)] as const)
    .filter((e): e is readonly [number, number] => e[0] !== undefined && e[1] !== undefined && e[0] !== e[1]);
  const out: number[][] = states.map(() => []);
  for (const [from, to] of edges) out[from]!.push(to);
  // Depth-first search from every state in order: an edge to a state still on the stack closes a cycle.
  const mark = states.map(() => 0); // 0 new, 1 on the stack, 2 done
  const forward: [number, number][] = [];
  const visit = (s: number): void => {
    mark[s] = 1;
    for (const t of out[s]!) {
      if (mark[t] === 1) continue;
      forward.push([s, t]);
      if (mark[t] === 0) visit(t);
    }
    mark[s] = 2;
  };
  states.forEach((_, s) => {
    if (mark[s] === 0) visit(s);
  });
  // Longest path from the start state over the acyclic edges (Bellman-Ford style relaxation).
  const layer: number[] = states.map((_, s) => (s === 0 ? 0 : -1));
  for (let round = 0; round < states.length; round++) {
    let changed = false;
    for (const [s, t] of forward) {
      if (layer[s]! >= 0 && layer[s]! + 1 > layer[t]!) {
        layer[t] = layer[s]! + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const deepest = Math.max(0, ...layer);
  const unreached = layer.map((l) => (l < 0 ? deepest + 1 : l));
  const rows = new Map<number, number[]>();
  unreached.forEach((l, s) => rows.set(l, [...(rows.get(l) ?? []), s]));
  const positions: StatePosition[] = [];
  states.forEach((state, s) => {
    const members = rows.get(unreached[s]!)!;
    const at = members.indexOf(s);
    positions.push({ state, layer: unreached[s]!, row: at - (members.length - 1) / 2 });
  });
  return positions;
}

/** Distance from point p to the segment a-b. */
function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Horizontal and vertical spacing of the layout, in pixels before ECharts fits it to the pane. */
const layerGap = 170;
const rowGap = 90;

/** A drawn arrow: its transition number (0-based) and how much it bends. */
interface Arrow {
  from: string;
  to: string;
  k: number;
  curveness: number;
}

/** Node positions in pixels before the fit, the arrows, and how far the curves reach up and down. */
export function diagramGeometry(
  states: readonly string[],
  transitions: readonly (readonly [string, string])[],
): { points: Map<string, [number, number]>; arrows: Arrow[]; top: number; bottom: number; width: number } {
  const points = new Map(
    layoutStates(states, transitions).map((p): [string, [number, number]] => [
      p.state,
      [p.layer * layerGap, p.row * rowGap],
    ]),
  );
  const pairs = new Set(transitions.map(([from, to]) => `${from}\u0000${to}`));
  const arrows: Arrow[] = [];
  transitions.forEach(([from, to], k) => {
    const a = points.get(from);
    const b = points.get(to);
    if (!a || !b || from === to) return;
    // Bend away from the states in the way. ECharts puts the control point at the midpoint plus
    // curveness times (y2 - y1, x1 - x2): a state on that side is avoided with a negative one.
    let side = 0;
    let blocked = false;
    for (const s of states) {
      const c = points.get(s)!;
      if (s === from || s === to || segmentDistance(c, a, b) >= 30) continue;
      blocked = true;
      side += (c[0] - a[0]) * (b[1] - a[1]) + (c[1] - a[1]) * (a[0] - b[0]);
    }
    const bend = Math.abs(b[0] - a[0]) > 2 * layerGap ? 0.3 : 0.25;
    const reverse = pairs.has(`${to}\u0000${from}`);
    arrows.push({ from, to, k, curveness: reverse ? 0.18 : blocked ? (side > 0 ? -bend : bend) : 0 });
  });
  // The top of a quadratic curve is half way to its control point.
  const ys = [...points.values()].map(([, y]) => y);
  for (const { from, to, curveness } of arrows) {
    const [ax, ay] = points.get(from)!;
    const [bx, by] = points.get(to)!;
    ys.push((ay + by) / 2 + (curveness * (ax - bx)) / 2);
  }
  const xs = [...points.values()].map(([x]) => x);
  return {
    points,
    arrows,
    top: Math.min(0, ...ys),
    bottom: Math.max(0, ...ys),
    width: xs.length > 0 ? Math.max(...xs) - Math.min(...xs) : 0,
  };
}

/** A height in pixels that fits the diagram, curves and labels included, at about the wizard's width. */
export function diagramHeight(
  states: readonly string[],
  transitions: readonly (readonly [string, string])[],
): number {
  const { top, bottom, width } = diagramGeometry(states, transitions);
  const scale = Math.min(1.5, 780 / Math.max(1, width));
  return Math.round(Math.min(440, Math.max(140, (bottom - top) * scale + 90)));
}

export interface DiagramOptions {
  theme: ChartTheme;
  /** Customers per transition (after a run); without them the arrows carry their numbers. */
  counts?: readonly number[];
}

/**
 * The ECharts option of the diagram. Each state has the colour it has in the result charts
 * (shared/charts/multistate: state i, categorical colour i); absorbing states are ringed.
 * ECharts fits the nodes, not the curves, into the box: two invisible nodes at the curves'
 * highest and lowest points keep the arrows inside.
 */
export function diagramOption(
  states: readonly string[],
  transitions: readonly (readonly [string, string])[],
  { theme, counts }: DiagramOptions,
): EChartsOption {
  const { points, arrows, top, bottom } = diagramGeometry(states, transitions);
  const outgoing = new Set(transitions.map(([from]) => from));
  const links = arrows.map(({ from, to, k, curveness }) => {
    const count = counts?.[k];
    return {
      source: from,
      target: to,
      value: count ?? k + 1,
      lineStyle: { curveness },
      label: { formatter: count === undefined ? String(k + 1) : String(count) },
    };
  });
  const nodes = states.map((state, s) => {
    const [x, y] = points.get(state)!;
    const absorbing = s > 0 && !outgoing.has(state);
    return {
      name: state,
      x,
      y,
      itemStyle: absorbing
        ? { color: stateColor(s, theme), borderColor: theme.text, borderWidth: 3 }
        : { color: stateColor(s, theme), borderColor: theme.background, borderWidth: 2 },
    };
  });
  const padding = [top, bottom]
    .filter((y) => !nodes.some((n) => n.y === y))
    .map((y, i) => ({
      name: `\u0000edge ${i}`,
      x: 0,
      y,
      symbolSize: 0,
      label: { show: false },
      itemStyle: { opacity: 0 },
    }));
  return {
    backgroundColor: theme.background,
    animation: false,
    textStyle: { fontFamily: theme.fontFamily },
    tooltip: { show: false },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: false,
        left: 70,
        right: 70,
        top: 24,
        bottom: 44,
        preserveAspect: true,
        symbol: 'circle',
        symbolSize: 28,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        label: {
          show: true,
          position: 'bottom',
          distance: 4,
          color: theme.text,
          fontSize: 12,
          fontWeight: 600,
        },
        edgeLabel: {
          show: true,
          fontSize: 11,
          color: theme.mutedText,
          backgroundColor: theme.background,
          padding: [1, 3],
        },
        lineStyle: { color: theme.axisLine, width: 1.5, opacity: 1 },
        emphasis: { scale: false },
        data: [...nodes, ...padding],
        links,
      },
    ],
  };
}
