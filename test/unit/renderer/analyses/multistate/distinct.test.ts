// Distinct values read from the rows page by page, stopping once every column has shown as many
// values as its summary counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctValues, type Cell } from '../../../../../renderer/analyses/multistate/distinct.ts';

const rows: Cell[][] = Array.from({ length: 25 }, (_, i) => [
  i,
  i % 3 === 0 ? 'Yes' : 'No',
  i < 24 ? 2015 : 2020,
  null,
]);

test('stops at the page where every column is complete', async () => {
  const asked: [number, number][] = [];
  const fetch = async (offset: number, limit: number) => {
    asked.push([offset, limit]);
    return rows.slice(offset, offset + limit);
  };
  const found = await distinctValues(fetch, { discount: { index: 1, expected: 2 } }, rows.length, 10);
  assert.deepEqual(found, { discount: ['Yes', 'No'] });
  assert.deepEqual(asked, [[0, 10]], 'one page was enough');
  asked.length = 0;
  const late = await distinctValues(
    fetch,
    {
      discount: { index: 1, expected: 2 },
      joined: { index: 2, expected: 2 },
      empty: { index: 3, expected: 0 },
    },
    rows.length,
    10,
  );
  assert.deepEqual(late, { discount: ['Yes', 'No'], joined: ['2015', '2020'], empty: [] });
  assert.deepEqual(asked, [
    [0, 10],
    [10, 10],
    [20, 5],
  ]);
});
