// DBSCAN conventions on hand-made points (fixture cluster/blobs_dbscan README): core means
// >= min_pts points within distance <= eps, itself included; border points go to the first
// cluster discovered; clusters numbered in order of discovery scanning rows; noise 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbscan } from '../../../../main/engines/cluster/dbscan.ts';
import { buildKdTree } from '../../../../main/engines/common/kd-tree.ts';
import type { PointMatrix } from '../../../../main/engines/common/point-matrix.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';

function run(values: number[], d: number, eps: number, minPts: number) {
  const points: PointMatrix = { n: values.length / d, d, values: Float64Array.from(values) };
  return dbscan(points, buildKdTree(points, undefined, 2), eps, minPts, silentMonitor);
}

test('points at exactly eps count; numbering by discovery; border and noise', () => {
  // Line: 0 1 2 3 (1 and 2 core: 3 points within 1), 10 11 12 (11 core), 20 and 4.5 noise.
  const rows = [20, 12, 0, 1, 2, 3, 10, 11, 4.5];
  const fit = run(rows, 1, 1, 3);
  assert.deepEqual(Array.from(fit.labels), [0, 2, 1, 1, 1, 1, 2, 2, 0]);
  assert.deepEqual(Array.from(fit.isCore), [0, 0, 0, 1, 1, 0, 0, 1, 0]);
  assert.equal(fit.clusterCount, 2);
  // Exactly 2 neighbours at eps: core for min_pts 3, not for 4; nothing is core at eps 0.999.
  assert.equal(run(rows, 1, 1, 4).clusterCount, 0);
  assert.equal(run(rows, 1, 0.999, 3).clusterCount, 0);
});

test('a border point within eps of two clusters joins the one discovered first', () => {
  // A: 4 mutually close points left of the origin, B: the mirror image, b = (0, 0) at
  // exactly eps = 1 from a1 = (-1, 0) and b1 = (1, 0): 3 points within eps, not core for 4.
  const a = [-1, 0, -2, 0, -1.5, 0.5, -1.5, -0.5];
  const b = [1, 0, 2, 0, 1.5, 0.5, 1.5, -0.5];
  const origin = [0, 0];
  const bFirst = run([...b, ...origin, ...a], 2, 1, 4);
  assert.deepEqual(Array.from(bFirst.labels), [1, 1, 1, 1, 1, 2, 2, 2, 2]);
  const aFirst = run([...origin, ...a, ...b], 2, 1, 4);
  assert.deepEqual(Array.from(aFirst.labels), [1, 1, 1, 1, 1, 2, 2, 2, 2]);
  assert.equal(aFirst.isCore[0], 0);
});

test('min_pts 1: every point is core, each isolated point its own cluster', () => {
  const fit = run([0, 5, 0.5, 10], 1, 1, 1);
  assert.deepEqual(Array.from(fit.labels), [1, 2, 1, 3]);
});
