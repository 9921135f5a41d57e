// Scoring new customers, the page's side: the model's columns from an rnn analysis (its last
// finished run, else its saved options), the model an option names (name first, then id, as
// main), the new table's columns matched by name, the options, inputs and name of the scoring
// analysis, the table a dialog starts on, and the checks with their option paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkScoring,
  defaultScoreDataset,
  latestFinishedRun,
  loadModelChoices,
  mappingComplete,
  mappingMessages,
  mappingRows,
  matchColumns,
  modelChoice,
  modelColumnsOf,
  resolveModel,
  scoreInputs,
  scoreName,
  scoreOptions,
  scoreState,
  setMapped,
  type ModelColumns,
} from '../../../../../renderer/analyses/rnn-score/model.ts';
import type { ColumnInfo } from '../../../../../renderer/lib/wizard.ts';
import type { Response } from '../../../../../shared/api.ts';
import { rnnScoreOptions } from '../../../../../shared/analyses/rnn-score.ts';

type Analysis = Response<'analyses.list'>[number];
type Run = Response<'runs.list'>[number];

const trainedOptions = {
  id: 'user_id',
  order: 'day',
  features: ['cancel', 'app_used', 'days_since_last'],
  target: 'churned',
};

function analysis(id: number, name: string, kind = 'rnn', options: unknown = trainedOptions): Analysis {
  return {
    id,
    name,
    kind,
    inputs: { events: 'events', labels: 'labels' },
    options,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  };
}

function run(id: number, status: Run['status'], options: unknown = trainedOptions): Run {
  return {
    id,
    analysisId: 1,
    status,
    options,
    inputs: { events: 'events', labels: 'labels' },
    backend: null,
    error: null,
    errorKind: null,
    resultVersion: 1,
    warnings: [],
    timings: {},
    startedAt: '2024-01-01T00:00:00Z',
    finishedAt: null,
  };
}

const model: ModelColumns = { ...trainedOptions };
const int = (name: string): ColumnInfo => ({ name, type: 'integer' });
const events: ColumnInfo[] = ['user_id', 'day', 'cancel', 'app_used', 'days_since_last'].map(int);
const renamed: ColumnInfo[] = [
  { name: 'user_id', type: 'text' },
  { name: 'date', type: 'date' },
  int('cancel'),
  int('app_opened'),
  int('days_since_last'),
  { name: 'note', type: 'text' },
];
const labels: ColumnInfo[] = ['user_id', 'churned'].map(int);

test('the model reads what its last finished run was trained with, else its saved options', () => {
  const older = { ...trainedOptions, features: ['cancel'] };
  const runs = [run(1, 'done', older), run(3, 'failed'), run(2, 'done')];
  assert.equal(latestFinishedRun(runs)?.id, 2);
  assert.deepEqual(modelChoice(analysis(1, 'A'), runs).columns, model);
  assert.equal(modelChoice(analysis(1, 'A'), runs).run?.id, 2);
  const notRun = modelChoice(analysis(1, 'A', 'rnn', older), [run(4, 'cancelled')]);
  assert.equal(notRun.run, undefined);
  assert.deepEqual(notRun.columns?.features, ['cancel']);
  assert.equal(modelColumnsOf({ id: 'x' }), undefined, 'options that do not parse');
});

test('a model option names an analysis by name first, then by id (as main resolves it)', () => {
  const analyses = [analysis(1, 'Segments'), analysis(2, '1'), analysis(3, 'Other', 'cluster')];
  assert.equal(resolveModel('Segments', analyses)?.id, 1);
  assert.equal(resolveModel('1', analyses)?.id, 2, 'a name that looks like an id wins');
  assert.equal(resolveModel(3, analyses)?.id, 3);
  assert.equal(resolveModel('3', analyses)?.id, 3);
  assert.equal(resolveModel('Gone', analyses), undefined);
  assert.equal(resolveModel('', analyses), undefined);
  assert.equal(resolveModel(undefined, analyses), undefined);
});

test('the model choices: the rnn analyses only, each with its runs', async () => {
  const asked: number[] = [];
  const choices = await loadModelChoices(
    [analysis(1, 'A'), analysis(2, 'Clusters', 'cluster'), analysis(5, 'B')],
    async (id) => {
      asked.push(id);
      return id === 1 ? [run(7, 'done')] : [];
    },
  );
  assert.deepEqual(asked, [1, 5]);
  assert.deepEqual(
    choices.map((c) => [c.analysis.name, c.run?.id]),
    [
      ['A', 7],
      ['B', undefined],
    ],
  );
});

test("the new table's columns are matched by name, of the types each role takes", () => {
  const same = matchColumns(model, events, labels);
  assert.deepEqual(same, {
    id: 'user_id',
    order: 'day',
    features: trainedOptions.features,
    target: 'churned',
  });
  assert.ok(mappingComplete(same));
  // Another table: the order is a date column of another name, a feature renamed; no labels.
  const other = matchColumns(model, renamed);
  assert.deepEqual(other, {
    id: 'user_id',
    order: '',
    features: ['cancel', '', 'days_since_last'],
    target: '',
  });
  assert.ok(!mappingComplete(other));
  // A column of the right name but the wrong type is not taken.
  assert.equal(matchColumns(model, [{ name: 'day', type: 'text' }]).order, '');
  const fixed = setMapped(setMapped(other, 'order', 'date'), 'features.1', 'app_opened');
  assert.deepEqual(fixed.features, ['cancel', 'app_opened', 'days_since_last']);
  assert.equal(fixed.order, 'date');
  assert.deepEqual(other.features, ['cancel', '', 'days_since_last'], 'the mapping is copied, not changed');
  assert.ok(mappingComplete(fixed));
});

test('the options, inputs and name of the scoring analysis parse with the rnn_score schema', () => {
  const mapping = matchColumns(model, events, labels);
  const options = scoreOptions(4, mapping);
  assert.deepEqual(options, { model: 4, ...trainedOptions });
  assert.deepEqual(rnnScoreOptions.parse(options), options);
  const unlabelled = scoreOptions(4, { ...mapping, target: '' });
  assert.equal('target' in unlabelled, false, 'no label: no target option');
  assert.deepEqual(scoreInputs('events_new', ''), { events: 'events_new' });
  assert.deepEqual(scoreInputs('events_new', 'labels_new'), { events: 'events_new', labels: 'labels_new' });
  assert.equal(
    scoreName('events_new', 'Behavioural churn segments'),
    'Scores: events_new (Behavioural churn segments)',
  );
  assert.equal(scoreName('t', 'x'.repeat(300)).length, 200);
});

test('the dialog starts on a table the model was not trained on that has its columns', () => {
  const datasets = [
    { name: 'customers', columns: [int('id')] },
    { name: 'events', columns: events },
    { name: 'partial', columns: [int('user_id')] },
    { name: 'events_new', columns: events },
  ];
  assert.equal(defaultScoreDataset(datasets, ['events', 'labels'], model), 'events_new');
  assert.equal(defaultScoreDataset(datasets.slice(0, 3), ['events', 'labels'], model), 'partial');
  assert.equal(defaultScoreDataset(datasets.slice(0, 2), ['events', 'labels'], model), 'customers');
  assert.equal(defaultScoreDataset(datasets.slice(1, 2), ['events', 'labels'], model), 'events');
});

test('the mapping rows: id, order, features in the model order, the optional label from the labels table', () => {
  const mapping = matchColumns(model, renamed, labels);
  const rows = mappingRows(model, mapping, renamed, labels, (path) => (path === 'order' ? ['pick one'] : []));
  assert.deepEqual(
    rows.map((r) => [r.path, r.column, r.value, r.optional ?? false]),
    [
      ['id', 'user_id', 'user_id', false],
      ['order', 'day', '', false],
      ['features.0', 'cancel', 'cancel', false],
      ['features.1', 'app_used', '', false],
      ['features.2', 'days_since_last', 'days_since_last', false],
      ['target', 'churned', 'churned', true],
    ],
  );
  assert.deepEqual(rows[1]!.messages, ['pick one']);
  assert.deepEqual(
    rows[1]!.choices.map((c) => c.name),
    ['date', 'cancel', 'app_opened', 'days_since_last'],
    'the order takes integer, number and date columns (not the text id or note)',
  );
  assert.deepEqual(
    rows[2]!.choices.map((c) => c.name),
    ['cancel', 'app_opened', 'days_since_last'],
  );
  assert.deepEqual(
    rows[5]!.choices.map((c) => c.name),
    ['user_id', 'churned'],
    'the label from the labels table',
  );
  assert.deepEqual(
    mappingRows(model, mapping, renamed, undefined, undefined, 'features').map((r) => r.path),
    ['features.0', 'features.1', 'features.2'],
  );
});

test('the checks: each unmatched model column at its path, once; then the wizard checks', () => {
  const columnsOf = (name: string) =>
    ({ events_new: renamed, labels_new: [int('customer'), int('churned')] })[name];
  const mapping = matchColumns(model, renamed);
  assert.deepEqual(
    mappingMessages(model, mapping).map((m) => [m.path, m.message]),
    [
      ['order', "choose the column of the model's order column (day)"],
      ['features.1', 'choose the column of the model\'s feature "app_used"'],
    ],
  );
  const messages = checkScoring(model, scoreState('4', 'events_new', '', mapping), mapping, columnsOf);
  assert.deepEqual(
    messages.map((m) => m.path),
    ['order', 'features.1'],
    'an empty cell is not also "no column"',
  );
  const complete = setMapped(setMapped(mapping, 'order', 'date'), 'features.1', 'app_opened');
  assert.deepEqual(checkScoring(model, scoreState('4', 'events_new', '', complete), complete, columnsOf), []);
  // The labels table must hold the customer id too (the wizard's own check).
  const withLabels = { ...complete, target: 'churned' };
  const labelled = checkScoring(
    model,
    scoreState('4', 'events_new', 'labels_new', withLabels),
    withLabels,
    columnsOf,
  );
  assert.deepEqual(
    labelled.map((m) => m.path),
    ['id'],
  );
  assert.match(labelled[0]!.message, /labels_new has no column "user_id"/);
});
