// Aalen-Johansen state-occupation probabilities and their standard errors against R
// mstate::probtrans (forward, method "aalen") on the reference cases, and a hand example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nelsonAalen } from '../../../../main/engines/multistate/cumulative-hazard.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { transitionProbabilities } from '../../../../main/engines/multistate/probtrans.ts';
import { frameFromCsvText } from '../../helpers/csv-frame.ts';
import { assertMatchesExpected, caseNames, loadCase } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: probtrans forward from predict.from at predict.start`, () => {
    const fixture = loadCase(name);
    const { predict } = fixture.options;
    const hazards = nelsonAalen(msprep(fixture.frame, fixture.options));
    const rows = transitionProbabilities(
      hazards,
      fixture.options.states.indexOf(predict.from),
      predict.start,
      predict.times,
    );
    assertMatchesExpected(fixture, 'probtrans', rows);
  });
}

test('two competing transitions by hand: one simultaneous step, right-continuous reading', () => {
  // A -> B, A -> C; at time 1 one of four goes to B and one to C (same step), at 2 one to B.
  const frame = frameFromCsvText('tiny', 'id,tB,sB,tC,sC\n1,1,1,1,0\n2,1,0,1,1\n3,2,1,2,0\n4,3,0,3,0\n');
  const long = msprep(frame, {
    id: 'id',
    states: ['A', 'B', 'C'],
    transitions: [
      ['A', 'B'],
      ['A', 'C'],
    ],
    time: { B: 'tB', C: 'tC' },
    status: { B: 'sB', C: 'sC' },
  });
  const rows = transitionProbabilities(nelsonAalen(long), 0, 0, [0.5, 1, 2]);
  const prob = rows.map((row) => row.prob);
  // t = 1: A = 1 - 1/4 - 1/4; t = 2: A = 1/2 * (1 - 1/2), B = 1/4 + 1/2 * 1/2.
  assert.deepEqual(prob, [1, 0, 0, 0.5, 0.25, 0.25, 0.25, 0.5, 0.25]);
  // Var P_AB(1) = p_A(1)^2 * (n - d) d / n^3 = 1/4 * 3/64.
  assert.ok(Math.abs(rows[4].se - Math.sqrt(3 / 256)) < 1e-15);
  // From A at start 1: only the step at 2 (two at risk, one to B); the variance starts at 0.
  const later = transitionProbabilities(nelsonAalen(long), 0, 1, [1, 2]);
  assert.deepEqual(
    later.map((row) => row.prob),
    [1, 0, 0, 0.5, 0.5, 0],
  );
  // Var P_AB = p_A(2)^2 (n - d) d / n^3 = 1/4 * 1/8.
  assert.ok(Math.abs(later[4].se - Math.sqrt(1 / 32)) < 1e-15);
  assert.equal(later[1].se, 0);
});
