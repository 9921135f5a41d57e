// A kd-tree (Bentley 1975; Friedman, Bentley & Finkel 1977) for radius and k-nearest-
// neighbour queries in Euclidean space, the structure R's dbscan package gets from ANN.
// Each node splits its points at the median of the coordinate with the widest spread, so
// the depth is log2(n / leafSize). Points are copied in tree order (leaves contiguous) and
// every node keeps its exact bounding box, which is what prunes a query. Searches keep the
// query's squared distance to the current cell incrementally (Arya & Mount 1993, as in ANN):
// stepping into a child changes only the split coordinate's term, so a node costs O(1)
// instead of O(d), which lets leaves be small and boxes tight.
// Build O(n d log n) time, O(n d) memory. A query costs O(log n + points near the query)
// in low dimension; in 10 dimensions pruning weakens but still skips most of the data.

import type { PointMatrix } from './point-matrix.ts';
import type { WorkMonitor } from './work-monitor.ts';

export interface KdTree {
  n: number;
  d: number;
  /** The points in tree order, row-major: position p is points[p*d .. p*d+d-1]. */
  points: Float64Array;
  /** Tree position -> row of the input matrix. */
  rowOf: Int32Array;
  nodeCount: number;
  /** Node k holds tree positions start[k] .. end[k]-1. Node 0 is the root. */
  start: Int32Array;
  end: Int32Array;
  /** Children, or -1 for a leaf. Children always have larger node numbers than their parent. */
  left: Int32Array;
  right: Int32Array;
  /** Coordinate the node's points are split on (-1 for a leaf). */
  splitDim: Int32Array;
  /** Bounding boxes, row-major nodeCount x d. */
  low: Float64Array;
  high: Float64Array;
}

/** Splits between two cancel checks while building (a second's work for a million points). */
const splitsPerCheck = 2048;

/** `monitor` is asked whether to stop now and then (a million points take seconds). */
export function buildKdTree(matrix: PointMatrix, monitor?: WorkMonitor, leafSize = 6): KdTree {
  const { n, d, values } = matrix;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const start: number[] = [];
  const end: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const splitDim: number[] = [];
  const low: number[] = [];
  const high: number[] = [];

  const newNode = (from: number, to: number): number => {
    const node = start.length;
    start.push(from);
    end.push(to);
    left.push(-1);
    right.push(-1);
    splitDim.push(-1);
    for (let c = 0; c < d; c++) {
      low.push(Infinity);
      high.push(-Infinity);
    }
    for (let p = from; p < to; p++) {
      const row = order[p] * d;
      for (let c = 0; c < d; c++) {
        const x = values[row + c];
        if (x < low[node * d + c]) low[node * d + c] = x;
        if (x > high[node * d + c]) high[node * d + c] = x;
      }
    }
    return node;
  };

  if (n > 0) newNode(0, n);
  const pending: number[] = n > 0 ? [0] : [];
  let splits = 0;
  while (pending.length > 0) {
    if (monitor && ++splits % splitsPerCheck === 0) monitor.checkCancelled();
    const node = pending.pop()!;
    const from = start[node];
    const to = end[node];
    if (to - from <= leafSize) continue;
    let bestDim = 0;
    let widest = -1;
    for (let c = 0; c < d; c++) {
      const spread = high[node * d + c] - low[node * d + c];
      if (spread > widest) {
        widest = spread;
        bestDim = c;
      }
    }
    if (widest <= 0) continue; // all points identical: keep them in one leaf
    const middle = (from + to) >> 1;
    selectByCoordinate(order, values, d, bestDim, from, to - 1, middle);
    const leftChild = newNode(from, middle);
    const rightChild = newNode(middle, to);
    left[node] = leftChild;
    right[node] = rightChild;
    splitDim[node] = bestDim;
    pending.push(rightChild, leftChild);
  }

  const points = new Float64Array(n * d);
  for (let p = 0; p < n; p++) points.set(values.subarray(order[p] * d, order[p] * d + d), p * d);
  return {
    n,
    d,
    points,
    rowOf: order,
    nodeCount: start.length,
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    splitDim: Int32Array.from(splitDim),
    low: Float64Array.from(low),
    high: Float64Array.from(high),
  };
}

/**
 * Reorders order[from..to] (inclusive) so that order[kth] holds the point whose coordinate
 * `dim` has rank kth, smaller-or-equal before it and larger-or-equal after (Wirth's select).
 */
function selectByCoordinate(
  order: Int32Array,
  values: Float64Array,
  d: number,
  dim: number,
  from: number,
  to: number,
  kth: number,
): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const pivot = values[order[kth] * d + dim];
    let i = lo;
    let j = hi;
    do {
      while (values[order[i] * d + dim] < pivot) i++;
      while (pivot < values[order[j] * d + dim]) j--;
      if (i <= j) {
        const swap = order[i];
        order[i] = order[j];
        order[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < kth) lo = i;
    if (kth < i) hi = j;
  }
}

/** Squared distance from a query point to the nearest point of node's bounding box. */
export function boxSquaredDistance(tree: KdTree, node: number, query: Float64Array, offset: number): number {
  const { d, low, high } = tree;
  let sum = 0;
  const base = node * d;
  for (let c = 0; c < d; c++) {
    const x = query[offset + c];
    const below = low[base + c] - x;
    if (below > 0) sum += below * below;
    else {
      const above = x - high[base + c];
      if (above > 0) sum += above * above;
    }
  }
  return sum;
}

/** Squared distance from a query point to the farthest corner of node's bounding box. */
export function boxFarthestSquaredDistance(
  tree: KdTree,
  node: number,
  query: Float64Array,
  offset: number,
): number {
  const { d, low, high } = tree;
  let sum = 0;
  const base = node * d;
  for (let c = 0; c < d; c++) {
    const x = query[offset + c];
    const a = x - low[base + c];
    const b = high[base + c] - x;
    sum += a > b ? a * a : b * b;
  }
  return sum;
}

/**
 * Squared distance from the query to a child's interval in its parent's split coordinate,
 * the only term of the incremental cell distance that changes on the way down.
 */
export function childOffset(tree: KdTree, child: number, dim: number, coordinate: number): number {
  const below = tree.low[child * tree.d + dim] - coordinate;
  if (below > 0) return below * below;
  const above = coordinate - tree.high[child * tree.d + dim];
  return above > 0 ? above * above : 0;
}

/** Relative slack so that rounding in the incremental distance never prunes a cell wrongly. */
export const pruneSlack = 1 - 1e-12;

/**
 * Calls visit(position, squaredDistance) for every tree position within squared radius
 * `radiusSquared` (inclusive) of the query point query[offset .. offset+d-1].
 */
export function forEachWithinRadius(
  tree: KdTree,
  query: Float64Array,
  offset: number,
  radiusSquared: number,
  visit: (position: number, squaredDistance: number) => void,
): void {
  if (tree.n === 0) return;
  const { d, points, start, end, left, right, splitDim } = tree;
  const offsets = new Float64Array(d);
  const descend = (node: number, cellDistance: number): void => {
    if (cellDistance * pruneSlack > radiusSquared) return;
    if (left[node] >= 0) {
      const dim = splitDim[node];
      const old = offsets[dim];
      const x = query[offset + dim];
      const leftOffset = childOffset(tree, left[node], dim, x);
      const rightOffset = childOffset(tree, right[node], dim, x);
      offsets[dim] = leftOffset;
      descend(left[node], cellDistance - old + leftOffset);
      offsets[dim] = rightOffset;
      descend(right[node], cellDistance - old + rightOffset);
      offsets[dim] = old;
      return;
    }
    for (let p = start[node]; p < end[node]; p++) {
      let sum = 0;
      const base = p * d;
      for (let c = 0; c < d && sum <= radiusSquared; c++) {
        const diff = points[base + c] - query[offset + c];
        sum += diff * diff;
      }
      if (sum <= radiusSquared) visit(p, sum);
    }
  };
  descend(0, initialOffsets(tree, query, offset, offsets));
}

/** Per-coordinate squared distances from the query to the root box; returns their sum. */
export function initialOffsets(
  tree: KdTree,
  query: Float64Array,
  offset: number,
  offsets: Float64Array,
): number {
  let sum = 0;
  for (let c = 0; c < tree.d; c++) {
    offsets[c] = childOffset(tree, 0, c, query[offset + c]);
    sum += offsets[c];
  }
  return sum;
}

/**
 * Squared distances to the k nearest tree points of a query point, ascending (a point of the
 * tree queried against its own tree finds itself first, at 0). Fewer than k if n < k.
 */
export function nearestSquaredDistances(
  tree: KdTree,
  query: Float64Array,
  offset: number,
  k: number,
): Float64Array {
  const search = new NearestSearch(tree, k);
  const size = search.run(query, offset, Infinity);
  return search.distances.slice(0, size).sort();
}

/**
 * A reusable k-nearest-neighbour search: the k smallest squared distances and their tree
 * positions, kept in a max-heap (distances[0] the largest kept). Iterative depth-first
 * descent, nearer child first; a subtree is skipped when its box is farther than the current
 * k-th distance, or than `limit`, an upper bound on the k-th distance known beforehand
 * (e.g. from the neighbours of a nearby point), which prunes from the very first leaf.
 */
export class NearestSearch {
  readonly distances: Float64Array;
  readonly positions: Int32Array;
  private readonly offsets: Float64Array;
  private query: Float64Array = new Float64Array(0);
  private offset = 0;
  private limit = Infinity;
  private size = 0;

  constructor(
    private readonly tree: KdTree,
    readonly k: number,
  ) {
    this.distances = new Float64Array(k);
    this.positions = new Int32Array(k);
    this.offsets = new Float64Array(tree.d);
  }

  /**
   * Fills distances/positions with the k nearest (or fewer when n < k) and returns how many.
   * `limit` must be >= the true k-th smallest squared distance (Infinity when unknown).
   */
  run(query: Float64Array, offset: number, limit: number): number {
    this.query = query;
    this.offset = offset;
    this.limit = limit;
    this.size = 0;
    if (this.tree.n > 0) this.descend(0, initialOffsets(this.tree, query, offset, this.offsets));
    return this.size;
  }

  private descend(node: number, cellDistance: number): void {
    const tree = this.tree;
    const k = this.k;
    const distances = this.distances;
    if (
      this.size === k ? cellDistance * pruneSlack >= distances[0] : cellDistance * pruneSlack > this.limit
    ) {
      return;
    }
    const query = this.query;
    const offset = this.offset;
    const leftChild = tree.left[node];
    if (leftChild >= 0) {
      const rightChild = tree.right[node];
      const dim = tree.splitDim[node];
      const offsets = this.offsets;
      const old = offsets[dim];
      const x = query[offset + dim];
      const leftOffset = childOffset(tree, leftChild, dim, x);
      const rightOffset = childOffset(tree, rightChild, dim, x);
      if (leftOffset <= rightOffset) {
        offsets[dim] = leftOffset;
        this.descend(leftChild, cellDistance - old + leftOffset);
        offsets[dim] = rightOffset;
        this.descend(rightChild, cellDistance - old + rightOffset);
      } else {
        offsets[dim] = rightOffset;
        this.descend(rightChild, cellDistance - old + rightOffset);
        offsets[dim] = leftOffset;
        this.descend(leftChild, cellDistance - old + leftOffset);
      }
      offsets[dim] = old;
      return;
    }
    const { d, points } = tree;
    const positions = this.positions;
    const end = tree.end[node];
    for (let p = tree.start[node]; p < end; p++) {
      const isFull = this.size === k;
      const bound = isFull ? distances[0] : this.limit;
      let sum = 0;
      const base = p * d;
      for (let c = 0; c < d && sum <= bound; c++) {
        const diff = points[base + c] - query[offset + c];
        sum += diff * diff;
      }
      if (isFull) {
        if (sum < bound) heapReplaceTop(distances, positions, k, sum, p);
      } else if (sum <= bound) {
        heapPush(distances, positions, this.size, sum, p);
        this.size++;
      }
    }
  }
}

/**
 * Counts tree points within squared radius `radiusSquared` (inclusive) of a query, nearer
 * cells first, stopping as soon as `stopAt` are found: a dense point's count ends after a few
 * leaves, only sparse points pay for a full radius search. The positions found are kept in
 * `found` (first min(count, stopAt) entries).
 */
export class RadiusCounter {
  readonly found: Int32Array;
  private readonly offsets: Float64Array;
  private query: Float64Array = new Float64Array(0);
  private offset = 0;
  private radiusSquared = 0;
  private count = 0;

  constructor(
    private readonly tree: KdTree,
    readonly stopAt: number,
  ) {
    this.found = new Int32Array(stopAt);
    this.offsets = new Float64Array(tree.d);
  }

  run(query: Float64Array, offset: number, radiusSquared: number): number {
    this.query = query;
    this.offset = offset;
    this.radiusSquared = radiusSquared;
    this.count = 0;
    if (this.tree.n > 0) this.descend(0, initialOffsets(this.tree, query, offset, this.offsets));
    return this.count;
  }

  private descend(node: number, cellDistance: number): void {
    if (this.count >= this.stopAt || cellDistance * pruneSlack > this.radiusSquared) return;
    const tree = this.tree;
    const query = this.query;
    const offset = this.offset;
    const leftChild = tree.left[node];
    if (leftChild >= 0) {
      const rightChild = tree.right[node];
      const dim = tree.splitDim[node];
      const offsets = this.offsets;
      const old = offsets[dim];
      const x = query[offset + dim];
      const leftOffset = childOffset(tree, leftChild, dim, x);
      const rightOffset = childOffset(tree, rightChild, dim, x);
      if (leftOffset <= rightOffset) {
        offsets[dim] = leftOffset;
        this.descend(leftChild, cellDistance - old + leftOffset);
        offsets[dim] = rightOffset;
        this.descend(rightChild, cellDistance - old + rightOffset);
      } else {
        offsets[dim] = rightOffset;
        this.descend(rightChild, cellDistance - old + rightOffset);
        offsets[dim] = leftOffset;
        this.descend(leftChild, cellDistance - old + leftOffset);
      }
      offsets[dim] = old;
      return;
    }
    const { d, points } = tree;
    const radiusSquared = this.radiusSquared;
    const end = tree.end[node];
    for (let p = tree.start[node]; p < end && this.count < this.stopAt; p++) {
      let sum = 0;
      const base = p * d;
      for (let c = 0; c < d && sum <= radiusSquared; c++) {
        const diff = points[base + c] - query[offset + c];
        sum += diff * diff;
      }
      if (sum <= radiusSquared) this.found[this.count++] = p;
    }
  }
}

function heapPush(heap: Float64Array, labels: Int32Array, size: number, value: number, label: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] >= value) break;
    heap[i] = heap[parent];
    labels[i] = labels[parent];
    i = parent;
  }
  heap[i] = value;
  labels[i] = label;
}

function heapReplaceTop(
  heap: Float64Array,
  labels: Int32Array,
  size: number,
  value: number,
  label: number,
): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const larger = r < size && heap[r] > heap[l] ? r : l;
    if (heap[larger] <= value) break;
    heap[i] = heap[larger];
    labels[i] = labels[larger];
    i = larger;
  }
  heap[i] = value;
  labels[i] = label;
}
