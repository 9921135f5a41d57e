// k-means++ seeding (Arthur & Vassilvitskii 2007) in its greedy form (as scikit-learn's
// _kmeans_plusplus): the first centre is a uniformly drawn point; each next one is the best,
// by resulting potential (sum of squared distances to the nearest centre), of 2 + floor(ln k)
// candidates drawn with probability proportional to D(x)^2. O(n d k log k) per seeding.

import { InputError } from '../../../shared/errors.ts';
import type { PointMatrix } from '../common/point-matrix.ts';
import { squaredDistance } from '../common/point-matrix.ts';
import type { Rng } from '../common/rng.ts';

/** k initial centres, row-major k x d (copies of data points). */
export function kMeansPlusPlus(points: PointMatrix, k: number, rng: Rng): Float64Array {
  const { n, d, values } = points;
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const nearest = new Float64Array(n); // D(x)^2 to the closest chosen centre
  const candidateNearest = new Float64Array(n);
  const bestNearest = new Float64Array(n);
  const cumulative = new Float64Array(n);

  const first = rng.nextInt(n);
  centres.set(values.subarray(first * d, first * d + d), 0);
  for (let i = 0; i < n; i++) nearest[i] = squaredDistance(values, i, values, first, d);

  for (let chosen = 1; chosen < k; chosen++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += nearest[i];
      cumulative[i] = total;
    }
    if (!(total > 0)) {
      throw new InputError(
        `k-means: the complete rows hold only ${chosen} distinct point${chosen === 1 ? '' : 's'}, ` +
          `fewer than k = ${k} segments; choose a smaller k`,
        { option: 'k' },
      );
    }
    let bestPotential = Infinity;
    let bestCandidate = -1;
    for (let t = 0; t < trials; t++) {
      const candidate = drawProportional(cumulative, total * rng.nextFloat());
      let potential = 0;
      for (let i = 0; i < n; i++) {
        const distance = squaredDistance(values, i, values, candidate, d);
        const closest = distance < nearest[i] ? distance : nearest[i];
        candidateNearest[i] = closest;
        potential += closest;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestCandidate = candidate;
        bestNearest.set(candidateNearest);
      }
    }
    centres.set(values.subarray(bestCandidate * d, bestCandidate * d + d), chosen * d);
    nearest.set(bestNearest);
  }
  return centres;
}

/** First index whose cumulative weight exceeds `target` (binary search), skipping zero weights. */
function drawProportional(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
