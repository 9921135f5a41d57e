// Jobs: engines run in a worker; a crash rejects with the reason; a hung worker is still
// stopped within a second of cancel; a failing run is recorded as failed and the project
// stays intact; results are written in one transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { runJob, JobCrashedError } from '../../../main/jobs/runJob.ts';
import { runAnalysis } from '../../../main/jobs/runAnalysis.ts';
import { CancelledError, InputError } from '../../../shared/errors.ts';
import { ProjectFile } from '../../../main/project/projectFile.ts';
import { importFile } from '../../../main/ingest/index.ts';
import { createAnalysis } from '../../../main/project/analyses.ts';
import { listRuns, loadResult } from '../../../main/project/runs.ts';
import { tempDir } from '../../helpers/tmp.ts';

const crashing = new URL('../../helpers/crashing-worker.ts', import.meta.url);
const noInputs = {};

test('a worker that exits or throws rejects with the reason', async () => {
  await assert.rejects(
    runJob('cluster', noInputs, { how: 'exit' }, 'auto', { workerModule: crashing }),
    (err) => {
      assert.ok(err instanceof JobCrashedError);
      assert.match(err.message, /stopped unexpectedly \(exit code 3\)/);
      return true;
    },
  );
  await assert.rejects(
    runJob('cluster', noInputs, { how: 'throw' }, 'auto', { workerModule: crashing }),
    /crashed: segfault-like failure/,
  );
});

test('a worker that ignores the cancel flag is terminated within a second', async () => {
  const controller = new AbortController();
  const job = runJob('cluster', noInputs, { how: 'hang' }, 'auto', {
    workerModule: crashing,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 200);
  const t0 = performance.now();
  await assert.rejects(job, CancelledError);
  assert.ok(performance.now() - t0 < 1200);
});

test('unknown kinds and bad options are input errors, not crashes', async () => {
  await assert.rejects(runJob('nosuch', noInputs, {}, 'auto'), InputError);
  await assert.rejects(runJob('cluster', noInputs, { columns: [] }, 'auto'), (err) => {
    assert.ok(err instanceof InputError);
    assert.match(err.message, /option columns/);
    return true;
  });
});

test('a run that fails is recorded with its reason and the project stays intact', async () => {
  const dir = tempDir();
  const csv = join(dir, 'flat.csv');
  writeFileSync(csv, 'id,a,b\n1,5,5\n2,5,5\n3,5,5\n4,5,5\n');
  const project = ProjectFile.create(join(dir, 'p.pathwise'));
  await importFile(project.db, csv, { name: 'flat' });
  const analysis = createAnalysis(project.db, {
    name: 'flat',
    kind: 'cluster',
    inputs: { data: 'flat' },
    options: { columns: ['a', 'b'], method: 'kmeans', k: 2, standardize: true },
  });
  const outcome = await runAnalysis(project.db, analysis.id);
  assert.equal(outcome.run.status, 'failed');
  assert.equal(outcome.run.errorKind, 'input');
  assert.match(outcome.run.error ?? '', /\b(a|b)\b/);
  assert.equal(project.db.pragma('quick_check', { simple: true }), 'ok');
  const varied = join(dir, 'varied.csv');
  writeFileSync(varied, 'id,a,b\n1,1,1\n2,1.2,1\n3,5,5\n4,5.1,5\n5,9,1\n');
  await importFile(project.db, varied, { name: 'varied' });
  const good = createAnalysis(project.db, {
    name: 'ok',
    kind: 'cluster',
    inputs: { data: 'varied' },
    options: { id: 'id', columns: ['a', 'b'], method: 'dbscan', eps: 1, min_pts: 2 },
  });
  const done = await runAnalysis(project.db, good.id);
  assert.equal(done.run.status, 'done', done.run.error ?? '');
  const stored = loadResult(project.db, done.run.id, 'cluster');
  assert.deepEqual(Object.keys(stored.tables).sort(), Object.keys(done.result!.tables).sort());
  assert.equal(listRuns(project.db, analysis.id).length, 1);
  project.close();
});

test('cancelling a run records it as cancelled', async () => {
  const dir = tempDir();
  const csv = join(dir, 'many.csv');
  const lines = ['id,a,b,c'];
  for (let i = 0; i < 12000; i++) lines.push(`${i},${(i * 7919) % 1000},${(i * 104729) % 997},${i % 13}`);
  writeFileSync(csv, lines.join('\n'));
  const project = ProjectFile.create(join(dir, 'p.pathwise'));
  await importFile(project.db, csv, { name: 'many' });
  const analysis = createAnalysis(project.db, {
    name: 'ward',
    kind: 'cluster',
    inputs: { data: 'many' },
    options: { columns: ['a', 'b', 'c'], method: 'hierarchical', k: 3 },
  });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const outcome = await runAnalysis(project.db, analysis.id, { signal: controller.signal });
  assert.equal(outcome.run.status, 'cancelled');
  assert.ok(outcome.error instanceof CancelledError);
  project.close();
});
