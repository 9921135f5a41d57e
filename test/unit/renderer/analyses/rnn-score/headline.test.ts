// The line above rnn_score results: customers scored with which model, the share at risk, the
// segments reached, the noise and (with labels) the AUC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  atRiskShare,
  rnnScoreHeadline,
  scoringModel,
} from '../../../../../renderer/analyses/rnn-score/headline.ts';
import type { Result, Table } from '../../../../../shared/result.ts';

function metrics(values: Record<string, number | null>): Table {
  return {
    title: 'Scoring',
    columns: [
      { name: 'name', type: 'string' },
      { name: 'value', type: 'number' },
    ],
    rows: Object.entries(values),
  };
}

function scores(probabilities: (number | null)[]): Table {
  return {
    title: 'Scores',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'churn_probability', type: 'number' },
      { name: 'segment', type: 'integer' },
    ],
    rows: probabilities.map((p, i) => [i + 1, p, 1]),
  };
}

function result(tables: Record<string, Table>, warnings: string[] = []): Result {
  return { kind: 'rnn_score', version: 1, options: {}, tables, warnings, timings: {} };
}

const note = 'scored with the model of "Behavioural churn segments" (run 3)';

test('customers, the model, the share at risk, segments reached, noise and AUC', () => {
  const r = result(
    {
      scores: scores([0.1, 0.5, 0.9, 0.2]),
      metrics: metrics({
        customers: 2000,
        labelled_customers: 500,
        auc: 0.78297,
        segments_reached: 4,
        model_segments: 4,
        noise_share: 0.076,
      }),
    },
    [note, '3 customers have fewer than 2 rows'],
  );
  assert.equal(
    rnnScoreHeadline(r),
    '2,000 customers scored with "Behavioural churn segments": 50.0% at churn probability ≥ 0.5 · ' +
      '4 of 4 segments reached · 7.6% noise · AUC 0.783 on 500 labelled',
  );
});

test('without labels no AUC, without noise no noise share, one segment in the singular', () => {
  const r = result(
    {
      scores: scores([0.7, 0.3, null]),
      metrics: metrics({
        customers: 1,
        labelled_customers: 0,
        auc: null,
        segments_reached: 1,
        model_segments: 1,
        noise_share: 0,
      }),
    },
    [note],
  );
  assert.equal(
    rnnScoreHeadline(r),
    '1 customer scored with "Behavioural churn segments": 50.0% at churn probability ≥ 0.5 · 1 of 1 segment reached',
  );
});

test('the model from the engine note; the share from finite probabilities; nothing to say without tables', () => {
  assert.deepEqual(scoringModel(['x', note]), { name: 'Behavioural churn segments', run: 3 });
  assert.equal(scoringModel(['scored elsewhere']), undefined);
  assert.equal(atRiskShare(result({ scores: scores([null, 0.49, 0.51]) })), 0.5);
  assert.equal(atRiskShare(result({})), undefined);
  assert.equal(rnnScoreHeadline(result({})), undefined);
  assert.equal(rnnScoreHeadline(result({ metrics: metrics({ customers: 12 }) })), '12 customers scored');
});
