import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnScaling, standardizeColumns } from '../../../../main/engines/common/standardize.ts';
import { sampleIndices } from '../../../../main/engines/common/sample.ts';
import { UnionFind } from '../../../../main/engines/common/union-find.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';

test('z-scores as R scale(): sample sd with n - 1', () => {
  // Column 1 = 1, 2, 3, 4: mean 2.5, sd sqrt(5/3); column 2 constant 7.
  const points = { n: 4, d: 2, values: Float64Array.from([1, 7, 2, 7, 3, 7, 4, 7]) };
  const scaling = columnScaling(points);
  assert.deepEqual(Array.from(scaling.means), [2.5, 7]);
  assert.ok(Math.abs(scaling.sds[0] - Math.sqrt(5 / 3)) < 1e-15);
  assert.equal(scaling.sds[1], 0);
  const z = standardizeColumns(
    { n: 4, d: 1, values: Float64Array.from([1, 2, 3, 4]) },
    {
      means: Float64Array.of(2.5),
      sds: Float64Array.of(Math.sqrt(5 / 3)),
    },
  );
  assert.ok(Math.abs(z.values[0] + 1.5 / Math.sqrt(5 / 3)) < 1e-15);
});

test('samples are distinct, sorted and reproducible; union-find joins sets', () => {
  const a = sampleIndices(1000, 50, new Rng(3));
  assert.deepEqual(a, sampleIndices(1000, 50, new Rng(3)));
  assert.equal(new Set(a).size, 50);
  for (let i = 1; i < a.length; i++) assert.ok(a[i - 1] < a[i]);
  assert.equal(sampleIndices(5, 10, new Rng(1)).length, 5);
  const sets = new UnionFind(5);
  sets.union(0, 3);
  sets.union(3, 4);
  assert.equal(sets.find(4), sets.find(0));
  assert.notEqual(sets.find(1), sets.find(0));
});
