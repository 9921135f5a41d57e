import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizedEntropy,
  stateDistribution,
} from '../../../../main/engines/sequence/state-distribution.ts';
import { entropyTable, stateDistributionTable } from '../../../../main/engines/sequence/tables.ts';
import { caseNames, compareWithExpected, encodeCase, encoded } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: state_distribution and entropy match TraMineR's seqstatd`, () => {
    const distribution = stateDistribution(encodeCase(name));
    const { ok, report } = compareWithExpected(name, {
      state_distribution: stateDistributionTable(distribution),
      entropy: entropyTable(distribution),
    });
    assert.ok(ok, report);
  });
}

test('every state has a row in every period; an absent state gets proportion 0', () => {
  // States A, B, C; C never occurs, B only in the second period.
  const seq = encoded(
    ['A', 'B', 'C'],
    [
      [0, 1],
      [0, 0],
      [0, 1],
      [0, 0],
    ],
  );
  const d = stateDistribution(seq);
  assert.deepEqual(Array.from(d.proportions), [1, 0, 0, 0.5, 0.5, 0]);
  assert.deepEqual(Array.from(d.counts), [4, 0, 0, 2, 2, 0]);
  assert.deepEqual(Array.from(d.valid), [4, 4]);
  assert.equal(d.entropy[0], 0);
  // Two equally likely states of three: log 2 / log 3 (the absent state still counts in K).
  assert.equal(d.entropy[1], Math.log(2) / Math.log(3));
  const table = stateDistributionTable(d);
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['time', 'state', 'proportion'],
  );
  assert.deepEqual(table.rows, [
    ['t1', 'A', 1],
    ['t1', 'B', 0],
    ['t1', 'C', 0],
    ['t2', 'A', 0.5],
    ['t2', 'B', 0.5],
    ['t2', 'C', 0],
  ]);
  assert.deepEqual(entropyTable(d).rows, [
    ['t1', 0],
    ['t2', Math.log(2) / Math.log(3)],
  ]);
});

test('a uniform distribution has entropy 1; a one-state alphabet has entropy 0', () => {
  const uniform = stateDistribution(encoded(['x', 'y', 'z', 'w'], [[0], [1], [2], [3]]));
  assert.ok(Math.abs(uniform.entropy[0] - 1) < 1e-15);
  const single = stateDistribution(
    encoded(
      ['only'],
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
    ),
  );
  assert.deepEqual(Array.from(single.proportions), [1, 1, 1]);
  assert.deepEqual(Array.from(single.entropy), [0, 0, 0]);
  assert.equal(normalizedEntropy([1], 1), 0);
});

test('no customers: proportions and entropies are missing cells', () => {
  const d = stateDistribution(encoded(['A', 'B'], [], ['p1']));
  assert.ok(Number.isNaN(d.proportions[0]) && Number.isNaN(d.entropy[0]));
  assert.deepEqual(stateDistributionTable(d).rows, [
    ['p1', 'A', null],
    ['p1', 'B', null],
  ]);
  assert.deepEqual(entropyTable(d).rows, [['p1', null]]);
});
