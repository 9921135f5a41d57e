// previewFile: types, missing counts, examples and rows as the import dialog shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewFile } from '../../../main/ingest/index.ts';
import { fixture, rejectsInput } from './helpers.ts';

test('types, missing counts, examples, rows with null for missing', async () => {
  const p = await previewFile(fixture('missing.csv'));
  assert.equal(p.file, 'missing.csv');
  assert.equal(p.format, 'csv');
  assert.equal(p.encoding, 'utf-8');
  assert.equal(p.delimiter, ',');
  assert.equal(p.sheets, undefined);
  assert.deepEqual(
    p.columns.map((c) => [c.name, c.type, c.missing]),
    [
      ['a', 'integer', 1],
      ['b', 'integer', 4],
      ['c', 'text', 2],
      ['d', 'boolean', 1],
    ],
  );
  assert.deepEqual(p.columns[2]!.examples, ['x', 'y', 'z']);
  assert.deepEqual(p.rows[0], ['1', null, 'x', 'true']);
  assert.deepEqual(p.rows[4], ['5', ' 7 ', null, 'false']);
  assert.equal(p.sampledRows, 5);
});

test('rows limit; TSV format; detected delimiters', async () => {
  const p = await previewFile(fixture('quoted.csv'), { rows: 2 });
  assert.equal(p.rows.length, 2);
  assert.equal(p.sampledRows, 7);
  assert.deepEqual(
    p.columns.map((c) => c.type),
    ['integer', 'text', 'integer'],
  );
  const t = await previewFile(fixture('tabs.tsv'));
  assert.equal(t.format, 'tsv');
  assert.equal(t.delimiter, '\t');
  assert.equal((await previewFile(fixture('semicolon.csv'))).delimiter, ';');
  assert.equal((await previewFile(fixture('pipe.txt'))).delimiter, '|');
  assert.equal((await previewFile(fixture('semicolon.csv'), { delimiter: ',' })).columns.length, 1);
});

test('a ragged row is a warning in the preview (the import refuses it)', async () => {
  const p = await previewFile(fixture('ragged.csv'));
  assert.deepEqual(p.warnings, ['ragged.csv, row 4: expected 3 fields, got 2']);
  assert.deepEqual(p.rows[2], ['7', '8', null]);
});

test('encodings: Latin-1 detected and forced', async () => {
  const p = await previewFile(fixture('latin1.csv'));
  assert.equal(p.encoding, 'latin1');
  assert.equal(p.rows[0]![0], 'Bayamón');
  assert.equal(p.columns[1]!.type, 'integer');
  const forced = await previewFile(fixture('latin1.csv'), { encoding: 'utf-8' });
  assert.equal(forced.rows[0]![0], 'Bayam\uFFFDn');
});

test('header-only, empty and binary files', async () => {
  const h = await previewFile(fixture('header-only.csv'));
  assert.equal(h.sampledRows, 0);
  assert.deepEqual(h.rows, []);
  await rejectsInput(previewFile(fixture('empty.csv')), 'empty.csv: the file is empty');
  await rejectsInput(previewFile(fixture('binary.csv')), 'binary.csv: not a text (CSV) file');
});
