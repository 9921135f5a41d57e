// The descriptions per cluster add up to the overall ones (each cluster's proportions and mean
// times weighted by its size give all customers'), the transition rates are the pooled lag-1
// rates (each state's row sums to 1), and the engine writes every per-cluster table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sequenceEngine } from '../../../../main/engines/sequence/index.ts';
import { plainContext } from '../../../../main/engines/engine.ts';
import { parseOptions } from '../../../../shared/analyses/define.ts';
import { sequenceDefinition } from '../../../../shared/analyses/sequence.ts';
import type { Result, Table } from '../../../../shared/result.ts';
import { readCsvFrame } from '../../helpers/csv-frame.ts';
import { repoRoot } from '../../../helpers/tmp.ts';

const caseDir = join(repoRoot, 'test', 'fixtures', 'sequence', 'journeys');

async function run(): Promise<Result> {
  const raw = JSON.parse(readFileSync(join(caseDir, 'options.json'), 'utf8')) as Record<string, unknown>;
  const options = parseOptions(sequenceDefinition, { ...raw, write_distances: false });
  return await sequenceEngine.run(
    { data: readCsvFrame(join(caseDir, 'data.csv'), 'data') },
    options,
    plainContext(),
  );
}

function column(table: Table, name: string): (string | number | null)[] {
  const j = table.columns.findIndex((c) => c.name === name);
  assert.ok(j >= 0, `${table.title} has ${name}`);
  return table.rows.map((row) => row[j]!);
}

test('per-cluster state distributions and mean times, weighted by cluster size, are the overall ones', async () => {
  const result = await run();
  const sizes = new Map(
    result.tables.cluster_sizes!.rows.map((row) => [Number(row[0]), Number(row[1])] as const),
  );
  const n = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const overall = new Map(
    result.tables.state_distribution!.rows.map((row) => [`${row[0]} ${row[1]}`, Number(row[2])]),
  );
  const weighted = new Map<string, number>();
  for (const row of result.tables.cluster_state_distribution!.rows) {
    const key = `${row[1]} ${row[2]}`;
    weighted.set(key, (weighted.get(key) ?? 0) + (Number(row[3]) * sizes.get(Number(row[0]))!) / n);
  }
  assert.equal(weighted.size, overall.size);
  for (const [key, proportion] of overall) assert.ok(Math.abs(weighted.get(key)! - proportion) < 1e-12, key);

  const means = new Map(result.tables.mean_time!.rows.map((row) => [String(row[0]), Number(row[1])]));
  const weightedMeans = new Map<string, number>();
  for (const row of result.tables.cluster_mean_time!.rows) {
    const state = String(row[1]);
    weightedMeans.set(
      state,
      (weightedMeans.get(state) ?? 0) + (Number(row[2]) * sizes.get(Number(row[0]))!) / n,
    );
  }
  for (const [state, mean] of means) assert.ok(Math.abs(weightedMeans.get(state)! - mean) < 1e-9, state);

  assert.deepEqual([...new Set(column(result.tables.cluster_entropy!, 'cluster'))], [...sizes.keys()]);
  const frequent = result.tables.cluster_frequent_sequences!;
  for (const cluster of sizes.keys()) {
    const rows = frequent.rows.filter((row) => row[0] === cluster);
    assert.ok(rows.length > 0 && rows.length <= 10, `cluster ${cluster} has its frequent sequences`);
    assert.equal(rows[0]![1], 1, 'ranked from 1');
  }
});

test('transition rates: every state with a transition out of it has rates summing to 1', async () => {
  const rates = (await run()).tables.transition_rates!;
  const totals = new Map<string, number>();
  for (const row of rates.rows)
    totals.set(String(row[0]), (totals.get(String(row[0])) ?? 0) + Number(row[2]));
  for (const [state, total] of totals)
    assert.ok(total === 0 || Math.abs(total - 1) < 1e-12, `${state}: ${total}`);
  // Churned is absorbing in these journeys: once churned, churned the next month.
  const churned = rates.rows.find((row) => row[0] === 'Churned' && row[1] === 'Churned');
  assert.equal(churned?.[2], 1);
});
