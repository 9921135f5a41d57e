// Time and status columns suggested from column names: the three reference fixtures' layouts
// (St2 / St2.s, ebmt4's rec / rec.s, ebmt3's prtime / prstat), name_time / name_status, and the
// analyst's own choices kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  columnPairs,
  nameKey,
  suggestStateColumns,
  suggestStates,
} from '../../../../../renderer/analyses/multistate/columns.ts';
import type { ColumnInfo } from '../../../../../renderer/lib/wizard.ts';

const numeric = (...names: string[]): ColumnInfo[] => names.map((name) => ({ name, type: 'integer' }));
const text = (...names: string[]): ColumnInfo[] => names.map((name) => ({ name, type: 'text' }));

const subscription = [
  ...numeric('id', 'St2', 'St2.s', 'St3', 'St3.s', 'St4', 'St4.s', 'St5', 'St5.s'),
  ...text('discount', 'gender', 'joined', 'age'),
];
const ebmt3 = [...numeric('id', 'prtime', 'prstat', 'rfstime', 'rfsstat'), ...text('dissub', 'age')];
const ebmt4 = [
  ...numeric('id', 'rec', 'rec.s', 'ae', 'ae.s', 'recae', 'recae.s', 'rel', 'rel.s', 'srv', 'srv.s'),
  ...text('year', 'agecl', 'proph', 'match'),
];
const none = { time: {}, status: {} };

test('pairs: a status column by its suffix, its time column by the stem', () => {
  assert.deepEqual(
    columnPairs(subscription).map((p) => [p.stem, p.time, p.status]),
    [
      ['St2', 'St2', 'St2.s'],
      ['St3', 'St3', 'St3.s'],
      ['St4', 'St4', 'St4.s'],
      ['St5', 'St5', 'St5.s'],
    ],
  );
  assert.deepEqual(
    columnPairs(ebmt3).map((p) => [p.stem, p.time, p.status]),
    [
      ['pr', 'prtime', 'prstat'],
      ['rfs', 'rfstime', 'rfsstat'],
    ],
  );
  assert.deepEqual(
    columnPairs(numeric('Paused_time', 'Paused_status', 'Gone.time', 'Gone.status', 'x.T', 'x.D')).map(
      (p) => p.stem,
    ),
    ['Paused', 'Gone', 'x'],
  );
  assert.deepEqual(columnPairs(text('a', 'a.s')), [], 'only numeric columns pair up');
  assert.deepEqual(columnPairs(numeric('status', 'days')), [], 'a status column needs a stem and a time');
});

test('subscription: states named by the analyst take St<k> by their number', () => {
  const states = ['Subscribed', 'EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled'];
  assert.deepEqual(suggestStateColumns(states, subscription, none, new Set()), {
    time: { EmailUnsub: 'St2', Paused: 'St3', UnsubPaused: 'St4', Cancelled: 'St5' },
    status: { EmailUnsub: 'St2.s', Paused: 'St3.s', UnsubPaused: 'St4.s', Cancelled: 'St5.s' },
  });
  // While only two states are named, the second takes St2 and nothing else is guessed.
  assert.deepEqual(suggestStateColumns(['Subscribed', 'EmailUnsub'], subscription, none, new Set()), {
    time: { EmailUnsub: 'St2' },
    status: { EmailUnsub: 'St2.s' },
  });
});

test('ebmt3 and ebmt4: by name (ignoring case and punctuation), then the pairs left over', () => {
  assert.deepEqual(suggestStateColumns(['Tx', 'PR', 'RelDeath'], ebmt3, none, new Set()), {
    time: { PR: 'prtime', RelDeath: 'rfstime' },
    status: { PR: 'prstat', RelDeath: 'rfsstat' },
  });
  assert.deepEqual(
    suggestStateColumns(['Tx', 'Rec', 'AE', 'Rec+AE', 'Rel', 'Death'], ebmt4, none, new Set()),
    {
      time: { Rec: 'rec', AE: 'ae', 'Rec+AE': 'recae', Rel: 'rel', Death: 'srv' },
      status: { Rec: 'rec.s', AE: 'ae.s', 'Rec+AE': 'recae.s', Rel: 'rel.s', Death: 'srv.s' },
    },
  );
  assert.equal(nameKey('Rec+AE'), 'recae');
});

test("the analyst's choices stay, and their columns are not suggested again", () => {
  const states = ['Subscribed', 'EmailUnsub', 'Paused'];
  const current = { time: { EmailUnsub: 'St3' }, status: { EmailUnsub: 'St3.s', Paused: '' } };
  const suggested = suggestStateColumns(
    states,
    subscription,
    current,
    new Set(['time:EmailUnsub', 'status:EmailUnsub']),
  );
  assert.deepEqual(suggested.time, { EmailUnsub: 'St3' });
  assert.deepEqual(
    suggested.status,
    { EmailUnsub: 'St3.s' },
    'St3 is taken, so Paused gets nothing by number',
  );
  // A column the analyst removed on purpose is not put back.
  const removed = suggestStateColumns(
    ['S', 'Paused'],
    numeric('Paused_time', 'Paused_status'),
    none,
    new Set(['time:Paused']),
  );
  assert.deepEqual(removed, { time: {}, status: { Paused: 'Paused_status' } });
});

test('states suggested from the pairs, after a start state', () => {
  assert.deepEqual(suggestStates(subscription), ['Start', 'St2', 'St3', 'St4', 'St5']);
  assert.deepEqual(suggestStates(ebmt4), ['Start', 'rec', 'ae', 'recae', 'rel', 'srv']);
  assert.deepEqual(suggestStates(numeric('Start', 'Start.s')), ['Start 2', 'Start']);
  assert.deepEqual(suggestStates(text('a', 'b')), []);
});

test("a state's own column does not keep its partner from it", () => {
  const states = ['Subscribed', 'EmailUnsub', 'Paused'];
  // The analyst emptied Paused's time, then chose St3 again: St3.s still goes with it.
  const suggested = suggestStateColumns(
    states,
    subscription,
    { time: { EmailUnsub: 'St2', Paused: 'St3' }, status: { EmailUnsub: 'St2.s' } },
    new Set(['time:Paused']),
  );
  assert.deepEqual(suggested, {
    time: { EmailUnsub: 'St2', Paused: 'St3' },
    status: { EmailUnsub: 'St2.s', Paused: 'St3.s' },
  });
});
