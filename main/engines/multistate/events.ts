// Transition frequencies, as R mstate::events(msdata)$Frequencies (mstate 0.3.3):
//   count(k)            = long rows of transition k with status 1;
//   total entering(s)   = subjects with rows out of s (every subject for the start state),
//                         or, for an absorbing state, the transitions into s summed;
//   no event(s)         = total entering(s) - transitions out of s.
// One row per allowed transition (targets in `states` order), then "no event" and
// "total entering", for every state, absorbing ones included; the zero cells of impossible
// pairs are left out. Time O(rows + transitions).

import type { LongData } from './msprep.ts';

export interface FrequencyRow {
  from: string;
  /** A state, "no event" or "total entering". */
  to: string;
  count: number;
}

export function transitionFrequencies(long: LongData): FrequencyRow[] {
  const { states, fromState, toState, outgoing } = long.transitions;
  const transitionCount = fromState.length;
  const events = new Float64Array(transitionCount);
  const rowsOut = new Float64Array(transitionCount);
  for (let r = 0; r < long.rowCount; r++) {
    const k = long.transition[r];
    rowsOut[k] += 1;
    events[k] += long.status[r];
  }
  const entering = new Float64Array(states.length);
  for (let k = 0; k < transitionCount; k++) entering[toState[k]] += events[k];

  const table: FrequencyRow[] = [];
  states.forEach((from, s) => {
    const out = [...outgoing[s]].sort((a, b) => toState[a] - toState[b]);
    // Each visit to s gives one row per transition out of s, so the rows of any one of them
    // count the subjects that were in s.
    const totalEntering = s === 0 ? long.subjectCount : out.length > 0 ? rowsOut[out[0]] : entering[s];
    let leaving = 0;
    for (const k of out) {
      table.push({ from, to: states[toState[k]], count: events[k] });
      leaving += events[k];
    }
    table.push({ from, to: 'no event', count: totalEntering - leaving });
    table.push({ from, to: 'total entering', count: totalEntering });
  });
  return table;
}
