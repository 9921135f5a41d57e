// One ready-to-run analysis per kind over the demo datasets, with options in exactly the
// shape DESIGN.md section 4 shows for that kind, pointed at the demo columns. The demo
// command runs those whose kind has an engine, in this order (so "Score new customers" runs
// after the rnn analysis whose model it applies), and keeps the rest for when their engines land.
import { customerColumns } from './customers.ts';
import { ageLevels, subscriptionStates, subscriptionTransitions } from './subscriptions.ts';
import { journeyColumns } from './journeys.ts';
import { eventColumns } from './events.ts';
import { appointmentColumns } from './appointments.ts';

export interface DemoAnalysis {
  /** The analysis's name in the demo project. */
  name: string;
  kind: string;
  /** Input name (as the analysis definition calls it) -> demo dataset name. */
  inputs: Record<string, string>;
  options: unknown;
}

/** The demo rnn analysis, whose model "Score new customers" applies (by name). */
export const demoRnnAnalysisName = 'Behavioural churn segments';

export function demoAnalyses(): DemoAnalysis[] {
  const features = eventColumns.filter((c) => c !== 'user_id' && c !== 'day');
  const stateName = (n: number) => subscriptionStates[n - 1]!;
  const laterStates = subscriptionStates.slice(1);
  return [
    {
      name: 'Customer segments',
      kind: 'cluster',
      inputs: { data: 'customers' },
      options: {
        id: 'id',
        columns: customerColumns.filter((c) => c !== 'id'),
        standardize: true,
        method: 'kmeans',
        k: 5,
        restarts: 10,
        seed: 1,
      },
    },
    {
      name: 'Subscription churn paths',
      kind: 'multistate',
      inputs: { data: 'subscriptions' },
      options: {
        id: 'id',
        states: [...subscriptionStates],
        transitions: subscriptionTransitions.map(([from, to]) => [stateName(from), stateName(to)]),
        time: Object.fromEntries(laterStates.map((s, i) => [s, `St${i + 2}`])),
        status: Object.fromEntries(laterStates.map((s, i) => [s, `St${i + 2}.s`])),
        covariates: ['discount', 'gender', 'joined', 'age'],
        levels: { age: [...ageLevels] },
        ties: 'breslow',
        predict: { from: 'Subscribed', start: 0, times: [100, 365, 1000, 3000] },
        profiles: [
          { name: 'A', values: { discount: 'Yes', gender: 'Female', joined: 2018, age: '20-40' } },
          { name: 'B', values: { discount: 'No', gender: 'Male', joined: 2018, age: '<=20' } },
        ],
      },
    },
    {
      name: 'Channel journeys',
      kind: 'sequence',
      inputs: { data: 'journeys' },
      options: {
        id: 'id',
        columns: journeyColumns.filter((c) => c !== 'id'),
        distance: { method: 'OM', sm: 'TRATE', indel: 1 },
        cluster: { method: 'ward', k: 4 },
      },
    },
    {
      name: demoRnnAnalysisName,
      kind: 'rnn',
      inputs: { events: 'events', labels: 'labels' },
      options: {
        id: 'user_id',
        order: 'day',
        features,
        target: 'churned',
        model: {
          cell: 'gru',
          units: 10,
          dense_units: 10,
          epochs: 30,
          batch_size: 128,
          learning_rate: 0.001,
          validation_split: 0.2,
          patience: 5,
          max_length: 200,
          seed: 42,
        },
        // k-means: on these 1,000 customers DBSCAN's knee rule finds one dense segment and
        // noise; four segments separate churn rates from 7% to 74% (silhouette 0.44).
        cluster: { method: 'kmeans', k: 4 },
      },
    },
    {
      name: 'Score new customers',
      kind: 'rnn_score',
      inputs: { events: 'events_new', labels: 'labels_new' },
      options: { model: demoRnnAnalysisName, id: 'user_id', order: 'day', features, target: 'churned' },
    },
    {
      name: 'What drives no-shows',
      kind: 'boruta',
      inputs: { data: 'appointments' },
      options: {
        target: 'show',
        features: appointmentColumns.filter((c) => c !== 'show'),
        interactions: [['specialty', 'jurisdiction']],
        max_runs: 100,
        p_value: 0.01,
        mc_adj: true,
        trees: 500,
        seed: 1,
      },
    },
    {
      name: 'Taste groups',
      kind: 'nmf',
      inputs: { transactions: 'transactions', products: 'products' },
      options: {
        customer: 'customer_id',
        product: 'sku',
        quantity: 'qty',
        level: 'sku',
        binarize: true,
        rank: 5,
        survey: [2, 3, 4, 5, 6, 7, 8],
        runs: 10,
        method: 'brunet',
        init: 'nndsvd',
        seed: 123,
        max_iter: 2000,
        tol: 1e-4,
        top_n: 10,
      },
    },
    {
      name: 'State-to-state migration 2019',
      kind: 'flows',
      inputs: { flows: 'state_to_state_2019' },
      options: { layout: 'matrix', row: 'name', rows_are: 'destination', top_n: 20 },
    },
  ];
}
