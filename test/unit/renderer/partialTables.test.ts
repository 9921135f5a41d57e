// Rows reported while a job runs (job.progress `partial`), gathered per table for the run panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPartialRow, partialAsTable } from '../../../renderer/lib/partialTables.ts';

const columns = ['epoch', 'loss', 'val_loss', 'auc', 'val_auc'];

test('rows gather per table, in arrival order, without touching the tables before', () => {
  const first = addPartialRow(undefined, { table: 'training', columns, row: [1, 0.71, 0.7, 0.54, 0.46] });
  const second = addPartialRow(first, { table: 'training', columns, row: [2, 0.69, 0.68, 0.65, 0.6] });
  const other = addPartialRow(second, { table: 'other', columns: ['x'], row: ['a'] });
  assert.deepEqual(first.training!.rows, [[1, 0.71, 0.7, 0.54, 0.46]]);
  assert.deepEqual(
    other.training!.rows.map((r) => r[0]),
    [1, 2],
  );
  assert.deepEqual(other.other, { columns: ['x'], rows: [['a']] });
  assert.equal(second.training!.rows.length, 2, 'a new object each time');
});

test('other columns start the table again; the oldest rows go beyond the limit', () => {
  let tables = addPartialRow(undefined, { table: 't', columns: ['a'], row: [1] });
  tables = addPartialRow(tables, { table: 't', columns: ['a', 'b'], row: [1, 2] });
  assert.deepEqual(tables.t, { columns: ['a', 'b'], rows: [[1, 2]] });
  for (let i = 2; i <= 5; i++)
    tables = addPartialRow(tables, { table: 't', columns: ['a', 'b'], row: [i, i] }, 3);
  assert.deepEqual(
    tables.t!.rows.map((r) => r[0]),
    [3, 4, 5],
  );
});

test('as a Result table: integer, number and string columns; missing cells do not count', () => {
  const table = partialAsTable('Training', {
    columns: ['epoch', 'loss', 'note'],
    rows: [
      [1, 0.5, null],
      [2, null, 'early'],
      [3, 0.25],
    ],
  });
  assert.deepEqual(table.columns, [
    { name: 'epoch', type: 'integer' },
    { name: 'loss', type: 'number' },
    { name: 'note', type: 'string' },
  ]);
  assert.deepEqual(table.rows[2], [3, 0.25, null], 'short rows are filled with missing cells');
  assert.equal(table.title, 'Training');
});
