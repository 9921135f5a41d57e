// The rnn `model` and `cluster` option groups as forms: fields from the schema, typed text kept
// as typed, Auto, defaults, and messages at the option path before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rnnOptions } from '../../../../../shared/analyses/rnn.ts';
import {
  checkGroup,
  clusterFields,
  differsFromDefault,
  fieldText,
  groupValue,
  isAuto,
  modelFields,
  resetField,
  setAuto,
  setChoice,
  typeField,
  visibleGroupFields,
  type GroupField,
} from '../../../../../renderer/analyses/rnn/fields.ts';

const field = (fields: GroupField[], key: string) => fields.find((f) => f.key === key)!;

test('every model and segment option has a field, its control and default from the schema', () => {
  assert.deepEqual(
    modelFields.map((f) => [f.key, f.control.control, f.defaultValue]),
    [
      ['cell', 'select', 'gru'],
      ['units', 'number', 10],
      ['dense_units', 'number', 10],
      ['epochs', 'number', 30],
      ['batch_size', 'number', 128],
      ['learning_rate', 'number', 0.001],
      ['validation_split', 'number', 0.2],
      ['patience', 'number', 5],
      ['max_length', 'number', 200],
      ['seed', 'number', 42],
      ['class_weight', 'select', 'none'],
    ],
  );
  assert.deepEqual(
    clusterFields.map((f) => [f.key, f.control]),
    [
      ['method', { control: 'select', choices: ['dbscan', 'kmeans'] }],
      ['eps', { control: 'number', integer: false, min: 0, auto: true }],
      ['min_pts', { control: 'number', integer: true, min: 1, max: 10000, auto: false }],
      ['k', { control: 'number', integer: true, min: 2, max: 500, auto: false }],
    ],
  );
  for (const f of [...modelFields, ...clusterFields])
    assert.ok(f.label && f.help, `${f.key} has a label and help`);
  assert.equal(field(modelFields, 'cell').choiceLabels?.gru, 'GRU');
});

test('eps and min_pts for DBSCAN, k for k-means', () => {
  const keys = (value: Record<string, unknown>) => visibleGroupFields(clusterFields, value).map((f) => f.key);
  assert.deepEqual(keys({}), ['method', 'eps', 'min_pts'], 'DBSCAN by default');
  assert.deepEqual(keys({ method: 'kmeans' }), ['method', 'k']);
});

test('typing: numbers become numbers, other text is kept (and named), emptied means the default', () => {
  const epochs = field(modelFields, 'epochs');
  const model = { cell: 'gru', epochs: 30 };
  assert.deepEqual(typeField(model, epochs, ' 5 '), { cell: 'gru', epochs: 5 });
  assert.deepEqual(typeField(model, epochs, ''), { cell: 'gru' });
  const typed = typeField(model, epochs, '5x');
  assert.equal(typed.epochs, '5x');
  assert.equal(fieldText(epochs, typed), '5x');
  assert.deepEqual(checkGroup(modelFields, typed), [
    { target: 'option', name: 'model', path: 'model.epochs', message: 'Epochs: "5x" is not a number' },
  ]);
  assert.deepEqual(
    checkGroup(modelFields, typeField(model, epochs, '2.5')).map((m) => m.message),
    ['Epochs: a whole number'],
  );
  assert.deepEqual(model, { cell: 'gru', epochs: 30 }, 'the group given is not changed');
});

test('ranges: the schema’s own words where it has them, else the bounds', () => {
  const check = (key: string, text: string) =>
    checkGroup(modelFields, typeField({}, field(modelFields, key), text)).map((m) => m.message);
  assert.deepEqual(check('units', '0'), ['Recurrent units: at least 1 unit']);
  assert.deepEqual(check('dense_units', '0'), ['Encoding size: at least 1']);
  assert.deepEqual(check('dense_units', '300'), ['Encoding size: at most 256']);
  assert.deepEqual(check('learning_rate', '0'), ['Learning rate: the learning rate must be positive']);
  assert.deepEqual(check('validation_split', '0.95'), [
    'Validation share: hold out at most 90% of customers',
  ]);
  assert.deepEqual(check('validation_split', '0.25'), []);
});

test('Auto: ticked is "auto"; unticked takes the number given or waits for one', () => {
  const eps = field(clusterFields, 'eps');
  assert.equal(isAuto(eps, {}), true, 'the default is auto');
  assert.equal(fieldText(eps, { eps: 'auto' }), '');
  const off = setAuto({ method: 'dbscan', eps: 'auto' }, eps, false);
  assert.deepEqual(off, { method: 'dbscan', eps: '' });
  assert.equal(isAuto(eps, off), false);
  assert.deepEqual(
    checkGroup(clusterFields, off).map((m) => [m.path, m.message]),
    [['cluster.eps', 'Radius (eps): type a number, or tick Auto']],
  );
  assert.deepEqual(typeField(off, eps, ''), { method: 'dbscan', eps: '' }, 'emptied, Auto stays off');
  assert.deepEqual(setAuto(off, eps, false, 0.41), { method: 'dbscan', eps: 0.41 });
  assert.deepEqual(setAuto(off, eps, true), { method: 'dbscan', eps: 'auto' });
  assert.deepEqual(
    checkGroup(clusterFields, { method: 'kmeans', eps: '' }),
    [],
    'hidden fields are not checked',
  );
});

test('choices, defaults and the group in the wizard state', () => {
  const method = field(clusterFields, 'method');
  assert.deepEqual(setChoice({}, method, 'kmeans'), { method: 'kmeans' });
  const k = field(clusterFields, 'k');
  assert.equal(differsFromDefault(k, { k: 5 }), false);
  assert.equal(differsFromDefault(k, { k: 4 }), true);
  assert.deepEqual(resetField({ method: 'kmeans', k: 4 }, k), { method: 'kmeans' });
  assert.deepEqual(groupValue({ model: { units: 4 } }, 'model'), { units: 4 });
  assert.deepEqual(groupValue({ model: [1] }, 'model'), {});
  assert.deepEqual(groupValue({}, 'cluster'), {});
});

test('what the forms make, the schema takes', () => {
  let model: Record<string, unknown> = {};
  model = setChoice(model, field(modelFields, 'cell'), 'lstm');
  model = typeField(model, field(modelFields, 'epochs'), '5');
  model = typeField(model, field(modelFields, 'learning_rate'), '1e-3');
  let cluster: Record<string, unknown> = {};
  cluster = setChoice(cluster, field(clusterFields, 'method'), 'kmeans');
  cluster = typeField(cluster, field(clusterFields, 'k'), '4');
  const parsed = rnnOptions.parse({ id: 'id', order: 'day', features: ['a'], target: 'y', model, cluster });
  assert.equal(parsed.model.cell, 'lstm');
  assert.equal(parsed.model.epochs, 5);
  assert.equal(parsed.model.learning_rate, 0.001);
  assert.equal(parsed.model.units, 10, 'left out: the default');
  assert.deepEqual(parsed.cluster, { method: 'kmeans', eps: 'auto', min_pts: 10, k: 4 });
});
