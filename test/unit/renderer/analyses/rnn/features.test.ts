// The rnn features in the wizard: candidates, the scaling the engine will apply (0/1 columns as
// they are, others standardised) read from column summaries, the order kept, and the checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  featureCandidates,
  featureChecks,
  featureScaling,
  rangeText,
  scalingCounts,
  toggleFeature,
  type ColumnSummary,
} from '../../../../../renderer/analyses/rnn/features.ts';
import type { ColumnInfo } from '../../../../../renderer/lib/wizard.ts';

function summary(name: string, values: Partial<ColumnSummary>): ColumnSummary {
  return {
    name,
    type: 'integer',
    missing: 0,
    distinct: 2,
    min: 0,
    max: 1,
    mean: 0.5,
    histogram: null,
    ...values,
  };
}

const columns: ColumnInfo[] = [
  { name: 'user_id', type: 'integer' },
  { name: 'day', type: 'integer' },
  { name: 'cancel', type: 'integer' },
  { name: 'member', type: 'boolean' },
  { name: 'spend', type: 'number' },
  { name: 'channel', type: 'text' },
  { name: 'churned', type: 'integer' },
];
const summaries = [
  summary('cancel', {}),
  summary('spend', { type: 'number', distinct: 812, min: 0, max: 96.5 }),
  summary('never', { distinct: 1, min: 0, max: 0 }),
  summary('always1', { distinct: 1, min: 1, max: 1 }),
  summary('fives', { distinct: 1, min: 5, max: 5 }),
  summary('gaps', { missing: 3 }),
  summary('minus', { distinct: 2, min: -1, max: 1 }),
];
const of = (name: string) => summaries.find((s) => s.name === name);

test('0/1 columns are used as they are, any other standardised (as the engine decides)', () => {
  assert.equal(featureScaling('integer', of('cancel')), 'as is');
  assert.equal(featureScaling('integer', of('never')), 'as is', 'all 0 is still 0/1');
  assert.equal(featureScaling('integer', of('always1')), 'as is');
  assert.equal(featureScaling('number', of('spend')), 'standardised');
  assert.equal(featureScaling('integer', of('fives')), 'standardised');
  assert.equal(featureScaling('integer', of('minus')), 'standardised', '-1/1 is not 0/1');
  assert.equal(featureScaling('boolean', undefined), 'as is');
  assert.equal(featureScaling('integer', undefined), undefined, 'not read yet');
});

test('ranges as the summary gives them', () => {
  assert.equal(rangeText(of('cancel')), '0 to 1');
  assert.equal(rangeText(summary('days', { min: 0, max: 1096 })), '0 to 1,096');
  assert.equal(rangeText(of('fives')), 'always 5');
  assert.equal(rangeText(summary('d', { min: '2020-01-01', max: '2021-01-01' })), '');
  assert.equal(rangeText(undefined), '');
});

test('candidates: numeric columns that are not the id, order or label', () => {
  assert.deepEqual(
    featureCandidates(columns, ['integer', 'number', 'boolean'], ['user_id', 'day', 'churned']).map(
      (c) => c.name,
    ),
    ['cancel', 'member', 'spend'],
  );
});

test('ticking keeps the data’s column order; names no longer offered stay at the end', () => {
  const candidates = featureCandidates(columns, ['integer', 'number', 'boolean'], ['user_id', 'day']);
  assert.deepEqual(toggleFeature(['spend'], candidates, 'cancel', true), ['cancel', 'spend']);
  assert.deepEqual(toggleFeature(['cancel', 'spend'], candidates, 'cancel', false), ['spend']);
  assert.deepEqual(toggleFeature(['gone', 'spend'], candidates, 'member', true), ['member', 'spend', 'gone']);
  assert.deepEqual(toggleFeature(['spend'], candidates, 'spend', true), ['spend']);
});

test('how many enter as they are and standardised', () => {
  assert.deepEqual(scalingCounts(['cancel', 'member', 'spend', 'churned'], columns, summaries), {
    'as is': 2,
    standardised: 1,
    unknown: 1,
  });
});

test('missing values and constants that cannot be standardised are named at their feature', () => {
  const info = [...columns, ...summaries.map((s) => ({ name: s.name, type: s.type }))];
  assert.deepEqual(featureChecks(['cancel', 'gaps', 'never', 'fives', 'unread'], info, summaries), [
    {
      target: 'role',
      name: 'features',
      path: 'features.1',
      message: 'gaps has 3 missing values: every row needs a value',
    },
    {
      target: 'role',
      name: 'features',
      path: 'features.3',
      message: 'fives is always 5: a constant cannot be standardised; leave it out',
    },
  ]);
});
