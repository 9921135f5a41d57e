// The multistate set-up the wizard section edits: read from and written back to the wizard's
// state unchanged, every edit keeping the options consistent (renames reach transitions, columns
// and the prediction; nothing enters the start state), typed numbers, and the checks made from
// column summaries before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { multistateDefinition } from '../../../../../shared/analyses/multistate.ts';
import {
  assembleOptions,
  buildWizard,
  initialState,
  stateFromOptions,
} from '../../../../../renderer/lib/wizard.ts';
import {
  addProfile,
  addState,
  covariateViews,
  evenTimes,
  moveState,
  parseTimes,
  readSetup,
  removeState,
  renameState,
  setCategorical,
  setCovariate,
  setReference,
  setStateColumn,
  setTransition,
  setupChecks,
  stateNameProblem,
  transitionRefusal,
  typedNumber,
  writeSetup,
  type ColumnSummary,
} from '../../../../../renderer/analyses/multistate/setup.ts';

const fixture = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../fixtures/multistate/subscription/options.json'),
    'utf8',
  ),
) as Record<string, unknown>;
const model = buildWizard(multistateDefinition);

function saved() {
  return stateFromOptions(model, fixture, { data: 'subscriptions' });
}

test('read then write leaves saved options exactly as they were', () => {
  const state = saved();
  writeSetup(state, readSetup(state));
  assert.deepEqual(assembleOptions(model, state), fixture);
});

test('a new analysis starts empty, with a prediction from the first state at time 0', () => {
  const state = initialState(model, ['subscriptions']);
  writeSetup(state, readSetup(state));
  const options = assembleOptions(model, state);
  assert.deepEqual(options.states, []);
  assert.deepEqual(options.transitions, []);
  assert.deepEqual(options.predict, { start: 0, times: [] });
  const issues = multistateDefinition.options.safeParse(options);
  assert.equal(issues.success, false);
  assert.deepEqual(
    issues.error?.issues.map((i) => i.path.join('.')),
    ['states', 'transitions', 'predict.times'],
  );
});

test('renaming a state reaches its transitions, columns and the prediction', () => {
  const setup = renameState(readSetup(saved()), 'Subscribed', 'Active');
  assert.equal(setup.states[0], 'Active');
  assert.deepEqual(setup.transitions.slice(0, 3), [
    ['Active', 'EmailUnsub'],
    ['Active', 'Paused'],
    ['Active', 'Cancelled'],
  ]);
  assert.equal(setup.predict.from, 'Active');
  const paused = renameState(setup, 'Paused', 'OnHold');
  assert.deepEqual(
    Object.keys(paused.time),
    ['EmailUnsub', 'OnHold', 'UnsubPaused', 'Cancelled'],
    'key order kept',
  );
  assert.equal(paused.time.OnHold, 'St3');
  assert.equal(renameState(setup, 'Paused', 'Cancelled'), setup, "another state's name is refused");
  assert.equal(stateNameProblem(setup.states, 2, 'Cancelled'), 'another state is called "Cancelled"');
  assert.equal(stateNameProblem(setup.states, 2, ' '), 'a state needs a name');
  assert.equal(stateNameProblem(setup.states, 2, 'Paused'), undefined);
});

test('removing and moving states; transitions stay in grid order and never enter the start state', () => {
  const setup = readSetup(saved());
  const removed = removeState(setup, 'Paused');
  assert.deepEqual(removed.states, ['Subscribed', 'EmailUnsub', 'UnsubPaused', 'Cancelled']);
  assert.equal(removed.transitions.length, 5);
  assert.equal(removed.time.Paused, undefined);
  assert.equal(removeState(setup, 'Subscribed').predict.from, undefined);
  const moved = moveState(setup, 1, -1);
  assert.deepEqual(moved.states.slice(0, 2), ['EmailUnsub', 'Subscribed']);
  assert.ok(!moved.transitions.some(([, to]) => to === 'EmailUnsub'), 'nothing enters the new start state');
  assert.equal(moved.time.EmailUnsub, undefined, 'the start state needs no columns');
  assert.deepEqual(
    moved.transitions[0],
    ['EmailUnsub', 'UnsubPaused'],
    'the new start state is the first row',
  );
  assert.equal(moveState(setup, 0, -1), setup);

  const grown = setTransition(addState(setup, 'Won back'), 'Cancelled', 'Won back', true);
  assert.deepEqual(grown.transitions.at(-1), ['Cancelled', 'Won back']);
  const early = setTransition(setup, 'EmailUnsub', 'Paused', true);
  assert.deepEqual(early.transitions[3], ['EmailUnsub', 'Paused'], 'inserted where the grid shows it');
  assert.equal(setTransition(setup, 'Paused', 'Subscribed', true), setup, 'into the start state: refused');
  assert.match(
    transitionRefusal(setup.states, 'Paused', 'Subscribed') ?? '',
    /Everyone starts in "Subscribed"/,
  );
  assert.match(transitionRefusal(setup.states, 'Paused', 'Paused') ?? '', /itself/);
  assert.equal(setTransition(setup, 'Subscribed', 'Paused', false).transitions.length, 7);
  assert.equal(addState(readSetup(initialState(model))).states[0], 'Start');
});

test('columns per state in state order; covariates with levels and profile values', () => {
  let setup = readSetup(saved());
  setup = setStateColumn(setup, 'time', 'Paused', '');
  assert.equal(setup.time.Paused, undefined);
  setup = setStateColumn(setup, 'time', 'Paused', 'St3');
  assert.deepEqual(Object.keys(setup.time), ['EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled']);

  setup = setCovariate(setup, 'age', false);
  assert.equal(setup.levels.age, undefined, 'its levels go');
  assert.equal(setup.profiles[0]!.values.age, undefined, 'and its profile values');
  setup = setCovariate(setup, 'age', true, '20-40');
  assert.equal(setup.profiles[1]!.values.age, '20-40');

  const observed = ['Yes', 'No'];
  const noRef = setReference(setup, 'discount', 'No', observed);
  assert.equal(noRef.levels.discount, undefined, 'the sorted order anyway: left out of the options');
  const yesRef = setReference(setup, 'discount', 'Yes', observed);
  assert.deepEqual(yesRef.levels.discount, ['Yes', 'No']);
  const custom = { ...setup, levels: { age: ['<20', '20-40', '>40'] } };
  assert.deepEqual(setReference(custom, 'age', '>40', []).levels.age, ['>40', '<20', '20-40']);

  const years = setCategorical(
    { ...setup, covariates: ['joined'], profiles: [{ name: 'A', values: { joined: 2018 } }] },
    'joined',
    true,
    ['2020', '2015', '2018'],
  );
  assert.deepEqual(years.levels.joined, ['2015', '2018', '2020']);
  assert.equal(years.profiles[0]!.values.joined, '2018');
  assert.equal(setCategorical(years, 'joined', false, []).profiles[0]!.values.joined, 2018);

  const two = addProfile(addProfile({ ...setup, profiles: [] }, { discount: 'No' }), { discount: 'No' });
  assert.deepEqual(
    two.profiles.map((p) => p.name),
    ['A', 'B'],
  );
});

test('covariate views: levels, reference first, and a typical value for new profiles', () => {
  const setup = {
    ...readSetup(saved()),
    covariates: ['discount', 'age', 'tenure', 'joined'],
    levels: { age: ['<20', '20-40', '>40'] },
  };
  const summaries = [
    summary('discount', { distinct: 2 }),
    summary('age', { distinct: 3 }),
    summary('tenure', { distinct: 400, mean: 17.26 }),
    summary('joined', { distinct: 4, mean: 2010.4 }),
  ];
  const views = covariateViews(
    setup,
    [
      { name: 'discount', type: 'text' },
      { name: 'age', type: 'text' },
      { name: 'tenure', type: 'number' },
      { name: 'joined', type: 'integer' },
    ],
    summaries,
    { discount: ['Yes', 'No'] },
  );
  assert.deepEqual(
    views.map((v) => [v.name, v.categorical, v.levels, v.typical, v.mayBeCategorical]),
    [
      ['discount', true, ['No', 'Yes'], 'No', false],
      ['age', true, ['<20', '20-40', '>40'], '<20', false],
      ['tenure', false, undefined, 17.3, false],
      ['joined', false, undefined, 2010, true],
    ],
  );
});

test('typed numbers and prediction times', () => {
  assert.deepEqual(parseTimes('5, 30;100  365,'), [5, 30, 100, 365]);
  assert.deepEqual(parseTimes('5, soon'), [5, 'soon']);
  assert.equal(typedNumber(' 2.5 '), 2.5);
  assert.equal(typedNumber(''), '');
  const even = evenTimes(0, 4807);
  assert.equal(even.length, 100);
  assert.equal(even[0], 48.07);
  assert.equal(even.at(-1), 4807);
  assert.deepEqual(evenTimes(10, 10), []);
});

function summary(name: string, over: Partial<ColumnSummary>): ColumnSummary {
  return {
    name,
    type: 'integer',
    missing: 0,
    distinct: 2,
    min: 0,
    max: 1,
    mean: 0.5,
    histogram: null,
    ...over,
  };
}

test('checks before a run: typed numbers, and what the column summaries show', () => {
  const setup = readSetup(saved());
  const ok = [
    ...['St2', 'St3', 'St4', 'St5'].flatMap((c) => [
      summary(c, { min: 0, max: 4807, distinct: 900, mean: 900 }),
      summary(`${c}.s`, { mean: 0.3 }),
    ]),
    ...['discount', 'gender', 'joined', 'age'].map((c) =>
      summary(c, { type: 'text', min: 'a', max: 'b', mean: null }),
    ),
  ];
  assert.deepEqual(setupChecks(setup, ok), []);
  const bad = ok.map((s) => {
    if (s.name === 'St3') return { ...s, min: -2 };
    if (s.name === 'St4.s') return { ...s, max: 2, distinct: 3 };
    if (s.name === 'St5.s') return { ...s, max: 0, distinct: 1 };
    if (s.name === 'St2') return { ...s, missing: 3 };
    if (s.name === 'gender') return { ...s, distinct: 1, min: 'Female', max: 'Female' };
    return s;
  });
  const typed = { ...setup, predict: { from: 'Subscribed', start: 'zero', times: [5, 'soon', 'later'] } };
  assert.deepEqual(
    setupChecks(typed, bad).map((m) => [m.path, m.message]),
    [
      ['predict.start', '"zero" is not a number'],
      ['predict.times', '"soon", "later" are not numbers'],
      ['time.EmailUnsub', 'St2 has 3 missing values; every customer needs a time'],
      ['time.Paused', 'St3 has negative times (the smallest is -2); times count from 0'],
      ['status.UnsubPaused', 'St4.s must be 0 or 1 (it runs from 0 to 2)'],
      [
        'transitions.2',
        'transition 3 (Subscribed -> Cancelled) has no events: St5.s is 0 for every customer, so covariate effects on it cannot be estimated',
      ],
      [
        'transitions.4',
        'transition 5 (EmailUnsub -> Cancelled) has no events: St5.s is 0 for every customer, so covariate effects on it cannot be estimated',
      ],
      [
        'transitions.6',
        'transition 7 (Paused -> Cancelled) has no events: St5.s is 0 for every customer, so covariate effects on it cannot be estimated',
      ],
      [
        'transitions.7',
        'transition 8 (UnsubPaused -> Cancelled) has no events: St5.s is 0 for every customer, so covariate effects on it cannot be estimated',
      ],
      ['covariates.1', 'gender takes one value only (Female): a covariate needs at least two to compare'],
    ],
  );
  assert.equal(setupChecks(typed, bad)[2]!.target, 'role');
  const noCovariates = { ...setup, covariates: [] };
  assert.ok(
    !setupChecks(noCovariates, bad).some((m) => m.path.startsWith('transitions')),
    'without covariates a transition without events only warns (in the engine)',
  );
});
