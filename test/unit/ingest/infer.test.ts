import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeInference } from '../../../main/ingest/infer.ts';

test('the narrowest type all sampled values fit; missing counted; examples distinct', () => {
  const inf = new TypeInference(7);
  const rows = [
    ['1', '1', '2024-01-01', 'true', 'yes', '', '5'],
    ['2', '2.5', '2024-01-02T10:00:00', 'FALSE', 'no', 'NA', 'x'],
    ['3', 'NA', 'N/A', 'true', 'yes', '', '6'],
  ];
  for (const r of rows) inf.add(r);
  const res = inf.result();
  assert.deepEqual(
    res.map((c) => c.type),
    ['integer', 'number', 'date', 'boolean', 'text', 'text', 'text'],
  );
  assert.deepEqual(
    res.map((c) => c.missing),
    [0, 1, 1, 0, 0, 3, 0],
  );
  assert.deepEqual(res[4]!.examples, ['yes', 'no']);
  assert.equal(inf.rows, 3);
});

test('short rows count as missing', () => {
  const inf = new TypeInference(3);
  inf.add(['1']);
  assert.deepEqual(
    inf.result().map((c) => c.missing),
    [0, 1, 1],
  );
});
