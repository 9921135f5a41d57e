// The conformance suite every registered engine passes (as scikit-learn's check_estimator):
// bad options refused with a message naming the option; same seed, same Result; cancel
// within a second; progress reported; the Result survives save, close and reopen; empty and
// one-row inputs refused with a clear message, not a crash (one row is accepted where it is
// a valid question, e.g. scoring one customer).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { engines } from '../../main/engines/registry.ts';
import { plainContext } from '../../main/engines/engine.ts';
import { parseOptions } from '../../shared/analyses/define.ts';
import { CancelledError, InputError } from '../../shared/errors.ts';
import { runJob } from '../../main/jobs/runJob.ts';
import { ProjectFile } from '../../main/project/projectFile.ts';
import { createAnalysis } from '../../main/project/analyses.ts';
import { finishRun, loadResult, startRun } from '../../main/project/runs.ts';
import type { Result } from '../../shared/result.ts';
import { contractCases } from './cases/index.ts';
import { headFrame, type EngineCall } from './contract-case.ts';
import { tempDir } from '../helpers/tmp.ts';

async function runDirect(kind: string, call: EngineCall): Promise<Result> {
  const engine = engines[kind]!;
  const context = call.model ? plainContext({ model: call.model }) : plainContext();
  return engine.run(call.inputs, parseOptions(engine.definition, call.options), context);
}

/** Timings differ from run to run; everything else must not. */
function withoutTimings(result: Result): Omit<Result, 'timings'> {
  const { timings: _timings, ...rest } = result;
  return rest;
}

for (const [kind, engine] of Object.entries(engines)) {
  describe(`engine contract: ${kind}`, () => {
    const cases = contractCases[kind];
    test('has a contract case', () => assert.ok(cases, `add test/contract/cases/${kind}.ts`));
    if (!cases) return;

    test('its definition matches its kind and lists its tables', () => {
      assert.equal(engine.definition.kind, kind);
      assert.equal(engine.definition.status, 'ready');
      assert.ok(Object.keys(engine.definition.tables).length > 0);
    });

    test('rejects bad options with a message naming the option', () => {
      for (const bad of cases.badOptions) {
        assert.throws(
          () => parseOptions(engine.definition, bad.options),
          (err: unknown) => {
            assert.ok(err instanceof InputError, String(err));
            if (bad.option) assert.match(err.message, new RegExp(`option ${bad.option}\\b`));
            return true;
          },
          JSON.stringify(bad.options),
        );
      }
    });

    test('a small call gives a Result whose tables are well formed', async () => {
      const result = await runDirect(kind, await cases.small());
      assert.equal(result.kind, kind);
      for (const name of Object.keys(result.tables)) {
        assert.ok(name in engine.definition.tables, `table ${name} is declared in the definition`);
        const table = result.tables[name]!;
        for (const row of table.rows) assert.equal(row.length, table.columns.length);
      }
    });

    test('the same seed gives the same Result; another seed may differ', async () => {
      const a = await runDirect(kind, await cases.seeded(7));
      const b = await runDirect(kind, await cases.seeded(7));
      assert.deepEqual(withoutTimings(a), withoutTimings(b));
    });

    test('empty (and, unless the case accepts it, one-row) inputs are refused with a clear message', async () => {
      for (const rows of cases.acceptsOneRow ? [0] : [0, 1]) {
        const call = await cases.small();
        const inputs = Object.fromEntries(
          Object.entries(call.inputs).map(([k, f]) => [k, headFrame(f, rows)]),
        );
        await assert.rejects(
          async () => runDirect(kind, { ...call, inputs }),
          (err: unknown) => err instanceof InputError && err.message.length > 10,
          `${rows} rows`,
        );
      }
      if (cases.acceptsOneRow) {
        const call = await cases.small();
        const inputs = Object.fromEntries(Object.entries(call.inputs).map(([k, f]) => [k, headFrame(f, 1)]));
        assert.equal((await runDirect(kind, { ...call, inputs })).kind, kind);
      }
    });

    test('reports progress and stops within a second of cancel, off the main thread', async () => {
      const call = await cases.large();
      const controller = new AbortController();
      const progress: number[] = [];
      let cancelledAt = 0;
      const job = runJob(kind, call.inputs, call.options, 'auto', {
        model: call.model,
        signal: controller.signal,
        onProgress: (fraction) => {
          progress.push(fraction);
          if (progress.length === 2) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      });
      await assert.rejects(job, CancelledError);
      assert.ok(progress.length >= 2, 'progress arrived before cancel');
      const latency = performance.now() - cancelledAt;
      assert.ok(latency < 1000, `cancel took ${latency.toFixed(0)} ms`);
    });

    test('its Result survives save, close and reopen of the project', async () => {
      const call = await cases.small();
      const result = await runJob(kind, call.inputs, call.options, 'auto', { model: call.model });
      const path = join(tempDir(), 'contract.pathwise');
      const project = ProjectFile.create(path);
      const analysis = createAnalysis(project.db, {
        name: 'contract',
        kind,
        inputs: {},
        options: call.options,
      });
      const run = startRun(project.db, analysis.id, result.options, {});
      finishRun(project.db, run.id, result);
      project.close();
      const reopened = ProjectFile.open(path);
      const loaded = loadResult(reopened.db, run.id, kind);
      reopened.close();
      // Tables, options, warnings as JSON; artifacts (model weights) byte for byte.
      const { artifacts: loadedArtifacts, ...loadedRest } = loaded;
      const { artifacts, ...rest } = result;
      assert.deepEqual(loadedRest, JSON.parse(JSON.stringify(rest)));
      assert.deepEqual(Object.keys(loadedArtifacts ?? {}).sort(), Object.keys(artifacts ?? {}).sort());
      for (const [name, bytes] of Object.entries(artifacts ?? {})) {
        assert.deepEqual(Buffer.from(loadedArtifacts![name]!), Buffer.from(bytes), `artifact ${name}`);
      }
    });
  });
}
