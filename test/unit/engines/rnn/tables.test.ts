// The rnn Result tables: column names and types as DESIGN.md and shared/analyses/rnn.ts,
// NaN as null, ids as numbers or text, the metrics order, every table a valid Result table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodingsTable,
  metricsTable,
  rocTable,
  scalingTable,
  segmentsTable,
  trainingTable,
} from '../../../../main/engines/rnn/tables.ts';
import { rnnDefinition } from '../../../../shared/analyses/rnn.ts';
import type { Table } from '../../../../shared/result.ts';
import { tableSchema } from '../../../../shared/result.ts';

function shape(table: Table): string[] {
  assert.ok(tableSchema.safeParse(table).success);
  return table.columns.map((c) => `${c.name}:${c.type}`);
}

test('training: epoch, loss, val_loss, auc, val_auc, accuracy, val_accuracy; NaN as null', () => {
  const table = trainingTable([
    { epoch: 1, loss: 0.6, valLoss: 0.55, auc: 0.7, valAuc: NaN, accuracy: 0.6, valAccuracy: 0.65 },
    { epoch: 2, loss: 0.5, valLoss: 0.5, auc: 0.8, valAuc: 0.75, accuracy: 0.7, valAccuracy: 0.72 },
  ]);
  assert.deepEqual(shape(table), [
    'epoch:integer',
    'loss:number',
    'val_loss:number',
    'auc:number',
    'val_auc:number',
    'accuracy:number',
    'val_accuracy:number',
  ]);
  assert.deepEqual(table.rows, [
    [1, 0.6, 0.55, 0.7, null, 0.6, 0.65],
    [2, 0.5, 0.5, 0.8, 0.75, 0.7, 0.72],
  ]);
  assert.equal(table.title, rnnDefinition.tables.training!.title);
});

test('encodings and segments: ids as numbers for a numeric id column, as text otherwise', () => {
  const encodings = Float32Array.from([0.5, 0, 1.25, 2]);
  const numeric = encodingsTable(['10001', '10002'], 'integer', encodings, 2);
  assert.deepEqual(shape(numeric), ['id:integer', 'e1:number', 'e2:number']);
  assert.deepEqual(numeric.rows, [
    [10001, 0.5, 0],
    [10002, 1.25, 2],
  ]);
  const named = encodingsTable(['a', 'b'], 'string', Float64Array.from([1, NaN]), 1);
  assert.deepEqual(named.rows, [
    ['a', 1],
    ['b', null],
  ]);
  assert.throws(() => encodingsTable(['a'], 'string', encodings, 2), /4 values for 1 x 2/);
  const segments = segmentsTable(['1.5', '2'], 'number', Int32Array.from([0, 3]));
  assert.deepEqual(shape(segments), ['id:number', 'segment:integer']);
  assert.deepEqual(segments.rows, [
    [1.5, 0],
    [2, 3],
  ]);
  assert.equal(segments.title, rnnDefinition.tables.segments!.title);
  assert.equal(numeric.title, rnnDefinition.tables.encodings!.title);
});

test('metrics: the DESIGN.md names in order, then the extras; eps null for k-means', () => {
  const table = metricsTable(
    { auc: 0.89, val_auc: 0.86, best_epoch: 28, eps: NaN, silhouette: 0.41, clusters: 5, noise_share: 0 },
    [
      ['epochs_run', 30],
      ['k', 5],
    ],
  );
  assert.deepEqual(shape(table), ['name:string', 'value:number']);
  assert.deepEqual(table.rows, [
    ['auc', 0.89],
    ['val_auc', 0.86],
    ['best_epoch', 28],
    ['eps', null],
    ['silhouette', 0.41],
    ['clusters', 5],
    ['noise_share', 0],
    ['epochs_run', 30],
    ['k', 5],
  ]);
  assert.equal(table.title, rnnDefinition.tables.metrics!.title);
  assert.throws(
    () =>
      metricsTable(
        { auc: 1, val_auc: 1, best_epoch: 1, eps: 1, silhouette: 1, clusters: 1, noise_share: 0 },
        [['auc', 2]],
      ),
    /"auc" given twice/,
  );
});

test('roc: set, fpr, tpr with the training curve first', () => {
  const table = rocTable(
    { fpr: Float64Array.from([0, 0.5, 1]), tpr: Float64Array.from([0, 1, 1]) },
    { fpr: Float64Array.from([0, 1]), tpr: Float64Array.from([0, 1]) },
  );
  assert.deepEqual(shape(table), ['set:string', 'fpr:number', 'tpr:number']);
  assert.deepEqual(table.rows, [
    ['training', 0, 0],
    ['training', 0.5, 1],
    ['training', 1, 1],
    ['validation', 0, 0],
    ['validation', 1, 1],
  ]);
  assert.equal(table.title, rnnDefinition.tables.roc!.title);
});

test('scaling: feature, kind, mean, sd (null for a flag)', () => {
  const table = scalingTable([
    { feature: 'cancel', kind: 'flag', mean: NaN, sd: NaN },
    { feature: 'days_since_last', kind: 'standardised', mean: 5.3744, sd: 6.0043 },
  ]);
  assert.deepEqual(shape(table), ['feature:string', 'kind:string', 'mean:number', 'sd:number']);
  assert.deepEqual(table.rows, [
    ['cancel', 'flag', null, null],
    ['days_since_last', 'standardised', 5.3744, 6.0043],
  ]);
  assert.equal(table.title, rnnDefinition.tables.scaling!.title);
});
