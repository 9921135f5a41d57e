import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../shared/errors.ts';
import { assertText, detectDelimiter, detectEncoding, detectLineBreak } from '../../../main/ingest/sniff.ts';

test('delimiter: the consistent one wins, quotes respected', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n', true, ','), ',');
  assert.equal(detectDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n', true, ','), ';');
  assert.equal(detectDelimiter('a\tb\n1\t2\n', true, ','), '\t');
  assert.equal(detectDelimiter('a|b|c\n1|x, y|2\n', true, ','), '|');
  assert.equal(detectDelimiter('name,note\n"a;b;c",1\n"d;e;f",2\n', true, ','), ',');
  // quoted field spanning lines does not break the count
  assert.equal(detectDelimiter('a,b\n"x\ny",1\n2,3\n', true, ','), ',');
  // one column: the extension's delimiter
  assert.equal(detectDelimiter('value\n1\n2\n', true, '\t'), '\t');
  // a cut last line does not count
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n4,5', false, ','), ',');
});

test('encoding: BOM, valid UTF-8, else Latin-1', () => {
  assert.deepEqual(detectEncoding(Buffer.from('\ufeffa,b\n')), { encoding: 'utf-8', bom: true });
  assert.deepEqual(detectEncoding(Buffer.from('café,b\n')), { encoding: 'utf-8', bom: false });
  assert.deepEqual(detectEncoding(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])), {
    encoding: 'latin1',
    bom: false,
  });
  // a UTF-8 character cut at the end of the sample is still UTF-8
  assert.equal(detectEncoding(Buffer.from('abc é').subarray(0, 5)).encoding, 'utf-8');
});

test('binary junk and UTF-16 are refused', () => {
  assert.throws(
    () => assertText(Buffer.from([0x61, 0, 0x62]), 'x.csv', 'CSV'),
    (e: unknown) => e instanceof InputError && e.message === 'x.csv: not a text (CSV) file',
  );
  assert.throws(() => assertText(Buffer.from([0xff, 0xfe, 0x61, 0]), 'x.csv', 'CSV'), /UTF-16/);
  assert.throws(() => assertText(Buffer.from('PK\u0003\u0004abc'), 'x.csv', 'CSV'), /XLSX or ZIP/);
  assertText(Buffer.from('a,b\r\n1,\t2\n'), 'x.csv', 'CSV');
});

test('line breaks', () => {
  assert.equal(detectLineBreak('a\nb\n'), '\n');
  assert.equal(detectLineBreak('a\r\nb\r\n'), '\n');
  assert.equal(detectLineBreak('a\rb\r'), '\r');
});
