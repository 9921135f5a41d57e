// Table formatting, sorting and exports (renderer/lib/format.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareCells,
  csvField,
  formatCell,
  locateError,
  safeFileName,
  sortedRowOrder,
  tableToCsv,
  tableToTsv,
} from '../../../renderer/lib/format.ts';
import type { Table } from '../../../shared/result.ts';

const table: Table = {
  title: 'Profiles',
  columns: [
    { name: 'segment', type: 'integer' },
    { name: 'name', type: 'string', label: 'Name' },
    { name: 'mean', type: 'number' },
  ],
  rows: [
    [2, 'b, "quoted"', 0.1 + 0.2],
    [1, 'a', null],
    [3, 'c', 1234.5678],
  ],
};

test('numbers read well: thousands separators, 4 significant digits, empty for missing', () => {
  assert.equal(formatCell(1234567, 'integer'), '1,234,567');
  assert.equal(formatCell(-1234), '-1,234');
  assert.equal(formatCell(0.30000000000000004), '0.3');
  assert.equal(formatCell(3.14159265), '3.142');
  assert.equal(formatCell(1234.5678), '1,234.57');
  assert.equal(formatCell(0.00001234), '1.234e-5');
  assert.equal(formatCell(null), '');
  assert.equal(formatCell(Number.NaN), '');
  assert.equal(formatCell('text'), 'text');
});

test('sorting: numbers numerically, missing last in both directions, stable', () => {
  assert.deepEqual(sortedRowOrder(table, 2, 'asc'), [0, 2, 1]);
  assert.deepEqual(sortedRowOrder(table, 2, 'desc'), [2, 0, 1]);
  assert.deepEqual(sortedRowOrder(table, 0, 'asc'), [1, 0, 2]);
  assert.deepEqual(sortedRowOrder(table, 1, 'desc'), [2, 0, 1]);
  assert.equal(compareCells(10, 9), 1);
  assert.equal(compareCells('10', '9') < 0, true, 'text compares by code units');
});

test('CSV: header of names, quoted fields, full precision, empty for missing', () => {
  assert.equal(
    tableToCsv(table),
    'segment,name,mean\n2,"b, ""quoted""",0.30000000000000004\n1,a,\n3,c,1234.5678\n',
  );
  assert.equal(tableToCsv(table, [1]), 'segment,name,mean\n1,a,\n');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
});

test('clipboard text is tab-separated with labels', () => {
  assert.equal(tableToTsv(table, [2]).split('\n')[0], 'segment\tName\tmean');
  assert.equal(tableToTsv(table, [2]).split('\n')[1], '3\tc\t1234.5678');
});

test('error messages are located by row and column', () => {
  assert.deepEqual(locateError("data.csv, row 3, column age: expected a number, got 'n/a'"), {
    row: 3,
    column: 'age',
  });
  assert.deepEqual(locateError('data.csv, row 12: expected 4 fields, got 3'), { row: 12 });
  assert.deepEqual(locateError('no project is open'), {});
});

test('file names are safe', () => {
  assert.equal(
    safeFileName('Segments on the first two principal components', 'svg'),
    'Segments-on-the-first-two-principal-components.svg',
  );
  assert.equal(safeFileName('../..', 'png'), 'export.png');
});
