// segmentProfiles + segmentProfilesTable: with the planted archetypes of journeys_small as the
// segments, the table reproduces the fixture README's archetype table to its printed precision;
// then noise first, empty segments, churn rate over labelled customers only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prepareSequences } from '../../../../main/engines/rnn/sequences.ts';
import { segmentProfiles } from '../../../../main/engines/rnn/profiles.ts';
import { segmentProfilesTable } from '../../../../main/engines/rnn/tables.ts';
import { rnnOptions } from '../../../../shared/analyses/rnn.ts';
import { readCsvFrame, readCsvRecords } from '../../helpers/csv-frame.ts';

const small = 'test/fixtures/rnn/journeys_small';

/** The README's archetype table: header and rows of cells. */
function readmeTable(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| '));
  const start = lines.findIndex((line) => line.startsWith('| archetype |'));
  const cells = (line: string): string[] =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const header = cells(lines[start]!);
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length && cells(lines[i]!).length === header.length; i++) {
    rows.push(cells(lines[i]!));
  }
  return { header, rows };
}

test('journeys_small: the planted archetypes reproduce the README archetype table', () => {
  const options = rnnOptions.parse(JSON.parse(readFileSync(`${small}/options.json`, 'utf8')));
  const events = readCsvFrame(`${small}/events.csv`, 'events');
  const labels = readCsvFrame(`${small}/labels.csv`, 'labels');
  const p = prepareSequences(events, labels, options);
  const { header, rows } = readmeTable(`${small}/README.md`);
  assert.equal(rows.length, 5);
  // Segment s = the archetype on README row s.
  const segmentOf = new Map(rows.map((row, i) => [row[0]!, i + 1]));
  const archetype = new Map(readCsvRecords(`${small}/truth.csv`).map((r) => [r.user_id!, r.archetype!]));
  const segments = Int32Array.from(p.ids, (id) => segmentOf.get(archetype.get(id)!)!);
  const table = segmentProfilesTable(
    segmentProfiles({
      segments,
      clusterCount: 5,
      labels: p.labels,
      tenureDays: p.tenureDays,
      rowCounts: p.rowCounts,
      totals: p.totals,
      featureCount: p.features.length,
    }),
    p.features,
  );
  assert.deepEqual(
    table.columns.map((c) => c.name),
    [
      'segment',
      'customers',
      'share',
      'churn_rate',
      'tenure_days',
      'events',
      'cancel',
      'sent_email',
      'open_email',
      'click_email',
      'app_used',
      'site_visited',
      'days_since_last',
    ],
  );
  // Every README column after `archetype` is a column of the table, printed to 3 decimals.
  assert.deepEqual(
    header.slice(1),
    table.columns.slice(1, 12).map((c) => c.name),
  );
  rows.forEach((row, s) => {
    const mine = table.rows[s]!;
    assert.equal(mine[0], s + 1);
    header.slice(1).forEach((name, j) => {
      const value = mine[j + 1] as number;
      const printed = Number(row[j + 1]);
      if (name === 'customers') assert.equal(value, printed);
      else assert.ok(Math.abs(value - printed) <= 0.0005 + 1e-9, `${row[0]} ${name}: ${value} vs ${printed}`);
    });
    // The gaps add up to the tenure (every first row has days_since_last 0).
    assert.ok(Math.abs((mine[12] as number) - (mine[4] as number)) < 1e-9);
  });
});

test('noise (segment 0) first when present, empty segments as null, churn rate over labelled customers', () => {
  const base = {
    clusterCount: 3,
    labels: Float64Array.from([1, 0, NaN, 1, NaN, 0]),
    tenureDays: Float64Array.from([10, 20, 30, NaN, 50, 60]),
    rowCounts: Int32Array.from([1, 2, 3, 4, 5, 6]),
    totals: Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]),
    featureCount: 2,
  };
  const withNoise = segmentProfiles({ ...base, segments: Int32Array.from([1, 1, 0, 2, 2, 0]) });
  assert.deepEqual(
    withNoise.map((p) => [p.segment, p.customers, p.share, p.churnRate, p.tenureDays, p.events]),
    [
      [0, 2, 2 / 6, 0, 45, 4.5],
      [1, 2, 2 / 6, 0.5, 15, 1.5],
      [2, 2, 2 / 6, 1, 50, 4.5],
      [3, 0, 0, NaN, NaN, NaN],
    ],
  );
  assert.deepEqual(Array.from(withNoise[0]!.totals), [4.5, 45]);
  const table = segmentProfilesTable(withNoise, ['a', 'events']);
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['segment', 'customers', 'share', 'churn_rate', 'tenure_days', 'events', 'a', 'events_total'],
  );
  assert.deepEqual(table.rows[3], [3, 0, 0, null, null, null, null, null]);
  const noNoise = segmentProfiles({ ...base, segments: Int32Array.from([1, 1, 2, 2, 3, 3]) });
  assert.deepEqual(
    noNoise.map((p) => p.segment),
    [1, 2, 3],
  );
  assert.equal(noNoise[2]!.churnRate, 0);
  assert.throws(
    () => segmentProfiles({ ...base, segments: Int32Array.from([1, 1, 2, 2, 3, 4]) }),
    /customer 5 has segment 4/,
  );
});
