// The Electron utility-process job carrier, driven through a stand-in for utilityProcess.fork
// (a Node child process given Electron's parentPort): a real cluster run, progress, cancel
// (kills the process at once) and a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { utilityProcessLauncher } from '../../../main/app/utilityJobs.ts';
import type { UtilityProcessModule } from '../../../main/app/electronTypes.ts';
import { runJob, JobCrashedError } from '../../../main/jobs/runJob.ts';
import { CancelledError } from '../../../shared/errors.ts';
import { numericFrame } from '../../contract/contract-case.ts';

const shim = fileURLToPath(new URL('../../helpers/utility-process-shim.mjs', import.meta.url));

const fakeUtilityProcess: UtilityProcessModule = {
  fork(modulePath, args) {
    const child = fork(modulePath, args ?? [], { execArgv: ['--import', shim], serialization: 'advanced' });
    return {
      postMessage: (message) => child.send(message as object),
      on: (event: 'message' | 'exit', listener: (value: never) => void) => {
        child.on(event, listener as (value: unknown) => void);
      },
      kill: () => child.kill('SIGKILL'),
    } as ReturnType<UtilityProcessModule['fork']>;
  },
};
const launcher = utilityProcessLauncher(fakeUtilityProcess);

test('a cluster job runs in a utility process and reports progress', async () => {
  const progress: number[] = [];
  const result = await runJob(
    'cluster',
    { data: numericFrame('points', 300, 3, 2) },
    { columns: ['x1', 'x2', 'x3'], method: 'kmeans', k: 3, restarts: 2, seed: 1 },
    'auto',
    { launcher, onProgress: (f) => progress.push(f) },
  );
  assert.equal(result.kind, 'cluster');
  assert.ok(result.tables.segments!.rows.length === 300);
  assert.ok(progress.length > 0);
});

test('cancel kills the utility process at once', async () => {
  const controller = new AbortController();
  const job = runJob(
    'cluster',
    { data: numericFrame('points', 12000, 4, 3) },
    { columns: ['x1', 'x2', 'x3', 'x4'], method: 'hierarchical', k: 4 },
    'auto',
    { launcher, signal: controller.signal },
  );
  setTimeout(() => controller.abort(), 1500);
  const t0 = performance.now();
  await assert.rejects(job, CancelledError);
  assert.ok(performance.now() - t0 < 2500);
});

test('bad options come back as input errors; a dead process as a crash', async () => {
  await assert.rejects(runJob('cluster', {}, { columns: [] }, 'auto', { launcher }), /option columns/);
  const dying: UtilityProcessModule = {
    fork: () => fakeUtilityProcess.fork(fileURLToPath(new URL('../../helpers/exit-3.mjs', import.meta.url))),
  };
  await assert.rejects(
    runJob('cluster', {}, {}, 'auto', { launcher: utilityProcessLauncher(dying) }),
    JobCrashedError,
  );
});
