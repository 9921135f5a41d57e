// The CSV record reader: quoting, line numbers, line endings, limits; the fast path (lines
// without quotes split directly) must give exactly what csv-parse gives for every fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../shared/errors.ts';
import { RecordSplitter, readCsvRecords } from '../../../main/ingest/csvRecords.ts';
import { sniffText } from '../../../main/ingest/sniff.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'ingest');

async function readAll(file: string, fastPath: boolean): Promise<{ records: string[][]; lines: number[] }> {
  const path = join(fixtures, file);
  const sniffed = await sniffText(path, file, file.endsWith('.tsv') ? '\t' : ',', {});
  const out = { records: [] as string[][], lines: [] as number[] };
  const state = { encoding: sniffed.encoding, warnings: [] };
  for await (const b of readCsvRecords(path, file, sniffed, state, { fastPath })) {
    out.records.push(...b.records);
    out.lines.push(...b.lines);
  }
  return out;
}

function split(
  text: string,
  fastPath = true,
  lineBreak: '\n' | '\r' = '\n',
): { records: string[][]; lines: number[] } {
  const s = new RecordSplitter(',', lineBreak, 't.csv', fastPath);
  // feed in small pieces so that records cross chunk boundaries
  for (let i = 0; i < text.length; i += 3) s.push(text.slice(i, i + 3));
  s.finish();
  return s.take();
}

test('quoted fields: delimiters, doubled quotes, newlines; start lines', async () => {
  const { records, lines } = await readAll('quoted.csv', true);
  assert.deepEqual(records, [
    ['id', 'comment', 'amount'],
    ['1', 'plain', '10'],
    ['2', 'has, comma', '20'],
    ['3', 'has "quotes"', '30'],
    ['4', 'two\nlines', '40'],
    ['5', 'three\nphysical\nlines', '50'],
    ['6', '5\'10" tall', '60'],
    ['7', '', '70'],
  ]);
  assert.deepEqual(lines, [1, 2, 3, 4, 5, 7, 10, 11]);
});

test('fast path and csv-parse agree on every fixture', async () => {
  for (const file of readdirSync(fixtures).filter((f) => /\.(csv|tsv|txt)$/.test(f))) {
    let fast: unknown;
    let slow: unknown;
    try {
      fast = await readAll(file, true);
    } catch (e) {
      fast = e instanceof Error ? e.message : e;
    }
    try {
      slow = await readAll(file, false);
    } catch (e) {
      slow = e instanceof Error ? e.message : e;
    }
    assert.deepEqual(fast, slow, file);
  }
});

test('empty lines are skipped but counted; a last line without a line break is read', () => {
  assert.deepEqual(split('a,b\n\n1,2\n\n\n3,4'), {
    records: [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ],
    lines: [1, 3, 6],
  });
});

test('CRLF and CR line endings', () => {
  assert.deepEqual(split('a,b\r\n1,"x\r\ny"\r\n2,z\r\n').records, [
    ['a', 'b'],
    ['1', 'x\ny'],
    ['2', 'z'],
  ]);
  assert.deepEqual(split('a,b\r1,x\r2,y\r', true, '\r').records, [
    ['a', 'b'],
    ['1', 'x'],
    ['2', 'y'],
  ]);
});

test('same records whichever way the text is cut', () => {
  const text = 'h1,h2\n"a\n""b""",c\nd,"e,f"\n';
  const whole = new RecordSplitter(',', '\n', 't.csv', true);
  whole.push(text);
  whole.finish();
  assert.deepEqual(whole.take(), split(text));
  assert.deepEqual(split(text, false), split(text));
});

test('a quote never closed names the line it opens on', () => {
  assert.throws(
    () => split('a,b\n1,x\n2,"never closed\n3,y\n'),
    (e: unknown) =>
      e instanceof InputError &&
      e.message === 't.csv, row 3: a quoted field that starts here is never closed',
  );
});

test('text after a closing quote is kept (relax_quotes), as csv-parse does', () => {
  assert.deepEqual(split('a,b\n2,"closed"junk\n').records[1], ['2', '"closed"junk']);
});

test('csv-parse errors never leak raw', async () => {
  for (const fastPath of [true, false]) {
    await assert.rejects(readAll('unclosed.csv', fastPath), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.message, 'unclosed.csv, row 3: a quoted field that starts here is never closed');
      return true;
    });
  }
  // a quoted record longer than the limit is refused in the same words, whoever notices first
  const s = new RecordSplitter(',', '\n', 't.csv', false);
  const big = 'x'.repeat(9 * 1024 * 1024);
  assert.throws(
    () => {
      s.push(`a,b\n1,"${big}\n${big}"\n`);
      s.finish();
      s.take();
    },
    (e: unknown) => e instanceof InputError && /^t\.csv, row 2: a field longer than 16 MB/.test(e.message),
  );
});
