// The demo datasets: deterministic, shaped as docs/demo-data.md says, internally consistent
// (msprep wide times, Churned absorbing, events ordered, the new customers to score apart from
// the training ones), the Census copies identical to ../shared/data/migration, and the demo
// analyses' options valid where a schema exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { demoAnalyses, demoDatasets } from '../../../main/demo/datasets.ts';
import type { DemoDataset } from '../../../main/demo/datasets.ts';
import { demoDataPath } from '../../../main/demo/census.ts';
import { clusterOptions } from '../../../shared/analyses/cluster.ts';
import { rnnOptions } from '../../../shared/analyses/rnn.ts';
import { rnnScoreOptions } from '../../../shared/analyses/rnn-score.ts';

const datasets = demoDatasets();

function dataset(name: string): DemoDataset {
  const found = datasets.find((d) => d.name === name);
  assert.ok(found, `no demo dataset "${name}"`);
  return found;
}

/** The generated files quote nothing, so a plain split reads them. */
function parse(name: string): { header: string[]; rows: string[][] } {
  const text = dataset(name).csv();
  assert.ok(text.endsWith('\n'));
  const [header, ...rows] = text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  return { header: header!, rows };
}

function column(table: { header: string[]; rows: string[][] }, name: string): string[] {
  const index = table.header.indexOf(name);
  assert.ok(index >= 0, `no column ${name}`);
  return table.rows.map((row) => row[index]!);
}

const generatedNames = [
  'customers',
  'subscriptions',
  'journeys',
  'events',
  'labels',
  'events_new',
  'labels_new',
  'appointments',
  'transactions',
  'products',
];
const censusNames = [
  'state_to_state_2019',
  'georgia_county_to_county_2016_2020',
  'county_centers',
  'cbsa2fipsxw',
];

test('every dataset is listed once, with a kind, a file name and a source', () => {
  assert.deepEqual(
    datasets.map((d) => d.name),
    [...generatedNames, ...censusNames],
  );
  for (const d of datasets) {
    assert.equal(d.fileName, `${d.name}.csv`);
    assert.ok(d.description.length > 20 && d.source.length > 20);
  }
  assert.deepEqual(
    [...new Set(datasets.map((d) => d.kind))],
    ['cluster', 'multistate', 'sequence', 'rnn', 'rnn_score', 'boruta', 'nmf', 'flows'],
  );
});

test('generated datasets are deterministic: two calls give identical CSV and bytes', () => {
  const again = demoDatasets();
  for (const name of generatedNames) {
    const first = dataset(name);
    const second = again.find((d) => d.name === name)!;
    assert.equal(first.csv(), second.csv(), name);
    assert.deepEqual(first.bytes(), new TextEncoder().encode(first.csv()));
  }
});

test('customers: 3,000 rows, the documented columns, a few missing values, consistent spend', () => {
  const table = parse('customers');
  assert.deepEqual(table.header, [
    'id',
    'orders_12m',
    'spend_12m',
    'avg_basket',
    'days_since_last_order',
    'tenure_months',
    'email_open_rate',
    'returns_share',
    'app_sessions_30d',
  ]);
  assert.equal(table.rows.length, 3000);
  assert.equal(new Set(column(table, 'id')).size, 3000);
  const missing = table.rows.flat().filter((cell) => cell === '').length;
  assert.ok(missing > 10 && missing < 100, `missing cells: ${missing}`);
  const orders = column(table, 'orders_12m').map(Number);
  const spend = column(table, 'spend_12m').map(Number);
  const basket = column(table, 'avg_basket').map(Number);
  orders.forEach((n, i) => {
    assert.ok(Number.isInteger(n) && n >= 1);
    assert.ok(Math.abs(basket[i]! * n - spend[i]!) <= 0.005 * n + 1e-9);
  });
});

test('subscriptions: msprep wide format, times consistent along every path', () => {
  const table = parse('subscriptions');
  assert.deepEqual(table.header, [
    'id',
    'St2',
    'St2.s',
    'St3',
    'St3.s',
    'St4',
    'St4.s',
    'St5',
    'St5.s',
    'discount',
    'gender',
    'joined',
    'age',
  ]);
  assert.equal(table.rows.length, 1500);
  const at = (row: string[], name: string) => Number(row[table.header.indexOf(name)]);
  let reachedUnsubPaused = 0;
  for (const row of table.rows) {
    const time = [2, 3, 4, 5].map((s) => at(row, `St${s}`));
    const status = [2, 3, 4, 5].map((s) => at(row, `St${s}.s`));
    status.forEach((s) => assert.ok(s === 0 || s === 1));
    time.forEach((t) => assert.ok(Number.isInteger(t) && t >= 1 && t <= 4800));
    const [s2, s3, s4, s5] = status;
    const [t2, t3, t4, t5] = time as [number, number, number, number];
    const final = Math.max(...time);
    // Never both EmailUnsub and Paused; UnsubPaused only after one of them, strictly later.
    assert.ok(!(s2 && s3), `id ${row[0]}: both EmailUnsub and Paused`);
    if (s4) {
      reachedUnsubPaused++;
      assert.ok(s2 || s3, `id ${row[0]}: UnsubPaused without EmailUnsub or Paused`);
      assert.ok(t4 > (s2 ? t2 : t3));
    }
    // Along the path, entry times increase; Cancelled, when reached, is the last event.
    const path = [s2 ? t2 : null, s3 ? t3 : null, s4 ? t4 : null, s5 ? t5 : null].filter((t) => t !== null);
    if (s2 && s3 === 0 && s4) assert.ok(t2 < t4);
    for (let i = 1; i < path.length; i++) assert.ok(path[i]! >= path[i - 1]!, `id ${row[0]}: times decrease`);
    if (s5) assert.equal(t5, final);
    // States never reached carry the final follow-up time (msprep's censoring convention).
    time.forEach((t, i) => {
      if (status[i] === 0) assert.equal(t, final, `id ${row[0]}: unreached St${i + 2} is not the final time`);
    });
  }
  assert.ok(reachedUnsubPaused > 50);
  assert.deepEqual(new Set(column(table, 'discount')), new Set(['Yes', 'No']));
  assert.deepEqual(new Set(column(table, 'gender')), new Set(['Female', 'Male']));
  assert.deepEqual(new Set(column(table, 'age')), new Set(['<=20', '20-40', '>40']));
  const joined = column(table, 'joined').map(Number);
  assert.equal(Math.min(...joined), 2015);
  assert.equal(Math.max(...joined), 2020);
  assert.ok(Math.max(...column(table, 'St5').map(Number)) > 4000);
});

test('journeys: 2,000 x 24 months of the six states, Churned absorbing', () => {
  const table = parse('journeys');
  const months = Array.from({ length: 24 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
  assert.deepEqual(table.header, ['id', ...months]);
  assert.equal(table.rows.length, 2000);
  const states = new Set(['Store', 'Online', 'Mobile', 'Omni', 'Lapsed', 'Churned']);
  let churned = 0;
  for (const row of table.rows) {
    const path = row.slice(1);
    path.forEach((s) => assert.ok(states.has(s), s));
    const first = path.indexOf('Churned');
    if (first >= 0) {
      churned++;
      assert.ok(
        path.slice(first).every((s) => s === 'Churned'),
        `id ${row[0]} leaves Churned`,
      );
    }
  }
  assert.ok(churned > 100 && churned < 1000, String(churned));
  assert.deepEqual(new Set(table.rows.flatMap((r) => r.slice(1))), states);
});

test('events and labels: 5 to 120 ordered rows per customer, 0/1 flags, one label each', () => {
  const events = parse('events');
  assert.deepEqual(events.header, [
    'user_id',
    'day',
    'cancel',
    'sent_email',
    'open_email',
    'click_email',
    'app_used',
    'site_visited',
    'days_since_last',
  ]);
  const rowsByUser = new Map<string, string[][]>();
  for (const row of events.rows) rowsByUser.set(row[0]!, [...(rowsByUser.get(row[0]!) ?? []), row]);
  assert.equal(rowsByUser.size, 1000);
  for (const [user, rows] of rowsByUser) {
    assert.ok(rows.length >= 5 && rows.length <= 120, `user ${user}: ${rows.length} rows`);
    rows.forEach((row, i) => {
      const [, day, cancel, sent, open, click, app, site, gap] = row.map(Number);
      for (const flag of [cancel, sent, open, click, app, site]) assert.ok(flag === 0 || flag === 1);
      assert.ok(open! <= sent! && click! <= open!);
      assert.equal(gap, i === 0 ? 0 : day! - Number(rows[i - 1]![1]));
      if (i > 0) assert.ok(gap! >= 1);
    });
  }
  const lengths = [...rowsByUser.values()].map((r) => r.length);
  assert.equal(Math.min(...lengths), 5);
  const labels = parse('labels');
  assert.deepEqual(labels.header, ['user_id', 'churned']);
  assert.deepEqual(
    labels.rows.map((r) => r[0]),
    [...rowsByUser.keys()],
  );
  const rate = labels.rows.filter((r) => r[1] === '1').length / labels.rows.length;
  assert.ok(rate > 0.2 && rate < 0.6, String(rate));
});

test('events_new and labels_new: 500 new customers in the columns of events, ids apart from theirs', () => {
  const events = parse('events');
  const fresh = parse('events_new');
  assert.deepEqual(fresh.header, events.header);
  const ids = new Set(column(fresh, 'user_id'));
  assert.equal(ids.size, 500);
  assert.deepEqual(
    [...ids].map(Number),
    Array.from({ length: 500 }, (_, i) => 1001 + i),
  );
  const trained = new Set(column(events, 'user_id'));
  assert.ok(
    [...ids].every((id) => !trained.has(id)),
    'no new customer is a training customer',
  );
  let previous = '';
  let rows = 0;
  for (const row of fresh.rows) {
    if (row[0] !== previous) {
      if (previous) assert.ok(rows >= 5 && rows <= 120, `user ${previous}: ${rows} rows`);
      assert.equal(row[8], '0', `user ${row[0]}: days_since_last is 0 on the first row`);
      previous = row[0]!;
      rows = 0;
    }
    rows++;
  }
  const labels = parse('labels_new');
  assert.deepEqual(labels.header, ['user_id', 'churned']);
  assert.deepEqual(
    labels.rows.map((r) => r[0]),
    [...ids],
  );
  const rate = labels.rows.filter((r) => r[1] === '1').length / labels.rows.length;
  assert.ok(rate > 0.2 && rate < 0.6, String(rate));
  // Another seed: not the first 500 training histories again.
  assert.notDeepEqual(
    fresh.rows.slice(0, 50).map((r) => r.slice(1)),
    events.rows.slice(0, 50).map((r) => r.slice(1)),
  );
});

test('appointments: 1,000 rows, yes/no target, the documented features', () => {
  const table = parse('appointments');
  assert.deepEqual(table.header, [
    'show',
    'specialty',
    'jurisdiction',
    'business_line',
    'age',
    'lead_time_days',
    'reminder_sent',
    'prior_no_shows',
    'noise_normal',
    'noise_uniform',
    'noise_category',
  ]);
  assert.equal(table.rows.length, 1000);
  assert.deepEqual(new Set(column(table, 'show')), new Set(['yes', 'no']));
});

test('transactions and products: 600 customers, 80 SKUs, five styles, every SKU described', () => {
  const transactions = parse('transactions');
  assert.deepEqual(transactions.header, ['customer_id', 'sku', 'qty']);
  assert.equal(new Set(column(transactions, 'customer_id')).size, 600);
  const pairs = transactions.rows.map((r) => `${r[0]}/${r[1]}`);
  assert.equal(new Set(pairs).size, pairs.length, 'one row per customer and SKU');
  column(transactions, 'qty').forEach((q) => assert.ok(Number.isInteger(Number(q)) && Number(q) >= 1));
  const products = parse('products');
  assert.deepEqual(products.header, ['sku', 'brand', 'style', 'category']);
  assert.equal(products.rows.length, 80);
  assert.equal(new Set(column(products, 'style')).size, 5);
  const skus = new Set(column(products, 'sku'));
  column(transactions, 'sku').forEach((sku) => assert.ok(skus.has(sku), sku));
});

test('Census copies are byte for byte the files in ../shared/data/migration', (t) => {
  const original = new URL('../../../../shared/data/migration/', import.meta.url);
  if (!existsSync(original)) {
    t.skip('../shared/data/migration is absent');
    return;
  }
  for (const name of [...censusNames.map((n) => `${n}.csv`), 'SOURCE.md']) {
    const copy = readFileSync(demoDataPath(name));
    assert.ok(copy.equals(readFileSync(new URL(name, original))), `${name} differs from the original`);
  }
  for (const name of censusNames) {
    const d = dataset(name);
    assert.ok(Buffer.from(d.bytes()).equals(readFileSync(new URL(d.fileName, original))));
  }
});

test('Census text: Latin-1 decoded, BOM dropped', () => {
  const georgia = dataset('georgia_county_to_county_2016_2020');
  assert.equal(georgia.encoding, 'latin1');
  assert.ok(georgia.csv().includes('Bayamón Municipio'));
  const states = dataset('state_to_state_2019');
  assert.deepEqual([...states.bytes().slice(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(states.csv().startsWith('name,'));
});

test('demo analyses: one per kind, inputs name demo datasets, columns exist', () => {
  const analyses = demoAnalyses();
  assert.deepEqual(
    analyses.map((a) => a.kind),
    ['cluster', 'multistate', 'sequence', 'rnn', 'rnn_score', 'boruta', 'nmf', 'flows'],
  );
  const names = new Set(datasets.map((d) => d.name));
  for (const analysis of analyses) {
    for (const datasetName of Object.values(analysis.inputs)) assert.ok(names.has(datasetName), datasetName);
  }
  const cluster = analyses.find((a) => a.kind === 'cluster')!;
  const options = clusterOptions.parse(cluster.options);
  assert.deepEqual(options.columns, parse('customers').header.slice(1));
  assert.equal(options.k, 5);
  assert.equal(options.standardize, true);
  const multistate = analyses.find((a) => a.kind === 'multistate')!.options as {
    time: Record<string, string>;
    status: Record<string, string>;
    transitions: string[][];
  };
  const subscriptionHeader = parse('subscriptions').header;
  for (const c of [...Object.values(multistate.time), ...Object.values(multistate.status)]) {
    assert.ok(subscriptionHeader.includes(c), c);
  }
  assert.equal(multistate.transitions.length, 8);
  const sequence = analyses.find((a) => a.kind === 'sequence')!.options as { columns: string[] };
  assert.deepEqual(sequence.columns, parse('journeys').header.slice(1));
  // The score analysis applies the rnn analysis's model (it runs after it) to the new customers.
  const rnn = analyses.find((a) => a.kind === 'rnn')!;
  const score = analyses.find((a) => a.kind === 'rnn_score')!;
  assert.ok(analyses.indexOf(score) > analyses.indexOf(rnn), 'scored after the model is trained');
  const trainedWith = rnnOptions.parse(rnn.options);
  const scoredWith = rnnScoreOptions.parse(score.options);
  assert.equal(scoredWith.model, rnn.name);
  assert.deepEqual(score.inputs, { events: 'events_new', labels: 'labels_new' });
  assert.deepEqual(
    [scoredWith.id, scoredWith.order, scoredWith.features, scoredWith.target],
    [trainedWith.id, trainedWith.order, trainedWith.features, trainedWith.target],
  );
  const boruta = analyses.find((a) => a.kind === 'boruta')!.options as { features: string[] };
  assert.deepEqual(boruta.features, parse('appointments').header.slice(1));
});
