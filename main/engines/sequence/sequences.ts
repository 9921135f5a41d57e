// Customer journeys as the sequence engine reads them (DESIGN.md section 4 `sequence`; the
// TraMineR conventions of ../shared/fixtures/sequence/*/README.md): a wide table, one row per
// customer and one column per period, becomes an n x T matrix of state codes.
//   - the alphabet is the distinct states sorted by code units (seqdef's default in the C
//     locale), unless the analyst gives one (then every state must be in it);
//   - a state's code is its index in the alphabet; customers keep the row order;
//   - numbers in a period column are states too (written as text, e.g. "1").
// Missing cells are refused for now, with the row and column (no case here has any).
// Cost: O(n T) time, n T bytes for the codes (an alphabet of at most 255 states).
import type { Frame } from '../../../shared/frame.ts';
import { cellText, findColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';

export interface EncodedSequences {
  /** Customer ids as text, in row order (row numbers from 1 when there is no id column). */
  ids: string[];
  /** The period column names, in order (the `time` of the per-period tables). */
  periods: string[];
  /** The states, in alphabet order: code c is alphabet[c]. */
  alphabet: string[];
  /** Customers. */
  n: number;
  /** Periods per customer (T). */
  length: number;
  /** Row-major n x T state codes: customer i's period t is codes[i * T + t]. */
  codes: Uint8Array;
}

/** Code-unit order (what R's sort gives in the C locale). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeWide(
  frame: Frame,
  idColumn: string | undefined,
  periodColumns: readonly string[],
  alphabet?: readonly string[],
): EncodedSequences {
  const n = frame.rowCount;
  const T = periodColumns.length;
  const columns = periodColumns.map((name) => {
    const column = findColumn(frame, name);
    if (!column) {
      throw new InputError(`data "${frame.name}", column ${name}: not found (chosen as a period)`, {
        column: name,
        option: 'columns',
      });
    }
    return column;
  });
  const id = idColumn === undefined ? undefined : findColumn(frame, idColumn);
  if (idColumn !== undefined && !id) {
    throw new InputError(`data "${frame.name}", column ${idColumn}: not found (chosen as the id)`, {
      column: idColumn,
      option: 'id',
    });
  }
  const cells: string[] = new Array<string>(n * T);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const text = cellText(columns[t]!, i);
      if (text === null || text === '') {
        throw new InputError(
          `data "${frame.name}", row ${i + 1}, column ${periodColumns[t]}: the state is missing; ` +
            'every period of every customer needs a state',
          { row: i + 1, column: periodColumns[t] },
        );
      }
      cells[i * T + t] = text;
      seen.add(text);
    }
  }
  const states = alphabet ? [...alphabet] : [...seen].sort(compareCodeUnits);
  if (states.length > 255) {
    throw new InputError(
      `data "${frame.name}": ${states.length} distinct states; at most 255 are supported`,
      {
        option: 'columns',
      },
    );
  }
  const codeOf = new Map(states.map((state, c) => [state, c]));
  const codes = new Uint8Array(n * T);
  for (let k = 0; k < n * T; k++) {
    const code = codeOf.get(cells[k]!);
    if (code === undefined) {
      const row = Math.floor(k / T);
      const column = periodColumns[k % T]!;
      throw new InputError(
        `data "${frame.name}", row ${row + 1}, column ${column}: state "${cells[k]}" is not in the alphabet ` +
          `(${states.join(', ')})`,
        { row: row + 1, column, option: 'alphabet' },
      );
    }
    codes[k] = code;
  }
  const ids = Array.from({ length: n }, (_, i) => (id ? (cellText(id, i) ?? String(i + 1)) : String(i + 1)));
  return { ids, periods: [...periodColumns], alphabet: states, n, length: T, codes };
}
