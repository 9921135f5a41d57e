// The rnn Result tables (DESIGN.md section 4 rnn; shared/analyses/rnn.ts): training,
// encodings, segments, segment_profiles, metrics, roc and scaling. Pure formatting of numbers
// computed elsewhere; NaN and infinities become null (a missing cell). Ids go out as numbers
// when the events id column is numeric (idType), else as text. O(n D) cells for encodings,
// O(n) for segments.

import type { Cell, Table, TableColumnType } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import type { RocCurve } from './auc.ts';
import { segmentProfiles, type SegmentProfile } from './profiles.ts';
import type { FeatureScaling, PreparedSequences } from './sequences.ts';

function cell(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function idCell(id: string, type: TableColumnType): Cell {
  return type === 'string' ? id : Number(id);
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  auc: number;
  valAuc: number;
  /** Share of customers on the right side of probability 0.5 (Keras binary accuracy). */
  accuracy: number;
  valAccuracy: number;
}

export function trainingTable(history: readonly EpochRecord[]): Table {
  return makeTable(
    'Training',
    [
      { name: 'epoch', type: 'integer' },
      { name: 'loss', type: 'number' },
      { name: 'val_loss', type: 'number' },
      { name: 'auc', type: 'number' },
      { name: 'val_auc', type: 'number' },
      { name: 'accuracy', type: 'number' },
      { name: 'val_accuracy', type: 'number' },
    ],
    history.map((e) => [
      e.epoch,
      cell(e.loss),
      cell(e.valLoss),
      cell(e.auc),
      cell(e.valAuc),
      cell(e.accuracy),
      cell(e.valAccuracy),
    ]),
  );
}

/** One row per customer: id, e1..eD (encodings row-major n x D, customers in `ids` order). */
export function encodingsTable(
  ids: readonly string[],
  idType: TableColumnType,
  encodings: ArrayLike<number>,
  dimension: number,
): Table {
  if (encodings.length !== ids.length * dimension) {
    throw new Error(`encodings table: ${encodings.length} values for ${ids.length} x ${dimension}`);
  }
  const rows: Cell[][] = ids.map((id, i) => {
    const row: Cell[] = [idCell(id, idType)];
    for (let j = 0; j < dimension; j++) row.push(cell(encodings[i * dimension + j]));
    return row;
  });
  return makeTable(
    'Encodings',
    [
      { name: 'id', type: idType },
      ...Array.from({ length: dimension }, (_, j) => ({ name: `e${j + 1}`, type: 'number' as const })),
    ],
    rows,
  );
}

export function segmentsTable(ids: readonly string[], idType: TableColumnType, segments: Int32Array): Table {
  return makeTable(
    'Segments',
    [
      { name: 'id', type: idType },
      { name: 'segment', type: 'integer' },
    ],
    ids.map((id, i) => [idCell(id, idType), segments[i]]),
  );
}

const profileColumns = ['segment', 'customers', 'share', 'churn_rate', 'tenure_days', 'events'];

/**
 * Column names of the feature totals: the feature's name, or `<name>_total` when it would
 * repeat a fixed column name (a feature called "events", say).
 */
export function profileFeatureColumns(features: readonly string[]): string[] {
  const taken = new Set([...profileColumns, ...features]);
  return features.map((name) => {
    if (!profileColumns.includes(name)) return name;
    let renamed = `${name}_total`;
    while (taken.has(renamed)) renamed += '_total';
    taken.add(renamed);
    return renamed;
  });
}

/** segment_profiles of the prepared customers in `segments` (0 noise, 1..clusterCount). */
export function preparedProfilesTable(
  prepared: PreparedSequences,
  segments: Int32Array,
  clusterCount: number,
): Table {
  const profiles = segmentProfiles({
    segments,
    clusterCount,
    labels: prepared.labels,
    tenureDays: prepared.tenureDays,
    rowCounts: prepared.rowCounts,
    totals: prepared.totals,
    featureCount: prepared.features.length,
  });
  return segmentProfilesTable(profiles, prepared.features);
}

export function segmentProfilesTable(
  profiles: readonly SegmentProfile[],
  features: readonly string[],
): Table {
  const rows: Cell[][] = profiles.map((p) => [
    p.segment,
    p.customers,
    cell(p.share),
    cell(p.churnRate),
    cell(p.tenureDays),
    cell(p.events),
    ...Array.from(p.totals, cell),
  ]);
  return makeTable(
    'Segment profiles',
    [
      { name: 'segment', type: 'integer' },
      { name: 'customers', type: 'integer' },
      { name: 'share', type: 'number' },
      { name: 'churn_rate', type: 'number' },
      { name: 'tenure_days', type: 'number' },
      { name: 'events', type: 'number' },
      ...profileFeatureColumns(features).map((name) => ({ name, type: 'number' as const })),
    ],
    rows,
  );
}

/** The metrics DESIGN.md names, in its order; NaN where one does not apply (eps for k-means). */
export interface RnnMetrics {
  auc: number;
  val_auc: number;
  best_epoch: number;
  eps: number;
  silhouette: number;
  clusters: number;
  noise_share: number;
}

const metricOrder: (keyof RnnMetrics)[] = [
  'auc',
  'val_auc',
  'best_epoch',
  'eps',
  'silhouette',
  'clusters',
  'noise_share',
];

/** name, value: the DESIGN.md metrics first, then `extra` in the order given. */
export function metricsTable(metrics: RnnMetrics, extra: readonly (readonly [string, number])[] = []): Table {
  const names = new Set<string>(metricOrder);
  for (const [name] of extra) {
    if (names.has(name)) throw new Error(`metrics table: "${name}" given twice`);
    names.add(name);
  }
  return makeTable(
    'Fit',
    [
      { name: 'name', type: 'string' },
      { name: 'value', type: 'number' },
    ],
    [
      ...metricOrder.map((name): Cell[] => [name, cell(metrics[name])]),
      ...extra.map(([name, value]): Cell[] => [name, cell(value)]),
    ],
  );
}

/** set ('training' | 'validation'), fpr, tpr: the training curve's points, then the validation curve's. */
export function rocTable(training: RocCurve, validation: RocCurve): Table {
  const rows: Cell[][] = [];
  const add = (set: string, curve: RocCurve): void => {
    for (let i = 0; i < curve.fpr.length; i++) rows.push([set, cell(curve.fpr[i]), cell(curve.tpr[i])]);
  };
  add('training', training);
  add('validation', validation);
  return makeTable(
    'ROC curve',
    [
      { name: 'set', type: 'string' },
      { name: 'fpr', type: 'number' },
      { name: 'tpr', type: 'number' },
    ],
    rows,
  );
}

/** feature, kind ('flag' | 'standardised'), mean, sd (null for flags). */
export function scalingTable(scaling: readonly FeatureScaling[]): Table {
  return makeTable(
    'Feature scaling',
    [
      { name: 'feature', type: 'string' },
      { name: 'kind', type: 'string' },
      { name: 'mean', type: 'number' },
      { name: 'sd', type: 'number' },
    ],
    scaling.map((s) => [s.feature, s.kind, cell(s.mean), cell(s.sd)]),
  );
}
