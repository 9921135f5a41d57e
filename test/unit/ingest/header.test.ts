import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueNames } from '../../../main/ingest/header.ts';

test('repeated names are numbered, empty ones named by position', () => {
  const { names, renamed } = uniqueNames(['MOE', 'MOE', '', 'MOE', ' x ', 'MOE_2', null]);
  assert.deepEqual(names, ['MOE', 'MOE_3', 'column_3', 'MOE_4', 'x', 'MOE_2', 'column_7']);
  assert.equal(renamed.length, 4);
});

test('the census layout: four MOE columns', () => {
  const { names } = uniqueNames([
    'B-A_Estimate',
    'MOE',
    'A-B_Estimate',
    'MOE',
    'Net_Estimate',
    'MOE',
    'Gross',
    'MOE',
  ]);
  assert.deepEqual(
    names.filter((n) => n.startsWith('MOE')),
    ['MOE', 'MOE_2', 'MOE_3', 'MOE_4'],
  );
});

test('generated names never collide with real ones', () => {
  const { names } = uniqueNames(['column_2', '', 'a', 'a', 'a_2']);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names, ['column_2', 'column_2_2', 'a', 'a_3', 'a_2']);
});
