// The wizard generator with `columnMap` roles, structured (json) options, owned steps and exact
// message paths, on the real `multistate` definition: saved options (the subscription fixture)
// come back and go out unchanged; every message lands at the option path it concerns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { multistateDefinition } from '../../../shared/analyses/multistate.ts';
import { defineAnalysis } from '../../../shared/analyses/define.ts';
import {
  assembleOptions,
  buildWizard,
  genericFields,
  genericRoles,
  initialState,
  messagesFor,
  placeMessages,
  placeServerMessage,
  stateFromOptions,
  typeJson,
  validateWizard,
  type ColumnInfo,
} from '../../../renderer/lib/wizard.ts';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/multistate/subscription/options.json'), 'utf8'),
) as Record<string, unknown>;

const columns: ColumnInfo[] = [
  { name: 'id', type: 'integer' },
  ...['St2', 'St3', 'St4', 'St5'].flatMap((s): ColumnInfo[] => [
    { name: s, type: 'integer' },
    { name: `${s}.s`, type: 'integer' },
  ]),
  { name: 'discount', type: 'text' },
  { name: 'gender', type: 'text' },
  { name: 'joined', type: 'text' },
  { name: 'age', type: 'text' },
];
const columnsOf = (name: string) => (name === 'subscriptions' ? columns : undefined);
const owned = ['states', 'transitions', 'time', 'status', 'covariates', 'levels', 'predict', 'profiles'];

test('multistate: columnMap roles, structured options and what the generic steps keep', () => {
  const model = buildWizard(multistateDefinition, { owned });
  assert.deepEqual(
    model.roles.map((r) => [r.name, r.kind]),
    [
      ['id', 'column'],
      ['time', 'columnMap'],
      ['status', 'columnMap'],
      ['covariates', 'columns'],
    ],
  );
  assert.deepEqual(
    model.fields.map((f) => [f.name, f.control]),
    [
      ['states', 'json'],
      ['transitions', 'json'],
      ['levels', 'json'],
      ['ties', 'select'],
      ['predict', 'json'],
      ['profiles', 'json'],
    ],
  );
  const state = initialState(model, ['subscriptions']);
  assert.deepEqual(state.roles, { id: '', time: {}, status: {}, covariates: [] });
  assert.deepEqual(state.structured, {
    states: undefined,
    transitions: undefined,
    levels: {},
    predict: undefined,
    profiles: [],
  });
  assert.deepEqual(
    genericRoles(model).map((r) => r.name),
    ['id'],
    'the section owns time, status and covariates',
  );
  assert.deepEqual(
    genericFields(model, state).map((f) => f.name),
    ['ties'],
  );
  assert.deepEqual(
    genericRoles(buildWizard(multistateDefinition)).map((r) => r.name),
    ['id', 'time', 'status', 'covariates'],
    'without a section every role is generic',
  );
});

test('multistate: saved options come back into the wizard and go out unchanged', () => {
  const model = buildWizard(multistateDefinition, { owned });
  const state = stateFromOptions(model, fixture, { data: 'subscriptions' });
  assert.deepEqual(state.roles.time, fixture.time);
  assert.deepEqual(state.roles.status, fixture.status);
  assert.deepEqual(state.roles.covariates, fixture.covariates);
  assert.deepEqual(state.structured.states, fixture.states);
  const options = assembleOptions(model, state);
  assert.deepEqual(options, fixture, 'exactly the saved options, key for key');
  assert.deepEqual(validateWizard(multistateDefinition, model, state, columnsOf), []);
  // Structured values are copies: editing the state does not touch the saved options.
  (state.structured.states as string[]).push('Extra');
  assert.equal((fixture.states as string[]).length, 5);
});

test('multistate: messages carry the exact option path', () => {
  const model = buildWizard(multistateDefinition, { owned });
  const state = stateFromOptions(model, fixture, { data: 'subscriptions' });
  // A state without its time column, a text column as a status, a transition into the start state.
  state.roles.time = { EmailUnsub: 'St2', UnsubPaused: 'St4', Cancelled: 'St5' };
  state.roles.status = { ...(state.roles.status as Record<string, string>), Paused: 'gender' };
  state.structured.transitions = [...(fixture.transitions as [string, string][]), ['Paused', 'Subscribed']];
  const profiles = structuredClone(fixture.profiles) as { values: Record<string, string> }[];
  profiles[1]!.values.age = '99+';
  state.structured.profiles = profiles;
  const messages = validateWizard(multistateDefinition, model, state, columnsOf);
  const byPath = (path: string) => messages.filter((m) => m.path === path).map((m) => m.message);
  assert.deepEqual(byPath('status.Paused'), [
    'column "gender" is text; Status column per state takes integer, number, boolean',
  ]);
  assert.deepEqual(byPath('time.Paused'), ['state "Paused" has no time column']);
  assert.match(byPath('transitions.8')[0] ?? '', /goes into the start state/);
  assert.match(byPath('profiles.1.values.age')[0] ?? '', /"99\+" is not a level of age/);
  for (const m of messages) assert.equal(m.name, m.path.split('.')[0]);
  assert.equal(messages.find((m) => m.path === 'time.Paused')?.target, 'role');
  assert.equal(messages.find((m) => m.path === 'transitions.8')?.target, 'option');
  assert.deepEqual(messagesFor(messages, 'time'), ['state "Paused" has no time column']);
});

test('a section message at a path keeps the schema quiet there and below', () => {
  const model = buildWizard(multistateDefinition, { owned });
  const state = stateFromOptions(model, fixture, { data: 'subscriptions' });
  state.structured.predict = { from: 'Subscribed', start: 0, times: [5, 'soon'] };
  const own = [
    { target: 'option' as const, name: 'predict', path: 'predict.times', message: '"soon" is not a number' },
  ];
  const messages = validateWizard(multistateDefinition, model, state, columnsOf, own);
  assert.deepEqual(
    messages.map((m) => [m.path, m.message]),
    [['predict.times', '"soon" is not a number']],
    "zod's predict.times.1 issue is left out",
  );
});

test('server messages: the option path, made exact from the column the message names', () => {
  const model = buildWizard(multistateDefinition, { owned });
  const options = fixture;
  const exact = placeServerMessage(
    model,
    'transition 3 (Subscribed -> Cancelled): no customer makes it',
    'transitions.2',
    options,
  );
  assert.deepEqual([exact.target, exact.name, exact.path], ['option', 'transitions', 'transitions.2']);
  const status = placeServerMessage(
    model,
    'data "subscriptions", row 4, column St3.s: expected a status 0 or 1, got 2',
    undefined,
    options,
  );
  assert.deepEqual([status.target, status.path], ['role', 'status.Paused'], 'St3.s, not St3');
  const time = placeServerMessage(
    model,
    'data "subscriptions", row 9, column St3: expected a time >= 0, got -1',
    undefined,
    options,
  );
  assert.equal(time.path, 'time.Paused');
  const oneLevel = placeServerMessage(
    model,
    'data "subscriptions", column gender: the covariate has one level only ("Female"); it needs at least two to be compared',
    'covariates',
    options,
  );
  assert.equal(oneLevel.path, 'covariates.1');
  const levels = placeServerMessage(
    model,
    'option levels, covariate age: a level is listed twice',
    'levels',
    options,
  );
  assert.equal(levels.path, 'levels');
  assert.equal(placeServerMessage(model, 'something else entirely', undefined, options).target, 'general');
});

test('placeMessages: the longest anchor that contains the path, nothing lost', () => {
  const at = (path: string, message: string) => ({
    target: 'option' as const,
    name: path.split('.')[0]!,
    path,
    message,
  });
  const placed = placeMessages(
    [
      at('profiles.0.values.age', 'no age'),
      at('profiles.0.name', 'named twice'),
      at('profiles.3.values.x', 'gone'),
      at('transitions', 'allow one'),
      at('other', 'elsewhere'),
      at('profiles.0.values.age', 'no age'),
    ],
    ['profiles', 'profiles.0', 'profiles.0.values.age', 'transitions'],
  );
  assert.deepEqual(Object.fromEntries(placed), {
    'profiles.0.values.age': ['no age'],
    'profiles.0': ['named twice'],
    profiles: ['gone'],
    transitions: ['allow one'],
    '': ['elsewhere'],
  });
});

test('a structured option without a section: edited as JSON text', () => {
  const def = defineAnalysis({
    kind: 'toy',
    version: 1,
    title: 'Toy',
    summary: '',
    status: 'ready',
    usesTensorflow: false,
    inputs: { data: { label: 'Data', help: '', required: true } },
    roles: {
      when: { input: 'data', kind: 'columnMap', types: ['number'], label: 'Times', help: '', min: 1 },
    },
    options: z.object({
      when: z.record(z.string(), z.string()),
      pairs: z.array(z.tuple([z.string(), z.string()])),
    }),
    fields: { pairs: { label: 'Pairs', help: '' } },
    tables: {},
    charts: {},
  });
  const model = buildWizard(def);
  const state = initialState(model, ['d']);
  let messages = validateWizard(def, model, state, () => [{ name: 'x', type: 'number' }]);
  assert.deepEqual(messagesFor(messages, 'when'), ['Times: choose at least 1 column']);
  state.roles.when = { a: 'x', b: '' };
  typeJson(state, 'pairs', '[["a", "b"]');
  messages = validateWizard(def, model, state, () => [{ name: 'x', type: 'number' }]);
  assert.deepEqual(messagesFor(messages, 'pairs'), ['Pairs: not valid JSON']);
  typeJson(state, 'pairs', '[["a", "b"]]');
  assert.deepEqual(
    assembleOptions(model, state),
    { when: { a: 'x' }, pairs: [['a', 'b']] },
    'an unset key is left out',
  );
  assert.deepEqual(
    validateWizard(def, model, state, () => [{ name: 'x', type: 'number' }]),
    [],
  );
  typeJson(state, 'pairs', '');
  assert.equal('pairs' in assembleOptions(model, state), false);
});
