// The run panel's line while an rnn model trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochSummary, plannedEpochs } from '../../../../../renderer/analyses/rnn/live.ts';

const columns = ['epoch', 'loss', 'val_loss', 'auc', 'val_auc'];

test('the planned epochs come from the options (the default when they are not there)', () => {
  assert.equal(plannedEpochs({ model: { epochs: 200 } }), 200);
  assert.equal(plannedEpochs({ model: {} }), 30);
  assert.equal(plannedEpochs(undefined), 30);
  assert.equal(plannedEpochs({ model: { epochs: 'many' } }), 30);
});

test('the latest epoch’s numbers', () => {
  const table = {
    columns,
    rows: [
      [1, 0.7173, 0.7085, 0.541, 0.4655],
      [2, 0.69415, 0.68557, 0.65571, 0.59899],
    ],
  };
  assert.equal(
    epochSummary(table, 30),
    'Epoch 2 of 30 · loss 0.6942 (validation 0.6856) · AUC 0.656 (validation 0.599)',
  );
  assert.equal(
    epochSummary({ columns, rows: [[3, 0.5, null, 0.6, null]] }, 30),
    'Epoch 3 of 30 · loss 0.5000 (validation –) · AUC 0.600 (validation –)',
  );
  assert.equal(epochSummary(undefined, 30), 'Preparing the sequences; 30 epochs planned');
  assert.equal(epochSummary({ columns, rows: [] }, 5), 'Preparing the sequences; 5 epochs planned');
});
