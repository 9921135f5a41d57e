// Data for the rnn benchmark (test/bench/rnn.bench.ts).
//   generateJourneysFrame(n, seed)  journeys-like events and labels of n customers, straight into
//                                   Frames (Float64Array columns), modelled on the reference
//                                   generator ../shared/anchors/rnn/journeys.py (mix "a", the
//                                   `journeys` fixture's): the same columns, five archetypes,
//                                   ~28 rows per customer (3..300), churn share ~0.67
//   readNumericCsv(path, name)       a CSV of plain numbers (the fixture's events.csv, labels.csv)
//                                   as a Frame of integer/number columns
// The generator follows journeys.py step by step (tenure, geometric gaps at a personal pace,
// latent engagement, the churners' run-up, cancel-page visits, 2% label noise) with this
// project's seeded Rng instead of numpy's, so the numbers are alike in distribution, not equal.
// Memory: it runs twice over the customers' day sequences (each customer has its own seeded
// Rng): the first pass only counts the rows, so every column is allocated at its final size, in
// the narrowest array as loadFrame stores it (18 bytes per row; a column widens once or twice),
// plus O(n) per-customer parameters.
import { readFileSync } from 'node:fs';
import { Rng } from '../../main/engines/common/rng.ts';
import type { Frame, NumericColumn } from '../../shared/frame.ts';
import { NumericColumnBuilder } from '../../shared/numeric-column-builder.ts';

const snapshotDay = 540;
const maxEvents = 300;
const minEvents = 3;

interface Archetype {
  name: string;
  share: number;
  churn: number;
  age: [number, number];
  gap: number;
  pSent: number;
  pOpen: number;
  pClick: number;
  pApp: number;
  pSite: number;
}

/** ARCHETYPES_A of journeys.py, in its order. */
const archetypes: Archetype[] = [
  { name: 'app_loyalists', share: 0.02, churn: 0.08, age: [180, 540], gap: 2.0, pSent: 0.3, pOpen: 0.35, pClick: 0.25, pApp: 0.9, pSite: 0.1 },
  { name: 'email_readers', share: 0.25, churn: 0.4, age: [120, 540], gap: 7.5, pSent: 0.95, pOpen: 0.65, pClick: 0.4, pApp: 0.04, pSite: 0.15 },
  { name: 'short_lived', share: 0.55, churn: 0.93, age: [10, 90], gap: 8.0, pSent: 0.9, pOpen: 0.12, pClick: 0.15, pApp: 0.03, pSite: 0.1 },
  { name: 'power_users', share: 0.1, churn: 0.02, age: [180, 540], gap: 4.5, pSent: 0.55, pOpen: 0.55, pClick: 0.45, pApp: 0.6, pSite: 0.55 },
  { name: 'newcomers', share: 0.08, churn: 0.7, age: [5, 45], gap: 2.0, pSent: 0.25, pOpen: 0.4, pClick: 0.5, pApp: 0.3, pSite: 0.85 },
]; // prettier-ignore

/** COMMON and LABEL_FLIP of journeys.py. */
const common = {
  activitySd: 0.25,
  betaZ: 0.2,
  gapZ: 0.1,
  engZ: 0.2,
  decayMax: 45,
  decayGap: 1.6,
  decayEng: 0.6,
  pCancelChurner: 0.25,
  pCancelRow: 0.002,
  labelFlip: 0.02,
};

export const journeysEventColumns = [
  'user_id',
  'day',
  'cancel',
  'sent_email',
  'open_email',
  'click_email',
  'app_used',
  'site_visited',
  'days_since_last',
] as const;

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** numpy's Generator.geometric(p): trials up to the first success, >= 1. */
function geometric(rng: Rng, p: number): number {
  return Math.floor(Math.log(1 - rng.nextFloat()) / Math.log(1 - p)) + 1;
}

export interface GeneratedJourneys {
  events: Frame;
  labels: Frame;
  /** Planted archetype of every customer (index into archetypeNames). */
  archetype: Uint8Array;
  archetypeNames: string[];
}

/** What one customer's day sequence depends on (drawn from the shared stream, kept for pass 2). */
interface CustomerPlan {
  archetype: Uint8Array;
  z: Float64Array;
  churns: Uint8Array;
  start: Int32Array;
  decayFrom: Float64Array;
  gapMean: Float64Array;
}

/** The customer's own stream: the same draws in both passes. */
function customerRng(seed: number, customer: number): Rng {
  return new Rng(seed * 2654435761 + customer + 1);
}

/**
 * The customer's interaction days into `out` (ascending, at most maxEvents, the last ones kept);
 * returns their count and where they start in `out`. `out` needs room for the whole tenure.
 */
function drawDays(rng: Rng, plan: CustomerPlan, c: number, out: Int32Array): { from: number; count: number } {
  // Room before the start for the days prepended when the tenure is too short.
  let count = minEvents;
  let t = plan.start[c];
  out[count++] = t;
  const decayFrom = plan.decayFrom[c];
  const gapMean = plan.gapMean[c];
  for (;;) {
    const g = gapMean * (t >= decayFrom ? common.decayGap : 1);
    t += g > 1 ? geometric(rng, 1 / g) : 1;
    if (t > snapshotDay) break;
    out[count++] = t;
  }
  let from = minEvents;
  while (count - from < minEvents) {
    out[from - 1] = out[from] - 1;
    from--;
  }
  if (count - from > maxEvents) from = count - maxEvents;
  return { from, count: count - from };
}

/** Customer c's rows from `row` on (pass 2: its days again, then its flags); returns their count. */
function writeCustomer(
  own: Rng,
  plan: CustomerPlan,
  c: number,
  days: Int32Array,
  rates: Float64Array,
  target: NumericColumnBuilder[],
  row: number,
): number {
  const [userId, day, cancel, sent, open, click, app, site, gapColumn] = target;
  const { from, count } = drawDays(own, plan, c, days);
  const p = archetypes[plan.archetype[c]];
  const decayFrom = plan.decayFrom[c];
  const z = plan.z[c];
  // The engagement-shifted rates [open, click, app], before and within the run-up.
  for (let k = 0; k < 2; k++) {
    const shift = common.engZ * z - (k === 1 ? common.decayEng : 0);
    rates[3 * k] = sigmoid(logit(p.pOpen) + shift);
    rates[3 * k + 1] = sigmoid(logit(p.pClick) + shift);
    rates[3 * k + 2] = sigmoid(logit(p.pApp) + shift);
  }
  let decayRows = 0;
  for (let i = 0; i < count; i++) {
    const at = row + i;
    const d = days[from + i];
    const inDecay = d >= decayFrom;
    if (inDecay) decayRows++;
    const r = inDecay ? 3 : 0;
    const isSent = own.nextFloat() < p.pSent;
    const isOpened = isSent && own.nextFloat() < rates[r];
    const isClicked = isOpened && own.nextFloat() < rates[r + 1];
    const isApp = own.nextFloat() < rates[r + 2];
    const isSite = own.nextFloat() < p.pSite;
    userId.set(at, 10001 + c);
    day.set(at, d);
    cancel.set(at, own.nextFloat() < common.pCancelRow ? 1 : 0);
    sent.set(at, isSent || !(isApp || isSite) ? 1 : 0); // every row is some interaction
    open.set(at, isOpened ? 1 : 0);
    click.set(at, isClicked ? 1 : 0);
    app.set(at, isApp ? 1 : 0);
    site.set(at, isSite ? 1 : 0);
    gapColumn.set(at, i === 0 ? 0 : d - days[from + i - 1]);
  }
  if (plan.churns[c] === 1 && decayRows > 0 && own.nextFloat() < common.pCancelChurner) {
    // One cancel-page visit on a random day of the run-up (its rows are the last decayRows).
    cancel.set(row + count - decayRows + own.nextInt(decayRows), 1);
  }
  return count;
}

/**
 * Events (user_id, day, cancel, sent_email, open_email, click_email, app_used, site_visited,
 * days_since_last; rows by customer, then day) and labels (user_id, churned) of `customers`
 * customers with ids 10001.., deterministic in `seed`.
 */
export function generateJourneysFrame(customers: number, seed: number): GeneratedJourneys {
  const n = customers;
  const rng = new Rng(seed);
  const cumulative: number[] = [];
  const totalShare = archetypes.reduce((sum, a) => sum + a.share, 0);
  archetypes.reduce((sum, a) => (cumulative.push((sum + a.share) / totalShare), sum + a.share), 0);
  const plan: CustomerPlan = {
    archetype: new Uint8Array(n),
    z: new Float64Array(n),
    churns: new Uint8Array(n),
    start: new Int32Array(n),
    decayFrom: new Float64Array(n),
    gapMean: new Float64Array(n),
  };
  for (let c = 0; c < n; c++) {
    const u = rng.nextFloat();
    let a = 0;
    while (a < archetypes.length - 1 && u >= cumulative[a]) a++;
    const p = archetypes[a];
    const z = rng.nextNormal();
    const churns = rng.nextFloat() < sigmoid(logit(p.churn) - common.betaZ * z);
    const age = p.age[0] + rng.nextInt(p.age[1] - p.age[0] + 1);
    plan.archetype[c] = a;
    plan.z[c] = z;
    plan.churns[c] = churns ? 1 : 0;
    plan.start[c] = snapshotDay - age;
    plan.decayFrom[c] = churns ? snapshotDay - common.decayMax * rng.nextFloat() : Infinity;
    const activity = Math.exp(common.activitySd * rng.nextNormal());
    plan.gapMean[c] = p.gap * activity * Math.exp(-common.gapZ * z);
  }

  // Pass 1: rows per customer.
  const days = new Int32Array(minEvents + snapshotDay + 2);
  let rows = 0;
  for (let c = 0; c < n; c++) rows += drawDays(customerRng(seed, c), plan, c, days).count;

  // Pass 2: the same days again, then the flags from the same stream.
  // Into the narrowest arrays, as loadFrame stores them (shared/numeric-column-builder.ts).
  const target = journeysEventColumns.map(() => new NumericColumnBuilder(rows));
  const labels = new Float64Array(n);
  const rates = new Float64Array(6);
  let row = 0;
  for (let c = 0; c < n; c++) {
    row += writeCustomer(customerRng(seed, c), plan, c, days, rates, target, row);
    labels[c] = plan.churns[c];
  }
  for (let c = 0; c < n; c++) if (rng.nextFloat() < common.labelFlip) labels[c] = 1 - labels[c];

  const columns = journeysEventColumns.map((name, index): NumericColumn => ({
    name,
    type: 'integer',
    values: target[index]!.finish(),
  }));
  return {
    events: { name: 'events', rowCount: rows, columns },
    labels: {
      name: 'labels',
      rowCount: n,
      columns: [
        { name: 'user_id', type: 'integer', values: Float64Array.from({ length: n }, (_, c) => 10001 + c) },
        { name: 'churned', type: 'integer', values: labels },
      ],
    },
    archetype: plan.archetype,
    archetypeNames: archetypes.map((a) => a.name),
  };
}

/** A CSV whose cells are all numbers (no quotes, no missing cells) as a Frame. */
export function readNumericCsv(path: string, name: string): Frame {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const header = lines[0].trim().split(',');
  const rowCount = lines.length - 1;
  const values = header.map(() => new Float64Array(rowCount));
  const integer = header.map(() => true);
  for (let r = 0; r < rowCount; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== header.length) throw new Error(`${path}, line ${r + 2}: ${cells.length} cells`);
    for (let c = 0; c < header.length; c++) {
      const v = Number(cells[c]);
      if (!Number.isFinite(v)) throw new Error(`${path}, line ${r + 2}: not a number: ${cells[c]}`);
      values[c][r] = v;
      if (!Number.isInteger(v)) integer[c] = false;
    }
  }
  return {
    name,
    rowCount,
    columns: header.map((column, c) => ({
      name: column,
      type: integer[c] ? 'integer' : 'number',
      values: values[c],
    })),
  };
}

/** Bytes of a frame's column arrays. */
export function frameBytes(frame: Frame): number {
  let bytes = 0;
  for (const column of frame.columns) {
    if (Array.isArray(column.values)) bytes += column.values.length * 8;
    else bytes += column.values.byteLength;
  }
  return bytes;
}
