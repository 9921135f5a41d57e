// A finished run's Result comes back whole, or with only the tables asked for (an engine that
// reuses a run reads a few small tables and the artifacts, not the per-customer ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ProjectFile } from '../../../main/project/projectFile.ts';
import { createAnalysis } from '../../../main/project/analyses.ts';
import { finishRun, loadResult, startRun } from '../../../main/project/runs.ts';
import type { Result } from '../../../shared/result.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('loadResult: every table, or only the named ones, artifacts always', () => {
  const project = ProjectFile.create(join(tempDir(), 'load.pathwise'));
  const analysis = createAnalysis(project.db, { name: 'a', kind: 'rnn', inputs: {}, options: {} });
  const run = startRun(project.db, analysis.id, {}, {});
  const table = (title: string) => ({
    title,
    columns: [{ name: 'x', type: 'integer' as const }],
    rows: [[1]],
  });
  const result: Result = {
    kind: 'rnn',
    version: 1,
    options: {},
    tables: { training: table('T'), metrics: table('M'), encodings: table('E') },
    artifacts: { weights: Uint8Array.from([1, 2, 3]) },
    warnings: [],
    timings: {},
  };
  finishRun(project.db, run.id, result);
  assert.deepEqual(Object.keys(loadResult(project.db, run.id, 'rnn').tables), [
    'training',
    'metrics',
    'encodings',
  ]);
  const some = loadResult(project.db, run.id, 'rnn', ['metrics', 'training']);
  assert.deepEqual(Object.keys(some.tables), ['training', 'metrics']);
  assert.deepEqual([...some.artifacts!.weights!], [1, 2, 3]);
  assert.deepEqual(Object.keys(loadResult(project.db, run.id, 'rnn', []).tables), []);
  project.close();
});
