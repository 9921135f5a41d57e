// msprep against the facts the fixture READMEs give about R's long data, the conventions
// on small hand-made rows, and the input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultistateLayout } from '../../../../main/engines/multistate/msprep.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { InputError } from '../../../../shared/errors.ts';
import { frameFromCsvText } from '../../helpers/csv-frame.ts';
import { loadCase } from './fixture-cases.ts';

const readmeFacts = [
  { name: 'ebmt3', rows: 5577, zeroLength: [] as string[] },
  { name: 'ebmt4', rows: 15512, zeroLength: [] as string[] },
  { name: 'subscription', rows: 14348, zeroLength: ['2343', '2828'] },
];

for (const facts of readmeFacts) {
  test(`${facts.name}: long data has R's row count and zero-length rows`, () => {
    const fixture = loadCase(facts.name);
    const long = msprep(fixture.frame, fixture.options);
    assert.equal(long.rowCount, facts.rows);
    const zeroLengthSubjects = new Set<string>();
    for (let r = 0; r < long.rowCount; r++) {
      if (long.tStop[r] === long.tStart[r]) zeroLengthSubjects.add(String(long.subjectIds[long.subject[r]]));
    }
    assert.deepEqual([...zeroLengthSubjects].sort(), facts.zeroLength);
  });
}

// Illness-death: A -> B, A -> C, B -> C.
const illnessDeath: MultistateLayout = {
  id: 'id',
  states: ['A', 'B', 'C'],
  transitions: [
    ['A', 'B'],
    ['A', 'C'],
    ['B', 'C'],
  ],
  time: { B: 'tB', C: 'tC' },
  status: { B: 'sB', C: 'sC' },
};

function rowsOf(csv: string): string[] {
  const long = msprep(frameFromCsvText('data', `id,tB,sB,tC,sC\n${csv}`), illnessDeath);
  return Array.from(
    { length: long.rowCount },
    (_, r) =>
      `${long.subjectIds[long.subject[r]]}:${long.transition[r] + 1}:` +
      `${long.tStart[r]}-${long.tStop[r]}:${long.status[r]}`,
  );
}

test('the conventions of the fixture READMEs on hand-made subjects', () => {
  assert.deepEqual(rowsOf('1,5,1,9,1\n'), ['1:1:0-5:1', '1:2:0-5:0', '1:3:5-9:1']);
  // Equal smallest event times: the state listed first (B) wins.
  assert.deepEqual(rowsOf('2,5,1,5,1\n'), ['2:1:0-5:1', '2:2:0-5:0', '2:3:5-5:1']);
  // A status-0 time before the event does not stop the subject.
  assert.deepEqual(rowsOf('3,4,0,7,1\n'), ['3:1:0-7:0', '3:2:0-7:1']);
  // No event: censored at the smallest reachable time.
  assert.deepEqual(rowsOf('4,6,0,8,0\n'), ['4:1:0-6:0', '4:2:0-6:0']);
  // Entering B and censored there the same day: a zero-length row.
  assert.deepEqual(rowsOf('5,6,1,6,0\n'), ['5:1:0-6:1', '5:2:0-6:0', '5:3:6-6:0']);
  // The smallest event time wins, whatever the order of the states.
  assert.deepEqual(rowsOf('6,6,1,3,1\n'), ['6:1:0-3:0', '6:2:0-3:1']);
});

test('input checks name the row, the column and what was expected', () => {
  assert.throws(
    () => rowsOf('1,5,2,9,1\n'),
    (error: unknown) =>
      error instanceof InputError &&
      error.message === 'data "data", row 1, column sB: expected a status 0 or 1, got 2',
  );
  assert.throws(
    () => rowsOf('1,5,1,9,1\n2,-1,0,9,1\n'),
    (error: unknown) =>
      error instanceof InputError &&
      error.message === 'data "data", row 2, column tB: expected a time >= 0, got -1',
  );
  assert.throws(
    () => msprep(frameFromCsvText('data', 'id,tB,sB\n1,1,1\n'), illnessDeath),
    (error: unknown) => error instanceof InputError && /column tC: not found/.test(error.message),
  );
  assert.throws(
    () =>
      msprep(frameFromCsvText('data', 'id,tB,sB\n1,1,1\n'), { ...illnessDeath, transitions: [['B', 'A']] }),
    (error: unknown) => error instanceof InputError && /enters the start state/.test(error.message),
  );
});
