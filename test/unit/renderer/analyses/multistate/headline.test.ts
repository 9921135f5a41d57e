// The multistate headline from the frequencies table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multistateHeadline } from '../../../../../renderer/analyses/multistate/headline.ts';
import type { Result } from '../../../../../shared/result.ts';

test('customers entering the start state, transitions and their events', () => {
  const result: Result = {
    kind: 'multistate',
    version: 1,
    options: { states: ['Tx', 'PR', 'RelDeath'] },
    warnings: [],
    timings: {},
    tables: {
      frequencies: {
        title: 'Transition frequencies',
        columns: [
          { name: 'from', type: 'string' },
          { name: 'to', type: 'string' },
          { name: 'count', type: 'integer' },
        ],
        rows: [
          ['Tx', 'PR', 785],
          ['Tx', 'RelDeath', 907],
          ['Tx', 'no event', 585],
          ['Tx', 'total entering', 2279],
          ['PR', 'RelDeath', 463],
          ['PR', 'no event', 322],
          ['PR', 'total entering', 785],
          ['RelDeath', 'no event', 1370],
          ['RelDeath', 'total entering', 1370],
        ],
      },
    },
  };
  assert.equal(multistateHeadline(result), '2,279 customers · 3 transitions · 2,155 events');
  assert.equal(multistateHeadline({ ...result, tables: {} }), undefined);
});
