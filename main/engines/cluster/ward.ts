// Ward's minimum-variance hierarchical clustering exactly as R hclust(dist(x), "ward.D2"):
// R's Fortran HCLUST (Murtagh 1986, src/library/stats/src/hclust.f) with iOpt = 8 translated
// loop for loop, so that ties resolve as in R. Distances are squared, merged by the
// Lance-Williams update for Ward on squared distances
//   d2(k, i+j) = ((n_i + n_k) d2(k, i) + (n_j + n_k) d2(k, j) - n_k d2(i, j)) / (n_i + n_j + n_k),
// and a merge's height is sqrt(d2(i, j)) (= sqrt(2 * increase in within-cluster SS)).
// Each step takes the pair with the smallest nearest-neighbour dissimilarity, scanning
// I = 1..n-1 with strict < (so the smallest index wins a tie), each I's nearest neighbour
// looked for only to its right, again with strict <. The merged cluster keeps the smaller
// index. Time O(n^2) typically (O(n^3) worst case), memory the n(n-1)/2 condensed distances.

import { InputError } from '../../../shared/errors.ts';
import type { PointMatrix } from '../common/point-matrix.ts';
import { subMonitor, type WorkMonitor } from '../common/work-monitor.ts';
import { hugePageDoubles } from '../common/huge-page-doubles.ts';

/** Above this many rows the condensed distances (8 bytes per pair) would exceed 1.6 GB. */
export const maxHierarchicalRows = 20000;

export interface WardTree {
  n: number;
  /**
   * Merge s (0-based) joins the clusters represented by the 0-based rows mergedInto[s] <
   * mergedFrom[s] (R's IA, IB before hcass2): each cluster is named by its smallest row.
   */
  mergedInto: Int32Array;
  mergedFrom: Int32Array;
  /** Merge heights (R's hclust $height), in merge order. */
  heights: Float64Array;
}

/** Offset of pair (i, j), 0-based i < j, in R's lower-triangle `dist` order (IOFFST - 1). */
export function condensedIndex(n: number, i: number, j: number): number {
  return pairIndex(n, i, j);
}

function pairIndex(n: number, i: number, j: number): number {
  return j + i * n - ((i + 1) * (i + 2)) / 2;
}

export function wardLinkage(points: PointMatrix, monitor: WorkMonitor): WardTree {
  const { n, d, values } = points;
  if (n > maxHierarchicalRows) {
    const gigabytes = (((n * (n - 1)) / 2) * 8) / 1e9;
    throw new InputError(
      `hierarchical clustering keeps all ${n} x ${n - 1} / 2 pairwise distances in memory ` +
        `(${gigabytes.toFixed(1)} GB for ${n} rows); it is limited to ${maxHierarchicalRows} rows. ` +
        'Use k-means or DBSCAN, or cluster a sample',
      { option: 'method' },
    );
  }
  const diss = hugePageDoubles((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    if ((i & 63) === 0) {
      monitor.checkCancelled();
      monitor.progress((0.3 * i) / n, 'Ward: distances');
    }
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      for (let c = 0; c < d; c++) {
        const diff = values[i * d + c] - values[j * d + c];
        sum += diff * diff;
      }
      // dist() returns sqrt(sum); hclust squares it again for ward.D2: keep both roundings.
      const distance = Math.sqrt(sum);
      diss[pairIndex(n, i, j)] = distance * distance;
    }
  }
  return wardLinkageOfSquared(diss, n, subMonitor(monitor, 0.3, 1));
}

/**
 * hclust(as.dist(d), "ward.D2") from the condensed SQUARED distances `diss` (R's `dist` order:
 * pair (i, j), i < j, at condensedIndex(n, i, j)), which it overwrites as clusters merge.
 */
export function wardLinkageOfSquared(diss: Float64Array, n: number, monitor: WorkMonitor): WardTree {
  const active = new Uint8Array(n).fill(1);
  const members = new Float64Array(n).fill(1);
  const nearest = new Int32Array(n);
  const nearestDiss = new Float64Array(n);
  const mergedInto = new Int32Array(Math.max(0, n - 1));
  const mergedFrom = new Int32Array(Math.max(0, n - 1));
  const heights = new Float64Array(Math.max(0, n - 1));

  let jj = 0;
  for (let i = 0; i < n - 1; i++) {
    let dmin = Infinity;
    for (let j = i + 1; j < n; j++) {
      const dij = diss[pairIndex(n, i, j)];
      if (dmin > dij) {
        dmin = dij;
        jj = j;
      }
    }
    nearest[i] = jj;
    nearestDiss[i] = dmin;
  }

  // The active clusters in index order: every loop below visits only them, in the order R's
  // loops over 1..n meet them, so each comparison and each tie is R's.
  const activeList = new Int32Array(n);
  for (let i = 0; i < n; i++) activeList[i] = i;
  let activeCount = n;
  // Row offsets of the condensed matrix: pair (i, j), i < j, at rowOffset[i] + j.
  const rowOffset = new Float64Array(n);
  for (let i = 0; i < n; i++) rowOffset[i] = pairIndex(n, i, 0);

  for (let step = 0; step < n - 1; step++) {
    if ((step & 63) === 0) {
      monitor.checkCancelled();
      monitor.progress(step / n, 'Ward: merging');
    }
    let dmin = Infinity;
    let im = 0;
    let jm = 0;
    for (let a = 0; a < activeCount; a++) {
      const i = activeList[a]!;
      if (i === n - 1) continue;
      if (nearestDiss[i]! < dmin) {
        dmin = nearestDiss[i]!;
        im = i;
        jm = nearest[i]!;
      }
    }
    const i2 = Math.min(im, jm);
    const j2 = Math.max(im, jm);
    mergedInto[step] = i2;
    mergedFrom[step] = j2;
    heights[step] = Math.sqrt(dmin);
    active[j2] = 0;
    // Take j2 out of the active list (kept in index order).
    let at = 0;
    while (activeList[at] !== j2) at++;
    activeList.copyWithin(at, at + 1, activeCount);
    activeCount--;

    const d12 = diss[rowOffset[i2]! + j2]!;
    const sizeI = members[i2]!;
    const sizeJ = members[j2]!;
    dmin = Infinity;
    for (let a = 0; a < activeCount; a++) {
      const k = activeList[a]!;
      if (k === i2) continue;
      const ind1 = i2 < k ? rowOffset[i2]! + k : rowOffset[k]! + i2;
      const ind2 = j2 < k ? rowOffset[j2]! + k : rowOffset[k]! + j2;
      const sizeK = members[k]!;
      const updated =
        ((sizeI + sizeK) * diss[ind1]! + (sizeJ + sizeK) * diss[ind2]! - sizeK * d12) /
        (sizeI + sizeJ + sizeK);
      diss[ind1] = updated;
      if (i2 < k) {
        if (updated < dmin) {
          dmin = updated;
          jj = k;
        }
      } else if (updated < nearestDiss[k]!) {
        // R's fix (JB) for non-monotone methods; harmless for Ward, kept for identical ties.
        nearestDiss[k] = updated;
        nearest[k] = i2;
      }
    }
    members[i2] = sizeI + sizeJ;
    nearestDiss[i2] = dmin;
    nearest[i2] = jj;

    for (let a = 0; a < activeCount; a++) {
      const i = activeList[a]!;
      if (i === n - 1 || (nearest[i] !== i2 && nearest[i] !== j2)) continue;
      let best = Infinity;
      const offset = rowOffset[i]!;
      for (let b = a + 1; b < activeCount; b++) {
        const j = activeList[b]!;
        const dij = diss[offset + j]!;
        if (dij < best) {
          best = dij;
          jj = j;
        }
      }
      nearest[i] = jj;
      nearestDiss[i] = best;
    }
  }
  monitor.progress(1, 'Ward');
  return { n, mergedInto, mergedFrom, heights };
}
