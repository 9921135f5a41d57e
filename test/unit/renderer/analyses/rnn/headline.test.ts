// The line above rnn results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rnnHeadline } from '../../../../../renderer/analyses/rnn/headline.ts';
import type { Result, Table } from '../../../../../shared/result.ts';

function metrics(values: Record<string, number | null>): Table {
  return {
    title: 'Fit',
    columns: [
      { name: 'name', type: 'string' },
      { name: 'value', type: 'number' },
    ],
    rows: Object.entries(values),
  };
}

const profiles: Table = {
  title: 'Segment profiles',
  columns: [
    { name: 'segment', type: 'integer' },
    { name: 'customers', type: 'integer' },
  ],
  rows: [
    [0, 67],
    [1, 600],
    [2, 333],
  ],
};

function result(tables: Record<string, Table>): Result {
  return { kind: 'rnn', version: 1, options: {}, tables, warnings: [], timings: {} };
}

test('customers, segments, noise, eps and the validation AUC', () => {
  const tables = {
    segment_profiles: profiles,
    metrics: metrics({ auc: 0.9, val_auc: 0.8712, eps: 0.2314, clusters: 2, noise_share: 0.067 }),
  };
  assert.equal(
    rnnHeadline(result(tables)),
    '1,000 customers · 2 segments · 6.7% noise · eps 0.231 · validation AUC 0.871',
  );
});

test('k-means: no eps, no noise; one segment is singular', () => {
  const tables = {
    segment_profiles: { ...profiles, rows: [[1, 1000]] },
    metrics: metrics({ val_auc: 0.5, eps: null, clusters: 1, noise_share: 0 }),
  };
  assert.equal(rnnHeadline(result(tables)), '1,000 customers · 1 segment · validation AUC 0.500');
});

test('from the segments table when there are no profiles; nothing to say without tables', () => {
  const segments: Table = {
    title: 'Segments',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'segment', type: 'integer' },
    ],
    rows: [
      [1, 1],
      [2, 1],
    ],
  };
  assert.equal(rnnHeadline(result({ segments })), '2 customers');
  assert.equal(rnnHeadline(result({})), undefined);
});
