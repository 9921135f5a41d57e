// prepareSequences: the journeys_small fixture (customer order, split, truncation, the README's
// scaling constants), labels from the events, ordering and ties, dates, text ids, and the
// messages users read. journeys (20,000 customers) is read from ../shared when present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  invertPermutationInPlace,
  parseIsoDate,
  prepareSequences,
} from '../../../../main/engines/rnn/sequences.ts';
import type { PreparedSequences } from '../../../../main/engines/rnn/sequences.ts';
import { rnnOptions } from '../../../../shared/analyses/rnn.ts';
import type { RnnOptions } from '../../../../shared/analyses/rnn.ts';
import { InputError } from '../../../../shared/errors.ts';
import type { Frame, FrameColumn } from '../../../../shared/frame.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { readCsvFrame } from '../../helpers/csv-frame.ts';

const small = 'test/fixtures/rnn/journeys_small';
const big = '../shared/fixtures/rnn/journeys';

function fixtureOptions(dir: string): RnnOptions {
  return rnnOptions.parse(JSON.parse(readFileSync(`${dir}/options.json`, 'utf8')));
}

let cached: { events: Frame; labels: Frame; prepared: PreparedSequences } | undefined;
function smallFixture(): { events: Frame; labels: Frame; prepared: PreparedSequences } {
  if (!cached) {
    const events = readCsvFrame(`${small}/events.csv`, 'events');
    const labels = readCsvFrame(`${small}/labels.csv`, 'labels');
    cached = { events, labels, prepared: prepareSequences(events, labels, fixtureOptions(small)) };
  }
  return cached;
}

function num(name: string, values: number[], type: 'integer' | 'number' = 'integer'): FrameColumn {
  return { name, type, values: Float64Array.from(values) };
}
function text(name: string, values: (string | null)[], type: 'text' | 'date' = 'text'): FrameColumn {
  return { name, type, values };
}
function frame(name: string, columns: FrameColumn[]): Frame {
  return { name, rowCount: columns[0]!.values.length, columns };
}
function options(extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}): RnnOptions {
  return rnnOptions.parse({
    id: 'id',
    order: 'day',
    features: ['flag', 'x'],
    target: 'y',
    model: { validation_split: 0.5, ...model },
    ...extra,
  });
}
function rowsOf(p: PreparedSequences, customer: number): number[][] {
  const { values, offsets, lengths, featureCount: F } = p.sequences;
  const out: number[][] = [];
  for (let t = 0; t < lengths[customer]!; t++) {
    out.push(Array.from(values.subarray((offsets[customer]! + t) * F, (offsets[customer]! + t + 1) * F)));
  }
  return out;
}
function inputError(run: () => unknown, match: RegExp, where: Record<string, unknown>): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, match);
    assert.deepEqual(error.where, where);
    return true;
  });
}

test('journeys_small: customers, split, truncation and the README scaling constants', () => {
  const { events, prepared: p } = smallFixture();
  assert.equal(p.customerCount, 2000);
  assert.equal(p.eventRowCount, 55584);
  assert.equal(p.ids[0], '10001');
  assert.equal(p.ids[1999], '12000');
  assert.equal(p.idType, 'integer');
  // Keras validation_split: the last 400 customers by first appearance, no shuffling.
  assert.equal(p.validationStart, 1600);
  assert.equal(p.trainCustomers.length, 1600);
  assert.equal(p.validationCustomers.length, 400);
  assert.equal(p.trainCustomers[0], 0);
  assert.equal(p.validationCustomers[0], 1600);
  assert.equal(p.unlabelledCount, 0);
  let churned = 0;
  for (const y of p.labels) churned += y;
  assert.equal(churned, 1311); // churn share 0.6555 (README: 0.655)
  // 0.60% of customers have more than 200 rows: only their last 200 are kept.
  assert.equal(p.truncatedCount, 12);
  assert.equal(p.warnings.length, 1);
  assert.match(p.warnings[0]!, /12 customers have more than max_length 200 rows/);
  let kept = 0;
  for (let c = 0; c < 2000; c++) {
    assert.equal(p.sequences.lengths[c], Math.min(200, p.rowCounts[c]!));
    assert.equal(p.sequences.offsets[c], kept);
    kept += p.sequences.lengths[c]!;
  }
  assert.equal(p.keptRowCount, kept);
  assert.equal(p.sequences.values.length, kept * 7);
  // Scaling: six flags as they are; days_since_last z-scored with the README's mean and sd.
  assert.deepEqual(
    p.scaling.map((s) => s.kind),
    ['flag', 'flag', 'flag', 'flag', 'flag', 'flag', 'standardised'],
  );
  const gap = p.scaling[6]!;
  assert.equal(gap.feature, 'days_since_last');
  assert.ok(Math.abs(gap.mean - 5.3744) < 5e-5, `mean ${gap.mean}`);
  assert.ok(Math.abs(gap.sd - 6.0043) < 5e-5, `sd ${gap.sd}`);
  // The anchor's float32 figures (expected/anchor.json) to float32 precision.
  const anchor = JSON.parse(readFileSync(`${small}/expected/anchor.json`, 'utf8')).days_since_last_scaling;
  assert.ok(Math.abs(gap.mean - anchor.mean) < 1e-5 && Math.abs(gap.sd - anchor.sd) < 1e-5);

  // A truncated customer: its kept rows are the LAST 200 of the file's rows, gap scaled.
  const truncated = Array.from(p.rowCounts).findIndex((count) => count > 200);
  const idColumn = events.columns[0]!.values as Float64Array;
  const fileRows: number[] = [];
  for (let row = 0; row < events.rowCount; row++)
    if (String(idColumn[row]) === p.ids[truncated]) fileRows.push(row);
  const last = fileRows.slice(-200);
  const got = rowsOf(p, truncated);
  assert.equal(got.length, 200);
  for (let t = 0; t < 200; t++) {
    for (let f = 0; f < 7; f++) {
      const raw = (events.columns[2 + f]!.values as Float64Array)[last[t]!]!;
      const expected = f < 6 ? raw : (raw - gap.mean) / gap.sd;
      assert.equal(got[t]![f], Math.fround(expected));
    }
  }
  // Totals over ALL rows (not only the kept 200); tenure = last day - first day.
  const day = events.columns[1]!.values as Float64Array;
  assert.equal(p.tenureDays[truncated], day[fileRows.at(-1)!]! - day[fileRows[0]!]!);
  const sent = events.columns[3]!.values as Float64Array;
  assert.equal(
    p.totals[truncated * 7 + 1],
    fileRows.reduce((s, row) => s + sent[row]!, 0),
  );
});

test('journeys_small: the label from a column of the events gives the same labels', () => {
  const { events, labels, prepared } = smallFixture();
  const byId = new Map<number, number>();
  const labelIds = labels.columns[0]!.values as Float64Array;
  const churned = labels.columns[1]!.values as Float64Array;
  for (let i = 0; i < labels.rowCount; i++) byId.set(labelIds[i]!, churned[i]!);
  const eventIds = events.columns[0]!.values as Float64Array;
  const withTarget: Frame = {
    ...events,
    columns: [
      ...events.columns,
      num(
        'churned',
        Array.from(eventIds, (id) => byId.get(id)!),
      ),
    ],
  };
  const p = prepareSequences(withTarget, undefined, fixtureOptions(small));
  assert.deepEqual(p.labels, prepared.labels);
  assert.deepEqual(p.sequences.values, prepared.sequences.values);
});

test('journeys_small with its rows in random order: the same customers, sequences and totals', () => {
  const { events, prepared: sorted } = smallFixture();
  const labels = smallFixture().labels;
  const rng = new Rng(7);
  const permutation = Int32Array.from({ length: events.rowCount }, (_, i) => i);
  for (let i = permutation.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [permutation[i], permutation[j]] = [permutation[j]!, permutation[i]!];
  }
  const shuffled: Frame = {
    ...events,
    columns: events.columns.map((column) => ({
      ...column,
      values: Float64Array.from(permutation, (row) => (column.values as Float64Array)[row]!),
    })) as FrameColumn[],
  };
  const p = prepareSequences(shuffled, labels, fixtureOptions(small));
  assert.equal(p.customerCount, 2000);
  const index = new Map(sorted.ids.map((id, c) => [id, c]));
  const unscale = (q: PreparedSequences, x: number, f: number): number =>
    q.scaling[f]!.kind === 'flag' ? x : x * q.scaling[f]!.sd + q.scaling[f]!.mean;
  for (let c = 0; c < p.customerCount; c++) {
    const d = index.get(p.ids[c]!)!;
    assert.equal(p.rowCounts[c], sorted.rowCounts[d]);
    assert.equal(p.labels[c], sorted.labels[d]);
    assert.equal(p.tenureDays[c], sorted.tenureDays[d]);
    assert.deepEqual(p.totals.subarray(c * 7, c * 7 + 7), sorted.totals.subarray(d * 7, d * 7 + 7));
    const mine = rowsOf(p, c);
    const theirs = rowsOf(sorted, d);
    assert.equal(mine.length, theirs.length);
    for (let t = 0; t < mine.length; t++) {
      for (let f = 0; f < 7; f++) {
        const a = unscale(p, mine[t]![f]!, f);
        const b = unscale(sorted, theirs[t]![f]!, f);
        assert.ok(Math.abs(a - b) < 1e-4, `customer ${p.ids[c]} row ${t} feature ${f}: ${a} vs ${b}`);
      }
    }
  }
});

test('numeric ids of any kind: fractions, large integers, -0 and 0 as one customer', () => {
  const ids = [0.5, 1e15 + 1, -0, 0, 1e15 + 1, -3, 0.5, 2 ** 40];
  const events = frame('events', [
    num('id', ids, 'number'),
    num('day', [1, 1, 1, 2, 2, 1, 2, 1]),
    num('flag', [1, 0, 1, 0, 1, 0, 1, 0]),
    num('x', [1, 2, 3, 4, 5, 6, 7, 8]),
    num('y', [1, 0, 1, 1, 0, 1, 1, 0]),
  ]);
  const p = prepareSequences(events, undefined, options());
  assert.deepEqual(p.ids, ['0.5', '1000000000000001', '0', '-3', '1099511627776']);
  assert.equal(p.idType, 'number');
  assert.deepEqual(Array.from(p.rowCounts), [2, 2, 2, 1, 1]);
  const labels = frame('labels', [
    text('id', ['1099511627776', '0', '0.5', '-3', '1000000000000001', '0.50']),
    num('y', [1, 0, 1, 0, 1, 1]),
  ]);
  const q = prepareSequences(events, labels, options());
  assert.deepEqual(Array.from(q.labels), [1, 1, 0, 0, 1]);
  assert.equal(q.unmatchedLabelCount, 1); // "0.50" is not the text of any id
});

test('rows ordered by the order column (stable for ties), last max_length kept, totals over all rows', () => {
  // Customer B appears first; its rows are out of order with a tie on day 5.
  const events = frame('events', [
    text('id', ['B', 'A', 'B', 'B', 'A', 'B', 'C', 'D', 'C']),
    num('day', [9, 1, 5, 2, 3, 5, 1, 1, 2]),
    num('flag', [1, 0, 0, 1, 1, 1, 0, 1, 1]),
    num('x', [90, 10, 50, 20, 30, 51, 7, 3, 8]),
    num('y', [1, 0, 1, 1, 0, 1, 0, 1, 0]),
  ]);
  const p = prepareSequences(events, undefined, options({}, { max_length: 3 }));
  assert.deepEqual(p.ids, ['B', 'A', 'C', 'D']);
  assert.equal(p.idType, 'string');
  assert.deepEqual(Array.from(p.rowCounts), [4, 2, 2, 1]);
  assert.deepEqual(Array.from(p.sequences.lengths), [3, 2, 2, 1]);
  assert.equal(p.truncatedCount, 1);
  // B by day: 2 (x 20), 5 (x 50), 5 (x 51, later row), 9 (x 90); the last 3 kept.
  const { mean, sd } = p.scaling[1]!;
  assert.equal(p.scaling[0]!.kind, 'flag');
  assert.deepEqual(
    rowsOf(p, 0).map((r) => [r[0], r[1]]),
    [
      [0, Math.fround((50 - mean) / sd)],
      [1, Math.fround((51 - mean) / sd)],
      [1, Math.fround((90 - mean) / sd)],
    ],
  );
  // Split 0.5 of 4: B, A train; C, D validation. Scaling over the KEPT rows of B and A.
  assert.deepEqual(Array.from(p.trainCustomers), [0, 1]);
  assert.deepEqual(Array.from(p.validationCustomers), [2, 3]);
  const keptTrain = [50, 51, 90, 10, 30];
  const m = keptTrain.reduce((a, b) => a + b) / 5;
  assert.ok(Math.abs(mean - m) < 1e-12);
  assert.ok(Math.abs(sd - Math.sqrt(keptTrain.reduce((a, b) => a + (b - m) ** 2, 0) / 5)) < 1e-12);
  // Totals and tenure over all of B's rows, unscaled.
  assert.deepEqual(Array.from(p.totals.subarray(0, 2)), [3, 211]);
  assert.deepEqual(Array.from(p.tenureDays), [7, 2, 1, 0]);
  assert.deepEqual(Array.from(p.labels), [1, 0, 0, 1]);
});

test('a date order column: code-unit order, tenure in days; numeric ids joined to text labels', () => {
  const events = frame('events', [
    num('id', [7, 7, 8, 8, 9, 10]),
    text(
      'day',
      ['2024-03-01', '2024-01-31', '2024-01-01T12:00:00', '2024-01-01', '2024-02-01', '2024-02-02'],
      'date',
    ),
    num('flag', [1, 0, 1, 0, 1, 0]),
    num('x', [1, 2, 3, 4, 5, 6.5], 'number'),
  ]);
  const labels = frame('labels', [text('id', ['8', '7', '9', '10', '11']), num('y', [1, 0, 1, 0, 1])]);
  const p = prepareSequences(events, labels, options());
  assert.deepEqual(p.ids, ['7', '8', '9', '10']);
  assert.deepEqual(Array.from(p.labels), [0, 1, 1, 0]);
  assert.equal(p.unmatchedLabelCount, 1);
  assert.match(p.warnings[0]!, /1 customer in "labels" has no rows in "events" and is left out/);
  assert.deepEqual(Array.from(p.tenureDays), [30, 0.5, 0, 0]);
  assert.deepEqual(
    rowsOf(p, 0).map((r) => r[0]),
    [0, 1],
  );
  assert.deepEqual(
    rowsOf(p, 1).map((r) => r[0]),
    [0, 1],
  );
  assert.equal(parseIsoDate('2024-01-31'), Date.UTC(2024, 0, 31));
  assert.ok(Number.isNaN(parseIsoDate('31/01/2024')));
});

test('customers without a label are encoded but left out of both sets, with a warning', () => {
  const events = frame('events', [
    num('id', [1, 2, 3, 4, 5, 6, 7, 8]),
    num('day', [1, 1, 1, 1, 1, 1, 1, 1]),
    num('flag', [1, 0, 1, 0, 1, 0, 1, 0]),
    num('x', [1, 2, 3, 4, 5, 6, 7, 8]),
    num('y', [1, 0, NaN, 1, 0, NaN, 1, 0]),
  ]);
  const p = prepareSequences(events, undefined, options());
  assert.equal(p.unlabelledCount, 2);
  assert.deepEqual(Array.from(p.trainCustomers), [0, 1, 3]);
  assert.deepEqual(Array.from(p.validationCustomers), [4, 6, 7]);
  assert.equal(p.sequences.lengths.length, 8);
  assert.match(p.warnings[0]!, /2 customers have no label/);
  // A label table with a missing label cell: that customer has none either.
  const labels = frame('labels', [num('id', [1, 2, 3, 4, 5, 6, 7, 8]), num('y', [1, 0, 1, NaN, 1, 0, 0, 1])]);
  const q = prepareSequences(events, labels, options());
  assert.equal(q.unlabelledCount, 1);
  assert.deepEqual(Array.from(q.trainCustomers), [0, 1, 2]);
});

test('the validation block is floor(n * validation_split) customers', () => {
  const n = 11;
  const events = frame('events', [
    num(
      'id',
      Array.from({ length: n }, (_, i) => i),
    ),
    num(
      'day',
      Array.from({ length: n }, () => 0),
    ),
    num(
      'flag',
      Array.from({ length: n }, (_, i) => i % 2),
    ),
    num(
      'x',
      Array.from({ length: n }, (_, i) => i * i),
    ),
    num(
      'y',
      Array.from({ length: n }, (_, i) => i % 2),
    ),
  ]);
  const p = prepareSequences(events, undefined, options({}, { validation_split: 0.3 }));
  assert.equal(p.validationStart, 8);
  assert.deepEqual(Array.from(p.validationCustomers), [8, 9, 10]);
});

test('messages: missing values, constant features, labels, ids, the split', () => {
  const base = (overrides: Partial<Record<string, FrameColumn>> = {}): Frame => {
    const columns: Record<string, FrameColumn> = {
      id: num('id', [1, 1, 2, 3, 4]),
      day: num('day', [1, 2, 1, 1, 1]),
      flag: num('flag', [1, 0, 1, 0, 1]),
      x: num('x', [1, 2, 3, 4, 5]),
      y: num('y', [1, 1, 0, 1, 0]),
      ...overrides,
    } as Record<string, FrameColumn>;
    return frame('events', Object.values(columns));
  };
  assert.equal(prepareSequences(base(), undefined, options()).customerCount, 4);
  inputError(
    () =>
      prepareSequences(
        base({ x: num('x', [1, 2, 3, NaN, 5]), flag: num('flag', [1, 0, 1, 0, NaN]) }),
        undefined,
        options(),
      ),
    /row 4, column x: expected a number, got a missing value/,
    { row: 4, column: 'x' },
  );
  inputError(
    () => prepareSequences(base({ x: num('x', [2, 2, 2, 2, 7]) }), undefined, options()),
    /column x: constant on the training customers/,
    { column: 'x', option: 'features' },
  );
  inputError(
    () => prepareSequences(base({ y: num('y', [1, 0, 0, 1, 0]) }), undefined, options()),
    /row 2, column y: the label of customer 1 changes here \(1 on its row 1, 0 here\)/,
    { row: 2, column: 'y' },
  );
  inputError(
    () => prepareSequences(base({ y: num('y', [1, 1, 2, 1, 0]) }), undefined, options()),
    /row 3, column y: expected 0 or 1, got 2/,
    { row: 3, column: 'y' },
  );
  inputError(
    () => prepareSequences(base({ id: num('id', [1, 1, NaN, 3, 4]) }), undefined, options()),
    /row 3, column id: the customer id is missing/,
    { row: 3, column: 'id' },
  );
  inputError(
    () => prepareSequences(base({ day: num('day', [1, NaN, 1, 1, 1]) }), undefined, options()),
    /row 2, column day: the order value is missing/,
    { row: 2, column: 'day' },
  );
  inputError(
    () => prepareSequences(base(), undefined, { ...options(), features: ['flag', 'nope'] }),
    /column nope: not found \(chosen as a feature\); the columns are id, day, flag, x, y/,
    { column: 'nope' },
  );
  inputError(
    () => prepareSequences(base({ x: text('x', ['a', 'b', 'c', 'd', 'e']) }), undefined, options()),
    /column x: expected a numeric column \(0\/1 or numbers\), got text/,
    { column: 'x' },
  );
  // Labels table: not 0/1, duplicate ids.
  const labels = (ids: number[], ys: number[]): Frame => frame('labels', [num('id', ids), num('y', ys)]);
  inputError(
    () => prepareSequences(base(), labels([1, 2, 3, 4], [1, 0, 0.5, 1]), options()),
    /data "labels", row 3, column y: expected 0 or 1, got 0.5/,
    { row: 3, column: 'y' },
  );
  inputError(
    () => prepareSequences(base(), labels([1, 2, 3, 2], [1, 0, 0, 1]), options()),
    /data "labels", row 4, column id: customer 2 is labelled twice \(also on row 2\)/,
    { row: 4, column: 'id' },
  );
  inputError(
    () => prepareSequences(base(), labels([1, 2, 9, 9], [1, 0, 0, 1]), options()),
    /row 4, column id: customer 9 is labelled twice/,
    { row: 4, column: 'id' },
  );
  // The split: an empty validation block, one class in a set.
  inputError(
    () => prepareSequences(base(), undefined, options({}, { validation_split: 0.2 })),
    /0.2 of 4 customers holds out no customer for validation; raise validation_split/,
    { option: 'model.validation_split' },
  );
  inputError(
    () => prepareSequences(base({ y: num('y', [1, 1, 1, 1, 0]) }), undefined, options()),
    /every labelled customer among the training customers \(the first 2 by first appearance\) has label 1 \(churned\)/,
    { option: 'model.validation_split' },
  );
  inputError(
    () => prepareSequences(base({ y: num('y', [1, 1, 0, NaN, NaN]) }), undefined, options()),
    /none of the validation customers \(the last 2 by first appearance\) has a label/,
    { option: 'model.validation_split' },
  );
});

test('invertPermutationInPlace inverts random permutations', () => {
  const rng = new Rng(3);
  for (const n of [0, 1, 2, 7, 1000]) {
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    const q = Int32Array.from(p);
    invertPermutationInPlace(q);
    for (let i = 0; i < n; i++) assert.equal(q[p[i]!], i);
  }
});

test(
  'journeys (when ../shared is present): 20,000 customers, scaling as the README',
  { skip: !existsSync(`${big}/events.csv`) },
  () => {
    const events = readCsvFrame(`${big}/events.csv`, 'events');
    const labels = readCsvFrame(`${big}/labels.csv`, 'labels');
    const p = prepareSequences(events, labels, fixtureOptions(big));
    assert.equal(p.customerCount, 20000);
    assert.equal(p.eventRowCount, 565104);
    assert.equal(p.trainCustomers.length, 16000);
    // 442,709 kept rows over the 16,000 training customers (anchors/rnn README).
    let trainRows = 0;
    for (const c of p.trainCustomers) trainRows += p.sequences.lengths[c]!;
    assert.equal(trainRows, 442709);
    const gap = p.scaling[6]!;
    assert.ok(Math.abs(gap.mean - 5.2969) < 5e-5, `mean ${gap.mean}`);
    assert.ok(Math.abs(gap.sd - 5.9795) < 5e-5, `sd ${gap.sd}`);
  },
);
