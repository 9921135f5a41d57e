// dendrogram_plot of the `sequence` Result: the top of Ward's tree from `dendrogram` (step, left,
// right, height, size: R hclust's merge matrix, -i customer row i, +s the merge of step s).
// The tree has n - 1 merges for n customers (19,999 for 20,000), so only the last L - 1 merges
// are drawn, L = min(n, max(maxDendrogramLeaves, k)) leaves: every earlier subtree is a leaf,
// labelled with its customers and drawn from its own merge height down to 0 dotted. Leaves are
// in hclust's order (left before right from the root), a merge sits at the middle of its two
// children. Branches take the colour of their cluster under cutree(k) (the first n - k merges
// are within clusters; clusters numbered by their first customer, as R does), the merges above
// the cut are grey, and a dashed line marks the cut half-way between merge n - k and n - k + 1
// (as R's rect.hclust). Everything is line segments of a custom series (one per cluster).
import type { CustomSeriesOption, CustomSeriesRenderItem, ScatterSeriesOption } from 'echarts';
import type { Table } from '../result.ts';
import type { ChartTheme } from './palette.ts';
import type { ChartSpec } from './types.ts';
import { baseOption, valueAxis } from './cluster.ts';
import { escapeHtml, formatNumber, numericColumn } from './tables.ts';
import { clusterColor, clusterName } from './sequence-common.ts';

/** Most leaves the dendrogram draws (more when k is larger, so that every cluster is one). */
export const maxDendrogramLeaves = 40;

export interface DendrogramSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The cluster at k (1..k), or 0 above the cut (or when k is unknown). */
  cluster: number;
  /** A truncated subtree's stub from its height down to 0. */
  dotted: boolean;
  /** Customers under the branch, and the height it joins at. */
  size: number;
  height: number;
}

export interface DendrogramLeaf {
  /** -i for customer row i, s for the subtree of merge step s. */
  node: number;
  x: number;
  height: number;
  size: number;
  cluster: number;
}

export interface DendrogramTop {
  customers: number;
  leaves: DendrogramLeaf[];
  segments: DendrogramSegment[];
  /** The cut's height for k clusters, when k is known and 2 <= k <= customers. */
  cut?: number;
}

/**
 * The top of the tree (see the header). `k` colours the branches and places the cut; leaves are
 * at most max(maxLeaves, k) (all customers when there are fewer).
 */
export function dendrogramTop(
  table: Table,
  k: number | undefined,
  maxLeaves = maxDendrogramLeaves,
): DendrogramTop {
  const steps = numericColumn(table, 'step');
  const lefts = numericColumn(table, 'left');
  const rights = numericColumn(table, 'right');
  const heights = numericColumn(table, 'height');
  const sizes = numericColumn(table, 'size');
  const merges = steps.length;
  const n = merges + 1;
  // Indexed by step (1-based): the table's rows need not be in step order.
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const height = new Float64Array(n);
  const size = new Float64Array(n);
  steps.forEach((step, row) => {
    if (!Number.isInteger(step) || step < 1 || step >= n)
      throw new Error(`dendrogram: step ${step} is not in 1..${merges}`);
    left[step] = lefts[row]!;
    right[step] = rights[row]!;
    height[step] = heights[row]!;
    size[step] = sizes[row]!;
  });
  const clusterOf = cutTreeClusters(left, right, n, k);
  const leafCount = Math.max(1, Math.min(n, Math.max(maxLeaves, k ?? 0)));
  const firstDrawn = n - leafCount + 1; // merges firstDrawn .. n - 1 are drawn
  const isLeaf = (node: number) => node < 0 || node < firstDrawn;
  const nodeHeight = (node: number) => (node < 0 ? 0 : height[node]!);
  const nodeSize = (node: number) => (node < 0 ? 1 : size[node]!);

  const leaves: DendrogramLeaf[] = [];
  const segments: DendrogramSegment[] = [];
  const x = new Map<number, number>();
  if (merges === 0) return { customers: n, leaves, segments };
  // Depth-first from the root, left before right: the leaves in hclust's order; a merge is
  // placed once both children are.
  const stack: { node: number; expanded: boolean }[] = [{ node: n - 1, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (isLeaf(node)) {
      x.set(node, leaves.length);
      leaves.push({
        node,
        x: leaves.length,
        height: nodeHeight(node),
        size: nodeSize(node),
        cluster: clusterOf(node),
      });
      continue;
    }
    if (!top.expanded) {
      stack.push({ node, expanded: true });
      stack.push({ node: right[node]!, expanded: false });
      stack.push({ node: left[node]!, expanded: false });
      continue;
    }
    const a = left[node]!;
    const b = right[node]!;
    const xa = x.get(a)!;
    const xb = x.get(b)!;
    const h = height[node]!;
    x.set(node, (xa + xb) / 2);
    const branch = (child: number, cx: number): DendrogramSegment => ({
      x1: cx,
      y1: nodeHeight(child),
      x2: cx,
      y2: h,
      cluster: clusterOf(child),
      dotted: false,
      size: nodeSize(child),
      height: h,
    });
    segments.push(branch(a, xa), branch(b, xb), {
      x1: xa,
      y1: h,
      x2: xb,
      y2: h,
      cluster: clusterOf(node),
      dotted: false,
      size: nodeSize(node),
      height: h,
    });
  }
  for (const leaf of leaves)
    if (leaf.height > 0)
      segments.push({
        x1: leaf.x,
        y1: 0,
        x2: leaf.x,
        y2: leaf.height,
        cluster: leaf.cluster,
        dotted: true,
        size: leaf.size,
        height: leaf.height,
      });
  const top: DendrogramTop = { customers: n, leaves, segments };
  if (k !== undefined && k >= 2 && k <= n) {
    const below = k === n ? 0 : height[n - k]!;
    top.cut = (below + height[n - k + 1]!) / 2;
  }
  return top;
}

/**
 * cutree(k): a node's cluster (1..k, numbered in order of each cluster's first customer row), or
 * 0 for a merge above the cut; everything 0 when k is unknown or out of range.
 */
function cutTreeClusters(
  left: Int32Array,
  right: Int32Array,
  n: number,
  k: number | undefined,
): (node: number) => number {
  if (k === undefined || k < 1 || k > n) return () => 0;
  // A customer under each merge (merges only join earlier merges), and union-find on customers.
  const member = new Int32Array(n);
  const parent = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) parent[i] = i;
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const up = parent[i]!;
      parent[i] = root;
      i = up;
    }
    return root;
  };
  const customerOf = (node: number) => (node < 0 ? -node : member[node]!);
  for (let s = 1; s < n; s++) {
    member[s] = customerOf(left[s]!);
    if (s <= n - k) parent[find(customerOf(left[s]!))] = find(customerOf(right[s]!));
  }
  const numbers = new Map<number, number>();
  const cluster = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    const root = find(i);
    if (!numbers.has(root)) numbers.set(root, numbers.size + 1);
    cluster[i] = numbers.get(root)!;
  }
  return (node) => (node > n - k ? 0 : cluster[customerOf(node)]!);
}

/** A segment [x1, y1, x2, y2, dotted, size, height] in the series colour. */
const renderSegment: CustomSeriesRenderItem = (_params, api) => {
  const a = api.coord([api.value(0), api.value(1)]);
  const b = api.coord([api.value(2), api.value(3)]);
  const dotted = Number(api.value(4)) === 1;
  return {
    type: 'line',
    shape: { x1: a[0]!, y1: a[1]!, x2: b[0]!, y2: b[1]! },
    style: {
      stroke: api.visual('color') as string,
      lineWidth: dotted ? 1.25 : 2,
      lineDash: dotted ? [2, 3] : undefined,
    },
  };
};

export function dendrogramPlot(
  table: Table,
  k: number | undefined,
  title: string,
  theme: ChartTheme,
): ChartSpec {
  const top = dendrogramTop(table, k);
  const { leaves, segments } = top;
  const groups = [...new Set(segments.map((s) => s.cluster))].sort(
    (a, b) => (a || Infinity) - (b || Infinity),
  );
  const series: (CustomSeriesOption | ScatterSeriesOption)[] = groups.map((cluster) => {
    const name = cluster === 0 ? 'Above the cut' : clusterName(cluster);
    const color = cluster === 0 ? theme.mutedText : clusterColor(cluster, theme);
    return {
      type: 'custom',
      name,
      renderItem: renderSegment,
      encode: { x: [0, 2], y: [1, 3] },
      data: segments
        .filter((s) => s.cluster === cluster)
        .map((s) => [s.x1, s.y1, s.x2, s.y2, s.dotted ? 1 : 0, s.size, s.height]),
      itemStyle: { color },
      tooltip: {
        formatter: (params) => {
          if (Array.isArray(params)) return '';
          const value = params.value as number[];
          const what = value[4] === 1 ? 'a subtree merged up to height' : 'joining at height';
          return `<b>${escapeHtml(name)}</b><br/>${formatNumber(value[5]!)} customers, ${what} ${formatNumber(value[6]!)}`;
        },
      },
    };
  });
  if (top.cut !== undefined) {
    series.push({
      type: 'scatter',
      name: 'cut',
      data: [],
      silent: true,
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: theme.text, type: 'dashed', width: 1.5 },
        label: { formatter: `k = ${k}`, position: 'insideEndTop', fontSize: 12, color: theme.text },
        data: [{ yAxis: top.cut }],
      },
    });
  }
  const leafLabels = leaves.map((leaf) => formatNumber(leaf.size));
  const rotate = leaves.length > 16;
  const legendNames = groups.filter((c) => c > 0).map(clusterName);
  const truncated = leaves.length < top.customers;
  const subtitle = truncated
    ? `The last ${formatNumber(leaves.length - 1)} of ${formatNumber(top.customers - 1)} merges; each leaf a subtree, labelled with its customers`
    : `All ${formatNumber(top.customers - 1)} merges; each leaf a customer`;
  const cutText = top.cut !== undefined ? `; dashed: the cut into k = ${k} clusters` : '';
  return {
    title,
    width: Math.max(800, 160 + 20 * leaves.length),
    height: 520,
    option: {
      ...baseOption(title, theme, subtitle + cutText),
      legend: {
        data: legendNames,
        top: 58,
        right: 24,
        textStyle: { fontSize: 12, color: theme.text },
      },
      grid: { left: 80, right: 40, top: 100, bottom: rotate ? 84 : 64 },
      xAxis: {
        type: 'value',
        min: -0.5,
        max: Math.max(0.5, leaves.length - 0.5),
        name: truncated ? 'Subtrees (customers)' : 'Customers',
        nameLocation: 'middle',
        nameGap: rotate ? 56 : 32,
        nameTextStyle: { fontSize: 13, color: theme.text },
        axisLine: { show: true, onZero: false, lineStyle: { color: theme.axisLine } },
        axisTick: { customValues: leaves.map((leaf) => leaf.x) },
        axisLabel: {
          fontSize: 11,
          color: theme.mutedText,
          rotate: rotate ? 90 : 0,
          customValues: leaves.map((leaf) => leaf.x),
          formatter: (value: number) => leafLabels[Math.round(value)] ?? '',
        },
        splitLine: { show: false },
      },
      yAxis: valueAxis('Height (Ward)', theme, { min: 0, nameGap: 56 }),
      series,
    },
  };
}
