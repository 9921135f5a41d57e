// The cluster engine end to end: the two reference fixtures (R kmeans, R dbscan), then the
// contract around them: determinism, messages users read, missing values, cancel, progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterEngine } from '../../../../main/engines/cluster/index.ts';
import { plainContext } from '../../../../main/engines/engine.ts';
import { clusterOptions } from '../../../../shared/analyses/cluster.ts';
import type { ClusterOptions } from '../../../../shared/analyses/cluster.ts';
import { CancelledError, InputError } from '../../../../shared/errors.ts';
import type { Frame } from '../../../../shared/frame.ts';
import type { Result } from '../../../../shared/result.ts';
import { resultSchema } from '../../../../shared/result.ts';
import { frameFromCsvText, readCsvFrame, readCsvRecords } from '../../helpers/csv-frame.ts';
import { adjustedRandIndex } from '../../helpers/adjusted-rand.ts';

const fixtures = 'test/fixtures/cluster';

function options(raw: Record<string, unknown>): ClusterOptions {
  return clusterOptions.parse(raw);
}

async function run(frame: Frame, raw: Record<string, unknown>): Promise<Result> {
  return clusterEngine.run({ data: frame }, options(raw), plainContext());
}

function metric(result: Result, name: string): number | string | null {
  const row = result.tables.metrics!.rows.find((r) => r[0] === name);
  assert.ok(row, `metric ${name}`);
  return row[1]!;
}

async function runFixture(name: string): Promise<{ result: Result; ari: number }> {
  const dir = `${fixtures}/${name}`;
  const frame = readCsvFrame(`${dir}/data.csv`, name);
  const result = await run(frame, JSON.parse(readFileSync(`${dir}/options.json`, 'utf8')));
  const expected = readCsvRecords(`${dir}/expected/segments.csv`);
  const mine = new Map(result.tables.segments!.rows.map((row) => [String(row[0]), String(row[1])]));
  const ari = adjustedRandIndex(
    expected.map((e) => e.segment!),
    expected.map((e) => mine.get(e.id!) ?? 'missing'),
  );
  return { result, ari };
}

test('fixture blobs_kmeans: tot_withinss within 0.1% of R, ARI >= 0.99', async () => {
  const { result, ari } = await runFixture('blobs_kmeans');
  const rValue = Number(readCsvRecords(`${fixtures}/blobs_kmeans/expected/metrics.csv`)[0]!.value);
  assert.ok((metric(result, 'tot_withinss') as number) <= 1.001 * rValue);
  assert.ok(ari >= 0.99, `ARI ${ari}`);
  assert.equal(metric(result, 'clusters'), 5);
  assert.equal(metric(result, 'noise_share'), 0);
  // Segments by size: R's sizes 701, 521, 355, 235, 188.
  assert.deepEqual(
    result.tables.segment_profiles!.rows.map((r) => r[1]),
    [701, 521, 355, 235, 188],
  );
  assert.ok(resultSchema.safeParse(result).success);
});

test('fixture blobs_dbscan: 5 clusters, noise share 0.0505, ARI 1', async () => {
  const { result, ari } = await runFixture('blobs_dbscan');
  for (const { name, value } of readCsvRecords(`${fixtures}/blobs_dbscan/expected/metrics.csv`)) {
    assert.ok(Math.abs((metric(result, name!) as number) - Number(value)) <= 0.001, name);
  }
  assert.equal(ari, 1);
  assert.equal(metric(result, 'eps'), 3.9);
  assert.equal(metric(result, 'min_pts'), 10);
  // R's order of discovery and sizes (reference/segment_profiles.csv).
  assert.deepEqual(
    result.tables.segment_profiles!.rows.map((r) => [r[0], r[1]]),
    [
      [0, 101],
      [1, 684],
      [2, 494],
      [3, 342],
      [4, 152],
      [5, 227],
    ],
  );
  const kDistance = result.tables.k_distance!;
  assert.equal(kDistance.rows.length, 2000);
  assert.ok(Math.abs((kDistance.rows[1870]![1] as number) - 3.8525) < 1e-4);
});

test('eps auto follows DESIGN.md: knee of the lowest 95% of the k-distances', async () => {
  const frame = readCsvFrame(`${fixtures}/blobs_dbscan/data.csv`, 'blobs');
  const columns = frame.columns.map((c) => c.name).filter((name) => name !== 'id');
  const result = await run(frame, { id: 'id', columns, method: 'dbscan', eps: 'auto', min_pts: 10 });
  const sorted = result.tables.k_distance!.rows.map((r) => r[1] as number);
  const kept = sorted.slice(0, Math.ceil(0.95 * sorted.length));
  let best = 0;
  let bestGap = -Infinity;
  kept.forEach((v, i) => {
    const gap = i / (kept.length - 1) - (v - kept[0]!) / (kept[kept.length - 1]! - kept[0]!);
    if (gap > bestGap) [best, bestGap] = [i, gap];
  });
  assert.equal(metric(result, 'eps'), kept[best]);
  assert.equal(metric(result, 'clusters'), 5);
});

test('the same options and seed give the same tables', async () => {
  const frame = readCsvFrame(`${fixtures}/blobs_kmeans/data.csv`, 'blobs');
  const columns = ['x1', 'x2', 'x3'];
  for (const method of ['kmeans', 'dbscan', 'hierarchical']) {
    const raw = { id: 'id', columns, method, k: 4, restarts: 3, seed: 7, eps: 'auto', standardize: true };
    const a = await run(frame, raw);
    const b = await run(frame, raw);
    assert.deepEqual(a.tables, b.tables, method);
    assert.deepEqual(a.warnings, b.warnings);
  }
});

test('hierarchical: Ward on standardized columns gives k segments numbered as cutree', async () => {
  const frame = readCsvFrame(`${fixtures}/blobs_kmeans/data.csv`, 'blobs');
  const columns = frame.columns.map((c) => c.name).filter((name) => name !== 'id');
  const result = await run(frame, { id: 'id', columns, method: 'hierarchical', k: 5, standardize: true });
  assert.equal(metric(result, 'clusters'), 5);
  const segments = result.tables.segments!.rows.map((r) => r[1] as number);
  assert.equal(segments[0], 1); // the first row is in segment 1
  let seen = 0;
  for (const s of segments) {
    assert.ok(s <= seen + 1, 'segments appear in order 1, 2, ...');
    seen = Math.max(seen, s);
  }
  const { ari } = await (async () => {
    const expected = readCsvRecords(`${fixtures}/blobs_kmeans/expected/segments.csv`);
    const mine = new Map(result.tables.segments!.rows.map((row) => [String(row[0]), String(row[1])]));
    return {
      ari: adjustedRandIndex(
        expected.map((e) => e.segment!),
        expected.map((e) => mine.get(e.id!)!),
      ),
    };
  })();
  assert.ok(ari > 0.9, `ARI vs R k-means ${ari}`);
});

test('tables: ids, profiles in original units, pca, metric rows', async () => {
  const csv = 'name,a,b,flag\nann,1,10,1\nbob,2,20,0\ncat,10,100,1\ndan,11,110,0\neve,,5,1\n';
  const frame = frameFromCsvText('customers', csv);
  const result = await run(frame, {
    id: 'name',
    columns: ['a', 'b'],
    method: 'kmeans',
    k: 2,
    standardize: true,
  });
  assert.deepEqual(result.warnings, ['1 row with missing values was left out']);
  assert.deepEqual(result.tables.segments!.columns[0], { name: 'id', type: 'string' });
  assert.deepEqual(result.tables.segments!.rows, [
    ['ann', 1],
    ['bob', 1],
    ['cat', 2],
    ['dan', 2],
  ]);
  assert.deepEqual(
    result.tables.segment_profiles!.columns.map((c) => c.name),
    ['segment', 'size', 'share', 'a', 'b'],
  );
  assert.deepEqual(result.tables.segment_profiles!.rows, [
    [1, 2, 0.5, 1.5, 15],
    [2, 2, 0.5, 10.5, 105],
  ]);
  assert.deepEqual(
    result.tables.metrics!.rows.map((r) => r[0]),
    ['clusters', 'noise_share', 'tot_withinss', 'silhouette'],
  );
  assert.deepEqual(
    result.tables.pca!.columns.map((c) => c.name),
    ['id', 'segment', 'pc1', 'pc2'],
  );
  assert.equal(result.kind, 'cluster');
  assert.equal(result.backend, 'js');
  assert.ok(result.timings.cluster_ms! >= 0);

  const numbered = await run(frame, { columns: ['a', 'flag'], method: 'kmeans', k: 2 });
  assert.deepEqual(
    numbered.tables.segments!.rows.map((r) => r[0]),
    [1, 2, 3, 4],
  );
  const silhouette = await run(frame, { columns: ['a'], method: 'dbscan', eps: 0.5, min_pts: 2 });
  assert.equal(metric(silhouette, 'silhouette'), null); // no cluster at all: undefined
});

test('messages name the dataset, the column and what was expected', async () => {
  const frame = frameFromCsvText('customers', 'id,x1,x2,x3,same\nA,1,2,a,5\nB,2,4,b,5\nC,3,1,c,5\n');
  const rejects = async (raw: Record<string, unknown>, message: RegExp): Promise<void> => {
    await assert.rejects(
      async () => run(frame, raw),
      (error: unknown) => error instanceof InputError && message.test(error.message),
    );
  };
  await rejects(
    { columns: ['x1', 'x3'] },
    /^data "customers", column x3: expected a numeric column, got text$/,
  );
  await rejects({ columns: ['x9'] }, /^data "customers", column x9: not found/);
  await rejects({ id: 'who', columns: ['x1'], k: 2 }, /column who: not found/);
  await rejects({ columns: ['x1', 'x2'], k: 4 }, /3 complete rows cannot make k = 4 segments/);
  await rejects({ columns: ['same'], k: 2 }, /every chosen column \(same\) has the same value/);
  await rejects({ columns: ['x1', 'same'], k: 2, standardize: true }, /column same: constant \(sd 0\)/);
  await rejects(
    { columns: ['x1'], method: 'dbscan', min_pts: 5 },
    /min_pts = 5 needs at least 5 complete rows/,
  );
  await rejects({ columns: ['x1', 'x1'], k: 2 }, /column x1: chosen twice/);
  const empty = frameFromCsvText('empty', 'x1\n1\n');
  await assert.rejects(async () => run(empty, { columns: ['x1'], k: 2 }), /only 1 row has a value/);
  const many = frameFromCsvText('big', `x1\n${Array.from({ length: 20001 }, (_, i) => i).join('\n')}\n`);
  await assert.rejects(
    async () => run(many, { columns: ['x1'], method: 'hierarchical', k: 2 }),
    /pairwise distances in memory \(1\.6 GB for 20001 rows\); it is limited to 20000 rows/,
  );
  const duplicates = frameFromCsvText('dups', 'x1\n1\n1\n1\n2\n');
  await assert.rejects(async () => run(duplicates, { columns: ['x1'], k: 3 }), /only 2 distinct points/);
});

test('above 5000 points the silhouette uses a seeded sample and says so', async () => {
  const values = Array.from({ length: 6000 }, (_, i) => (i % 2 === 0 ? 0 : 100) + (i % 7));
  const frame = frameFromCsvText('big', `x\n${values.join('\n')}\n`);
  const result = await run(frame, { columns: ['x'], method: 'kmeans', k: 2, restarts: 2, seed: 3 });
  assert.deepEqual(result.warnings, [
    'silhouette computed on a random sample of 5000 of the 6000 clustered points (seed 3)',
  ]);
  const silhouette = metric(result, 'silhouette') as number;
  assert.ok(silhouette > 0.9 && silhouette < 1);
});

test('cancel stops the run and progress arrives in order', async () => {
  const frame = readCsvFrame(`${fixtures}/blobs_kmeans/data.csv`, 'blobs');
  const columns = frame.columns.map((c) => c.name).filter((name) => name !== 'id');
  for (const method of ['kmeans', 'dbscan', 'hierarchical']) {
    let calls = 0;
    const ctx = plainContext({
      checkCancelled() {
        if (++calls > 5) throw new CancelledError();
      },
    });
    await assert.rejects(
      async () => clusterEngine.run({ data: frame }, options({ columns, method }), ctx),
      CancelledError,
      method,
    );
  }
  const fractions: number[] = [];
  const ctx = plainContext({ progress: (fraction) => fractions.push(fraction) });
  await clusterEngine.run({ data: frame }, options({ columns, method: 'dbscan', eps: 4 }), ctx);
  assert.ok(fractions.length > 3);
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i]! >= fractions[i - 1]!);
  assert.equal(fractions[fractions.length - 1], 1);
});
