// The CLI's output folder: results.json is the Result as JSON (artifacts listed by size) though
// it is written a block of rows at a time, and each table's CSV has the full-precision numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeResult } from '../../../main/export/writeResult.ts';
import type { Result } from '../../../shared/result.ts';
import { tempDir } from '../../helpers/tmp.ts';

const rowCount = 25_003; // more than two blocks of rows
const result: Result = {
  kind: 'unknown-kind',
  version: 2,
  options: { k: 3, nested: { list: [1, 'a'] } },
  tables: {
    big: {
      title: 'Big "quoted" table',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'value', type: 'number', label: 'Value, in units' },
      ],
      rows: Array.from({ length: rowCount }, (_, i) => [`c,${i}`, i % 7 === 0 ? null : i / 3]),
    },
    empty: { title: 'Empty', columns: [{ name: 'x', type: 'integer' }], rows: [] },
  },
  artifacts: { weights: new Uint8Array(24) },
  warnings: ['a warning'],
  backend: 'js',
  timings: { total_ms: 1.5 },
};

test('results.json parses to the Result, tables whole, artifacts listed by size', async () => {
  const dir = tempDir('write-result-');
  const files = await writeResult(result, dir, { command: 'run' });
  assert.deepEqual(files, ['results.json', 'big.csv', 'empty.csv']);
  const parsed = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>;
  const { artifacts: _artifacts, ...rest } = result;
  assert.deepEqual(parsed, { ...rest, artifacts: [{ name: 'weights', bytes: 24 }], command: 'run' });
  assert.deepEqual(Object.keys(parsed), [
    'kind',
    'version',
    'options',
    'tables',
    'warnings',
    'backend',
    'timings',
    'artifacts',
    'command',
  ]);
});

test('each CSV has a header and one line per row, numbers at full precision', async () => {
  const dir = tempDir('write-result-');
  await writeResult(result, dir);
  const lines = readFileSync(join(dir, 'big.csv'), 'utf8').split('\n');
  assert.equal(lines[0], 'id,value');
  assert.equal(lines.length, rowCount + 2); // header, rows, the empty string after the last newline
  assert.equal(lines[1], '"c,0",');
  assert.equal(lines[2], '"c,1",0.33333333333333331');
  assert.equal(readFileSync(join(dir, 'empty.csv'), 'utf8'), 'x\n');
});
