// k-means: the best of `restarts` k-means++ starts by total within-cluster sum of squares, as
// R kmeans(x, k, nstart). Each start runs Lloyd's algorithm (assign to the nearest centre,
// move centres to the means) until no point changes, then Hartigan & Wong-style single-point
// moves: point x leaves cluster a for b when n_b/(n_b+1) |x-c_b|^2 < n_a/(n_a-1) |x-c_a|^2,
// which lowers the objective strictly, so it stops at a local optimum that Lloyd alone can
// miss (and that is also a Lloyd fixed point). Each pass costs O(n k d); at most
// `maxIterations` passes per start (Lloyd and Hartigan together).
// Reference: fixture blobs_kmeans (R 4.2.2 kmeans, Hartigan-Wong, nstart 25).

import type { PointMatrix } from '../common/point-matrix.ts';
import { Rng } from '../common/rng.ts';
import type { WorkMonitor } from '../common/work-monitor.ts';
import { kMeansPlusPlus } from './kmeans-seeding.ts';

export interface KMeansFit {
  /** Cluster of every point, 0..k-1 (unordered; see segment numbering in the engine). */
  labels: Int32Array;
  /** Row-major k x d centres (the means of their members). */
  centres: Float64Array;
  totWithinss: number;
  /** Whether the best start converged within maxIterations. */
  converged: boolean;
  /** Passes used by the best start. */
  iterations: number;
}

export function kMeans(
  points: PointMatrix,
  k: number,
  restarts: number,
  seed: number,
  monitor: WorkMonitor,
  maxIterations = 100,
): KMeansFit {
  const rng = new Rng(seed);
  let best: KMeansFit | null = null;
  for (let start = 0; start < restarts; start++) {
    monitor.checkCancelled();
    monitor.progress(start / restarts, `k-means start ${start + 1} of ${restarts}`);
    const centres = kMeansPlusPlus(points, k, rng);
    const fit = refine(points, k, centres, maxIterations, monitor);
    if (best === null || fit.totWithinss < best.totWithinss) best = fit;
  }
  monitor.progress(1, 'k-means');
  return best!;
}

/** Lloyd iterations to a fixed point, then Hartigan single-point moves to a local optimum. */
function refine(
  points: PointMatrix,
  k: number,
  centres: Float64Array,
  maxIterations: number,
  monitor: WorkMonitor,
): KMeansFit {
  const { n } = points;
  const labels = new Int32Array(n).fill(-1);
  const sizes = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const changed = assignNearest(points, centres, k, labels, monitor);
    fillEmptyClusters(points, centres, k, labels);
    updateMeans(points, labels, k, centres, sizes);
    if (!changed) {
      converged = true;
      break;
    }
  }
  if (converged) {
    converged = false;
    while (iterations < maxIterations) {
      iterations++;
      monitor.checkCancelled();
      const moved = hartiganPass(points, centres, k, labels, sizes);
      updateMeans(points, labels, k, centres, sizes);
      if (!moved) {
        converged = true;
        break;
      }
    }
  }
  return { labels, centres, totWithinss: withinSumOfSquares(points, labels, centres), converged, iterations };
}

/** Assigns every point to its nearest centre (lowest index on ties); true if any label changed. */
function assignNearest(
  points: PointMatrix,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  monitor: WorkMonitor,
): boolean {
  const { n, d, values } = points;
  let changed = false;
  for (let i = 0; i < n; i++) {
    if ((i & 8191) === 0) monitor.checkCancelled();
    let bestCentre = 0;
    let bestDistance = Infinity;
    const base = i * d;
    for (let j = 0; j < k; j++) {
      let sum = 0;
      const centre = j * d;
      for (let c = 0; c < d && sum < bestDistance; c++) {
        const diff = values[base + c] - centres[centre + c];
        sum += diff * diff;
      }
      if (sum < bestDistance) {
        bestDistance = sum;
        bestCentre = j;
      }
    }
    if (labels[i] !== bestCentre) {
      labels[i] = bestCentre;
      changed = true;
    }
  }
  return changed;
}

/**
 * A cluster left without points takes the point farthest from its own centre (from a
 * cluster with at least 2 points), as scikit-learn does; repeated until none is empty.
 */
function fillEmptyClusters(points: PointMatrix, centres: Float64Array, k: number, labels: Int32Array): void {
  const { n, d, values } = points;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  for (let empty = 0; empty < k; empty++) {
    if (sizes[empty] > 0) continue;
    let farthest = -1;
    let farthestDistance = -1;
    for (let i = 0; i < n; i++) {
      if (sizes[labels[i]] < 2) continue;
      let sum = 0;
      for (let c = 0; c < d; c++) {
        const diff = values[i * d + c] - centres[labels[i] * d + c];
        sum += diff * diff;
      }
      if (sum > farthestDistance) {
        farthestDistance = sum;
        farthest = i;
      }
    }
    sizes[labels[farthest]]--;
    labels[farthest] = empty;
    sizes[empty] = 1;
  }
}

/** Centres = means of their members; sizes filled in. */
function updateMeans(
  points: PointMatrix,
  labels: Int32Array,
  k: number,
  centres: Float64Array,
  sizes: Float64Array,
): void {
  const { n, d, values } = points;
  centres.fill(0);
  sizes.fill(0);
  for (let i = 0; i < n; i++) {
    const j = labels[i];
    sizes[j]++;
    for (let c = 0; c < d; c++) centres[j * d + c] += values[i * d + c];
  }
  for (let j = 0; j < k; j++) {
    if (sizes[j] > 0) for (let c = 0; c < d; c++) centres[j * d + c] /= sizes[j];
  }
}

/**
 * One pass of single-point moves with online mean updates; true if any point moved. A move
 * must lower the objective by more than a relative 1e-12 so rounding cannot make it cycle.
 */
function hartiganPass(
  points: PointMatrix,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  sizes: Float64Array,
): boolean {
  const { n, d, values } = points;
  let moved = false;
  for (let i = 0; i < n; i++) {
    const from = labels[i];
    const fromSize = sizes[from];
    if (fromSize <= 1) continue;
    const base = i * d;
    let fromDistance = 0;
    for (let c = 0; c < d; c++) {
      const diff = values[base + c] - centres[from * d + c];
      fromDistance += diff * diff;
    }
    const removalGain = (fromDistance * fromSize) / (fromSize - 1);
    let to = -1;
    let bestCost = removalGain * (1 - 1e-12);
    for (let j = 0; j < k; j++) {
      if (j === from) continue;
      let sum = 0;
      const scale = sizes[j] / (sizes[j] + 1);
      for (let c = 0; c < d && sum * scale < bestCost; c++) {
        const diff = values[base + c] - centres[j * d + c];
        sum += diff * diff;
      }
      const cost = sum * scale;
      if (cost < bestCost) {
        bestCost = cost;
        to = j;
      }
    }
    if (to < 0) continue;
    const toSize = sizes[to];
    for (let c = 0; c < d; c++) {
      const x = values[base + c];
      centres[from * d + c] = (centres[from * d + c] * fromSize - x) / (fromSize - 1);
      centres[to * d + c] = (centres[to * d + c] * toSize + x) / (toSize + 1);
    }
    sizes[from] = fromSize - 1;
    sizes[to] = toSize + 1;
    labels[i] = to;
    moved = true;
  }
  return moved;
}

/** Sum over points of the squared distance to their cluster's centre. O(n d). */
export function withinSumOfSquares(points: PointMatrix, labels: Int32Array, centres: Float64Array): number {
  const { n, d, values } = points;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const centre = labels[i] * d;
    for (let c = 0; c < d; c++) {
      const diff = values[i * d + c] - centres[centre + c];
      total += diff * diff;
    }
  }
  return total;
}
