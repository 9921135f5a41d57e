// stableOrder against a stable comparator sort, ascending and descending, with ties, NaN and a row subset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stableOrder } from '../../../../main/engines/common/stable-order.ts';
import { Rng } from '../../../../main/engines/common/rng.ts';

function reference(keys: number[], descending: boolean, rows?: number[]): number[] {
  const indices = rows ?? keys.map((_, i) => i);
  const rank = (v: number) => (Number.isNaN(v) ? Infinity : descending ? -v : v);
  return [...indices].sort((a, b) => {
    const difference = rank(keys[a]!) - rank(keys[b]!);
    return Number.isNaN(difference) ? 0 : difference;
  });
}

test('matches a stable comparator sort, ties kept in index order', () => {
  const rng = new Rng(5);
  const keys = Array.from({ length: 2000 }, () => (rng.nextInt(50) === 0 ? NaN : rng.nextInt(40) / 4));
  for (const descending of [false, true]) {
    assert.deepEqual(Array.from(stableOrder(keys, descending)), reference(keys, descending));
  }
  const rows = Array.from({ length: 300 }, (_, i) => i * 5 + 2);
  assert.deepEqual(Array.from(stableOrder(keys, true, rows)), reference(keys, true, rows));
});

test('empty and one-element inputs', () => {
  assert.deepEqual(Array.from(stableOrder([])), []);
  assert.deepEqual(Array.from(stableOrder([3], true)), [0]);
});
