// importFile end to end on small files: storage contract, types, widening, overrides, errors,
// atomicity (failure and cancel leave the project exactly as it was), progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError } from '../../../shared/errors.ts';
import { dropStaleImports, importFile } from '../../../main/ingest/index.ts';
import { fixture, newProject, rejectsInput, rowsOf, snapshot, tmpDir } from './helpers.ts';

const tmp = tmpDir('import');

test('types, storage contract, datasets and history rows', async () => {
  const db = newProject();
  const info = await importFile(db, fixture('types.csv'), { name: 'types' });
  assert.equal(info.tableName, 'ds_1');
  assert.equal(info.rowCount, 2);
  assert.equal(info.source, 'types.csv');
  assert.deepEqual(
    info.columns.map((c) => [c.name, c.type, c.sqlName]),
    [
      ['i', 'integer', 'c0'],
      ['n', 'number', 'c1'],
      ['d', 'date', 'c2'],
      ['dt', 'date', 'c3'],
      ['b', 'boolean', 'c4'],
      ['yn', 'text', 'c5'],
      ['t', 'text', 'c6'],
      ['z', 'integer', 'c7'],
      ['big', 'text', 'c8'],
      ['zip', 'text', 'c9'],
      ['exp', 'number', 'c10'],
    ],
  );
  assert.deepEqual(rowsOf(db, 'ds_1'), [
    [1, 1.5, '2024-01-31', '2024-01-31T10:20:30', 1, 'yes', 'abc', 0, '12345678901234567890', '01234', 1000],
    [-2, 3, '2024-02-29', '2024-02-29T08:00:00', 0, 'no', 'def', 0, '98765432109876543210', '02134', -0.025],
  ]);
  const ds = db.prepare('SELECT * FROM datasets').get() as Record<string, unknown>;
  assert.equal(ds.name, 'types');
  assert.equal(ds.table_name, 'ds_1');
  assert.equal(ds.source, 'types.csv');
  assert.equal(ds.row_count, 2);
  assert.deepEqual(JSON.parse(ds.columns as string), info.columns);
  assert.match(ds.created_at as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  const h = db.prepare('SELECT action, detail FROM history').all() as { action: string; detail: string }[];
  assert.deepEqual(
    h.map((r) => [r.action, JSON.parse(r.detail)]),
    [['import', { dataset: 'types', file: 'types.csv', rows: 2 }]],
  );
  // no staging table is left behind; values keep their storage class (no affinity)
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'import%'").all(), []);
  assert.deepEqual(db.prepare('SELECT typeof(c0), typeof(c1), typeof(c9) FROM ds_1').raw().get(), [
    'integer',
    'real',
    'text',
  ]);
});

test('quoted fields, thousands separators, missing tokens, BOM, delimiters', async () => {
  const db = newProject();
  const q = await importFile(db, fixture('quoted.csv'), { name: 'q' });
  assert.deepEqual(
    rowsOf(db, q.tableName).map((r) => r[1]),
    ['plain', 'has, comma', 'has "quotes"', 'two\nlines', 'three\nphysical\nlines', '5\'10" tall', null],
  );
  const t = await importFile(db, fixture('thousands.csv'), { name: 't' });
  assert.equal(t.columns[1]!.type, 'number');
  assert.deepEqual(
    rowsOf(db, t.tableName).map((r) => r[1]),
    [1043, 12345.6, 7, -2000],
  );
  const m = await importFile(db, fixture('missing.csv'), { name: 'm' });
  assert.deepEqual(
    m.columns.map((c) => c.type),
    ['integer', 'integer', 'text', 'boolean'],
  );
  assert.deepEqual(rowsOf(db, m.tableName), [
    [1, null, 'x', 1],
    [2, null, 'y', 0],
    [3, null, null, null],
    [null, null, 'z', 1],
    [5, 7, null, 0],
  ]);
  const b = await importFile(db, fixture('bom.csv'), { name: 'b' });
  assert.equal(b.columns[0]!.name, 'name');
  assert.deepEqual(rowsOf(db, b.tableName), [
    ['x', 1],
    ['y', null],
  ]);
  const s = await importFile(db, fixture('semicolon.csv'), { name: 's' });
  assert.deepEqual(rowsOf(db, s.tableName)[2], ['Cid; Jr', 3, '2024-03-04']);
  const p = await importFile(db, fixture('pipe.txt'), { name: 'p' });
  assert.deepEqual(rowsOf(db, p.tableName), [
    [1, 'x, y', '2020-01-05'],
    [2, 'z', '2020-12-31'],
  ]);
  const tsv = await importFile(db, fixture('tabs.tsv'), { name: 'tsv' });
  assert.deepEqual(
    tsv.columns.map((c) => c.name),
    ['a', 'b', 'c,d'],
  );
  const cr = await importFile(db, fixture('cr-only.csv'), { name: 'cr' });
  assert.deepEqual(rowsOf(db, cr.tableName), [
    [1, 'x'],
    [2, 'y'],
  ]);
  const crlf = await importFile(db, fixture('crlf.csv'), { name: 'crlf' });
  assert.deepEqual(rowsOf(db, crlf.tableName), [
    [1, 'x\ny'],
    [2, 'z'],
  ]);
  const forced = await importFile(db, fixture('semicolon.csv'), { name: 'forced', delimiter: ',' });
  assert.equal(forced.columns.length, 1);
});

test('repeated and empty header names are made unique', async () => {
  const db = newProject();
  const info = await importFile(db, fixture('dupes.csv'), { name: 'd' });
  assert.deepEqual(
    info.columns.map((c) => c.name),
    ['MOE', 'MOE_3', 'column_3', 'MOE_4', 'x', 'MOE_2'],
  );
  assert.ok(info.warnings.some((w) => w.includes('repeats the name MOE')));
});

test('Latin-1 bytes are read as Windows-1252 with a warning', async () => {
  const db = newProject();
  const info = await importFile(db, fixture('latin1.csv'), { name: 'l' });
  assert.deepEqual(rowsOf(db, info.tableName), [
    ['Bayamón', 1043],
    ['Peñuelas', 7],
    ['Price €', 8],
  ]);
  assert.ok(info.warnings.some((w) => w.includes('Latin-1')));
});

test('a header-only file gives a dataset with no rows', async () => {
  const db = newProject();
  const info = await importFile(db, fixture('header-only.csv'), { name: 'h' });
  assert.equal(info.rowCount, 0);
  assert.deepEqual(
    info.columns.map((c) => c.type),
    ['text', 'text', 'text'],
  );
  assert.ok(info.warnings.some((w) => w.includes('no data rows')));
});

test('widening after the sample: integer -> number -> text, original text restored', async () => {
  const path = join(tmp, 'widen.csv');
  const lines = ['id,v,flag,when'];
  for (let i = 1; i <= 12_000; i++) lines.push(`${i},"${i === 1 ? '1,043' : String(i)}",true,2024-01-01`);
  lines.push('12001,2.5,true,2024-01-02');
  lines.push('12002,n/a,maybe,soon');
  lines.push('12003,77,false,2024-01-03');
  writeFileSync(path, lines.join('\n') + '\n');
  const db = newProject();
  const info = await importFile(db, path, { name: 'w' });
  assert.deepEqual(
    info.columns.map((c) => c.type),
    ['integer', 'text', 'text', 'text'],
  );
  const rows = rowsOf(db, info.tableName);
  assert.equal(rows.length, 12_003);
  assert.deepEqual(rows[12_002], [12003, '77', 'false', '2024-01-03']);
  assert.deepEqual(rows[0], [1, '1,043', 'true', '2024-01-01']);
  assert.deepEqual(rows[1], [2, '2', 'true', '2024-01-01']);
  assert.deepEqual(rows[12_000], [12001, '2.5', 'true', '2024-01-02']);
  assert.deepEqual(rows[12_001], [12002, 'n/a', 'maybe', 'soon']);
  assert.ok(
    info.warnings.some((w) => /column v: .* row 12002 has '2\.5'; imported as number/.test(w)),
    info.warnings.join('\n'),
  );
  assert.ok(info.warnings.some((w) => /column v: .* row 12003 has 'n\/a'; imported as text/.test(w)));
  assert.deepEqual(
    db.prepare(`SELECT count(*) FROM ${info.tableName} WHERE typeof(c1) <> 'text'`).pluck().get(),
    0,
  );
});

test('overrides are respected; a value that does not fit one is an error naming row and column', async () => {
  const db = newProject();
  const info = await importFile(db, fixture('types.csv'), {
    name: 'o',
    overrides: { i: 'number', zip: 'integer', yn: 'boolean', d: 'text', t: 'text' },
  });
  assert.deepEqual(info.columns.map((c) => c.type).slice(0, 10), [
    'number',
    'number',
    'text',
    'date',
    'boolean',
    'boolean',
    'text',
    'integer',
    'text',
    'integer',
  ]);
  assert.deepEqual(
    rowsOf(db, info.tableName).map((r) => r[9]),
    [1234, 2134],
  );
  const rows = rowsOf(db, info.tableName);
  assert.deepEqual(
    rows.map((r) => r[5]),
    [1, 0],
  );
  assert.deepEqual(
    rows.map((r) => r[2]),
    ['2024-01-31', '2024/02/29'],
  );
  const before = snapshot(db);
  await rejectsInput(
    importFile(db, fixture('types.csv'), { name: 'bad', overrides: { t: 'integer' } }),
    "types.csv, row 2, column t: expected an integer, got 'abc'",
  );
  await rejectsInput(
    importFile(db, fixture('types.csv'), { name: 'bad', overrides: { nope: 'integer' } }),
    /option overrides: no column named 'nope'/,
  );
  assert.deepEqual(snapshot(db), before);
});

test('errors name the file, the line and what was expected; nothing is left behind', async () => {
  const db = newProject();
  await importFile(db, fixture('quoted.csv'), { name: 'existing' });
  const before = snapshot(db);
  const cases: [string, string | RegExp][] = [
    ['ragged.csv', 'ragged.csv, row 4: expected 3 fields, got 2'],
    ['binary.csv', 'binary.csv: not a text (CSV) file'],
    ['control.csv', 'control.csv: not a text (CSV) file'],
    ['empty.csv', 'empty.csv: the file is empty'],
    ['blank.csv', 'blank.csv: the file is empty'],
    ['unclosed.csv', 'unclosed.csv, row 3: a quoted field that starts here is never closed'],
    ['data.json', /^data\.json: unsupported file type '\.json'/],
    ['does-not-exist.csv', /^does-not-exist\.csv: cannot open the file \(ENOENT\)/],
    ['old.xls', 'old.xls: an old Excel .xls file; save it as .xlsx (or CSV) and import that'],
  ];
  for (const [file, message] of cases)
    await rejectsInput(importFile(db, fixture(file), { name: file }), message);
  const dir = join(tmp, 'folder.csv');
  mkdirSync(dir, { recursive: true });
  await rejectsInput(importFile(db, dir, { name: 'folder' }), 'folder.csv: not a regular file');
  await rejectsInput(
    importFile(db, fixture('quoted.csv'), { name: ' ' }),
    'option name: a dataset needs a name',
  );
  await rejectsInput(importFile(db, fixture('quoted.csv'), { name: 'existing' }), /already exists/);
  assert.deepEqual(snapshot(db), before);
});

test('a failure late in a big file drops the staging table', async () => {
  const path = join(tmp, 'late-ragged.csv');
  const lines = ['a,b,c'];
  for (let i = 0; i < 50_000; i++) lines.push(`${i},x${i},${i * 0.5}`);
  lines.push('1,2');
  writeFileSync(path, lines.join('\n') + '\n');
  const db = newProject();
  const before = snapshot(db);
  await rejectsInput(
    importFile(db, path, { name: 'late' }),
    'late-ragged.csv, row 50002: expected 3 fields, got 2',
  );
  assert.deepEqual(snapshot(db), before);
});

test('cancel mid-import leaves the project exactly as before; progress arrives', async () => {
  const path = join(tmp, 'cancel.csv');
  const lines = ['a,b,c,d'];
  for (let i = 0; i < 300_000; i++) lines.push(`${i},name ${i},${i / 7},2024-01-01`);
  writeFileSync(path, lines.join('\n') + '\n');
  const db = newProject();
  await importFile(db, fixture('quoted.csv'), { name: 'existing' });
  const before = snapshot(db);
  const controller = new AbortController();
  const progress: number[] = [];
  let cancelledAt = 0;
  const started = performance.now();
  let caught: unknown = null;
  try {
    await importFile(
      db,
      path,
      { name: 'big' },
      {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.fraction);
          if (p.rows > 50_000 && !controller.signal.aborted) {
            controller.abort();
            cancelledAt = performance.now();
          }
        },
      },
    );
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof CancelledError, String(caught));
  assert.ok(performance.now() - cancelledAt < 1000);
  assert.ok(
    progress.length >= 2 && progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]!)),
  );
  assert.deepEqual(snapshot(db), before);
  assert.ok(performance.now() - started > 0);
  // the same file imports when not cancelled, with progress ending at 1
  const fractions: number[] = [];
  const info = await importFile(db, path, { name: 'big' }, { onProgress: (p) => fractions.push(p.fraction) });
  assert.equal(info.rowCount, 300_000);
  assert.equal(fractions.at(-1), 1);
  // already aborted: nothing happens at all
  await assert.rejects(importFile(db, path, { name: 'x' }, { signal: AbortSignal.abort() }), CancelledError);
});

test('the event loop keeps running during an import', async () => {
  const path = join(tmp, 'loop.csv');
  const lines = ['a,b'];
  for (let i = 0; i < 200_000; i++) lines.push(`${i},v${i}`);
  writeFileSync(path, lines.join('\n') + '\n');
  const db = newProject();
  let ticks = 0;
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    ticks++;
  }, 5);
  await importFile(db, path, { name: 'loop' });
  clearInterval(timer);
  assert.ok(ticks > 3, `only ${ticks} timer ticks`);
  assert.ok(worst < 500, `the event loop was blocked for ${worst} ms`);
});

test('dropStaleImports removes leftover staging tables only', () => {
  const db = newProject();
  db.exec('CREATE TABLE import_deadbeef (c0); CREATE TABLE importer (x); CREATE TABLE ds_9 (c0)');
  assert.deepEqual(dropStaleImports(db), ['import_deadbeef']);
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  assert.ok(names.includes('importer') && names.includes('ds_9') && !names.includes('import_deadbeef'));
});

test('a 200-column file', async () => {
  const path = join(tmp, 'wide.csv');
  const header = Array.from({ length: 200 }, (_, i) => `col${i}`).join(',');
  const rows = Array.from({ length: 500 }, (_, r) =>
    Array.from({ length: 200 }, (_, c) => (c % 2 ? `t${r}` : String(r * c))).join(','),
  );
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  const db = newProject();
  const info = await importFile(db, path, { name: 'wide' });
  assert.equal(info.columns.length, 200);
  assert.equal(info.columns[199]!.sqlName, 'c199');
  assert.equal(info.rowCount, 500);
  assert.deepEqual(db.prepare(`SELECT c198, c199 FROM ${info.tableName} WHERE rowid = 500`).raw().get(), [
    499 * 198,
    't499',
  ]);
});
