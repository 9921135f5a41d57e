// DBSCAN (Ester, Kriegel, Sander & Xu 1996) with R dbscan::dbscan's conventions (fixture
// blobs_dbscan): a point is core when at least minPts points, itself included, lie within
// distance <= eps; clusters are the connected components of core points joined at distance
// <= eps, numbered 1..K in order of discovery (rows scanned in order: the component whose
// first core row comes first is cluster 1); a non-core point within eps of a core point is a
// border point of the cluster of the first such core point R's scan reaches, i.e. the
// lowest-numbered cluster among its core neighbours (R expands one cluster completely
// before starting the next); the rest is noise, 0.
//
// Core points are found exactly by counting neighbours within eps with a kd-tree, nearer
// cells first, stopping at minPts, so a dense point costs a few leaves. Instead of R's
// breadth-first expansion (one radius query per point, all neighbour pairs enumerated) the
// components come from union-find over a kd-tree of the core points: first every core point
// is joined with the core points its count found (all within eps), which already merges
// dense regions; then one radius query per core point finds the remaining links, skipping
// whole subtrees whose points are already in the query's set and joining subtrees that lie
// entirely within eps in one step. Memory O(n d + n minPts); on 100,000 x 10 blobs about
// a second (R dbscan: 71.5 CPU s, fixture README).

import type { PointMatrix } from '../common/point-matrix.ts';
import type { KdTree } from '../common/kd-tree.ts';
import {
  boxFarthestSquaredDistance,
  boxSquaredDistance,
  buildKdTree,
  RadiusCounter,
} from '../common/kd-tree.ts';
import { UnionFind } from '../common/union-find.ts';
import type { WorkMonitor } from '../common/work-monitor.ts';
import { subMonitor } from '../common/work-monitor.ts';

export interface DbscanFit {
  /** Segment of every point: 0 noise, 1..clusterCount clusters. */
  labels: Int32Array;
  clusterCount: number;
  isCore: Uint8Array;
}

/** Neighbour lists from the core count are kept only up to this many entries (4 bytes each). */
const maxNeighbourEntries = 50_000_000;

/** `tree` is a kd-tree of `points` (built by the caller, who also uses it for k-distances). */
export function dbscan(
  points: PointMatrix,
  tree: KdTree,
  eps: number,
  minPts: number,
  monitor: WorkMonitor,
): DbscanFit {
  const { n, d, values } = points;
  const epsSquared = eps * eps;
  const isCore = new Uint8Array(n);
  const keepNeighbours = n * minPts <= maxNeighbourEntries;
  const neighbours = keepNeighbours ? new Int32Array(n * minPts) : null;
  const counter = new RadiusCounter(tree, minPts);
  const coreRows: number[] = [];
  for (let p = 0; p < n; p++) {
    if ((p & 63) === 0) {
      monitor.checkCancelled();
      if ((p & 4095) === 0) monitor.progress((0.5 * p) / n, 'DBSCAN: core points');
    }
    if (counter.run(tree.points, p * d, epsSquared) < minPts) continue;
    const row = tree.rowOf[p];
    isCore[row] = 1;
    if (neighbours !== null) {
      for (let j = 0; j < minPts; j++) neighbours[row * minPts + j] = tree.rowOf[counter.found[j]];
    }
  }
  for (let i = 0; i < n; i++) if (isCore[i]) coreRows.push(i);
  const labels = new Int32Array(n);
  if (coreRows.length === 0) return { labels, clusterCount: 0, isCore };

  const coreValues = new Float64Array(coreRows.length * d);
  coreRows.forEach((row, c) => coreValues.set(values.subarray(row * d, row * d + d), c * d));
  const coreTree = buildKdTree({ n: coreRows.length, d, values: coreValues }, monitor);

  const positionOfCore = new Int32Array(coreTree.n);
  for (let p = 0; p < coreTree.n; p++) positionOfCore[coreTree.rowOf[p]] = p;
  const sets = new UnionFind(coreTree.n);
  if (neighbours !== null) {
    // The neighbours a core point's count found all lie within eps: join the core ones.
    const positionOfRow = new Int32Array(n).fill(-1);
    for (let c = 0; c < coreRows.length; c++) positionOfRow[coreRows[c]] = positionOfCore[c];
    for (let c = 0; c < coreRows.length; c++) {
      if ((c & 4095) === 0) monitor.checkCancelled();
      const row = coreRows[c];
      for (let j = 0; j < minPts; j++) {
        const other = positionOfRow[neighbours[row * minPts + j]];
        if (other >= 0) sets.union(positionOfCore[c], other);
      }
    }
  }
  joinCorePoints(coreTree, epsSquared, sets, subMonitor(monitor, 0.5, 0.9));

  // Clusters numbered by their first core row: core index c is row coreRows[c], ascending.
  const clusterOfRoot = new Int32Array(coreTree.n);
  let clusterCount = 0;
  const labelOfPosition = new Int32Array(coreTree.n);
  for (let c = 0; c < coreRows.length; c++) {
    const root = sets.find(positionOfCore[c]);
    if (clusterOfRoot[root] === 0) clusterOfRoot[root] = ++clusterCount;
    labels[coreRows[c]] = clusterOfRoot[root];
    labelOfPosition[positionOfCore[c]] = clusterOfRoot[root];
  }

  assignBorderPoints(
    points,
    isCore,
    coreTree,
    labelOfPosition,
    epsSquared,
    labels,
    subMonitor(monitor, 0.9, 1),
  );
  return { labels, clusterCount, isCore };
}

/** Union-find over core tree positions: two core points within eps end in the same set. */
function joinCorePoints(tree: KdTree, epsSquared: number, sets: UnionFind, monitor: WorkMonitor): void {
  const { n, d, points, start, end, left, right, nodeCount } = tree;
  // merged[node] = 1 once every point under node is known to be in one set (sets only grow,
  // so it stays true). Refreshed bottom-up every so often, set directly when a query joins a
  // whole subtree.
  const merged = new Uint8Array(nodeCount);
  const refreshMerged = (): void => {
    for (let node = nodeCount - 1; node >= 0; node--) {
      if (merged[node]) continue;
      if (left[node] < 0) {
        const root = sets.find(start[node]);
        let same = true;
        for (let p = start[node] + 1; p < end[node] && same; p++) same = sets.find(p) === root;
        merged[node] = same ? 1 : 0;
      } else {
        const l = left[node];
        const r = right[node];
        merged[node] = merged[l] && merged[r] && sets.find(start[l]) === sets.find(start[r]) ? 1 : 0;
      }
    }
  };
  const refreshEvery = Math.max(1024, n >> 6);
  // Depth-first with both children pushed: the stack never holds more than depth + 1 nodes.
  const stack = new Int32Array(256);

  for (let q = 0; q < n; q++) {
    if ((q & 63) === 0) {
      monitor.checkCancelled();
      if ((q & 4095) === 0) monitor.progress(q / n, 'DBSCAN: joining core points');
    }
    if (q % refreshEvery === 0) {
      refreshMerged();
      if (merged[0]) break; // every core point is in one set already
    }
    const offset = q * d;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      if (merged[node] && sets.find(start[node]) === sets.find(q)) continue;
      if (boxSquaredDistance(tree, node, points, offset) > epsSquared) continue;
      if (boxFarthestSquaredDistance(tree, node, points, offset) <= epsSquared) {
        // The whole subtree is within eps of q: join it all (one union if already one set).
        if (merged[node]) sets.union(q, start[node]);
        else for (let p = start[node]; p < end[node]; p++) sets.union(q, p);
        merged[node] = 1;
        continue;
      }
      if (left[node] >= 0) {
        stack[top++] = right[node];
        stack[top++] = left[node];
        continue;
      }
      for (let p = start[node]; p < end[node]; p++) {
        if (sets.find(p) === sets.find(q)) continue;
        let sum = 0;
        const base = p * d;
        for (let c = 0; c < d && sum <= epsSquared; c++) {
          const diff = points[base + c] - points[offset + c];
          sum += diff * diff;
        }
        if (sum <= epsSquared) sets.union(q, p);
      }
    }
  }
  monitor.progress(1, 'DBSCAN: joining core points');
}

/**
 * Each non-core point takes the lowest cluster number among core points within eps, or
 * stays noise (0). Subtrees whose lowest cluster number cannot improve are skipped.
 */
function assignBorderPoints(
  matrix: PointMatrix,
  isCore: Uint8Array,
  tree: KdTree,
  labelOfPosition: Int32Array,
  epsSquared: number,
  labels: Int32Array,
  monitor: WorkMonitor,
): void {
  const { n, d, values } = matrix;
  const { points, start, end, left, right, nodeCount } = tree;
  const lowestLabel = new Int32Array(nodeCount);
  for (let node = nodeCount - 1; node >= 0; node--) {
    if (left[node] < 0) {
      let lowest = 0x7fffffff;
      for (let p = start[node]; p < end[node]; p++) lowest = Math.min(lowest, labelOfPosition[p]);
      lowestLabel[node] = lowest;
    } else lowestLabel[node] = Math.min(lowestLabel[left[node]], lowestLabel[right[node]]);
  }
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if ((i & 255) === 0) {
      monitor.checkCancelled();
      if ((i & 16383) === 0) monitor.progress(i / n, 'DBSCAN: border points');
    }
    if (isCore[i]) continue;
    const offset = i * d;
    let best = 0x7fffffff;
    stack.length = 0;
    stack.push(0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (lowestLabel[node] >= best) continue;
      if (boxSquaredDistance(tree, node, values, offset) > epsSquared) continue;
      if (left[node] >= 0) {
        stack.push(right[node], left[node]);
        continue;
      }
      for (let p = start[node]; p < end[node]; p++) {
        if (labelOfPosition[p] >= best) continue;
        let sum = 0;
        const base = p * d;
        for (let c = 0; c < d && sum <= epsSquared; c++) {
          const diff = points[base + c] - values[offset + c];
          sum += diff * diff;
        }
        if (sum <= epsSquared) best = labelOfPosition[p];
      }
    }
    labels[i] = best === 0x7fffffff ? 0 : best;
  }
  monitor.progress(1, 'DBSCAN: border points');
}
