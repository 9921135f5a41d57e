// The three data shapes of the sequence analysis (DESIGN.md section 4 `sequence`) as one grid:
// customers x periods of state text, null where a customer has no state in a period. The
// encoder (missing rules, alphabet) reads the grid; this file only reshapes and checks the rows.
//   - wideGrid: a row per customer, a column per period (in the order given); the cell is the
//     state. Customers keep the row order. Cost: O(n T) time and memory.
//   - longGrid: a row per customer and period (id, time, state). Customers in order of first
//     appearance; periods are the distinct time values, numerically sorted when the time column
//     is numeric, else by code units ("2024-01" < "2024-02"). A period a customer has no row
//     for is null; the same (id, time) twice must carry the same state. Cost: O(N + P log P +
//     n P) time, O(N + n P) memory for N rows and P distinct periods.
//   - eventGrid: a row per event (id, timestamp, state). Timestamps are ISO dates or datetimes
//     (UTC; a datetime with an offset is moved to UTC) or day numbers. An event's period is the
//     number of units (UTC days, 7-day weeks, calendar months, quarters or years) from the
//     origin, divided by `every` and rounded down; the origin is the earliest event in the data
//     (calendar) or the customer's first event (first_event), taken as its whole day, month,
//     quarter or year. A period's state is its latest event's (ties: the later row) or its most
//     frequent state (ties: the state whose latest event is later). Periods with no event are
//     null, or with fill "previous" take the state before them when a later event of the same
//     customer follows; after a customer's last event the journey ends (null). T = 1 + the
//     largest period, at most max_periods (later events are dropped). Events without a state
//     are ignored (a customer with none keeps an all-null row). Cost: O(N + n T) time for N
//     events and n T cells; about 30 bytes per row in typed arrays plus the grid.
// Every grid records, per cell, the data row (from 1) that gave its state, 0 for none; a
// state carried forward by fill "previous" keeps the row of the event it came from.
import type { z } from 'zod';
import type { sequencePeriodOptions } from '../../../shared/analyses/sequence.ts';
import type { Frame, FrameColumn } from '../../../shared/frame.ts';
import { cellText, findColumn, isNumericColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';

/** How an event log becomes periods (the `period` option, defaults applied). */
export type SequencePeriodOptions = z.infer<typeof sequencePeriodOptions>;

export interface StateGrid {
  /** Customer ids as text, in the order described in the header. */
  ids: string[];
  /** Whether the id column is numeric (ids then go into tables as numbers); false when there is no id column. */
  idsAreNumbers: boolean;
  /** Period labels in time order (wide: the column names; long: the distinct time values; events: period labels). */
  periods: string[];
  /** Row-major n x T states; null = missing (no state for that customer in that period). */
  cells: (string | null)[];
  /** The source row (1-based, as the analyst counts data rows) of each cell, or 0 when no row gave it. n x T. */
  rows: Int32Array;
}

type ColumnOption = 'id' | 'columns' | 'time' | 'state';

const MS_PER_DAY = 86_400_000;

/** Code-unit order (what R's sort gives in the C locale). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function requireColumn(frame: Frame, name: string, option: ColumnOption, role: string): FrameColumn {
  const column = findColumn(frame, name);
  if (!column) {
    throw new InputError(`data "${frame.name}", column ${name}: not found (chosen as ${role})`, {
      column: name,
      option,
    });
  }
  return column;
}

/** A cell as text; null, NaN and the empty string are all missing. */
function presentText(column: FrameColumn, row: number): string | null {
  const text = cellText(column, row);
  return text === '' ? null : text;
}

function cellError(
  frame: Frame,
  row: number,
  column: string,
  option: ColumnOption,
  what: string,
): InputError {
  return new InputError(`data "${frame.name}", row ${row + 1}, column ${column}: ${what}`, {
    row: row + 1,
    column,
    option,
  });
}

function idOf(frame: Frame, id: FrameColumn, row: number): string {
  const text = presentText(id, row);
  if (text === null) throw cellError(frame, row, id.name, 'id', 'the customer id is missing');
  return text;
}

/** Customers numbered in order of first appearance. */
class CustomerIndex {
  readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();
  constructor(
    private readonly frame: Frame,
    private readonly id: FrameColumn,
  ) {}
  of(row: number): number {
    const text = idOf(this.frame, this.id, row);
    let index = this.indexOf.get(text);
    if (index === undefined) {
      index = this.ids.length;
      this.indexOf.set(text, index);
      this.ids.push(text);
    }
    return index;
  }
}

export function wideGrid(
  frame: Frame,
  idColumn: string | undefined,
  periodColumns: readonly string[],
): StateGrid {
  const n = frame.rowCount;
  const T = periodColumns.length;
  const columns = periodColumns.map((name) => requireColumn(frame, name, 'columns', 'a period'));
  const id = idColumn === undefined ? undefined : requireColumn(frame, idColumn, 'id', 'the id');
  const ids: string[] = new Array<string>(n);
  if (id) {
    const rowOfId = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const text = idOf(frame, id, i);
      const earlier = rowOfId.get(text);
      if (earlier !== undefined) {
        throw cellError(
          frame,
          i,
          id.name,
          'id',
          `customer id "${text}" is also on row ${earlier + 1}; wide data needs one row per customer`,
        );
      }
      rowOfId.set(text, i);
      ids[i] = text;
    }
  } else for (let i = 0; i < n; i++) ids[i] = String(i + 1);
  const cells = new Array<string | null>(n * T);
  const rows = new Int32Array(n * T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      cells[i * T + t] = presentText(columns[t], i);
      rows[i * T + t] = i + 1;
    }
  }
  return { ids, idsAreNumbers: id ? isNumericColumn(id) : false, periods: [...periodColumns], cells, rows };
}

export function longGrid(frame: Frame, idColumn: string, timeColumn: string, stateColumn: string): StateGrid {
  const id = requireColumn(frame, idColumn, 'id', 'the customer id');
  const time = requireColumn(frame, timeColumn, 'time', 'the period');
  const state = requireColumn(frame, stateColumn, 'state', 'the state');
  const N = frame.rowCount;
  const customers = new CustomerIndex(frame, id);
  const customerOfRow = new Int32Array(N);
  // Each row's time as an index into the distinct times (first appearance), ranked below.
  const timeOfRow = new Int32Array(N);
  const timeIndex = new Map<string | number, number>();
  const times: (string | number)[] = [];
  for (let r = 0; r < N; r++) {
    customerOfRow[r] = customers.of(r);
    let key: string | number | null;
    if (isNumericColumn(time)) {
      key = time.values[r];
      if (Number.isNaN(key)) key = null;
    } else key = presentText(time, r);
    if (key === null) throw cellError(frame, r, time.name, 'time', 'the period is missing');
    let index = timeIndex.get(key);
    if (index === undefined) {
      index = times.length;
      timeIndex.set(key, index);
      times.push(key);
    }
    timeOfRow[r] = index;
  }
  const order = times.map((_, k) => k);
  if (isNumericColumn(time)) order.sort((a, b) => (times[a] as number) - (times[b] as number));
  else order.sort((a, b) => byCodeUnits(times[a] as string, times[b] as string));
  const rank = new Int32Array(times.length);
  order.forEach((k, position) => (rank[k] = position));
  const periods = order.map((k) => String(times[k]));
  const n = customers.ids.length;
  const T = periods.length;
  const cells = new Array<string | null>(n * T).fill(null);
  const rows = new Int32Array(n * T);
  for (let r = 0; r < N; r++) {
    const cell = customerOfRow[r] * T + rank[timeOfRow[r]];
    const text = presentText(state, r);
    if (rows[cell] === 0) {
      cells[cell] = text;
      rows[cell] = r + 1;
    } else if (cells[cell] !== text) {
      const describe = (s: string | null): string => (s === null ? 'a missing state' : `"${s}"`);
      throw cellError(
        frame,
        r,
        state.name,
        'state',
        `customer "${customers.ids[customerOfRow[r]]}", period "${periods[rank[timeOfRow[r]]]}": ` +
          `${describe(text)} here but ${describe(cells[cell])} on row ${rows[cell]}; ` +
          'one state per customer and period',
      );
    }
  }
  return { ids: customers.ids, idsAreNumbers: isNumericColumn(id), periods, cells, rows };
}

// --- Dates: days since 1970-01-01 (UTC), proleptic Gregorian (H. Hinnant's civil algorithms).

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1,
  };
}

/** Months since year 0 (year * 12 + month - 1) of a day. */
function monthIndexOfDay(days: number): number {
  const { year, month } = civilFromDays(days);
  return year * 12 + month - 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const isoTimestamp =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Days since 1970-01-01 UTC (with the time of day as a fraction), NaN when not an ISO date. */
function parseIsoDays(text: string): number {
  const m = isoTimestamp.exec(text);
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const hours = m[4] === undefined ? 0 : Number(m[4]);
  const minutes = m[5] === undefined ? 0 : Number(m[5]);
  const seconds = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (hours > 23 || minutes > 59 || seconds > 59) return NaN;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetRest = Number(digits.slice(2));
    if (offsetHours > 23 || offsetRest > 59) return NaN;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const ms = ((hours * 60 + minutes - offsetMinutes) * 60 + seconds + fraction) * 1000;
  return daysFromCivil(year, month, day) + ms / MS_PER_DAY;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function eventGrid(
  frame: Frame,
  idColumn: string,
  timeColumn: string,
  stateColumn: string,
  period: SequencePeriodOptions,
): StateGrid {
  const id = requireColumn(frame, idColumn, 'id', 'the customer id');
  const time = requireColumn(frame, timeColumn, 'time', 'the timestamp');
  const state = requireColumn(frame, stateColumn, 'state', 'the state');
  const { unit, every, rule, start, fill, max_periods: maxPeriods } = period;
  const dayNumbers = isNumericColumn(time);
  if (dayNumbers && unit !== 'day' && unit !== 'week') {
    throw new InputError(
      `data "${frame.name}", column ${time.name}: the timestamps are day numbers, not dates, ` +
        `so a period is counted in days or weeks, not in ${unit}s`,
      { column: time.name, option: 'period.unit' },
    );
  }

  // 1. Read every row: customer, time (days, fractional), state code (-1: no state, ignored).
  const N = frame.rowCount;
  const customers = new CustomerIndex(frame, id);
  const customerOfRow = new Int32Array(N);
  const timeOfRow = new Float64Array(N);
  const stateOfRow = new Int32Array(N);
  const states: string[] = [];
  const stateCode = new Map<string, number>();
  const eventsPerCustomer = new Int32Array(N + 1); // customer c's count at c + 1 (n + 1 entries used)
  let earliest = Infinity;
  let eventCount = 0;
  for (let r = 0; r < N; r++) {
    const customer = customers.of(r);
    customerOfRow[r] = customer;
    let days: number;
    if (isNumericColumn(time)) {
      days = time.values[r];
      if (Number.isNaN(days)) throw cellError(frame, r, time.name, 'time', 'the timestamp is missing');
      if (!Number.isFinite(days)) throw cellError(frame, r, time.name, 'time', `${days} is not a day number`);
    } else {
      const text = presentText(time, r);
      if (text === null) throw cellError(frame, r, time.name, 'time', 'the timestamp is missing');
      days = parseIsoDays(text);
      if (Number.isNaN(days)) {
        throw cellError(
          frame,
          r,
          time.name,
          'time',
          `"${text}" is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, or day numbers)`,
        );
      }
    }
    timeOfRow[r] = days;
    const text = presentText(state, r);
    if (text === null) {
      stateOfRow[r] = -1;
      continue;
    }
    let code = stateCode.get(text);
    if (code === undefined) {
      code = states.length;
      stateCode.set(text, code);
      states.push(text);
    }
    stateOfRow[r] = code;
    eventsPerCustomer[customer + 1]++;
    eventCount++;
    if (days < earliest) earliest = days;
  }
  const n = customers.ids.length;

  // 2. The events grouped by customer, each group in row order (a counting sort).
  const groupStart = eventsPerCustomer.subarray(0, n + 1); // customer c's events: groupStart[c] .. [c + 1]
  for (let c = 0; c < n; c++) groupStart[c + 1] += groupStart[c];
  const eventRows = new Int32Array(eventCount);
  const fillPosition = groupStart.slice(0, n);
  for (let r = 0; r < N; r++) if (stateOfRow[r] >= 0) eventRows[fillPosition[customerOfRow[r]]++] = r;

  // 3. Each event's period (at most maxPeriods: beyond the cap), each customer's last period.
  const calendarUnit = (days: number): number => {
    if (unit === 'day') return days;
    const month = monthIndexOfDay(days);
    return unit === 'month' ? month : unit === 'quarter' ? Math.floor(month / 3) : Math.floor(month / 12);
  };
  const originDay = Math.floor(earliest);
  const calendarOrigin = unit === 'week' || eventCount === 0 ? originDay : calendarUnit(originDay);
  const periodOfEvent = new Int32Array(eventCount);
  const lastPeriodOf = new Int32Array(n).fill(-1);
  let largestPeriod = -1;
  for (let c = 0; c < n; c++) {
    const from = groupStart[c];
    const to = groupStart[c + 1];
    if (from === to) continue;
    let customerOriginDay = originDay;
    let customerOrigin = calendarOrigin;
    if (start === 'first_event') {
      let first = Infinity;
      for (let e = from; e < to; e++) first = Math.min(first, timeOfRow[eventRows[e]]);
      customerOriginDay = Math.floor(first);
      customerOrigin = unit === 'week' ? customerOriginDay : calendarUnit(customerOriginDay);
    }
    let last = -1;
    for (let e = from; e < to; e++) {
      const day = Math.floor(timeOfRow[eventRows[e]]);
      const units =
        unit === 'week' ? Math.floor((day - customerOriginDay) / 7) : calendarUnit(day) - customerOrigin;
      const p = Math.min(Math.floor(units / every), maxPeriods);
      periodOfEvent[e] = p;
      if (p > last) last = p;
    }
    lastPeriodOf[c] = last;
    largestPeriod = Math.max(largestPeriod, last);
  }
  const T = Math.min(largestPeriod + 1, maxPeriods);

  // 4. Each period's state: the row of the event that gives it, then the state text.
  const cells = new Array<string | null>(n * T).fill(null);
  const rows = new Int32Array(n * T);
  const later = (a: number, b: number): boolean =>
    timeOfRow[a] > timeOfRow[b] || (timeOfRow[a] === timeOfRow[b] && a > b);
  // most_frequent scratch: events of one customer by period, and per-state counts of one period.
  const periodStart = new Int32Array(rule === 'most_frequent' ? T + 1 : 0);
  const byPeriod = new Int32Array(rule === 'most_frequent' ? eventCount : 0);
  const countOf = new Int32Array(rule === 'most_frequent' ? states.length : 0);
  const latestRowOf = new Int32Array(rule === 'most_frequent' ? states.length : 0);
  for (let c = 0; c < n; c++) {
    const from = groupStart[c];
    const to = groupStart[c + 1];
    if (rule === 'last') {
      for (let e = from; e < to; e++) {
        const p = periodOfEvent[e];
        if (p >= T) continue;
        const r = eventRows[e];
        const current = rows[c * T + p];
        if (current === 0 || !later(current - 1, r)) rows[c * T + p] = r + 1;
      }
    } else if (from < to) {
      periodStart.fill(0);
      for (let e = from; e < to; e++) if (periodOfEvent[e] < T) periodStart[periodOfEvent[e] + 1]++;
      for (let p = 0; p < T; p++) periodStart[p + 1] += periodStart[p];
      for (let e = from; e < to; e++) {
        const p = periodOfEvent[e];
        if (p < T) byPeriod[from + periodStart[p]++] = eventRows[e];
      }
      // periodStart[p] is now the end of period p's events (relative to `from`).
      let periodFrom = from;
      for (let p = 0; p < T; p++) {
        const periodTo = from + periodStart[p];
        if (periodFrom === periodTo) continue;
        for (let e = periodFrom; e < periodTo; e++) {
          const s = stateOfRow[byPeriod[e]];
          countOf[s] = 0;
          latestRowOf[s] = -1;
        }
        let best = -1;
        for (let e = periodFrom; e < periodTo; e++) {
          const r = byPeriod[e];
          const s = stateOfRow[r];
          countOf[s]++;
          if (latestRowOf[s] < 0 || !later(latestRowOf[s], r)) latestRowOf[s] = r;
          if (
            best < 0 ||
            countOf[s] > countOf[best] ||
            (countOf[s] === countOf[best] && later(latestRowOf[s], latestRowOf[best]))
          )
            best = s;
        }
        rows[c * T + p] = latestRowOf[best] + 1;
        periodFrom = periodTo;
      }
    }
    const lastPeriod = Math.min(lastPeriodOf[c], T - 1);
    for (let p = 0; p <= lastPeriod; p++) {
      const cell = c * T + p;
      if (rows[cell] === 0 && fill === 'previous' && p > 0) rows[cell] = rows[cell - 1];
      if (rows[cell] !== 0) cells[cell] = states[stateOfRow[rows[cell] - 1]];
    }
  }

  // 5. Period labels.
  const periods: string[] = new Array<string>(T);
  const step = unit === 'week' ? 7 * every : every;
  for (let p = 0; p < T; p++) {
    if (start === 'first_event') periods[p] = String(p + 1);
    else if (dayNumbers) periods[p] = String(originDay + p * step);
    else if (unit === 'day' || unit === 'week') {
      const { year, month, day } = civilFromDays(originDay + p * step);
      periods[p] = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    } else {
      const index = calendarOrigin + p * step;
      if (unit === 'month') periods[p] = `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
      else if (unit === 'quarter') periods[p] = `${pad(Math.floor(index / 4), 4)}-Q${(index % 4) + 1}`;
      else periods[p] = pad(index, 4);
    }
  }
  return { ids: customers.ids, idsAreNumbers: isNumericColumn(id), periods, cells, rows };
}
