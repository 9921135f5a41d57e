// The per-value rules of docs/ingest.md: missing tokens, integers, numbers, dates, booleans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOT_A,
  classifyCell,
  convertCell,
  dateToIso,
  isMissingText,
  parseBooleanOverride,
  parseBooleanText,
  parseDateText,
  parseIntegerText,
  parseNumberText,
  widen,
} from '../../../main/ingest/cells.ts';

test('missing tokens, exact after trimming spaces', () => {
  for (const s of ['', 'NA', 'N/A', 'null', 'NULL', 'NaN', '#N/A', '  ', ' NA ', '\tN/A'])
    assert.equal(isMissingText(s), true, s);
  for (const s of ['n/a', 'na', 'None', '-', '0', 'NAN', 'Null', 'NA NA'])
    assert.equal(isMissingText(s), false, s);
});

test('integers: safe, decimal, thousands separators, no leading zeros', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    [' 12 ', 12],
    ['1,043', 1043],
    ['-12,345,678', -12345678],
    ['9007199254740991', 9007199254740991],
    ['-0', 0],
  ];
  for (const [s, v] of ok) assert.equal(parseIntegerText(s), v, s);
  for (const s of [
    '007',
    '01001',
    '1.5',
    '1e3',
    '',
    '-',
    '1,04',
    '1,0434',
    ',123',
    '9007199254740993',
    '12345678901234567890',
    '0x1A',
    '1 2',
  ])
    assert.equal(parseIntegerText(s), NOT_A, s);
});

test('numbers: decimal and exponent, thousands separators, finite only', () => {
  const ok: [string, number][] = [
    ['1.5', 1.5],
    ['-0.25', -0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-2.5E-2', -0.025],
    ['12,345.6', 12345.6],
    ['0.1', 0.1],
    ['3', 3],
  ];
  for (const [s, v] of ok) assert.equal(parseNumberText(s), v, s);
  for (const s of [
    'abc',
    '1.2.3',
    'Infinity',
    '-Infinity',
    '1e',
    '1e400',
    '0x10',
    '00.5',
    '1,2.5',
    '.',
    '-',
    '1.5x',
    'NaN',
  ])
    assert.equal(parseNumberText(s), NOT_A, s);
});

test('dates: ISO and YYYY/MM/DD, valid calendar days, stored as ISO text', () => {
  assert.equal(parseDateText('2024-01-31'), '2024-01-31');
  assert.equal(parseDateText('2024/02/29'), '2024-02-29');
  assert.equal(parseDateText('2024-01-31T10:20:30'), '2024-01-31T10:20:30');
  assert.equal(parseDateText('2024-01-31 10:20:30'), '2024-01-31T10:20:30');
  assert.equal(parseDateText('2024-01-31 10:20'), '2024-01-31T10:20:00');
  for (const s of [
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-1-5',
    '31/01/2024',
    '2024-01-31T25:00:00',
    '2024-01-31T10:20:30Z',
    '2024-01-31T10:20:30.5',
    '2024-01/31',
  ])
    assert.equal(parseDateText(s), NOT_A, s);
});

test('booleans: true/false in any case; yes/no only under an override', () => {
  assert.equal(parseBooleanText('TRUE'), 1);
  assert.equal(parseBooleanText('False'), 0);
  for (const s of ['yes', 'no', '1', '0', 't', 'f']) assert.equal(parseBooleanText(s), NOT_A, s);
  assert.equal(parseBooleanOverride('Yes'), 1);
  assert.equal(parseBooleanOverride('0'), 0);
  assert.equal(parseBooleanOverride('maybe'), NOT_A);
});

test('classification and widening', () => {
  assert.equal(classifyCell('12'), 'integer');
  assert.equal(classifyCell('1.5'), 'number');
  assert.equal(classifyCell('2020-01-01'), 'date');
  assert.equal(classifyCell('true'), 'boolean');
  assert.equal(classifyCell('yes'), 'text');
  assert.equal(classifyCell(3.5), 'number');
  assert.equal(classifyCell(new Date(0)), 'date');
  assert.equal(widen('integer', 'number'), 'number');
  assert.equal(widen('number', 'integer'), 'number');
  assert.equal(widen('integer', 'date'), 'text');
  assert.equal(widen('boolean', 'integer'), 'text');
  assert.equal(widen('date', 'date'), 'date');
});

test('XLSX values convert by type', () => {
  assert.equal(convertCell(3, 'integer'), 3);
  assert.equal(convertCell(3.5, 'integer'), NOT_A);
  assert.equal(convertCell(true, 'boolean'), 1);
  assert.equal(convertCell(new Date(Date.UTC(2024, 0, 31)), 'date'), '2024-01-31');
  assert.equal(dateToIso(new Date(Date.UTC(2024, 0, 31, 10, 20, 30))), '2024-01-31T10:20:30');
  assert.equal(dateToIso(new Date(Date.UTC(2024, 0, 31, 23, 59, 59, 700))), '2024-02-01');
  assert.equal(convertCell(12, 'text'), '12');
});

test('numbers parse to exactly what Number() gives', () => {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 20_000; i++) {
    const digits = 1 + Math.floor(rnd() * 17);
    const s =
      (rnd() < 0.3 ? '-' : '') + (rnd() * 10 ** Math.floor(rnd() * 8)).toFixed(Math.floor(rnd() * digits));
    if (/^-?0\d/.test(s)) continue;
    assert.equal(parseNumberText(s), Number(s) || 0, s); // -0 is stored as 0
  }
  assert.equal(parseNumberText('0.1'), 0.1);
  assert.equal(parseNumberText('123456789012.345'), 123456789012.345);
  assert.equal(parseNumberText('-0.0'), 0);
});
