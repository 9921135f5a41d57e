// Scoring with a trained rnn model: the customers the model was trained on, scored again, get
// the model's own encodings bit for bit and (nearly all) their own segments; a table with other
// column names maps onto the model; a model that does not fit is refused with the option named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rnnEngine } from '../../../../main/engines/rnn/index.ts';
import { rnnScoreEngine } from '../../../../main/engines/rnn-score/index.ts';
import { plainContext, type TrainedModel } from '../../../../main/engines/engine.ts';
import { parseOptions } from '../../../../shared/analyses/define.ts';
import { rnnDefinition, type RnnOptions } from '../../../../shared/analyses/rnn.ts';
import { rnnScoreDefinition } from '../../../../shared/analyses/rnn-score.ts';
import { InputError } from '../../../../shared/errors.ts';
import type { Frame } from '../../../../shared/frame.ts';
import type { Result, Table } from '../../../../shared/result.ts';
import { demoTableFrame } from '../../../contract/contract-case.ts';
import { generateEvents } from '../../../../main/demo/events.ts';
import { demoAnalyses } from '../../../../main/demo/analyses.ts';

function demoInputs(): { events: Frame; labels: Frame } {
  const { events, labels } = generateEvents();
  return { events: demoTableFrame('events', events), labels: demoTableFrame('labels', labels) };
}

async function trained(cluster: Record<string, unknown>): Promise<{ result: Result; options: RnnOptions }> {
  const demo = demoAnalyses().find((a) => a.kind === 'rnn')!;
  const raw = structuredClone(demo.options) as Record<string, unknown>;
  raw.model = { ...(raw.model as object), epochs: 3 };
  raw.cluster = cluster;
  const options = parseOptions(rnnDefinition, raw);
  const result = await rnnEngine.run(demoInputs(), options, plainContext());
  return { result, options };
}

function modelOf(result: Result): TrainedModel {
  return {
    analysisId: 1,
    analysisName: 'Segments',
    runId: 1,
    options: result.options,
    artifacts: result.artifacts!,
  };
}

function column(table: Table, name: string): (number | string | null)[] {
  const j = table.columns.findIndex((c) => c.name === name);
  return table.rows.map((row) => row[j]!);
}

for (const cluster of [
  { method: 'kmeans', k: 4 },
  { method: 'dbscan', eps: 'auto', min_pts: 10 },
]) {
  test(`the training customers scored again: same encodings, their own segments (${cluster.method})`, async () => {
    const { result, options } = await trained(cluster);
    const scoreOptions = parseOptions(rnnScoreDefinition, {
      model: 1,
      id: options.id,
      order: options.order,
      features: options.features,
      target: options.target,
    });
    const scored = rnnScoreEngine.run(
      demoInputs(),
      scoreOptions,
      plainContext({ model: modelOf(result) }),
    ) as Result;
    const scores = scored.tables.scores!;
    const encodings = result.tables.encodings!;
    assert.deepEqual(column(scores, 'id'), column(encodings, 'id'));
    for (let j = 1; j < encodings.columns.length; j++) {
      const name = encodings.columns[j]!.name;
      assert.deepEqual(column(scores, name), column(encodings, name), name);
    }
    const own = column(result.tables.segments!, 'segment');
    const again = column(scores, 'segment');
    const same = own.filter((s, i) => s === again[i]).length;
    assert.ok(same / own.length >= 0.99, `${same} of ${own.length} customers keep their segment`);
    const metric = (name: string) => scored.tables.metrics!.rows.find((r) => r[0] === name)?.[1];
    assert.equal(metric('customers'), own.length);
    assert.ok(Number(metric('auc')) > 0.5, 'the model ranks its own customers better than chance');
  });
}

test('another table maps its own column names onto the model; no labels, no AUC', async () => {
  const { result, options } = await trained({ method: 'kmeans', k: 3 });
  const { events } = demoInputs();
  const renamed: Frame = {
    ...events,
    name: 'new_events',
    columns: events.columns
      .filter((c) => c.name !== options.target)
      .map((c) => ({ ...c, name: `new_${c.name}` })),
  };
  const scoreOptions = parseOptions(rnnScoreDefinition, {
    model: 'Segments',
    id: `new_${options.id}`,
    order: `new_${options.order}`,
    features: options.features.map((f) => `new_${f}`),
  });
  const scored = rnnScoreEngine.run(
    { events: renamed },
    scoreOptions,
    plainContext({ model: modelOf(result) }),
  ) as Result;
  const metrics = scored.tables.metrics!;
  assert.equal(metrics.rows.find((r) => r[0] === 'labelled_customers')?.[1], 0);
  assert.equal(metrics.rows.find((r) => r[0] === 'auc')?.[1], null);
  assert.ok(scored.tables.segment_profiles!.columns.some((c) => c.name === `new_${options.features[0]}`));
});

test('a model that does not fit is refused, naming the option', async () => {
  const { result, options } = await trained({ method: 'kmeans', k: 3 });
  const fewer = parseOptions(rnnScoreDefinition, {
    model: 1,
    id: options.id,
    order: options.order,
    features: options.features.slice(1),
  });
  assert.throws(
    () => rnnScoreEngine.run(demoInputs(), fewer, plainContext({ model: modelOf(result) })),
    (err: unknown) => err instanceof InputError && /option features: .* reads \d+ features/.test(err.message),
  );
  const damaged = modelOf(result);
  damaged.artifacts = { ...damaged.artifacts, weights: new Uint8Array(8) };
  const ok = parseOptions(rnnScoreDefinition, {
    model: 1,
    id: options.id,
    order: options.order,
    features: options.features,
  });
  assert.throws(
    () => rnnScoreEngine.run(demoInputs(), ok, plainContext({ model: damaged })),
    (err: unknown) => err instanceof InputError && /incomplete \(weights\)/.test(err.message),
  );
  assert.throws(
    () => rnnScoreEngine.run(demoInputs(), ok, plainContext()),
    (err: unknown) => err instanceof InputError && /option model/.test(err.message),
  );
});
