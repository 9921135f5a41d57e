// Re-clustering without retraining: the options it saves, and whether the engine will reuse the
// model (every option but `cluster` the same once parsed, as main/engines/rnn decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clusterOf,
  formatMs,
  latestDoneRun,
  modelReused,
  reclusterOptions,
  sameTraining,
  trainingKey,
} from '../../../../../renderer/analyses/rnn/recluster.ts';
import type { Response } from '../../../../../shared/api.ts';

type Run = Response<'runs.list'>[number];

const saved = {
  id: 'user_id',
  order: 'day',
  features: ['cancel', 'app_used'],
  target: 'churned',
  model: { cell: 'gru', units: 10, epochs: 30 },
  cluster: { method: 'dbscan', eps: 'auto', min_pts: 10 },
};

test('the analysis’s options with other segment options, everything else as saved', () => {
  const next = reclusterOptions(saved, { method: 'kmeans', eps: 'auto', min_pts: 10, k: 4 });
  assert.deepEqual(next, { ...saved, cluster: { method: 'kmeans', eps: 'auto', min_pts: 10, k: 4 } });
  assert.equal(saved.cluster.method, 'dbscan', 'the saved options are not changed');
});

test('the model is reused when only the segment options differ, defaults filled in on both sides', () => {
  const asRun = {
    ...saved,
    model: {
      cell: 'gru',
      units: 10,
      dense_units: 10,
      epochs: 30,
      batch_size: 128,
      learning_rate: 0.001,
      validation_split: 0.2,
      patience: 5,
      max_length: 200,
      seed: 42,
      class_weight: 'none',
    },
    cluster: { method: 'dbscan', eps: 'auto', min_pts: 10, k: 5 },
  };
  assert.equal(sameTraining(asRun, reclusterOptions(saved, { method: 'kmeans', k: 4 })), true);
  assert.equal(sameTraining(asRun, { ...saved, model: { ...saved.model, epochs: 5 } }), false);
  assert.equal(
    sameTraining(asRun, { ...saved, features: ['app_used', 'cancel'] }),
    false,
    'feature order counts',
  );
  assert.equal(sameTraining(undefined, saved), false);
  assert.equal(trainingKey({ id: 'x' }), undefined, 'options that do not parse');
});

test('a run’s segment options, defaults filled in', () => {
  assert.deepEqual(clusterOf(saved), { method: 'dbscan', eps: 'auto', min_pts: 10, k: 5 });
  assert.deepEqual(clusterOf(null), { method: 'dbscan', eps: 'auto', min_pts: 10, k: 5 });
  assert.deepEqual(clusterOf({ cluster: { method: 'nonsense' } }), {
    method: 'dbscan',
    eps: 'auto',
    min_pts: 10,
    k: 5,
  });
});

test('the engine’s warning says the model was reused', () => {
  assert.equal(
    modelReused(['the model of the previous run was reused (only the segment options changed)']),
    true,
  );
  assert.equal(modelReused(['early stopping after epoch 9']), false);
});

test('the newest finished run is the one main hands on', () => {
  const run = (id: number, status: Run['status']) => ({ id, status }) as Run;
  assert.equal(latestDoneRun([run(3, 'done'), run(5, 'cancelled'), run(4, 'done')])?.id, 4);
  assert.equal(latestDoneRun([run(1, 'failed')]), undefined);
});

test('durations', () => {
  assert.equal(formatMs(850.4), '850 ms');
  assert.equal(formatMs(1234), '1.2 s');
  assert.equal(formatMs(200_000), '3 min 20 s');
  assert.equal(formatMs(NaN), '–');
});
