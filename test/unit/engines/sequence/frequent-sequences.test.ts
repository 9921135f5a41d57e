import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frequentSequences, spsString } from '../../../../main/engines/sequence/frequent-sequences.ts';
import { frequentSequencesTable } from '../../../../main/engines/sequence/tables.ts';
import { caseNames, compareWithExpected, encodeCase, encoded } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: frequent_sequences matches TraMineR's seqtab(idxs = 1:10)`, () => {
    const top = frequentSequences(encodeCase(name));
    assert.equal(top.length, 10);
    const { ok, report } = compareWithExpected(name, { frequent_sequences: frequentSequencesTable(top) });
    assert.ok(ok, report);
  });
}

test('SPS strings: spells STATE/DURATION joined by "-"', () => {
  const seq = encoded(
    ['Online', 'Store'],
    [
      [1, 1, 1, 0],
      [0, 0, 0, 0],
      [1, 0, 1, 0],
    ],
  );
  assert.equal(spsString(seq, 0), 'Store/3-Online/1');
  assert.equal(spsString(seq, 1), 'Online/4');
  assert.equal(spsString(seq, 2), 'Store/1-Online/1-Store/1-Online/1');
});

test('count descending, ties by the SPS string in code-unit order, ordinal ranks', () => {
  // Alphabet order (B, a) differs from the order of the strings; "B/2" < "a/2" in code units.
  const seq = encoded(
    ['B', 'a', 'b'],
    [
      [1, 1], // a/2
      [2, 2], // b/2
      [0, 0], // B/2
      [1, 1], // a/2
      [2, 2], // b/2
      [0, 0], // B/2
      [0, 1], // B/1-a/1
      [1, 0], // a/1-B/1
      [1, 0], // a/1-B/1
      [1, 0], // a/1-B/1
    ],
  );
  const all = frequentSequences(seq);
  assert.deepEqual(all, [
    { rank: 1, sequence: 'a/1-B/1', count: 3, percent: (3 / 10) * 100 },
    { rank: 2, sequence: 'B/2', count: 2, percent: (2 / 10) * 100 },
    { rank: 3, sequence: 'a/2', count: 2, percent: (2 / 10) * 100 },
    { rank: 4, sequence: 'b/2', count: 2, percent: (2 / 10) * 100 },
    { rank: 5, sequence: 'B/1-a/1', count: 1, percent: (1 / 10) * 100 },
  ]);
  // The cut keeps the first of the tied strings.
  assert.deepEqual(
    frequentSequences(seq, 2).map((f) => f.sequence),
    ['a/1-B/1', 'B/2'],
  );
  assert.deepEqual(frequentSequences(seq, 0), []);
  const table = frequentSequencesTable(all);
  assert.deepEqual(
    table.columns.map((c) => [c.name, c.type]),
    [
      ['rank', 'integer'],
      ['sequence', 'string'],
      ['count', 'integer'],
      ['percent', 'number'],
    ],
  );
  assert.deepEqual(table.rows[1], [2, 'B/2', 2, 20]);
});
