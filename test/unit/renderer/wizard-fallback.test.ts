// Roles whose column is in another input when theirs is not chosen (`fallbackInput`: the churn
// label in the labels table, else in the events) or that must be in several (`alsoInputs`: the
// customer id of the events and of the labels), with the real rnn definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rnnDefinition } from '../../../shared/analyses/rnn.ts';
import {
  buildWizard,
  initialState,
  roleDataset,
  roleInput,
  rolesToReset,
  validateWizard,
  type ColumnInfo,
} from '../../../renderer/lib/wizard.ts';

const events: ColumnInfo[] = [
  { name: 'user_id', type: 'integer' },
  { name: 'day', type: 'integer' },
  { name: 'cancel', type: 'integer' },
  { name: 'churned', type: 'integer' },
];
const labels: ColumnInfo[] = [
  { name: 'customer', type: 'text' },
  { name: 'churned', type: 'integer' },
];
const columnsOf = (name: string) => (name === 'events' ? events : name === 'labels' ? labels : undefined);
const model = buildWizard(rnnDefinition);
const role = (name: string) => model.roles.find((r) => r.name === name)!;

test('the label role takes the labels table when one is chosen, else the events', () => {
  assert.equal(roleInput(role('target'), { events: 'events' }), 'events');
  assert.equal(roleDataset(role('target'), { events: 'events' }), 'events');
  assert.equal(roleInput(role('target'), { events: 'events', labels: 'labels' }), 'labels');
  assert.equal(roleDataset(role('target'), { events: 'events', labels: 'labels' }), 'labels');
  assert.equal(roleInput(role('target'), { events: 'events', labels: '' }), 'events', '(none) chosen');
  assert.equal(roleInput(role('target'), {}), undefined);
  assert.equal(roleInput(role('order'), { labels: 'labels' }), undefined, 'no fallback: its own input only');
});

test('choosing a labels table empties the label column, not the id, order or features', () => {
  const reset = rolesToReset(model, { events: 'events' }, { events: 'events', labels: 'labels' });
  assert.deepEqual(
    reset.map((r) => r.name),
    ['target'],
  );
  const all = rolesToReset(model, { events: 'events' }, { events: 'other' });
  assert.deepEqual(
    all.map((r) => r.name),
    ['id', 'order', 'features', 'target'],
  );
  assert.deepEqual(rolesToReset(model, { events: 'events' }, { events: 'events' }), []);
});

test('the label is checked in the dataset it is taken from', () => {
  const state = initialState(model, ['events']);
  Object.assign(state.roles, { id: 'user_id', order: 'day', features: ['cancel'], target: 'churned' });
  assert.deepEqual(validateWizard(rnnDefinition, model, state, columnsOf), [], 'churned in the events');
  state.roles.target = 'day';
  state.inputs.labels = 'labels';
  const messages = validateWizard(rnnDefinition, model, state, columnsOf).filter((m) => m.path === 'target');
  assert.deepEqual(
    messages.map((m) => m.message),
    ['labels has no column "day"'],
  );
});

test('the customer id must be a column of the labels table too', () => {
  const state = initialState(model, ['events']);
  state.inputs.labels = 'labels';
  Object.assign(state.roles, { id: 'user_id', order: 'day', features: ['cancel'], target: 'churned' });
  const messages = validateWizard(rnnDefinition, model, state, columnsOf);
  assert.deepEqual(messages, [
    {
      target: 'role',
      name: 'id',
      path: 'id',
      message: 'labels has no column "user_id": Customer id must be a column of both datasets',
    },
  ]);
  state.inputs.labels = '';
  assert.deepEqual(
    validateWizard(rnnDefinition, model, state, columnsOf),
    [],
    'without labels, no such check',
  );
});
