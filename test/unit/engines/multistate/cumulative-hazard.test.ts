// Nelson-Aalen hazards with msfit's Greenwood variances against R on the reference cases,
// and one small example worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulativeHazardRows, nelsonAalen } from '../../../../main/engines/multistate/cumulative-hazard.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { frameFromCsvText } from '../../helpers/csv-frame.ts';
import { assertMatchesExpected, caseNames, loadCase } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: cumhaz as coxph(~ strata(trans)) + msfit(vartype = "greenwood")`, () => {
    const fixture = loadCase(name);
    const hazards = nelsonAalen(msprep(fixture.frame, fixture.options));
    const rows = cumulativeHazardRows(hazards);
    assert.equal(rows.length, fixture.expected('cumhaz').length, 'event times only, as DESIGN.md');
    assertMatchesExpected(fixture, 'cumhaz', rows);
  });
}

test('two-state example by hand: ties are one step, zero-length rows never at risk', () => {
  // A -> B only. Times 2 (event), 2 (event), 3 (censored), 5 (event), 0 (censored at 0).
  const frame = frameFromCsvText('tiny', 'id,tB,sB\n1,2,1\n2,2,1\n3,3,0\n4,5,1\n5,0,0\n');
  const long = msprep(frame, {
    id: 'id',
    states: ['A', 'B'],
    transitions: [['A', 'B']],
    time: { B: 'tB' },
    status: { B: 'sB' },
  });
  const hazards = nelsonAalen(long);
  assert.deepEqual(Array.from(hazards.times), [2, 5]);
  // u = 2: n = 4 (subject 5 has Tstop == Tstart), d = 2; u = 5: n = 1, d = 1.
  assert.deepEqual(Array.from(hazards.atRisk), [4, 1]);
  assert.deepEqual(Array.from(hazards.cumulativeHazard), [0.5, 1.5]);
  assert.deepEqual(Array.from(hazards.variance), [(2 * 2) / 64, (2 * 2) / 64 + 0]);
});
