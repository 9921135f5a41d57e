// State-occupation probabilities by the forward Aalen-Johansen product integral, as R
// mstate::probtrans(msfit, predt = start, direction = "forward", variance = TRUE) (method
// "aalen"; fixture READMEs, `probtrans`):
//   P(start, t) = prod over grid times start < u <= t of B(u) = I + dA(u),
//   dA(u)[i, j] = increment at u of Haz of transition i -> j, dA(u)[i, i] = -(row sum),
// all transitions with an event at u in one matrix (simultaneous), not clamped to [0, 1].
// Only the row p of `from` is needed, and its covariance V evolves on its own:
//   p(u) = p(u-) B,   V(u) = B' V(u-) B + sum_i p(u)_i^2 Cov(dA(u)[i, .]),
// with p(u) AFTER the step in the second term ("aalen"; "greenwood" would use p(u-)).
// Cov(dA[i, .]) holds msfit's Greenwood increments: (n - d_k) d_k / n^3 for transition k,
// -d_k d_l / n^3 for two transitions out of i (same risk set), rows of different states
// independent, extended to dA[i, i] = -sum_k dA[i, k]. The variance starts at zero at
// `start`. A requested time t reads the product over grid times <= t (right-continuous).
// Time O(G S^3) for G grid times and S states; memory O(S^2).

import type { CumulativeHazards, HazardSteps } from './cumulative-hazard.ts';

export interface OccupationRow {
  time: number;
  state: string;
  prob: number;
  se: number;
}

function hasGreenwood(hazards: HazardSteps): hazards is CumulativeHazards {
  return 'atRisk' in hazards && 'events' in hazards;
}

/**
 * P(in each state at each of `times` | in state `fromState` (0-based) at `start`), with
 * standard errors when the hazards carry their risk sets (the null model; NaN otherwise,
 * as probtrans(variance = FALSE) for a covariate profile); rows by requested time (in the
 * order given), then by state.
 */
export function transitionProbabilities(
  hazards: HazardSteps,
  fromState: number,
  start: number,
  times: readonly number[],
): OccupationRow[] {
  const { states, fromState: transitionFrom, toState: transitionTo, outgoing } = hazards.transitions;
  const greenwood = hasGreenwood(hazards) ? hazards : null;
  const stateCount = states.length;
  const gridCount = hazards.times.length;
  const probability = new Float64Array(stateCount);
  probability[fromState] = 1;
  const covariance = new Float64Array(stateCount * stateCount);
  const scratch = new Float64Array(stateCount * stateCount);
  const step = new Float64Array(stateCount * stateCount); // B = I + dA, row-major
  const increment = new Float64Array(transitionFrom.length);
  const before = new Float64Array(stateCount);

  const order = times.map((_, index) => index).sort((a, b) => times[a] - times[b]);
  const results: { prob: Float64Array; variance: Float64Array }[] = new Array<{
    prob: Float64Array;
    variance: Float64Array;
  }>(times.length);
  const record = (index: number): void => {
    const variance = new Float64Array(stateCount);
    for (let j = 0; j < stateCount; j++) variance[j] = covariance[j * stateCount + j];
    results[index] = { prob: Float64Array.from(probability), variance };
  };

  let next = 0;
  for (let g = 0; g < gridCount; g++) {
    const u = hazards.times[g];
    while (next < order.length && times[order[next]] < u) record(order[next++]);
    if (next === order.length) break;
    if (u <= start) continue;

    // B = I + dA(u).
    step.fill(0);
    for (let s = 0; s < stateCount; s++) step[s * stateCount + s] = 1;
    for (let k = 0; k < transitionFrom.length; k++) {
      const dHaz = hazards.increments[k * gridCount + g];
      increment[k] = dHaz;
      step[transitionFrom[k] * stateCount + transitionTo[k]] += dHaz;
      step[transitionFrom[k] * stateCount + transitionFrom[k]] -= dHaz;
    }

    // p(u) = p(u-) B.
    before.set(probability);
    for (let j = 0; j < stateCount; j++) {
      let sum = 0;
      for (let i = 0; i < stateCount; i++) sum += before[i] * step[i * stateCount + j];
      probability[j] = sum;
    }

    if (!greenwood) continue;
    // V <- B' (V B), the product V B held in scratch.
    for (let i = 0; i < stateCount; i++) {
      for (let j = 0; j < stateCount; j++) {
        let sum = 0;
        for (let m = 0; m < stateCount; m++) sum += covariance[i * stateCount + m] * step[m * stateCount + j];
        scratch[i * stateCount + j] = sum;
      }
    }
    for (let i = 0; i < stateCount; i++) {
      for (let j = 0; j < stateCount; j++) {
        let sum = 0;
        for (let m = 0; m < stateCount; m++) sum += step[m * stateCount + i] * scratch[m * stateCount + j];
        covariance[i * stateCount + j] = sum;
      }
    }

    // + sum_i p(u)_i^2 Cov(dA[i, .]): for each pair of transitions k, l out of state i,
    // Cov(dA[i, to_k], dA[i, to_l]) = c_kl, and the diagonal dA[i, i] = -sum_k dA[i, k]
    // contributes -c_kl to (i, to_l) and (to_k, i) and +c_kl to (i, i).
    for (let i = 0; i < stateCount; i++) {
      const weight = probability[i] * probability[i];
      if (weight === 0) continue;
      const out = outgoing[i];
      for (const k of out) {
        if (increment[k] === 0) continue;
        const n = greenwood.atRisk[k * gridCount + g];
        const dk = greenwood.events[k * gridCount + g];
        for (const l of out) {
          const dl = greenwood.events[l * gridCount + g];
          if (dl === 0) continue;
          const c = (k === l ? (n - dk) * dk : -dk * dl) / (n * n * n);
          const a = transitionTo[k];
          const b = transitionTo[l];
          covariance[a * stateCount + b] += weight * c;
          covariance[i * stateCount + b] -= weight * c;
          covariance[a * stateCount + i] -= weight * c;
          covariance[i * stateCount + i] += weight * c;
        }
      }
    }
  }
  while (next < order.length) record(order[next++]);

  const rows: OccupationRow[] = [];
  times.forEach((time, index) => {
    const { prob, variance } = results[index];
    states.forEach((state, s) => {
      // An exact 0 or 1 leaves a rounding residual of either sign (~1e-19) as its variance.
      const se = greenwood ? Math.sqrt(Math.max(0, variance[s])) : NaN;
      rows.push({ time, state, prob: prob[s], se });
    });
  });
  return rows;
}
