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
// Time O(R q + R log R + K G) for R long rows, q base columns, K transitions, G grid times.

import type { LongData } from './msprep.ts';
import type { HazardSteps } from './cumulative-hazard.ts';
import type { CovariateModel } from './coefficients.ts';

/** The base design row of a customer profile and the model give that profile's hazards. */
export function profileHazards(
  long: LongData,
  model: CovariateModel,
  grid: Float64Array,
  profileRow: Float64Array,
): HazardSteps {
  const transitionCount = long.transitions.fromState.length;
  const q = model.design.terms.length;
  const gridCount = grid.length;
  const increments = new Float64Array(transitionCount * gridCount);
  const cumulativeHazard = new Float64Array(transitionCount * gridCount);
  const gridIndex = new Map<number, number>();
  grid.forEach((time, g) => gridIndex.set(time, g));

  const rowsOf: number[][] = Array.from({ length: transitionCount }, () => []);
  for (let r = 0; r < long.rowCount; r++) {
    if (long.tStop[r] > long.tStart[r]) rowsOf[long.transition[r]].push(r);
  }
  const coefficient = (k: number, c: number): number => {
    const value = model.fit.coefficients[k * q + c];
    return Number.isNaN(value) ? 0 : value;
  };

  for (let k = 0; k < transitionCount; k++) {
    const rows = rowsOf[k];
    if (rows.length === 0) continue;
    const centre = new Float64Array(q);
    for (const r of rows) {
      const base = long.subject[r] * q;
      for (let c = 0; c < q; c++) centre[c] += model.design.values[base + c];
    }
    for (let c = 0; c < q; c++) centre[c] /= rows.length;
    const linearPredictor = (values: ArrayLike<number>, offset: number): number => {
      let sum = 0;
      for (let c = 0; c < q; c++) sum += coefficient(k, c) * (values[offset + c] - centre[c]);
      return sum;
    };
    const weight = Float64Array.from(rows, (r) =>
      Math.exp(linearPredictor(model.design.values, long.subject[r] * q)),
    );
    const relativeHazard = Math.exp(linearPredictor(profileRow, 0));

    // Sweep the grid in time order: a row enters the risk set once u > Tstart and leaves
    // once u > Tstop; events are rows with status 1 at Tstop == u.
    const byStart = rows.map((_, i) => i).sort((a, b) => long.tStart[rows[a]] - long.tStart[rows[b]]);
    const byStop = rows.map((_, i) => i).sort((a, b) => long.tStop[rows[a]] - long.tStop[rows[b]]);
    const eventsAt = new Float64Array(gridCount);
    for (const r of rows) {
      if (long.status[r] !== 1) continue;
      const g = gridIndex.get(long.tStop[r]);
      if (g !== undefined) eventsAt[g]++;
    }
    let entered = 0;
    let left = 0;
    // Sums of weights entering minus leaving: two running sums, not one, keep rounding from
    // accumulating when rows leave (S0 = entered - left, each a sum of positive terms).
    let weightEntered = 0;
    let weightLeft = 0;
    let hazard = 0;
    const base = k * gridCount;
    for (let g = 0; g < gridCount; g++) {
      const u = grid[g];
      while (entered < byStart.length && long.tStart[rows[byStart[entered]]] < u) {
        weightEntered += weight[byStart[entered++]];
      }
      while (left < byStop.length && long.tStop[rows[byStop[left]]] < u) weightLeft += weight[byStop[left++]];
      const d = eventsAt[g];
      if (d > 0) {
        const step = (d * relativeHazard) / (weightEntered - weightLeft);
        increments[base + g] = step;
        hazard += step;
      }
      cumulativeHazard[base + g] = hazard;
    }
  }
  return { transitions: long.transitions, times: grid, increments, cumulativeHazard };
}
