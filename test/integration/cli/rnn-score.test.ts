// Scoring new customers from the command line, as an analyst would after training: `pathwise
// run rnn --project P ...` trains and keeps the model in P; `pathwise run rnn_score --project P
// --options {"model": "<analysis name>"}` applies it to another events file. Scored again, the
// training customers get the model's own encodings digit for digit and their own segments; with
// labels the Result has the model's AUC on them; a model that does not exist, or has not run,
// is refused with exit 2 and one line naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../tools/compare-tables.mjs';
import { pathwise } from '../../helpers/cli.ts';
import { repoRoot, tempDir } from '../../helpers/tmp.ts';

const caseDir = join(repoRoot, 'test', 'fixtures', 'rnn', 'journeys_small');
const events = join(caseDir, 'events.csv');
const labels = join(caseDir, 'labels.csv');
const modelName = 'Behavioral-sequence segmentation';

function csv(dir: string, table: string): Record<string, unknown>[] {
  return parseCsv(readFileSync(join(dir, `${table}.csv`), 'utf8')) as Record<string, unknown>[];
}

function optionsFile(dir: string, name: string, options: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(options));
  return path;
}

test('a trained model scores another events file: same encodings, same segments, AUC with labels', () => {
  const work = tempDir('rnn-score-cli-');
  const project = join(work, 'segments.pathwise');
  const training = JSON.parse(readFileSync(join(caseDir, 'options_kmeans.json'), 'utf8')) as {
    model: Record<string, unknown>;
  };
  training.model.epochs = 3;
  const trained = pathwise([
    'run',
    'rnn',
    '--project',
    project,
    '--data',
    `events=${events}`,
    '--data',
    `labels=${labels}`,
    '--options',
    optionsFile(work, 'train.json', training),
    '--out',
    join(work, 'rnn'),
  ]);
  assert.equal(trained.status, 0, trained.stderr);

  const scoreOut = join(work, 'score');
  const scored = pathwise([
    'run',
    'rnn_score',
    '--project',
    project,
    '--data',
    `events=${events}`,
    '--data',
    `labels=${labels}`,
    '--options',
    optionsFile(work, 'score.json', { model: modelName }),
    '--out',
    scoreOut,
  ]);
  assert.equal(scored.status, 0, scored.stderr);
  assert.match(scored.stderr, new RegExp(`scored with the model of "${modelName}" \\(run 1\\)`));

  const scores = csv(scoreOut, 'scores');
  const encodings = csv(join(work, 'rnn'), 'encodings');
  const segments = csv(join(work, 'rnn'), 'segments');
  assert.equal(scores.length, 2000);
  assert.deepEqual(
    scores.map((row) => [row.id, row.e1, row.e5, row.e10]),
    encodings.map((row) => [row.id, row.e1, row.e5, row.e10]),
  );
  const same = scores.filter((row, i) => row.segment === segments[i]!.segment).length;
  assert.ok(same >= 0.99 * scores.length, `${same} of ${scores.length} keep their segment`);
  const metrics = new Map(csv(scoreOut, 'metrics').map((row) => [String(row.name), Number(row.value)]));
  assert.equal(metrics.get('labelled_customers'), 2000);
  assert.ok(metrics.get('auc')! > 0.7, `auc ${metrics.get('auc')}`);
  for (const chart of ['segment_sizes', 'profile_heatmap', 'score_histogram']) {
    assert.match(readFileSync(join(scoreOut, `${chart}.svg`), 'utf8'), /^<svg/);
  }

  const missing = pathwise([
    'run',
    'rnn_score',
    '--project',
    project,
    '--data',
    `events=${events}`,
    '--options',
    optionsFile(work, 'missing.json', { model: 'No such model' }),
    '--out',
    join(work, 'missing'),
  ]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no analysis named "No such model"/);
});

test('scoring without a project has no model to apply: exit 2, the option named', () => {
  const work = tempDir('rnn-score-cli-');
  const res = pathwise([
    'run',
    'rnn_score',
    '--data',
    `events=${events}`,
    '--options',
    optionsFile(work, 'score.json', { model: modelName }),
    '--out',
    join(work, 'out'),
  ]);
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /no analysis named "Behavioral-sequence segmentation"/);
  assert.equal(
    res.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.includes('%')).length,
    1,
  );
});
