import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, FrameColumn } from '../../../../shared/frame.ts';
import { InputError } from '../../../../shared/errors.ts';
import {
  eventGrid,
  longGrid,
  wideGrid,
  type SequencePeriodOptions,
  type StateGrid,
} from '../../../../main/engines/sequence/reshape.ts';

function text(name: string, values: (string | null)[]): FrameColumn {
  return { name, type: 'text', values };
}
function dates(name: string, values: (string | null)[]): FrameColumn {
  return { name, type: 'date', values };
}
function ints(name: string, values: number[]): FrameColumn {
  return { name, type: 'integer', values: Int32Array.from(values) };
}
function floats(name: string, values: number[]): FrameColumn {
  return { name, type: 'number', values: Float64Array.from(values) };
}
function frame(name: string, ...columns: FrameColumn[]): Frame {
  return { name, rowCount: columns[0].values.length, columns };
}

/** The grid as one array of states and one of rows per customer. */
function byCustomer(grid: StateGrid): { cells: (string | null)[][]; rows: number[][] } {
  const T = grid.periods.length;
  assert.equal(grid.cells.length, grid.ids.length * T);
  assert.equal(grid.rows.length, grid.ids.length * T);
  return {
    cells: grid.ids.map((_, i) => grid.cells.slice(i * T, (i + 1) * T)),
    rows: grid.ids.map((_, i) => Array.from(grid.rows.subarray(i * T, (i + 1) * T))),
  };
}

function options(overrides: Partial<SequencePeriodOptions>): SequencePeriodOptions {
  return {
    unit: 'month',
    every: 1,
    rule: 'last',
    start: 'calendar',
    fill: 'missing',
    max_periods: 120,
    ...overrides,
  };
}

/** assert.throws for an InputError whose message matches and whose details hold `where`. */
function throwsInput(run: () => unknown, message: RegExp, where: Record<string, unknown>): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, message);
    for (const [key, value] of Object.entries(where))
      assert.equal(error.where[key as keyof typeof error.where], value, key);
    return true;
  });
}

// --- wide

test('wide: rows in data order, empty, null and NaN cells are missing, every cell from its row', () => {
  const data = frame(
    'journeys',
    text('id', ['c1', 'c2', 'c3']),
    text('jan', ['A', '', 'B']),
    floats('feb', [1, NaN, 2]),
    text('mar', [null, 'C', 'A']),
  );
  const grid = wideGrid(data, 'id', ['jan', 'feb', 'mar']);
  assert.deepEqual(grid.ids, ['c1', 'c2', 'c3']);
  assert.equal(grid.idsAreNumbers, false);
  assert.deepEqual(grid.periods, ['jan', 'feb', 'mar']);
  const { cells, rows } = byCustomer(grid);
  assert.deepEqual(cells, [
    ['A', '1', null],
    [null, null, 'C'],
    ['B', '2', 'A'],
  ]);
  assert.deepEqual(rows, [
    [1, 1, 1],
    [2, 2, 2],
    [3, 3, 3],
  ]);
});

test('wide: the period columns in the order chosen; without an id the rows are numbered', () => {
  const data = frame('journeys', text('p1', ['A', 'B']), text('p2', ['C', 'D']));
  const grid = wideGrid(data, undefined, ['p2', 'p1']);
  assert.deepEqual(grid.ids, ['1', '2']);
  assert.equal(grid.idsAreNumbers, false);
  assert.deepEqual(grid.periods, ['p2', 'p1']);
  assert.deepEqual(byCustomer(grid).cells, [
    ['C', 'A'],
    ['D', 'B'],
  ]);
});

test('wide: a numeric id column gives numeric ids', () => {
  const data = frame('journeys', ints('id', [17, 4]), text('p1', ['A', 'B']), text('p2', ['C', 'D']));
  const grid = wideGrid(data, 'id', ['p1', 'p2']);
  assert.deepEqual(grid.ids, ['17', '4']);
  assert.equal(grid.idsAreNumbers, true);
});

test('wide: a missing id, a duplicate id and a missing column are refused', () => {
  const periods = [text('p1', ['A', 'B', 'C']), text('p2', ['A', 'B', 'C'])];
  throwsInput(
    () => wideGrid(frame('journeys', text('id', ['a', '', 'c']), ...periods), 'id', ['p1', 'p2']),
    /^data "journeys", row 2, column id: the customer id is missing$/,
    { row: 2, column: 'id', option: 'id' },
  );
  throwsInput(
    () => wideGrid(frame('journeys', text('id', ['a', 'b', 'a']), ...periods), 'id', ['p1', 'p2']),
    /^data "journeys", row 3, column id: customer id "a" is also on row 1/,
    { row: 3, column: 'id', option: 'id' },
  );
  throwsInput(
    () => wideGrid(frame('journeys', text('id', ['a', 'b', 'c']), ...periods), 'id', ['p1', 'p9']),
    /^data "journeys", column p9: not found/,
    { column: 'p9', option: 'columns' },
  );
  throwsInput(() => wideGrid(frame('journeys', ...periods), 'customer', ['p1', 'p2']), /column customer/, {
    option: 'id',
  });
});

// --- long

test('long: numeric periods sorted as numbers, customers by first appearance, gaps null', () => {
  const data = frame(
    'panel',
    text('id', ['b', 'a', 'b', 'a', 'b', 'b']),
    ints('month', [10, 2, 9, 10, 2, 10]),
    text('state', ['B', 'A', '', 'C', null, 'B']),
  );
  const grid = longGrid(data, 'id', 'month', 'state');
  assert.deepEqual(grid.ids, ['b', 'a']);
  assert.equal(grid.idsAreNumbers, false);
  assert.deepEqual(grid.periods, ['2', '9', '10']);
  const { cells, rows } = byCustomer(grid);
  assert.deepEqual(cells, [
    [null, null, 'B'],
    ['A', null, 'C'],
  ]);
  // b's 2 and 9 have rows with a missing state; b's 10 twice with the same state keeps the first.
  assert.deepEqual(rows, [
    [5, 3, 1],
    [2, 0, 4],
  ]);
});

test('long: text periods sorted by code units, fractional numbers written as themselves', () => {
  const data = frame(
    'panel',
    ints('id', [7, 7, 3]),
    text('month', ['2024-10', '2023-12', '2024-02']),
    text('state', ['A', 'B', 'C']),
  );
  const grid = longGrid(data, 'id', 'month', 'state');
  assert.deepEqual(grid.ids, ['7', '3']);
  assert.equal(grid.idsAreNumbers, true);
  assert.deepEqual(grid.periods, ['2023-12', '2024-02', '2024-10']);
  assert.deepEqual(byCustomer(grid).cells, [
    ['B', null, 'A'],
    [null, 'C', null],
  ]);
  const fractional = longGrid(
    frame('panel', text('id', ['a', 'a']), floats('t', [1.5, 0.25]), text('s', ['X', 'Y'])),
    'id',
    't',
    's',
  );
  assert.deepEqual(fractional.periods, ['0.25', '1.5']);
  assert.deepEqual(fractional.cells, ['Y', 'X']);
});

test('long: two states for one customer and period, a missing period or id, a missing column', () => {
  throwsInput(
    () =>
      longGrid(
        frame('panel', text('id', ['a', 'b', 'a']), ints('t', [1, 1, 1]), text('s', ['A', 'B', 'C'])),
        'id',
        't',
        's',
      ),
    /^data "panel", row 3, column s: customer "a", period "1": "C" here but "A" on row 1/,
    { row: 3, column: 's', option: 'state' },
  );
  throwsInput(
    () =>
      longGrid(
        frame('panel', text('id', ['a', 'a']), ints('t', [1, 1]), text('s', ['A', null])),
        'id',
        't',
        's',
      ),
    /row 2, column s: .*a missing state here but "A" on row 1/,
    { row: 2 },
  );
  throwsInput(
    () =>
      longGrid(
        frame('panel', text('id', ['a', 'a']), floats('t', [1, NaN]), text('s', ['A', 'B'])),
        'id',
        't',
        's',
      ),
    /^data "panel", row 2, column t: the period is missing$/,
    { row: 2, column: 't', option: 'time' },
  );
  throwsInput(
    () =>
      longGrid(
        frame('panel', text('id', ['a', null]), ints('t', [1, 2]), text('s', ['A', 'B'])),
        'id',
        't',
        's',
      ),
    /^data "panel", row 2, column id: the customer id is missing$/,
    { row: 2, column: 'id', option: 'id' },
  );
  throwsInput(
    () => longGrid(frame('panel', text('id', ['a']), ints('t', [1]), text('s', ['A'])), 'id', 'when', 's'),
    /^data "panel", column when: not found/,
    { column: 'when', option: 'time' },
  );
  throwsInput(
    () => longGrid(frame('panel', text('id', ['a']), ints('t', [1]), text('s', ['A'])), 'id', 't', 'status'),
    /column status/,
    { option: 'state' },
  );
});

// --- events

/** Rows 1..6: a has three events in January (two at the same time), b two at the same time in February. */
const monthLog = frame(
  'log',
  text('id', ['a', 'b', 'a', 'a', 'b', 'a']),
  dates('when', ['2024-01-05', '2024-02-10', '2024-01-20', '2024-03-01', '2024-02-10', '2024-01-20']),
  text('state', ['A', 'B', 'B', 'C', 'C', 'A']),
);

test('events: calendar months, the last event (ties: the later row), gaps and the end missing', () => {
  const grid = eventGrid(monthLog, 'id', 'when', 'state', options({}));
  assert.deepEqual(grid.ids, ['a', 'b']);
  assert.equal(grid.idsAreNumbers, false);
  assert.deepEqual(grid.periods, ['2024-01', '2024-02', '2024-03']);
  const { cells, rows } = byCustomer(grid);
  assert.deepEqual(cells, [
    ['A', null, 'C'],
    [null, 'C', null],
  ]);
  assert.deepEqual(rows, [
    [6, 0, 4],
    [0, 5, 0],
  ]);
});

test('events: fill previous fills gaps between events only, not before the first or after the last', () => {
  const grid = eventGrid(monthLog, 'id', 'when', 'state', options({ fill: 'previous' }));
  const { cells, rows } = byCustomer(grid);
  assert.deepEqual(cells, [
    ['A', 'A', 'C'],
    [null, 'C', null],
  ]);
  assert.deepEqual(rows, [
    [6, 6, 4],
    [0, 5, 0],
  ]);
});

test('events: first_event start counts each customer from their own first month', () => {
  const grid = eventGrid(monthLog, 'id', 'when', 'state', options({ start: 'first_event' }));
  assert.deepEqual(grid.periods, ['1', '2', '3']);
  assert.deepEqual(byCustomer(grid).cells, [
    ['A', null, 'C'],
    ['C', null, null],
  ]);
});

test('events: calendar months are whole months (Jan 31 and Feb 1 are one period apart)', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'b']),
    text('when', ['2024-01-31', '2024-02-01', '2024-02-29T10:00:00Z']),
    text('state', ['A', 'B', 'C']),
  );
  const calendar = eventGrid(data, 'id', 'when', 'state', options({}));
  assert.deepEqual(calendar.periods, ['2024-01', '2024-02']);
  assert.deepEqual(calendar.cells, ['A', 'B', null, 'C']);
  const own = eventGrid(data, 'id', 'when', 'state', options({ start: 'first_event' }));
  assert.deepEqual(own.periods, ['1', '2']);
  assert.deepEqual(own.cells, ['A', 'B', 'C', null]);
});

test('events: most_frequent state per period, ties to the state whose latest event is later', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd']),
    text('when', [
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-09',
      '2024-01-02',
      '2024-01-03',
      '2024-01-08',
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-05T08:00',
      '2024-01-05T08:00',
    ]),
    text('state', ['A', 'B', 'B', 'A', 'C', 'X', 'Y', 'Y', 'X', 'Z', 'Z', 'W', 'P', 'Q']),
  );
  const frequent = eventGrid(data, 'id', 'when', 'state', options({ rule: 'most_frequent' }));
  assert.deepEqual(frequent.periods, ['2024-01']);
  // a: A and B twice each, A's latest (Jan 4) after B's (Jan 3); b: X's latest (row 6, Jan 9)
  // is first in the rows but latest in time; c: Z twice; d: P and Q at the same time, Q's row later.
  assert.deepEqual(frequent.cells, ['A', 'X', 'Z', 'Q']);
  assert.deepEqual(Array.from(frequent.rows), [4, 6, 11, 14]);
  const last = eventGrid(data, 'id', 'when', 'state', options({ rule: 'last' }));
  assert.deepEqual(last.cells, ['C', 'X', 'W', 'Q']);
  assert.deepEqual(Array.from(last.rows), [5, 6, 12, 14]);
});

test('events: most_frequent over several periods with fill previous', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a', 'a', 'a']),
    text('when', ['2024-01-01', '2024-01-02', '2024-01-03', '2024-04-01', '2024-04-02']),
    text('state', ['B', 'A', 'B', 'C', 'C']),
  );
  const grid = eventGrid(data, 'id', 'when', 'state', options({ rule: 'most_frequent', fill: 'previous' }));
  assert.deepEqual(grid.periods, ['2024-01', '2024-02', '2024-03', '2024-04']);
  assert.deepEqual(grid.cells, ['B', 'B', 'B', 'C']);
  assert.deepEqual(Array.from(grid.rows), [3, 3, 3, 5]);
});

test('events: calendar quarters and years', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a']),
    text('when', ['2023-11-15', '2024-02-01', '2024-07-01']),
    text('state', ['A', 'B', 'C']),
  );
  const quarters = eventGrid(data, 'id', 'when', 'state', options({ unit: 'quarter' }));
  assert.deepEqual(quarters.periods, ['2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3']);
  assert.deepEqual(quarters.cells, ['A', 'B', null, 'C']);
  const filled = eventGrid(data, 'id', 'when', 'state', options({ unit: 'quarter', fill: 'previous' }));
  assert.deepEqual(filled.cells, ['A', 'B', 'B', 'C']);
  const years = eventGrid(data, 'id', 'when', 'state', options({ unit: 'year' }));
  assert.deepEqual(years.periods, ['2023', '2024']);
  assert.deepEqual(years.cells, ['A', 'C']);
  const ownQuarters = eventGrid(
    data,
    'id',
    'when',
    'state',
    options({ unit: 'quarter', start: 'first_event' }),
  );
  assert.deepEqual(ownQuarters.periods, ['1', '2', '3', '4']);
});

test('events: every 3 months from the earliest event month', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a', 'b']),
    text('when', ['2024-02-10', '2024-04-30', '2024-05-01', '2024-09-15']),
    text('state', ['A', 'B', 'C', 'D']),
  );
  const grid = eventGrid(data, 'id', 'when', 'state', options({ every: 3 }));
  assert.deepEqual(grid.periods, ['2024-02', '2024-05', '2024-08']);
  assert.deepEqual(byCustomer(grid).cells, [
    ['B', 'C', null],
    [null, null, 'D'],
  ]);
  const own = eventGrid(data, 'id', 'when', 'state', options({ every: 3, start: 'first_event' }));
  assert.deepEqual(own.periods, ['1', '2']);
  assert.deepEqual(byCustomer(own).cells, [
    ['B', 'C'],
    ['D', null],
  ]);
});

test('events: weeks of 7 days from the earliest day (calendar) or the first event (first_event)', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a', 'b']),
    text('when', ['2024-01-03', '2024-01-09T23:59:59', '2024-01-10', '2024-01-20']),
    text('state', ['A', 'B', 'C', 'D']),
  );
  const calendar = eventGrid(data, 'id', 'when', 'state', options({ unit: 'week' }));
  assert.deepEqual(calendar.periods, ['2024-01-03', '2024-01-10', '2024-01-17']);
  assert.deepEqual(byCustomer(calendar).cells, [
    ['B', 'C', null],
    [null, null, 'D'],
  ]);
  const own = eventGrid(data, 'id', 'when', 'state', options({ unit: 'week', start: 'first_event' }));
  assert.deepEqual(own.periods, ['1', '2']);
  assert.deepEqual(byCustomer(own).cells, [
    ['B', 'C'],
    ['D', null],
  ]);
  const fortnights = eventGrid(data, 'id', 'when', 'state', options({ unit: 'week', every: 2 }));
  assert.deepEqual(fortnights.periods, ['2024-01-03', '2024-01-17']);
  assert.deepEqual(fortnights.cells, ['C', null, null, 'D']);
});

test('events: days, and datetimes with an offset counted in UTC', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'b']),
    text('when', ['2024-02-28', '2024-03-01T01:30:00+02:00', '2024-02-28T22:30:00-02:00']),
    text('state', ['A', 'B', 'C']),
  );
  const grid = eventGrid(data, 'id', 'when', 'state', options({ unit: 'day' }));
  // 2024-03-01T01:30+02:00 is 2024-02-29T23:30Z; 2024-02-28T22:30-02:00 is 2024-02-29T00:30Z.
  assert.deepEqual(grid.periods, ['2024-02-28', '2024-02-29']);
  assert.deepEqual(byCustomer(grid).cells, [
    ['A', 'B'],
    [null, 'C'],
  ]);
});

test('events: day numbers count in days or weeks; months are refused naming period.unit', () => {
  const data = frame(
    'log',
    ints('id', [5, 5, 5, 8]),
    ints('day', [10, 16, 17, 12]),
    text('state', ['A', 'B', 'C', 'D']),
  );
  const weeks = eventGrid(data, 'id', 'day', 'state', options({ unit: 'week' }));
  assert.deepEqual(weeks.ids, ['5', '8']);
  assert.equal(weeks.idsAreNumbers, true);
  assert.deepEqual(weeks.periods, ['10', '17']);
  assert.deepEqual(byCustomer(weeks).cells, [
    ['B', 'C'],
    ['D', null],
  ]);
  const days = eventGrid(data, 'id', 'day', 'state', options({ unit: 'day', every: 2 }));
  assert.deepEqual(days.periods, ['10', '12', '14', '16']);
  assert.deepEqual(byCustomer(days).cells, [
    ['A', null, null, 'C'],
    [null, 'D', null, null],
  ]);
  const own = eventGrid(data, 'id', 'day', 'state', options({ unit: 'day', start: 'first_event' }));
  assert.deepEqual(own.periods, ['1', '2', '3', '4', '5', '6', '7', '8']);
  assert.deepEqual(byCustomer(own).cells, [
    ['A', null, null, null, null, null, 'B', 'C'],
    ['D', null, null, null, null, null, null, null],
  ]);
  throwsInput(
    () => eventGrid(data, 'id', 'day', 'state', options({ unit: 'month' })),
    /^data "log", column day: the timestamps are day numbers.*not in months$/,
    { column: 'day', option: 'period.unit' },
  );
});

test('events: max_periods caps the periods; fill previous runs to the cap when later events were dropped', () => {
  const data = frame(
    'log',
    text('id', ['a', 'a', 'a', 'b']),
    text('when', ['2024-01-10', '2024-02-10', '2024-06-10', '2024-01-15']),
    text('state', ['A', 'B', 'C', 'X']),
  );
  const capped = eventGrid(data, 'id', 'when', 'state', options({ max_periods: 3 }));
  assert.deepEqual(capped.periods, ['2024-01', '2024-02', '2024-03']);
  assert.deepEqual(byCustomer(capped).cells, [
    ['A', 'B', null],
    ['X', null, null],
  ]);
  const filled = eventGrid(data, 'id', 'when', 'state', options({ max_periods: 3, fill: 'previous' }));
  assert.deepEqual(byCustomer(filled).cells, [
    ['A', 'B', 'B'],
    ['X', null, null],
  ]);
  const uncapped = eventGrid(data, 'id', 'when', 'state', options({ max_periods: 10 }));
  assert.deepEqual(uncapped.periods.length, 6);
  assert.deepEqual(byCustomer(uncapped).cells[0], ['A', 'B', null, null, null, 'C']);
});

test('events: events without a state are ignored, a customer with none keeps an empty row', () => {
  const data = frame(
    'log',
    text('id', ['z', 'a', 'a', 'z', 'a']),
    text('when', ['2023-12-01', '2024-01-10', '2024-02-10', '2024-03-01', '2024-02-20']),
    text('state', ['', 'A', 'B', null, null]),
  );
  const grid = eventGrid(data, 'id', 'when', 'state', options({}));
  assert.deepEqual(grid.ids, ['z', 'a']);
  assert.deepEqual(grid.periods, ['2024-01', '2024-02']);
  assert.deepEqual(byCustomer(grid).cells, [
    [null, null],
    ['A', 'B'],
  ]);
  assert.deepEqual(Array.from(grid.rows), [0, 0, 2, 3]);
  const empty = eventGrid(
    frame('log', text('id', ['a']), text('when', ['2024-01-01']), text('state', [null])),
    'id',
    'when',
    'state',
    options({}),
  );
  assert.deepEqual(empty, {
    ids: ['a'],
    idsAreNumbers: false,
    periods: [],
    cells: [],
    rows: new Int32Array(0),
  });
});

test('events: a missing id or timestamp, a timestamp that is not a date, a missing column', () => {
  const log = (id: (string | null)[], when: (string | null)[]): Frame => {
    const states = when.map(() => 'A');
    return frame('journeys', text('id', id), text('month', when), text('state', states));
  };
  throwsInput(
    () =>
      eventGrid(
        log(['a', 'a', 'b'], ['2024-01-01', '2024-02-01', null]),
        'id',
        'month',
        'state',
        options({}),
      ),
    /^data "journeys", row 3, column month: the timestamp is missing$/,
    { row: 3, column: 'month', option: 'time' },
  );
  throwsInput(
    () => eventGrid(log(['a', null], ['2024-01-01', '2024-02-01']), 'id', 'month', 'state', options({})),
    /^data "journeys", row 2, column id: the customer id is missing$/,
    { row: 2, column: 'id', option: 'id' },
  );
  for (const bad of ['2024-13-01', '2023-02-29', '2024-01', '2024-01-01T24:00', 'soon']) {
    throwsInput(
      () => eventGrid(log(['a', 'a'], ['2024-01-01', bad]), 'id', 'month', 'state', options({})),
      new RegExp(`^data "journeys", row 2, column month: "${bad}" is not a date`),
      { row: 2, column: 'month', option: 'time' },
    );
  }
  throwsInput(
    () => eventGrid(log(['a'], ['2024-01-01']), 'id', 'when', 'state', options({})),
    /^data "journeys", column when: not found/,
    { column: 'when', option: 'time' },
  );
});
