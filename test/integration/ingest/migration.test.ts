// The real Census files in ../shared/data/migration (see its SOURCE.md): a BOM and N/A cells,
// Latin-1 after the first 64 KB with "1,043"-style quoted numbers and four MOE columns, FIPS
// codes with leading zeros. Skipped with a message when the folder is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importFile, previewFile } from '../../../main/ingest/index.ts';
import { newProject, root } from './helpers.ts';

const dir = join(root, '..', 'shared', 'data', 'migration');
const skip = existsSync(dir) ? false : `no migration data at ${dir}`;

test('state_to_state_2019.csv: BOM stripped, N/A diagonal missing, 51 x 51 integers', { skip }, async () => {
  const db = newProject();
  const info = await importFile(db, join(dir, 'state_to_state_2019.csv'), { name: 'states' });
  assert.equal(info.rowCount, 51);
  assert.equal(info.columns.length, 52);
  assert.equal(info.columns[0]!.name, 'name');
  assert.ok(info.columns.slice(1).every((c) => c.type === 'integer'));
  const az = db.prepare(`SELECT * FROM ${info.tableName} WHERE c0 = 'Arizona'`).raw().get() as unknown[];
  const ca = info.columns.findIndex((c) => c.name === 'California');
  assert.equal(az[ca], 59713);
  const diagonal = info.columns.slice(1).map((c, i) =>
    db
      .prepare(`SELECT ${c.sqlName} FROM ${info.tableName} WHERE rowid = ?`)
      .pluck()
      .get(i + 1),
  );
  assert.ok(diagonal.every((v) => v === null));
  const total = info.columns
    .slice(1)
    .map((c) => db.prepare(`SELECT total(${c.sqlName}) FROM ${info.tableName}`).pluck().get() as number)
    .reduce((a, b) => a + b, 0);
  assert.equal(total, 7_398_337);
});

test('georgia_county_to_county_2016_2020.csv: Latin-1, quoted thousands, MOE columns', { skip }, async () => {
  const path = join(dir, 'georgia_county_to_county_2016_2020.csv');
  const db = newProject();
  const info = await importFile(db, path, { name: 'georgia' });
  assert.equal(info.rowCount, 18_818);
  assert.deepEqual(
    info.columns.map((c) => [c.name, c.type]),
    [
      ['State of Geography A', 'text'],
      ['County Name of Geography A', 'text'],
      ['State of Geography B', 'text'],
      ['County Name of Geography B', 'text'],
      ['B-A_Estimate', 'integer'],
      ['MOE', 'integer'],
      ['A-B_Estimate', 'integer'],
      ['MOE_2', 'integer'],
      ['Net_Estimate', 'integer'],
      ['MOE_3', 'integer'],
      ['Gross_Estimate', 'integer'],
      ['MOE_4', 'integer'],
    ],
  );
  assert.ok(info.warnings.some((w) => w.includes('Latin-1')));
  const t = info.tableName;
  // row 394 of the file: Barrow -> Clarke, Gross "1,043"
  const barrow = db
    .prepare(`SELECT c4, c10 FROM ${t} WHERE c1 = 'Barrow County' AND c3 = 'Clarke County'`)
    .raw()
    .get();
  assert.deepEqual(barrow, [286, 1043]);
  assert.equal(db.prepare(`SELECT count(*) FROM ${t} WHERE c3 = 'Bayamón Municipio'`).pluck().get(), 7);
  assert.equal(db.prepare(`SELECT count(*) FROM ${t} WHERE c3 LIKE '%\uFFFD%'`).pluck().get(), 0);
  // Net = B-A minus A-B wherever both are given
  assert.equal(
    db.prepare(`SELECT count(*) FROM ${t} WHERE c6 IS NOT NULL AND c8 <> c4 - c6`).pluck().get(),
    0,
  );
  const p = await previewFile(path);
  assert.equal(p.columns[5]!.name, 'MOE');
  assert.ok(p.columns[5]!.missing > 0);
});

test('county_centers.csv: FIPS codes keep their leading zeros, NA cells missing', { skip }, async () => {
  const db = newProject();
  const info = await importFile(db, join(dir, 'county_centers.csv'), { name: 'centers' });
  assert.equal(info.rowCount, 3147);
  assert.equal(info.columns[0]!.type, 'text');
  assert.ok(info.columns.slice(1).every((c) => c.type === 'number'));
  assert.equal(db.prepare(`SELECT c0 FROM ${info.tableName} WHERE rowid = 1`).pluck().get(), '01001');
  const missing = info.columns
    .slice(1)
    .map(
      (c) =>
        db
          .prepare(`SELECT count(*) FROM ${info.tableName} WHERE ${c.sqlName} IS NULL`)
          .pluck()
          .get() as number,
    )
    .reduce((a, b) => a + b, 0);
  assert.equal(missing, 40);
});

test('cbsa2fipsxw.csv: quoted titles with commas, zero-padded helper columns', { skip }, async () => {
  const db = newProject();
  const info = await importFile(db, join(dir, 'cbsa2fipsxw.csv'), { name: 'cbsa' });
  assert.equal(info.rowCount, 1882);
  const byName = new Map(info.columns.map((c) => [c.name, c]));
  assert.equal(byName.get('fipsstatecode')!.type, 'integer');
  assert.equal(byName.get('fipsstatecode_2')!.type, 'text');
  assert.equal(byName.get('fipscountycode_3')!.type, 'text');
  const first = db.prepare(`SELECT c3, c13, c16 FROM ${info.tableName} WHERE rowid = 1`).raw().get();
  assert.deepEqual(first, ['Montgomery, AL', '01', '001']);
});
