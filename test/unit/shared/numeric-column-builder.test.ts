import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericColumnBuilder } from '../../../shared/numeric-column-builder.ts';

function build(values: number[]): ReturnType<NumericColumnBuilder['finish']> {
  const builder = new NumericColumnBuilder(values.length);
  values.forEach((value, index) => builder.set(index, value));
  return builder.finish();
}

test('flags and small counts stay one byte a value', () => {
  const column = build([0, 1, 1, 0, 255]);
  assert.ok(column instanceof Uint8Array);
  assert.deepEqual([...column], [0, 1, 1, 0, 255]);
});

test('ids and negative integers widen to Int32Array, keeping the earlier values', () => {
  const column = build([1, 0, 10001, -5, 2147483647]);
  assert.ok(column instanceof Int32Array);
  assert.deepEqual([...column], [1, 0, 10001, -5, 2147483647]);
});

test('fractions, missing values and integers beyond 32 bits widen to Float64Array', () => {
  for (const odd of [0.5, NaN, 2147483648, -2147483649, 1e300]) {
    const column = build([3, 70000, odd, 2]);
    assert.ok(column instanceof Float64Array, String(odd));
    assert.deepEqual([...column], [3, 70000, odd, 2]);
  }
});

test('values may arrive in any order', () => {
  const builder = new NumericColumnBuilder(3);
  builder.set(2, 7);
  builder.set(0, 300);
  builder.set(1, 1.25);
  assert.deepEqual([...builder.finish()], [300, 1.25, 7]);
});
