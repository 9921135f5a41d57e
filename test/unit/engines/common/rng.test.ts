import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';

test('the same seed gives the same stream, different seeds different ones', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const drawsA = Array.from({ length: 20 }, () => a.nextUint32());
  const drawsB = Array.from({ length: 20 }, () => b.nextUint32());
  const drawsC = Array.from({ length: 20 }, () => c.nextUint32());
  assert.deepEqual(drawsA, drawsB);
  assert.notDeepEqual(drawsA, drawsC);
});

test('nextFloat is uniform on [0, 1), nextInt stays in range, normals have mean 0 and sd 1', () => {
  const rng = new Rng(1);
  let sum = 0;
  let sumNormal = 0;
  let sumNormalSquares = 0;
  const m = 200000;
  for (let i = 0; i < m; i++) {
    const u = rng.nextFloat();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    const j = rng.nextInt(7);
    assert.ok(Number.isInteger(j) && j >= 0 && j < 7);
    const z = rng.nextNormal();
    sumNormal += z;
    sumNormalSquares += z * z;
  }
  assert.ok(Math.abs(sum / m - 0.5) < 0.005);
  assert.ok(Math.abs(sumNormal / m) < 0.01);
  assert.ok(Math.abs(sumNormalSquares / m - 1) < 0.02);
});
