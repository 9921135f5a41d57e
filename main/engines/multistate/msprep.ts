// From one row per subject (wide format: for each state after the first a time column and a
// 0/1 status column) to counting-process rows per transition at risk, as R mstate::msprep
// (0.3.3) with the conventions of the fixture READMEs (test/fixtures/multistate/*):
//   - everyone starts in states[0] at time 0;
//   - in state s from Tstart, the next state is the reachable state (a transition s -> r
//     exists) with the smallest time among those with status 1 and time >= Tstart; equal
//     smallest times go to the state listed first in `states` (mstate warns); a status-0
//     time before it does not stop the subject (mstate warns);
//   - no such state: censored in s at the smallest reachable time >= Tstart (at Tstart when
//     there is none), every row from s with status 0;
//   - a subject in s gets one row per transition out of s, all on (Tstart, Tstop], status 1
//     on the transition taken; zero-length rows (Tstop == Tstart) are kept, as msprep does;
//   - the subject stops at an absorbing state.
// Rows come out by subject, then by transition number, as msprep orders them.
// Time O(n * (visits * out-degree)), memory O(rows).

import type { Frame, FrameColumn, NumericValues } from '../../../shared/frame.ts';
import { cellText, findColumn, isNumericColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';

/** The states, the allowed transitions and where each state's time and status live. */
export interface MultistateLayout {
  /** The id column; customers are numbered by row (1, 2, ...) without it. */
  id?: string;
  states: string[];
  /** [from, to] pairs; transition k (1-based) is the k-th pair. */
  transitions: [string, string][];
  /** Time column of every state after the first. */
  time: Record<string, string>;
  /** Status (0/1) column of every state after the first. */
  status: Record<string, string>;
}

/** Transitions as state indices (0-based), in the order of the layout. */
export interface TransitionMatrix {
  states: string[];
  fromState: Int32Array;
  toState: Int32Array;
  /** outgoing[s]: the transitions (0-based) out of state s, in transition order. */
  outgoing: number[][];
}

/** The long data: one entry per row, columns as typed arrays (msprep's msdata). */
export interface LongData {
  transitions: TransitionMatrix;
  subjectCount: number;
  /** Subject ids as text (the id column's cells), by subject. */
  subjectIds: (string | null)[];
  /** Subject (0-based frame row) of every long row. */
  subject: Int32Array;
  /** Transition (0-based) of every long row; `from`/`to` follow from it. */
  transition: Int32Array;
  tStart: Float64Array;
  tStop: Float64Array;
  status: Uint8Array;
  rowCount: number;
  /** What msprep would warn about (the data are used as the conventions say). */
  warnings: string[];
}

export function transitionMatrix(layout: MultistateLayout): TransitionMatrix {
  const { states } = layout;
  const stateIndex = new Map(states.map((name, index) => [name, index]));
  if (stateIndex.size !== states.length) {
    throw new InputError('option states: every state needs its own name', { option: 'states' });
  }
  const count = layout.transitions.length;
  const fromState = new Int32Array(count);
  const toState = new Int32Array(count);
  const outgoing: number[][] = states.map(() => []);
  const seen = new Set<string>();
  layout.transitions.forEach(([from, to], k) => {
    const fromIndex = stateIndex.get(from);
    const toIndex = stateIndex.get(to);
    if (fromIndex === undefined || toIndex === undefined) {
      const missing = fromIndex === undefined ? from : to;
      throw new InputError(
        `option transitions, transition ${k + 1}: state "${missing}" is not one of the states`,
        {
          option: 'transitions',
        },
      );
    }
    if (toIndex === 0) {
      throw new InputError(
        `option transitions, transition ${k + 1}: "${from}" -> "${to}" enters the start state`,
        { option: 'transitions' },
      );
    }
    if (fromIndex === toIndex || seen.has(`${fromIndex},${toIndex}`)) {
      throw new InputError(
        `option transitions, transition ${k + 1}: "${from}" -> "${to}" is a loop or listed twice`,
        { option: 'transitions' },
      );
    }
    seen.add(`${fromIndex},${toIndex}`);
    fromState[k] = fromIndex;
    toState[k] = toIndex;
    outgoing[fromIndex].push(k);
  });
  return { states: [...states], fromState, toState, outgoing };
}

function numericColumn(frame: Frame, name: string | undefined, state: string, role: string): NumericValues {
  if (name === undefined) {
    throw new InputError(`option ${role}: no ${role} column for state "${state}"`, { option: role });
  }
  const column: FrameColumn | undefined = findColumn(frame, name);
  if (!column) {
    throw new InputError(`data "${frame.name}", column ${name}: not found (${role} of state "${state}")`, {
      column: name,
    });
  }
  if (!isNumericColumn(column)) {
    throw new InputError(`data "${frame.name}", column ${name}: expected numbers (${role} of "${state}")`, {
      column: name,
    });
  }
  return column.values;
}

/** Checks the columns (times finite and >= 0, status 0 or 1) and builds the long data. */
export function msprep(frame: Frame, layout: MultistateLayout): LongData {
  const transitions = transitionMatrix(layout);
  const stateCount = transitions.states.length;
  const n = frame.rowCount;
  const idColumn = layout.id === undefined ? undefined : findColumn(frame, layout.id);
  if (layout.id !== undefined && !idColumn) {
    throw new InputError(`data "${frame.name}", column ${layout.id}: not found (chosen as the id)`, {
      column: layout.id,
    });
  }
  // times[s] / statuses[s] for s >= 1; index 0 unused.
  const times: NumericValues[] = [new Float64Array(0)];
  const statuses: NumericValues[] = [new Float64Array(0)];
  for (let s = 1; s < stateCount; s++) {
    const state = transitions.states[s];
    if (!transitions.toState.includes(s)) {
      // No transition enters it: its columns are never read (and need not exist).
      times.push(new Float64Array(0));
      statuses.push(new Float64Array(0));
      continue;
    }
    const timeName = layout.time[state];
    const statusName = layout.status[state];
    const time = numericColumn(frame, timeName, state, 'time');
    const status = numericColumn(frame, statusName, state, 'status');
    for (let row = 0; row < n; row++) {
      const t = time[row];
      if (!Number.isFinite(t) || t < 0) {
        throw new InputError(
          `data "${frame.name}", row ${row + 1}, column ${timeName}: expected a time >= 0, ` +
            `got ${Number.isNaN(t) ? 'a missing value' : String(t)}`,
          { row: row + 1, column: timeName },
        );
      }
      const d = status[row];
      if (d !== 0 && d !== 1) {
        throw new InputError(
          `data "${frame.name}", row ${row + 1}, column ${statusName}: expected a status 0 or 1, ` +
            `got ${Number.isNaN(d) ? 'a missing value' : String(d)}`,
          { row: row + 1, column: statusName },
        );
      }
    }
    times.push(time);
    statuses.push(status);
  }

  // Typed columns grown by doubling (pushing millions of numbers into arrays is slow).
  let capacity = Math.max(16, n * 2);
  let subject = new Int32Array(capacity);
  let transition = new Int32Array(capacity);
  let tStart = new Float64Array(capacity);
  let tStop = new Float64Array(capacity);
  let status = new Uint8Array(capacity);
  let rowCount = 0;
  const addRow = (row: number, k: number, start: number, stop: number, event: number): void => {
    if (rowCount === capacity) {
      capacity *= 2;
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(old: T, fresh: T): T => {
        fresh.set(old);
        return fresh;
      };
      subject = grow(subject, new Int32Array(capacity));
      transition = grow(transition, new Int32Array(capacity));
      tStart = grow(tStart, new Float64Array(capacity));
      tStop = grow(tStop, new Float64Array(capacity));
      status = grow(status, new Uint8Array(capacity));
    }
    subject[rowCount] = row;
    transition[rowCount] = k;
    tStart[rowCount] = start;
    tStop[rowCount] = stop;
    status[rowCount] = event;
    rowCount++;
  };
  const subjectIds: (string | null)[] = new Array<string | null>(n);
  const notes = new Map<string, { count: number; example: string }>();
  const note = (kind: string, example: () => string): void => {
    const seen = notes.get(kind);
    if (seen) seen.count++;
    else notes.set(kind, { count: 1, example: example() });
  };
  for (let row = 0; row < n; row++) {
    subjectIds[row] = idColumn ? cellText(idColumn, row) : String(row + 1);
    let state = 0;
    let start = 0;
    // Each step moves to a later state in time order; the state count bounds the visits.
    for (let visits = 0; visits < stateCount; visits++) {
      const out = transitions.outgoing[state];
      if (out.length === 0) break;
      let next = -1;
      let nextTime = Infinity;
      let censorTime = Infinity;
      for (const k of out) {
        const target = transitions.toState[k];
        const t = times[target][row];
        if (t < start) {
          if (statuses[target][row] === 1) {
            note('earlier', () => {
              const column = layout.time[transitions.states[target]];
              return `row ${row + 1}: ${column} = ${t}, before entering ${transitions.states[state]} at ${start}`;
            });
          }
          continue;
        }
        if (t < censorTime) censorTime = t;
        // Ties: the state listed first wins, so replace only on a strictly smaller time.
        if (statuses[target][row] === 1 && (t < nextTime || (t === nextTime && target < next))) {
          next = target;
          nextTime = t;
        }
      }
      if (next >= 0) {
        for (const k of out) {
          const target = transitions.toState[k];
          const t = times[target][row];
          if (t < start || target === next) continue;
          if (statuses[target][row] === 1 && t === nextTime) {
            note(
              'tie',
              () => `row ${row + 1}: ${transitions.states[next]} and ${transitions.states[target]} at ${t}`,
            );
          } else if (t < nextTime) {
            note(
              'censored',
              () => `row ${row + 1}: ${layout.status[transitions.states[target]]} = 0 at ${t}`,
            );
          }
        }
      }
      const stop = next >= 0 ? nextTime : Number.isFinite(censorTime) ? censorTime : start;
      for (const k of out) addRow(row, k, start, stop, next >= 0 && transitions.toState[k] === next ? 1 : 0);
      if (next < 0) break;
      state = next;
      start = stop;
    }
  }
  const warnings: string[] = [];
  const explain: Record<string, string> = {
    earlier:
      'entered a state (status 1) at a time before they reached the state they were in; that entry is ignored (treated as censored), as mstate msprep does',
    tie: 'entered two reachable states at the same time; the state listed first is taken, as mstate msprep does',
    censored:
      'have a censored (status 0) time before the state they entered next; the entry is still taken, as mstate msprep does',
  };
  for (const [kind, { count, example }] of notes) {
    warnings.push(
      `data "${frame.name}": ${count} customer${count === 1 ? '' : 's'} ${explain[kind]} (e.g. ${example})`,
    );
  }
  return {
    transitions,
    warnings,
    subjectCount: n,
    subjectIds,
    subject: subject.slice(0, rowCount),
    transition: transition.slice(0, rowCount),
    tStart: tStart.slice(0, rowCount),
    tStop: tStop.slice(0, rowCount),
    status: status.slice(0, rowCount),
    rowCount,
  };
}
