import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanTime } from '../../../../main/engines/sequence/mean-time.ts';
import { meanTimeTable } from '../../../../main/engines/sequence/tables.ts';
import { caseNames, compareWithExpected, encodeCase, encoded } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: mean_time matches TraMineR's seqmeant`, () => {
    const seq = encodeCase(name);
    const m = meanTime(seq);
    const { ok, report } = compareWithExpected(name, { mean_time: meanTimeTable(m) });
    assert.ok(ok, report);
    // The means sum to the number of periods.
    const total = m.means.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - seq.length) < 1e-9 * seq.length, `means sum to ${total}`);
  });
}

test('mean periods per state over all customers, absent states 0', () => {
  const seq = encoded(
    ['A', 'B', 'C'],
    [
      [0, 0, 1],
      [1, 1, 1],
      [0, 1, 0],
      [0, 0, 0],
    ],
  );
  const m = meanTime(seq);
  assert.deepEqual(Array.from(m.totals), [7, 5, 0]);
  assert.deepEqual(Array.from(m.means), [7 / 4, 5 / 4, 0]);
  const table = meanTimeTable(m);
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['state', 'mean'],
  );
  assert.deepEqual(table.rows, [
    ['A', 1.75],
    ['B', 1.25],
    ['C', 0],
  ]);
});

test('no customers: the means are missing cells', () => {
  const m = meanTime(encoded(['A'], [], ['p1', 'p2']));
  assert.deepEqual(meanTimeTable(m).rows, [['A', null]]);
});
