// The wizard generator (renderer/lib/wizard.ts): a definition in, the right fields, roles and
// validation messages out. Uses the real `cluster` definition and a small made-up one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { clusterDefinition } from '../../../shared/analyses/cluster.ts';
import { defineAnalysis } from '../../../shared/analyses/define.ts';
import {
  assembleInputs,
  assembleOptions,
  buildWizard,
  columnsForRole,
  controlFor,
  initialState,
  messagesFor,
  placeServerMessage,
  stateFromOptions,
  validateWizard,
  visibleFields,
  type ColumnInfo,
} from '../../../renderer/lib/wizard.ts';

const columns: ColumnInfo[] = [
  { name: 'id', type: 'text' },
  { name: 'spend', type: 'number' },
  { name: 'visits', type: 'integer' },
  { name: 'member', type: 'boolean' },
  { name: 'joined', type: 'date' },
];
const columnsOf = (name: string) => (name === 'customers' ? columns : undefined);

test('cluster: the fields, in definition order, with their controls and defaults', () => {
  const model = buildWizard(clusterDefinition);
  assert.deepEqual(
    model.fields.map((f) => [f.name, f.control]),
    [
      ['standardize', 'checkbox'],
      ['method', 'select'],
      ['k', 'number'],
      ['restarts', 'number'],
      ['seed', 'number'],
      ['eps', 'number'],
      ['min_pts', 'number'],
    ],
  );
  const method = model.fields.find((f) => f.name === 'method')!;
  assert.equal(method.control, 'select');
  assert.deepEqual(method.control === 'select' && method.choices, ['kmeans', 'dbscan', 'hierarchical']);
  assert.equal(method.defaultValue, 'kmeans');
  const k = model.fields.find((f) => f.name === 'k')!;
  assert.deepEqual(
    { ...k, help: undefined },
    {
      name: 'k',
      label: 'Segments (k)',
      help: undefined,
      when: { option: 'method', is: ['kmeans', 'hierarchical'] },
      control: 'number',
      integer: true,
      min: 2,
      max: 500,
      auto: false,
      defaultValue: 5,
      optional: true,
    },
  );
  assert.match(k.help, /Number of segments/);
  const eps = model.fields.find((f) => f.name === 'eps')!;
  assert.equal(eps.control, 'number');
  assert.equal(eps.control === 'number' && eps.auto, true, 'a union with "auto" gets an Auto checkbox');
  assert.equal(eps.defaultValue, 'auto');
});

test('cluster: roles and inputs', () => {
  const model = buildWizard(clusterDefinition);
  assert.deepEqual(
    model.inputs.map((i) => [i.name, i.required]),
    [['data', true]],
  );
  assert.deepEqual(
    model.roles.map((r) => [r.name, r.kind, r.required]),
    [
      ['id', 'column', false],
      ['columns', 'columns', true],
    ],
  );
  const measures = model.roles.find((r) => r.name === 'columns')!;
  assert.deepEqual(
    columnsForRole(measures, columns).map((c) => c.name),
    ['spend', 'visits', 'member'],
    'only integer, number and boolean columns are offered',
  );
  const id = model.roles.find((r) => r.name === 'id')!;
  assert.equal(columnsForRole(id, columns).length, columns.length, 'an untyped role takes any column');
});

test('`when` hides fields that do not apply to the chosen method', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, ['customers']);
  assert.deepEqual(
    visibleFields(model, state).map((f) => f.name),
    ['standardize', 'method', 'k', 'restarts', 'seed'],
  );
  state.values.method = 'dbscan';
  assert.deepEqual(
    visibleFields(model, state).map((f) => f.name),
    ['standardize', 'method', 'eps', 'min_pts'],
  );
  state.values.method = 'hierarchical';
  assert.deepEqual(
    visibleFields(model, state).map((f) => f.name),
    ['standardize', 'method', 'k'],
  );
});

test('initial state: defaults, the first dataset, Auto ticked for eps', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, ['customers', 'other']);
  assert.deepEqual(state.inputs, { data: 'customers' });
  assert.deepEqual(state.roles, { id: '', columns: [] });
  assert.equal(state.values.standardize, false);
  assert.equal(state.values.k, '5');
  assert.equal(state.auto.eps, true);
});

test('assembled options parse with the definition schema; hidden fields are left to their defaults', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, ['customers']);
  state.roles.columns = ['spend', 'visits'];
  state.values.k = '3';
  state.values.eps = '0.5';
  const options = assembleOptions(model, state);
  assert.deepEqual(options, {
    columns: ['spend', 'visits'],
    standardize: false,
    method: 'kmeans',
    k: 3,
    restarts: 25,
    seed: 1,
  });
  assert.equal(clusterDefinition.options.safeParse(options).success, true);
  assert.deepEqual(assembleInputs(model, state), { data: 'customers' });

  state.values.method = 'dbscan';
  state.auto.eps = false;
  const dbscan = assembleOptions(model, state);
  assert.equal(dbscan.eps, 0.5);
  assert.equal('k' in dbscan, false);
  state.auto.eps = true;
  assert.equal(assembleOptions(model, state).eps, 'auto');
  state.roles.id = 'id';
  assert.equal(assembleOptions(model, state).id, 'id');
});

test('an emptied number field falls back to its default', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, ['customers']);
  state.roles.columns = ['spend'];
  state.values.k = '';
  assert.equal('k' in assembleOptions(model, state), false);
  assert.equal(clusterDefinition.options.parse(assembleOptions(model, state)).k, 5);
});

test('validation messages name the step they belong to', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, []);
  let messages = validateWizard(clusterDefinition, model, state, columnsOf);
  assert.deepEqual(messagesFor(messages, 'data'), ['choose a dataset for Customer table']);
  assert.deepEqual(messagesFor(messages, 'columns'), ['Measures: choose at least 1 column']);

  state.inputs.data = 'customers';
  state.roles.columns = ['spend', 'joined'];
  state.values.k = '1';
  messages = validateWizard(clusterDefinition, model, state, columnsOf);
  assert.deepEqual(messagesFor(messages, 'columns'), [
    'column "joined" is date; Measures takes integer, number, boolean',
  ]);
  assert.deepEqual(messagesFor(messages, 'k'), ['k must be at least 2']);

  state.roles.columns = ['spend'];
  state.values.k = '2.5';
  messages = validateWizard(clusterDefinition, model, state, columnsOf);
  assert.equal(messages.length, 1);
  assert.equal(messages[0]!.target, 'option');
  assert.equal(messages[0]!.name, 'k');

  state.values.k = '4';
  assert.deepEqual(validateWizard(clusterDefinition, model, state, columnsOf), []);

  // A hidden field's bad value does not block: it is not sent.
  state.values.method = 'dbscan';
  state.values.k = '-3';
  state.auto.eps = false;
  state.values.eps = '-1';
  messages = validateWizard(clusterDefinition, model, state, columnsOf);
  assert.deepEqual(
    messages.map((m) => [m.name, m.message]),
    [['eps', 'eps must be positive']],
  );
});

test('a column that is no longer in the dataset is reported', () => {
  const model = buildWizard(clusterDefinition);
  const state = initialState(model, ['customers']);
  state.roles.columns = ['gone'];
  const messages = validateWizard(clusterDefinition, model, state, columnsOf);
  assert.deepEqual(messagesFor(messages, 'columns'), ['customers has no column "gone"']);
});

test('saved options come back into the wizard (edit and run again)', () => {
  const model = buildWizard(clusterDefinition);
  const saved = { columns: ['spend'], method: 'dbscan', eps: 0.7, min_pts: 4, standardize: true, id: 'id' };
  const state = stateFromOptions(model, saved, { data: 'customers' });
  assert.equal(state.inputs.data, 'customers');
  assert.deepEqual(state.roles, { id: 'id', columns: ['spend'] });
  assert.equal(state.values.method, 'dbscan');
  assert.equal(state.auto.eps, false);
  assert.equal(state.values.eps, '0.7');
  assert.equal(state.values.standardize, true);
  assert.deepEqual(clusterDefinition.options.parse(assembleOptions(model, state)), {
    ...clusterDefinition.options.parse(saved),
  });
  const auto = stateFromOptions(model, { columns: ['spend'], method: 'dbscan', eps: 'auto' }, {});
  assert.equal(auto.auto.eps, true);
});

test('server messages are placed beside the option they name', () => {
  const model = buildWizard(clusterDefinition);
  assert.deepEqual(placeServerMessage(model, 'bad k', 'k'), {
    target: 'option',
    name: 'k',
    path: 'k',
    message: 'bad k',
  });
  assert.deepEqual(placeServerMessage(model, 'no such column', 'columns'), {
    target: 'role',
    name: 'columns',
    path: 'columns',
    message: 'no such column',
  });
  assert.equal(placeServerMessage(model, 'constant column').target, 'general');
});

test('another definition: controls follow the zod schema, not the analysis', () => {
  const def = defineAnalysis({
    kind: 'toy',
    version: 1,
    title: 'Toy',
    summary: '',
    status: 'ready',
    usesTensorflow: false,
    inputs: {
      events: { label: 'Events', help: '', required: true },
      labels: { label: 'Labels', help: '', required: false },
    },
    roles: {
      target: { input: 'labels', kind: 'column', types: ['integer', 'boolean'], label: 'Target', help: '' },
      features: { input: 'events', kind: 'columns', types: ['number'], label: 'Features', help: '', min: 2 },
    },
    options: z.object({
      target: z.string(),
      features: z.array(z.string()).min(2),
      cell: z.enum(['gru', 'lstm']).default('gru'),
      rate: z.number().positive().default(0.001),
      note: z.string().optional(),
      level: z.union([z.literal('low'), z.literal('high')]).default('low'),
    }),
    fields: {
      cell: { label: 'Cell', help: 'Recurrent cell' },
      rate: { label: 'Learning rate', help: '' },
      note: { label: 'Note', help: '' },
      level: { label: 'Level', help: '' },
      missing: { label: 'Not in the schema', help: '' },
    },
    tables: {},
    charts: {},
  });
  const model = buildWizard(def);
  assert.deepEqual(
    model.fields.map((f) => [f.name, f.control]),
    [
      ['cell', 'select'],
      ['rate', 'number'],
      ['note', 'text'],
      ['level', 'select'],
    ],
  );
  const rate = model.fields[1]!;
  assert.equal(rate.control === 'number' && rate.integer, false);
  assert.deepEqual(
    model.roles.map((r) => [r.name, r.required]),
    [
      ['target', true],
      ['features', true],
    ],
  );
  const state = initialState(model, ['ev']);
  assert.deepEqual(state.inputs, { events: 'ev' }, 'optional inputs start empty');
  state.roles.features = ['a'];
  const messages = validateWizard(def, model, state, () => undefined);
  assert.deepEqual(messagesFor(messages, 'features'), ['Features: choose at least 2 columns']);
  assert.deepEqual(messagesFor(messages, 'target'), ['Target: choose a column']);
  assert.deepEqual(controlFor(z.boolean().default(true)), { control: 'checkbox' });
});
