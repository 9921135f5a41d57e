// Nelson-Aalen cumulative hazard per transition for the null model stratified by transition,
// as R survival::coxph(Surv(Tstart, Tstop, status) ~ strata(trans), method = "breslow")
// followed by mstate::msfit(vartype = "greenwood") (fixture READMEs, `cumhaz`):
//   n_k(u) = rows of transition k with Tstart < u <= Tstop (zero-length rows never count),
//   d_k(u) = rows of k with Tstop == u and status 1 (ties are one step, Breslow),
//   Haz_k(t)    = sum_{u <= t} d_k(u) / n_k(u),
//   varHaz_k(t) = sum_{u <= t} (n_k(u) - d_k(u)) d_k(u) / n_k(u)^3   (Greenwood form),
// and for two transitions k, l out of one state (same risk set n) the covariance
//   -sum_{u <= t} d_k(u) d_l(u) / n(u)^3, which only probtrans uses.
// The grid is every distinct event time of any transition (value 0 before a transition's
// first event); msfit's extra last follow-up time is not added (DESIGN.md, event times only).
// Time O(R log R + K G) for R long rows, K transitions and G grid times; memory O(K G).

import type { LongData, TransitionMatrix } from './msprep.ts';

/** Cumulative hazards of every transition on a common grid of times (what probtrans needs). */
export interface HazardSteps {
  transitions: TransitionMatrix;
  /** Distinct event times of any transition, ascending (G of them). */
  times: Float64Array;
  /** Row-major K x G: the increment dA_k(u) at times[g], and its running sum. */
  increments: Float64Array;
  cumulativeHazard: Float64Array;
}

/** The null model's hazards, with what their Greenwood (co)variances are made of. */
export interface CumulativeHazards extends HazardSteps {
  /** Row-major K x G: entry k * G + g is for transition k at times[g]. */
  atRisk: Float64Array;
  events: Float64Array;
  /** Greenwood variance of the cumulative hazard. */
  variance: Float64Array;
}

export interface CumulativeHazardRow {
  /** Transition number, 1-based as mstate's `trans`. */
  trans: number;
  time: number;
  Haz: number;
  varHaz: number;
}

export function nelsonAalen(long: LongData): CumulativeHazards {
  const transitionCount = long.transitions.fromState.length;
  // Per transition: the start and stop times of its rows that can be at risk, and its event
  // times, in typed arrays filled after one counting pass.
  const rowCounts = new Int32Array(transitionCount);
  const eventCounts = new Int32Array(transitionCount);
  for (let r = 0; r < long.rowCount; r++) {
    if (!(long.tStop[r] > long.tStart[r])) continue;
    rowCounts[long.transition[r]]++;
    if (long.status[r] === 1) eventCounts[long.transition[r]]++;
  }
  const starts = Array.from(rowCounts, (count) => new Float64Array(count));
  const stops = Array.from(rowCounts, (count) => new Float64Array(count));
  const eventTimes = Array.from(eventCounts, (count) => new Float64Array(count));
  const rowsFilled = new Int32Array(transitionCount);
  const eventsFilled = new Int32Array(transitionCount);
  const gridSet = new Set<number>();
  for (let r = 0; r < long.rowCount; r++) {
    const start = long.tStart[r];
    const stop = long.tStop[r];
    // coxph drops zero-length rows (Surv gives NA): never at risk, never an event.
    if (!(stop > start)) continue;
    const k = long.transition[r];
    starts[k][rowsFilled[k]] = start;
    stops[k][rowsFilled[k]++] = stop;
    if (long.status[r] === 1) {
      eventTimes[k][eventsFilled[k]++] = stop;
      gridSet.add(stop);
    }
  }
  const times = Float64Array.from(gridSet).sort();
  const gridCount = times.length;
  const atRisk = new Float64Array(transitionCount * gridCount);
  const events = new Float64Array(transitionCount * gridCount);
  const cumulativeHazard = new Float64Array(transitionCount * gridCount);
  const increments = new Float64Array(transitionCount * gridCount);
  const variance = new Float64Array(transitionCount * gridCount);
  for (let k = 0; k < transitionCount; k++) {
    const sortedStarts = starts[k].sort();
    const sortedStops = stops[k].sort();
    const sortedEvents = eventTimes[k].sort();
    let startsBefore = 0; // rows with Tstart < u
    let stopsBefore = 0; // rows with Tstop < u
    let eventPointer = 0;
    let hazard = 0;
    let greenwood = 0;
    const base = k * gridCount;
    for (let g = 0; g < gridCount; g++) {
      const u = times[g];
      while (startsBefore < sortedStarts.length && sortedStarts[startsBefore] < u) startsBefore++;
      while (stopsBefore < sortedStops.length && sortedStops[stopsBefore] < u) stopsBefore++;
      let d = 0;
      while (eventPointer < sortedEvents.length && sortedEvents[eventPointer] === u) {
        d++;
        eventPointer++;
      }
      // Rows with Tstart < u <= Tstop: started before u, minus those that also stopped before u.
      const n = startsBefore - stopsBefore;
      if (d > 0) {
        increments[base + g] = d / n;
        hazard += d / n;
        greenwood += ((n - d) * d) / (n * n * n);
      }
      atRisk[base + g] = n;
      events[base + g] = d;
      cumulativeHazard[base + g] = hazard;
      variance[base + g] = greenwood;
    }
  }
  return { transitions: long.transitions, times, increments, atRisk, events, cumulativeHazard, variance };
}

/** The `cumhaz` table: every transition at every grid time, by transition then time. */
export function cumulativeHazardRows(hazards: CumulativeHazards): CumulativeHazardRow[] {
  const gridCount = hazards.times.length;
  const transitionCount = hazards.transitions.fromState.length;
  const rows: CumulativeHazardRow[] = [];
  for (let k = 0; k < transitionCount; k++) {
    for (let g = 0; g < gridCount; g++) {
      rows.push({
        trans: k + 1,
        time: hazards.times[g],
        Haz: hazards.cumulativeHazard[k * gridCount + g],
        varHaz: hazards.variance[k * gridCount + g],
      });
    }
  }
  return rows;
}
