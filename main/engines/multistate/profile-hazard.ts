// Cumulative hazards of a covariate profile under the covariate model, as R
// mstate::msfit(coxph fit, newdata = profile expanded per transition) (C routine agmssurv;
// fixture READMEs, `profile_probtrans`), on the null model's grid of event times:
//   dA_k(u | z) = d_k(u) exp(b_k' z) / S0_k(u),   S0_k(u) = sum over rows i of k at risk at u
//   (Tstart < u <= Tstop) of exp(b_k' x_i),
// the Breslow estimator of transition k's baseline hazard times the profile's relative
// hazard. msfit uses this Breslow form whatever the fit's tie method, so it is used for
// Efron fits too. A coefficient R reports as NA (singular column) contributes nothing.
// Covariates are centred per transition before exponentiating (the ratio does not change)
// so that large covariate values cannot overflow.
// Time O(R (q + log G) + K G) once per model (breslowBaseline) for R long rows, q base
// columns, K transitions and G grid times; O(K (G + q)) per profile.

import type { LongData } from './msprep.ts';
import type { HazardSteps } from './cumulative-hazard.ts';
import type { CovariateModel } from './coefficients.ts';

/**
 * Transition k's Breslow baseline at its centre c_k (the mean design row of its rows):
 * dH0_k(u) = d_k(u) / sum_{i at risk} exp(b_k' (x_i - c_k)), on the grid. A profile z then
 * has dA_k(u | z) = dH0_k(u) exp(b_k' (z - c_k)), so the risk-set sweep runs once per model.
 */
export interface BreslowBaseline {
  long: LongData;
  model: CovariateModel;
  grid: Float64Array;
  /** Row-major K x q centres. */
  centres: Float64Array;
  /** Row-major K x G baseline increments. */
  increments: Float64Array;
}

function coefficientOf(model: CovariateModel, k: number, c: number): number {
  const value = model.fit.coefficients[k * model.design.terms.length + c];
  return Number.isNaN(value) ? 0 : value;
}

export function breslowBaseline(long: LongData, model: CovariateModel, grid: Float64Array): BreslowBaseline {
  const transitionCount = long.transitions.fromState.length;
  const q = model.design.terms.length;
  const values = model.design.values;
  const gridCount = grid.length;
  const increments = new Float64Array(transitionCount * gridCount);
  const centres = new Float64Array(transitionCount * q);

  // A row is at risk at grid times u with Tstart < u <= Tstop: from the first grid index with
  // u > Tstart up to the last with u <= Tstop. Its weight goes into `entering` at the first
  // and `leaving` after the last; S0 at g is the running sum of entering minus that of leaving
  // (two sums of positive terms, so rounding does not build up as rows leave).
  const firstAfter = (time: number): number => {
    let low = 0;
    let high = gridCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (grid[middle] <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const sums = new Float64Array(transitionCount * q);
  const counts = new Int32Array(transitionCount);
  for (let r = 0; r < long.rowCount; r++) {
    if (!(long.tStop[r] > long.tStart[r])) continue;
    const k = long.transition[r];
    counts[k]++;
    const base = long.subject[r] * q;
    for (let c = 0; c < q; c++) sums[k * q + c] += values[base + c];
  }
  for (let k = 0; k < transitionCount; k++) {
    for (let c = 0; c < q; c++) centres[k * q + c] = counts[k] > 0 ? sums[k * q + c] / counts[k] : 0;
  }
  const beta = Float64Array.from({ length: transitionCount * q }, (_, j) =>
    coefficientOf(model, Math.floor(j / q), j % q),
  );
  const entering = new Float64Array(transitionCount * (gridCount + 1));
  const leaving = new Float64Array(transitionCount * (gridCount + 1));
  const events = new Float64Array(transitionCount * gridCount);
  for (let r = 0; r < long.rowCount; r++) {
    if (!(long.tStop[r] > long.tStart[r])) continue;
    const k = long.transition[r];
    const base = long.subject[r] * q;
    let eta = 0;
    for (let c = 0; c < q; c++) eta += beta[k * q + c] * (values[base + c] - centres[k * q + c]);
    const weight = Math.exp(eta);
    const first = firstAfter(long.tStart[r]);
    const afterLast = firstAfter(long.tStop[r]);
    entering[k * (gridCount + 1) + first] += weight;
    leaving[k * (gridCount + 1) + afterLast] += weight;
    // An event time is a grid time: the last grid index <= Tstop is Tstop itself.
    if (long.status[r] === 1 && afterLast > 0) events[k * gridCount + afterLast - 1]++;
  }
  for (let k = 0; k < transitionCount; k++) {
    let weightEntered = 0;
    let weightLeft = 0;
    for (let g = 0; g < gridCount; g++) {
      weightEntered += entering[k * (gridCount + 1) + g];
      weightLeft += leaving[k * (gridCount + 1) + g];
      const d = events[k * gridCount + g];
      if (d > 0) increments[k * gridCount + g] = d / (weightEntered - weightLeft);
    }
  }
  return { long, model, grid, centres, increments };
}

/** The hazards of a profile (its base design row): the baseline scaled per transition. */
export function profileHazards(baseline: BreslowBaseline, profileRow: Float64Array): HazardSteps {
  const { long, model, grid, centres } = baseline;
  const transitionCount = long.transitions.fromState.length;
  const q = model.design.terms.length;
  const gridCount = grid.length;
  const increments = new Float64Array(transitionCount * gridCount);
  const cumulativeHazard = new Float64Array(transitionCount * gridCount);
  for (let k = 0; k < transitionCount; k++) {
    let eta = 0;
    for (let c = 0; c < q; c++) eta += coefficientOf(model, k, c) * (profileRow[c] - centres[k * q + c]);
    const relativeHazard = Math.exp(eta);
    let hazard = 0;
    for (let g = k * gridCount; g < (k + 1) * gridCount; g++) {
      const step = baseline.increments[g] * relativeHazard;
      increments[g] = step;
      hazard += step;
      cumulativeHazard[g] = hazard;
    }
  }
  return { transitions: long.transitions, times: grid, increments, cumulativeHazard };
}
