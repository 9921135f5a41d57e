// Transition frequencies against R mstate::events() on the three reference cases.
import { test } from 'node:test';
import { transitionFrequencies } from '../../../../main/engines/multistate/events.ts';
import { msprep } from '../../../../main/engines/multistate/msprep.ts';
import { assertMatchesExpected, caseNames, loadCase } from './fixture-cases.ts';

for (const name of caseNames) {
  test(`${name}: frequencies as mstate events()`, () => {
    const fixture = loadCase(name);
    const frequencies = transitionFrequencies(msprep(fixture.frame, fixture.options));
    assertMatchesExpected(fixture, 'frequencies', frequencies);
  });
}
