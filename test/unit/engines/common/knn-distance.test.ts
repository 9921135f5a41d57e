// k-distances against R dbscan::kNNdist(X, k = 9) on fixture cluster/blobs_dbscan
// (reference/knn_dist_sorted.csv); k = 10 here because the point itself is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKdTree } from '../../../../main/engines/common/kd-tree.ts';
import { kthNeighbourSquaredDistances } from '../../../../main/engines/common/knn-distance.ts';
import { kneeIndex } from '../../../../main/engines/common/knee.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import { readCsvFrame, readCsvRecords } from '../../helpers/csv-frame.ts';
import { isNumericColumn } from '../../../../shared/frame.ts';

const fixture = 'test/fixtures/cluster/blobs_dbscan';

test('sorted 10-distances (self counted) equal R kNNdist(X, k = 9); the README knee gives 3.90', () => {
  const frame = readCsvFrame(`${fixture}/data.csv`, 'blobs');
  const columns = frame.columns.filter((c) => c.name !== 'id');
  const n = frame.rowCount;
  const d = columns.length;
  const values = new Float64Array(n * d);
  columns.forEach((column, c) => {
    assert.ok(isNumericColumn(column));
    for (let i = 0; i < n; i++) values[i * d + c] = column.values[i] as number;
  });
  const tree = buildKdTree({ n, d, values });
  const mine = kthNeighbourSquaredDistances(tree, 10, null, silentMonitor).map(Math.sqrt).sort();
  const reference = readCsvRecords(`${fixture}/reference/knn_dist_sorted.csv`).map((r) => Number(r.knn_dist));
  assert.equal(reference.length, n);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(mine[i] - reference[i]) <= 1e-9 * reference[i]);

  // The README's rule for the reference: knee over all n points, rounded up to 0.05.
  const knee = kneeIndex(mine);
  assert.equal(knee + 1, 1871);
  assert.equal(Math.ceil(mine[knee] / 0.05) * 0.05, 3.9000000000000004);
});

test('a subset of rows gets the same distances as the full run', () => {
  const values = Float64Array.from([0, 1, 3, 6, 10, 15]);
  const tree = buildKdTree({ n: 6, d: 1, values }, undefined, 2);
  const all = kthNeighbourSquaredDistances(tree, 2, null, silentMonitor);
  assert.deepEqual(Array.from(all), [1, 1, 4, 9, 16, 25]);
  const some = kthNeighbourSquaredDistances(tree, 2, Int32Array.from([4, 0]), silentMonitor);
  assert.deepEqual(Array.from(some), [16, 1]);
});
