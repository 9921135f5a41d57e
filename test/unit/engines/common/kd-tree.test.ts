import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildKdTree,
  forEachWithinRadius,
  nearestSquaredDistances,
  RadiusCounter,
} from '../../../../main/engines/common/kd-tree.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';
import type { PointMatrix } from '../../../../main/engines/common/point-matrix.ts';
import { squaredDistance } from '../../../../main/engines/common/point-matrix.ts';

function randomPoints(n: number, d: number, seed: number): PointMatrix {
  const rng = new Rng(seed);
  const values = Float64Array.from({ length: n * d }, () => Math.round(rng.nextNormal() * 4) / 2);
  return { n, d, values }; // coarse grid values: many exact ties and duplicates
}

test('k nearest distances equal brute force, ties and duplicates included', () => {
  const points = randomPoints(600, 4, 7);
  const tree = buildKdTree(points, undefined, 5);
  for (let q = 0; q < points.n; q += 7) {
    const brute = Array.from({ length: points.n }, (_, j) =>
      squaredDistance(points.values, q, points.values, j, 4),
    );
    brute.sort((a, b) => a - b);
    const found = nearestSquaredDistances(tree, points.values, q * 4, 9);
    assert.deepEqual(Array.from(found), brute.slice(0, 9));
  }
});

test('radius queries are inclusive and complete; the counter stops at its limit', () => {
  const points = randomPoints(500, 3, 11);
  const tree = buildKdTree(points, undefined, 4);
  const counter = new RadiusCounter(tree, 5);
  for (let q = 0; q < points.n; q += 13) {
    const radiusSquared = 2.25;
    const brute = new Set<number>();
    for (let j = 0; j < points.n; j++) {
      if (squaredDistance(points.values, q, points.values, j, 3) <= radiusSquared) brute.add(j);
    }
    const found = new Set<number>();
    forEachWithinRadius(tree, points.values, q * 3, radiusSquared, (p) => found.add(tree.rowOf[p]));
    assert.deepEqual(
      [...found].sort((a, b) => a - b),
      [...brute].sort((a, b) => a - b),
    );
    const count = counter.run(points.values, q * 3, radiusSquared);
    assert.equal(count, Math.min(5, brute.size));
    for (let j = 0; j < count; j++) assert.ok(brute.has(tree.rowOf[counter.found[j]]));
  }
});

test('identical points stay in one leaf and are all found', () => {
  const points: PointMatrix = { n: 50, d: 2, values: new Float64Array(100).fill(3) };
  const tree = buildKdTree(points, undefined, 4);
  assert.equal(tree.nodeCount, 1);
  assert.deepEqual(Array.from(nearestSquaredDistances(tree, points.values, 0, 3)), [0, 0, 0]);
});
