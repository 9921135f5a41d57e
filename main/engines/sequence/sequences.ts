// Customer journeys as the sequence engine reads them (DESIGN.md section 4 `sequence`; the
// TraMineR conventions of ../shared/fixtures/sequence/*/README.md and seqdef's defaults): a
// grid of states, one row per customer and one column per period (reshape.ts builds it from
// wide, long or event-log data), becomes state codes.
//   - the alphabet is the distinct states sorted by code units (seqdef's default in the C
//     locale), unless the analyst gives one (then every state must be in it);
//   - a state's code is its index in the alphabet; customers keep the grid's order;
//   - missing periods at the end shorten the journey (seqdef right = "DEL": void); missing
//     periods before or inside it (left = NA, gaps = NA) are TraMineR's missing state "*",
//     which seqdist refuses unless with.missing: here `with_missing` makes "*" a state of its
//     own, the last code, else they are refused naming the customer and period;
//   - a customer without any state is refused (TraMineR warns and computes nothing useful).
// Cost: O(n T) time, n T bytes for the codes (an alphabet of at most 254 states).
import type { Frame } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';
import { wideGrid, type StateGrid } from './reshape.ts';

/** The code after a journey's end (TraMineR's void). */
export const VOID_CODE = 255;
/** TraMineR's missing state. */
export const MISSING_STATE = '*';

export interface EncodedSequences {
  /** Customer ids as text, in order (row numbers from 1 when there is no id column). */
  ids: string[];
  /** Whether the ids were numbers in the data. */
  idsAreNumbers: boolean;
  /** The period names, in order (the `time` of the per-period tables). */
  periods: string[];
  /** The states in alphabet order, then "*" when missing periods are kept as a state. */
  alphabet: string[];
  /** The states proper: codes 0 .. states - 1 (the descriptions count only these). */
  states: number;
  /** The code of "*", or -1. */
  missing: number;
  /** Customers. */
  n: number;
  /** Periods (T): the longest journey. */
  length: number;
  /** Row-major n x T state codes: customer i's period t is codes[i * T + t]; VOID_CODE after the end. */
  codes: Uint8Array;
  /** Each customer's journey length (periods up to the last known state). */
  lengths: Int32Array;
}

/** Code-unit order (what R's sort gives in the C locale). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a grid cell came from, for messages. */
function where(frame: string, grid: StateGrid, i: number, t: number): string {
  const row = grid.rows[i * grid.periods.length + t]!;
  return row > 0
    ? `data "${frame}", row ${row}, customer ${grid.ids[i]}, period ${grid.periods[t]}`
    : `data "${frame}", customer ${grid.ids[i]}, period ${grid.periods[t]}`;
}

export function encodeGrid(
  grid: StateGrid,
  frameName: string,
  alphabet: readonly string[] | undefined,
  withMissing: boolean,
): EncodedSequences {
  const n = grid.ids.length;
  const T = grid.periods.length;
  const lengths = new Int32Array(n);
  const seen = new Set<string>();
  let anyMissing = false;
  for (let i = 0; i < n; i++) {
    let length = 0;
    for (let t = 0; t < T; t++) {
      const cell = grid.cells[i * T + t];
      if (cell === null || cell === undefined || cell === '') continue;
      if (cell === MISSING_STATE) {
        throw new InputError(
          `${where(frameName, grid, i, t)}: "*" is TraMineR's missing state and cannot be a state name`,
          { row: grid.rows[i * T + t] || undefined, column: grid.periods[t] },
        );
      }
      seen.add(cell);
      length = t + 1;
    }
    if (length === 0) {
      throw new InputError(
        `data "${frameName}", customer ${grid.ids[i]}: no state in any period; every journey needs at least one`,
        { row: grid.rows[i * T] || undefined },
      );
    }
    for (let t = 0; t < length; t++) {
      const cell = grid.cells[i * T + t];
      if (cell !== null && cell !== undefined && cell !== '') continue;
      if (!withMissing) {
        throw new InputError(
          `${where(frameName, grid, i, t)}: the state is missing before the journey ends; keep missing periods ` +
            'as the state "*" (option with_missing) or fill the gap (missing periods at the end only shorten a journey)',
          { row: grid.rows[i * T + t] || undefined, column: grid.periods[t], option: 'with_missing' },
        );
      }
      anyMissing = true;
    }
    lengths[i] = length;
  }
  const states = alphabet ? [...alphabet] : [...seen].sort(compareCodeUnits);
  if (states.length > 254) {
    throw new InputError(`data "${frameName}": ${states.length} distinct states; at most 254 are supported`, {
      option: 'alphabet',
    });
  }
  const codeOf = new Map(states.map((state, c) => [state, c]));
  const K = states.length;
  const missing = anyMissing ? K : -1;
  const codes = new Uint8Array(n * T).fill(VOID_CODE);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < lengths[i]!; t++) {
      const k = i * T + t;
      const cell = grid.cells[k];
      if (cell === null || cell === undefined || cell === '') {
        codes[k] = missing;
        continue;
      }
      const code = codeOf.get(cell);
      if (code === undefined) {
        throw new InputError(
          `${where(frameName, grid, i, t)}: state "${cell}" is not in the alphabet (${states.join(', ')})`,
          { row: grid.rows[k] || undefined, column: grid.periods[t], option: 'alphabet' },
        );
      }
      codes[k] = code;
    }
  }
  return {
    ids: grid.ids,
    idsAreNumbers: grid.idsAreNumbers,
    periods: [...grid.periods],
    alphabet: anyMissing ? [...states, MISSING_STATE] : states,
    states: K,
    missing,
    n,
    length: T,
    codes,
    lengths,
  };
}

/** A wide table (a column per period) encoded; missing periods as `withMissing` says. */
export function encodeWide(
  frame: Frame,
  idColumn: string | undefined,
  periodColumns: readonly string[],
  alphabet?: readonly string[],
  withMissing = false,
): EncodedSequences {
  return encodeGrid(wideGrid(frame, idColumn, periodColumns), frame.name, alphabet, withMissing);
}
