import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kMeans } from '../../../../main/engines/cluster/kmeans.ts';
import { kMeansPlusPlus } from '../../../../main/engines/cluster/kmeans-seeding.ts';
import { numberBySize } from '../../../../main/engines/cluster/segment-numbering.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import type { PointMatrix } from '../../../../main/engines/common/point-matrix.ts';

function blobs(seed: number): PointMatrix {
  const rng = new Rng(seed);
  const centres = [
    [0, 0],
    [8, 0],
    [0, 8],
  ];
  const values: number[] = [];
  for (let i = 0; i < 300; i++) {
    const c = centres[i % 3]!;
    values.push(c[0]! + rng.nextNormal(), c[1]! + rng.nextNormal());
  }
  return { n: 300, d: 2, values: Float64Array.from(values) };
}

test('k-means++ seeding and the whole fit are reproducible for a seed', () => {
  const points = blobs(5);
  assert.deepEqual(kMeansPlusPlus(points, 3, new Rng(9)), kMeansPlusPlus(points, 3, new Rng(9)));
  const a = kMeans(points, 3, 5, 9, silentMonitor);
  const b = kMeans(points, 3, 5, 9, silentMonitor);
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.totWithinss, b.totWithinss);
  assert.ok(a.converged);
});

test('centres are member means and no single-point move lowers the objective', () => {
  const points = blobs(6);
  const fit = kMeans(points, 3, 3, 2, silentMonitor);
  const sizes = [0, 0, 0];
  for (const label of fit.labels) sizes[label]!++;
  for (let i = 0; i < points.n; i++) {
    const from = fit.labels[i];
    const dist = (j: number): number =>
      (points.values[2 * i] - fit.centres[2 * j]) ** 2 +
      (points.values[2 * i + 1] - fit.centres[2 * j + 1]) ** 2;
    const removal = (dist(from) * sizes[from]!) / (sizes[from]! - 1);
    for (let j = 0; j < 3; j++)
      if (j !== from) assert.ok((dist(j) * sizes[j]!) / (sizes[j]! + 1) >= removal * (1 - 1e-9));
  }
});

test('segments are numbered by size, ties by first row', () => {
  assert.deepEqual(
    Array.from(numberBySize(Int32Array.from([2, 0, 0, 1, 2, 1, 1]), 3)),
    [2, 3, 3, 1, 2, 1, 1],
  );
  assert.deepEqual(Array.from(numberBySize(Int32Array.from([1, 0, 0, 1]), 2)), [1, 2, 2, 1]);
});
