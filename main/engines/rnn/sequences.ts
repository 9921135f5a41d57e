// From the events table (one row per interaction) to what the recurrent kernel reads, as the
// rnn reference does it (DESIGN.md section 4 rnn; ../shared/anchors/rnn/anchor.py):
//   - customers are numbered 0..n-1 in order of first appearance of their id in `events`;
//     ids are compared as text (a numeric id 10001 and the text "10001" are one customer);
//   - a customer's rows are ordered by `order` (numbers ascending; text and dates by code
//     units), ties keep input order (a stable sort), and only the LAST max_length rows are
//     kept (Keras pad_sequences truncating='pre': the most recent rows);
//   - scaling: a feature whose values over ALL event rows are only 0 and 1 is a flag and is
//     used as it is; any other is standardised z = (x - mean) / sd with the mean and the
//     POPULATION sd over the kept rows of the training customers (the labelled customers
//     before the validation block); sd 0 is refused;
//   - labels: from the `labels` table joined on the id (0/1; a missing cell = no label), or
//     from the `target` column of `events` (the same on every row of a customer; missing on
//     all of them = no label). Customers without a label are encoded and segmented but
//     neither trained on nor scored;
//   - split (Keras validation_split, no shuffling): the LAST floor(n * validation_split)
//     customers by first appearance are the validation block, the rest the training block;
//     each set lists the labelled customers of its block, in customer order;
//   - for the profiles, per customer from the UNSCALED values over ALL its rows (not only the
//     kept ones), as the fixture README's archetype table: tenure = last minus first order
//     value (days for a day number; for a date order the difference in days), the row count,
//     and the total of every feature.
//   - scoring new customers with a trained model (settings.scaling): the model's scaling is
//     applied as it is, labels are read when there are any (for the AUC on them), and every
//     customer is in one block (`validationCustomers` = the labelled ones, none to train on).
// The sequences are laid out as the kernel's SequenceSet (model.ts): customer c is rows
// offsets[c] .. offsets[c] + lengths[c] - 1 of `values` (row-major, features in options order).
//
// Cost: O(rows F) in passes over the rows in input order, so the column reads are sequential
// and each row touches one per-customer record (an event log by time interleaves customers):
// the id column through an open-addressing hash (consecutive equal ids skip the lookup); one
// pass for the label and order checks, totals and tenure; a stable counting sort by customer
// giving every row its place; a sort within a customer only when its rows are out of order
// (O(r log r) for its r rows, between two in-place inversions of the placement permutation);
// the scaling (two passes per standardised feature); the output, each kept row written to its
// place. Measured on 27.5 million rows, 1 million customers, F 7 (a loaded 2-vCPU machine):
// 11 s sorted by customer, 26 s ordered by time, 72 s in random order.
// Extra memory: 8 bytes per event row (the row's customer and its place: two Int32Arrays, freed
// on return), the output (4 F bytes per kept row), and about 150 + 16 F bytes per customer
// (id text, hash, offsets, lengths, labels, tenure, totals, a transient record of 8 (F + 2)).

import type { Frame, FrameColumn, NumericColumn } from '../../../shared/frame.ts';
import { findColumn, isNumericColumn } from '../../../shared/frame.ts';
import { InputError } from '../../../shared/errors.ts';
import type { TableColumnType } from '../../../shared/result.ts';
import type { RnnOptions } from '../../../shared/analyses/rnn.ts';
import type { SequenceSet } from './model.ts';
import { silentMonitor, type WorkMonitor } from '../common/work-monitor.ts';

export type { SequenceSet } from './model.ts';

export interface FeatureScaling {
  feature: string;
  /** 'flag': only 0 and 1 over all rows, used as it is; 'standardised': (x - mean) / sd. */
  kind: 'flag' | 'standardised';
  /** NaN for a flag. */
  mean: number;
  /** Population sd over the training customers' kept rows; NaN for a flag. */
  sd: number;
}

export interface PreparedSequences {
  /** Customer ids as text, in order of first appearance in `events`. */
  ids: string[];
  /** How ids go into tables: numbers when the events id column is numeric, else text. */
  idType: TableColumnType;
  customerCount: number;
  features: string[];
  /** The kept rows, scaled (what the kernel reads). */
  sequences: SequenceSet;
  scaling: FeatureScaling[];
  /** Per customer: 0 or 1, NaN without a label. */
  labels: Float64Array;
  /** Customers without a label (encoded and segmented, not trained on). */
  unlabelledCount: number;
  /** Labelled customers of the training block, ascending. */
  trainCustomers: Int32Array;
  /** Labelled customers of the validation block (the last floor(n * validation_split)), ascending. */
  validationCustomers: Int32Array;
  /** First customer of the validation block (n - floor(n * validation_split)). */
  validationStart: number;
  /** Per customer: last minus first order value over all its rows (days), NaN if not computable. */
  tenureDays: Float64Array;
  /** Per customer: all its event rows (kept or not). */
  rowCounts: Int32Array;
  /** Row-major n x F: per customer the total of each feature over all its rows, unscaled. */
  totals: Float64Array;
  /** Customers with more than max_length rows (their earliest rows were dropped). */
  truncatedCount: number;
  eventRowCount: number;
  keptRowCount: number;
  /** Rows of `labels` whose id has no events (ignored). */
  unmatchedLabelCount: number;
  warnings: string[];
}

const numericTypes = new Set(['integer', 'number', 'boolean']);

function describeColumns(frame: Frame): string {
  const names = frame.columns.map((c) => c.name);
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, ...`;
}

function requireColumn(frame: Frame, name: string, role: string): FrameColumn {
  const column = findColumn(frame, name);
  if (!column) {
    throw new InputError(
      `data "${frame.name}", column ${name}: not found (chosen as ${role}); ` +
        `the columns are ${describeColumns(frame)}`,
      { column: name },
    );
  }
  return column;
}

function requireNumeric(frame: Frame, name: string, role: string, expected: string): NumericColumn {
  const column = requireColumn(frame, name, role);
  if (!isNumericColumn(column) || !numericTypes.has(column.type)) {
    throw new InputError(`data "${frame.name}", column ${name}: expected ${expected}, got ${column.type}`, {
      column: name,
    });
  }
  return column;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Milliseconds since 1970 (UTC) of an ISO date 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM[:SS]'; NaN otherwise. */
export function parseIsoDate(text: string | null): number {
  if (text === null) return NaN;
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
}

const msPerDay = 86400000;

/** Grows an Int32Array by doubling (customers are counted before their number is known). */
function grow(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const bigger = new Int32Array(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * Inverts a permutation of 0..n-1 in place (cycle by cycle, marking visited entries with
 * their bitwise complement): afterwards p[j] = i where p[i] was j. O(n), no extra memory.
 */
export function invertPermutationInPlace(p: Int32Array): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    if (p[i] < 0) continue;
    let previous = i;
    let current = p[i];
    while (current !== i) {
      const next = p[current];
      p[current] = ~previous;
      previous = current;
      current = next;
    }
    p[i] = ~previous;
  }
  for (let i = 0; i < n; i++) p[i] = ~p[i];
}

const hashScratch = new Float64Array(1);
const hashWords = new Uint32Array(hashScratch.buffer);

/**
 * Numbers -> customer index by open addressing (linear probing, load at most 1/2, murmur3's
 * finaliser as the hash): about 3 times faster than a Map for tens of millions of lookups of
 * a million keys. -0 and 0 are one key (as String and the Map), NaN is never a key.
 */
class NumberIndex {
  private keys = new Float64Array(1024);
  private values = new Int32Array(1024).fill(-1);
  private size = 0;

  private slot(keys: Float64Array, values: Int32Array, v: number): number {
    let h: number;
    if ((v | 0) === v) h = v | 0;
    else {
      hashScratch[0] = v;
      h = hashWords[0] ^ Math.imul(hashWords[1], 0x9e3779b1);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const mask = values.length - 1;
    let i = h & mask;
    while (values[i] >= 0 && keys[i] !== v) i = (i + 1) & mask;
    return i;
  }

  /** The index stored for v, or -1. */
  get(v: number): number {
    return this.values[this.slot(this.keys, this.values, v)];
  }

  /** The index stored for v; when there is none, stores `next` and returns it. */
  getOrAdd(v: number, next: number): number {
    const i = this.slot(this.keys, this.values, v);
    if (this.values[i] >= 0) return this.values[i];
    this.keys[i] = v;
    this.values[i] = next;
    if (++this.size * 2 > this.values.length) {
      const oldKeys = this.keys;
      const oldValues = this.values;
      this.keys = new Float64Array(oldKeys.length * 2);
      this.values = new Int32Array(oldValues.length * 2).fill(-1);
      for (let j = 0; j < oldValues.length; j++) {
        if (oldValues[j] < 0) continue;
        const k = this.slot(this.keys, this.values, oldKeys[j]);
        this.keys[k] = oldKeys[j];
        this.values[k] = oldValues[j];
      }
    }
    return next;
  }
}

/** Customer numbering: the customer of every row (in `slot`), ids as text, rows per customer. */
interface Numbering {
  customerCount: number;
  ids: string[];
  counts: Int32Array;
  /** First row (0-based) of every customer. */
  firstRow: Int32Array;
  /** Customer of a labels-table id cell (text equality with the events ids), or undefined. */
  lookupNumber: (value: number) => number | undefined;
  lookupText: (value: string) => number | undefined;
}

function numberCustomers(
  events: Frame,
  idColumn: FrameColumn,
  slot: Int32Array,
  tick: (row: number) => void,
): Numbering {
  const rows = events.rowCount;
  const ids: string[] = [];
  let counts = new Int32Array(1024);
  let firstRow = new Int32Array(1024);
  let n = 0;
  const missing = (row: number): InputError =>
    new InputError(
      `data "${events.name}", row ${row + 1}, column ${idColumn.name}: the customer id is missing`,
      {
        row: row + 1,
        column: idColumn.name,
      },
    );
  if (isNumericColumn(idColumn)) {
    // String(v) is one-to-one on numbers (0 and -0 both read "0", as the index's key
    // equality), so numeric keys give the same customers as comparing the ids as text.
    const values = idColumn.values;
    const index = new NumberIndex();
    let lastKey = NaN;
    let customer = -1;
    for (let row = 0; row < rows; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tick(row);
      const v = values[row];
      if (v !== lastKey) {
        if (Number.isNaN(v)) throw missing(row);
        customer = index.getOrAdd(v, n);
        if (customer === n) {
          n++;
          ids.push(String(v));
          counts = grow(counts, n);
          firstRow = grow(firstRow, n);
          firstRow[customer] = row;
        }
        lastKey = v;
      }
      slot[row] = customer;
      counts[customer]++;
    }
    const lookupNumber = (value: number): number | undefined => {
      const c = Number.isNaN(value) ? -1 : index.get(value);
      return c < 0 ? undefined : c;
    };
    return {
      customerCount: n,
      ids,
      counts: counts.slice(0, n),
      firstRow: firstRow.slice(0, n),
      lookupNumber,
      lookupText: (value) => {
        const v = Number(value);
        return value !== '' && String(v) === value ? lookupNumber(v) : undefined;
      },
    };
  }
  const values = idColumn.values;
  const map = new Map<string, number>();
  let lastKey: string | null = null;
  let customer = -1;
  for (let row = 0; row < rows; row++) {
    if ((row & (rowsPerCheck - 1)) === 0) tick(row);
    const v = values[row];
    if (v !== lastKey || v === null) {
      if (v === null) throw missing(row);
      let c = map.get(v);
      if (c === undefined) {
        c = n++;
        map.set(v, c);
        ids.push(v);
        counts = grow(counts, n);
        firstRow = grow(firstRow, n);
        firstRow[c] = row;
      }
      lastKey = v;
      customer = c;
    }
    slot[row] = customer;
    counts[customer]++;
  }
  return {
    customerCount: n,
    ids,
    counts: counts.slice(0, n),
    firstRow: firstRow.slice(0, n),
    lookupNumber: (value) => map.get(String(value)),
    lookupText: (value) => map.get(value),
  };
}

/** Every feature cell must be a finite number; flags are the features with only 0 and 1. */
function checkFeatures(events: Frame, features: NumericColumn[], tick: (row: number) => void): boolean[] {
  let firstBad = -1;
  let badColumn = '';
  const isFlag = features.map((column) => {
    const values = column.values;
    let flag = true;
    for (let row = 0; row < values.length; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tick(row);
      const v = values[row];
      if (v === 0 || v === 1) continue;
      if (!Number.isFinite(v)) {
        if (firstBad < 0 || row < firstBad) {
          firstBad = row;
          badColumn = column.name;
        }
        break;
      }
      flag = false;
    }
    return flag;
  });
  if (firstBad >= 0) {
    const v = features.find((c) => c.name === badColumn)!.values[firstBad];
    throw new InputError(
      `data "${events.name}", row ${firstBad + 1}, column ${badColumn}: ` +
        `expected a number, got ${Number.isNaN(v) ? 'a missing value' : String(v)}; ` +
        'the model needs a value in every feature of every row',
      { row: firstBad + 1, column: badColumn },
    );
  }
  return isFlag;
}

export interface PrepareSettings {
  /** Progress and cancel, checked every million rows in each pass over the events. */
  monitor?: WorkMonitor;
  /**
   * Scoring new customers with a trained model: the scaling it was trained with is applied
   * as it is, labels are optional (read when the target column is there), nobody is held out.
   */
  scaling?: readonly FeatureScaling[];
}

/** Rows between two cancel checks and progress reports (a few milliseconds of a pass). */
const rowsPerCheck = 1 << 20;

/** The trained model's scaling of `feature` (scoring). */
function scalingOf(scaling: readonly FeatureScaling[], feature: string): FeatureScaling {
  const found = scaling.find((s) => s.feature === feature);
  if (!found) {
    throw new InputError(
      `the model was trained on ${scaling.map((s) => s.feature).join(', ')}; it has no feature ${feature}`,
      { option: 'features' },
    );
  }
  return { ...found };
}

export function prepareSequences(
  events: Frame,
  labelsFrame: Frame | undefined,
  options: RnnOptions,
  settings: PrepareSettings = {},
): PreparedSequences {
  const rows = events.rowCount;
  const monitor = settings.monitor ?? silentMonitor;
  const givenScaling = settings.scaling;
  const scoring = givenScaling !== undefined;
  // Passes over the rows, for the progress fraction: checks, numbering, records, placing,
  // keeping, scaling (two per standardised feature) and writing.
  const passCount = 7 + (scoring ? 0 : 2 * options.features.length);
  let passesDone = 0;
  const pass = (message: string): ((row: number) => void) => {
    const base = passesDone++;
    monitor.checkCancelled();
    monitor.progress(base / passCount, message);
    return (row) => {
      monitor.checkCancelled();
      monitor.progress((base + row / rows) / passCount, message);
    };
  };
  const featureNames = [...options.features];
  const F = featureNames.length;
  const maxLength = options.model.max_length;
  const warnings: string[] = [];

  // ---- columns
  const idColumn = requireColumn(events, options.id, 'the customer id');
  const orderColumn = requireColumn(events, options.order, 'the order');
  const features = featureNames.map((name) =>
    requireNumeric(events, name, 'a feature', 'a numeric column (0/1 or numbers)'),
  );
  // A model being scored reads labels only when they are there (to report its AUC on them).
  const eventTarget =
    labelsFrame !== undefined || (scoring && !findColumn(events, options.target))
      ? null
      : requireNumeric(events, options.target, 'the churn label', 'a 0/1 column').values;
  if (rows === 0) {
    throw new InputError(`data "${events.name}": no rows; the model needs at least one row per customer`);
  }
  const isFlag = checkFeatures(events, features, pass('Checking the features'));

  const numericOrder = isNumericColumn(orderColumn) ? orderColumn.values : null;
  const textOrder = isNumericColumn(orderColumn) ? null : orderColumn.values;
  const tickOrder = pass('Checking the order');
  for (let row = 0; row < rows; row++) {
    if ((row & (rowsPerCheck - 1)) === 0) tickOrder(row);
    const missing = numericOrder ? !Number.isFinite(numericOrder[row]) : textOrder![row] === null;
    if (missing) {
      throw new InputError(
        `data "${events.name}", row ${row + 1}, column ${orderColumn.name}: the order value is missing; ` +
          "every row needs one to place it in the customer's sequence",
        { row: row + 1, column: orderColumn.name },
      );
    }
  }

  // ---- customers; then one sequential pass: label check, order check, totals, first/last order
  const customerOf = new Int32Array(rows);
  const numbering = numberCustomers(events, idColumn, customerOf, pass('Numbering the customers'));
  const n = numbering.customerCount;
  const rowCounts = numbering.counts;
  const firstRow = numbering.firstRow;
  const columns = features.map((column) => column.values);
  const labels = new Float64Array(n).fill(NaN);
  const totals = new Float64Array(n * F);
  const tenureDays = new Float64Array(n);
  const unsorted = new Uint8Array(n);
  let unsortedCount = 0;
  {
    // Per customer one record [last order value seen, label, F totals], so that a row touches
    // one place in memory (rows of many customers interleave in an event log).
    const S = F + 2;
    const state = new Float64Array(n * S);
    for (let c = 0; c < n; c++) state[c * S] = NaN;
    // Text order: the last value seen per customer (null before its first row).
    const lastText: (string | null)[] | null = numericOrder ? null : new Array<string | null>(n).fill(null);
    const tick = pass('Reading the customers');
    for (let row = 0; row < rows; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tick(row);
      const c = customerOf[row];
      const base = c * S;
      let first: boolean;
      if (numericOrder) {
        const v = numericOrder[row];
        const last = state[base];
        first = Number.isNaN(last);
        if (v < last && unsorted[c] === 0) {
          unsorted[c] = 1;
          unsortedCount++;
        }
        state[base] = v;
      } else {
        const v = textOrder![row]!;
        const last = lastText![c];
        first = last === null;
        if (last !== null && v < last && unsorted[c] === 0) {
          unsorted[c] = 1;
          unsortedCount++;
        }
        lastText![c] = v;
      }
      if (eventTarget) {
        const v = eventTarget[row];
        if (!Number.isNaN(v) && v !== 0 && v !== 1) {
          throw new InputError(
            `data "${events.name}", row ${row + 1}, column ${options.target}: expected 0 or 1, got ${v}`,
            { row: row + 1, column: options.target },
          );
        }
        const label = state[base + 1];
        if (first) state[base + 1] = v;
        else if (v !== label && !(Number.isNaN(v) && Number.isNaN(label))) {
          const was = Number.isNaN(label) ? 'missing' : String(label);
          const is = Number.isNaN(v) ? 'missing' : String(v);
          throw new InputError(
            `data "${events.name}", row ${row + 1}, column ${options.target}: the label of customer ` +
              `${numbering.ids[c]} changes here (${was} on its row ${firstRow[c] + 1}, ${is} here); ` +
              'a label in the events must be the same on every row of a customer',
            { row: row + 1, column: options.target },
          );
        }
      }
      for (let f = 0; f < F; f++) state[base + 2 + f] += columns[f][row];
    }
    for (let c = 0; c < n; c++) {
      if (eventTarget) labels[c] = state[c * S + 1];
      for (let f = 0; f < F; f++) totals[c * F + f] = state[c * S + 2 + f];
      // Last minus first order value; for a customer out of order it is redone after the sort.
      tenureDays[c] = numericOrder
        ? state[c * S] - numericOrder[firstRow[c]]
        : (parseIsoDate(lastText![c]) - parseIsoDate(textOrder![firstRow[c]])) / msPerDay;
    }
  }

  // ---- labels from the labels table
  let unmatchedLabelCount = 0;
  if (labelsFrame !== undefined) {
    const labelId = requireColumn(labelsFrame, options.id, 'the customer id');
    const labelTarget = requireNumeric(labelsFrame, options.target, 'the churn label', 'a 0/1 column');
    const seenRow = new Int32Array(n).fill(-1);
    const unmatched = new Map<string, number>();
    for (let row = 0; row < labelsFrame.rowCount; row++) {
      let customer: number | undefined;
      let key: string;
      if (isNumericColumn(labelId)) {
        const v = labelId.values[row];
        if (Number.isNaN(v)) key = '';
        else {
          key = String(v);
          customer = numbering.lookupNumber(v);
        }
      } else {
        key = labelId.values[row] ?? '';
        if (key !== '') customer = numbering.lookupText(key);
      }
      if (key === '') {
        throw new InputError(
          `data "${labelsFrame.name}", row ${row + 1}, column ${labelId.name}: the customer id is missing`,
          { row: row + 1, column: labelId.name },
        );
      }
      const earlier = customer === undefined ? unmatched.get(key) : seenRow[customer];
      if (earlier !== undefined && earlier >= 0) {
        throw new InputError(
          `data "${labelsFrame.name}", row ${row + 1}, column ${labelId.name}: customer ${key} is ` +
            `labelled twice (also on row ${earlier + 1}); give each customer one label`,
          { row: row + 1, column: labelId.name },
        );
      }
      const v = labelTarget.values[row];
      if (!Number.isNaN(v) && v !== 0 && v !== 1) {
        throw new InputError(
          `data "${labelsFrame.name}", row ${row + 1}, column ${labelTarget.name}: expected 0 or 1, got ${v}`,
          { row: row + 1, column: labelTarget.name },
        );
      }
      if (customer === undefined) {
        unmatched.set(key, row);
        unmatchedLabelCount++;
      } else {
        seenRow[customer] = row;
        labels[customer] = v;
      }
    }
    if (unmatchedLabelCount > 0) {
      warnings.push(
        `${plural(unmatchedLabelCount, 'customer', 'customers')} in "${labelsFrame.name}" ` +
          `${unmatchedLabelCount === 1 ? 'has' : 'have'} no rows in "${events.name}" and ` +
          `${unmatchedLabelCount === 1 ? 'is' : 'are'} left out`,
      );
    }
  }
  let unlabelledCount = 0;
  for (let c = 0; c < n; c++) if (Number.isNaN(labels[c])) unlabelledCount++;
  if (unlabelledCount > 0 && !scoring) {
    warnings.push(
      `${plural(unlabelledCount, 'customer has', 'customers have')} no label: not trained on ` +
        'and not in the AUC, but encoded and segmented',
    );
  }

  // ---- split (Keras validation_split: the last block of customers, no shuffling)
  // (Scored customers are all one block, "validation": new to the model.)
  const split = options.model.validation_split;
  const validationCount = scoring ? n : Math.floor(n * split);
  const validationStart = n - validationCount;
  const splitOption = 'model.validation_split';
  if (validationCount === 0) {
    throw new InputError(
      `option model.validation_split: ${split} of ${plural(n, 'customer', 'customers')} holds out no ` +
        'customer for validation; raise validation_split or add customers',
      { option: splitOption },
    );
  }
  const labelled = (from: number, to: number): Int32Array => {
    let count = 0;
    for (let c = from; c < to; c++) if (!Number.isNaN(labels[c])) count++;
    const out = new Int32Array(count);
    let k = 0;
    for (let c = from; c < to; c++) if (!Number.isNaN(labels[c])) out[k++] = c;
    return out;
  };
  const trainCustomers = labelled(0, validationStart);
  const validationCustomers = labelled(validationStart, n);
  const checkSet = (set: Int32Array, what: string): void => {
    if (set.length === 0) {
      throw new InputError(
        `option model.validation_split: none of the ${what} has a label; ` +
          'give those customers labels or change validation_split',
        { option: splitOption },
      );
    }
    let positives = 0;
    for (let i = 0; i < set.length; i++) positives += labels[set[i]];
    if (positives === 0 || positives === set.length) {
      const only = positives === 0 ? '0 (not churned)' : '1 (churned)';
      throw new InputError(
        `option model.validation_split: every labelled customer among the ${what} has label ${only}; ` +
          'the AUC needs both 0 and 1 in each set: change validation_split, or order the events so ' +
          'that both churned and retained customers appear early and late',
        { option: splitOption },
      );
    }
  };
  if (!scoring) {
    checkSet(trainCustomers, `training customers (the first ${validationStart} by first appearance)`);
    checkSet(validationCustomers, `validation customers (the last ${validationCount} by first appearance)`);
  }

  // ---- positions: a stable counting sort by customer (rowSlot[row] = the row's place in the
  // grouped order); customers whose rows are out of order are sorted in place between two
  // in-place inversions (position -> row, sort, back to row -> position). Then every place
  // becomes the row's index in the kept rows (the customer's last max_length), or -1.
  const starts = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) starts[c + 1] = starts[c] + rowCounts[c];
  const rowSlot = new Int32Array(rows);
  {
    const next = starts.slice(0, n);
    const tick = pass('Placing the rows');
    for (let row = 0; row < rows; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tick(row);
      rowSlot[row] = next[customerOf[row]]++;
    }
  }
  if (unsortedCount > 0) {
    const byNumber = (a: number, b: number): number => numericOrder![a] - numericOrder![b] || a - b;
    const byText = (a: number, b: number): number => {
      const x = textOrder![a]!;
      const y = textOrder![b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    };
    invertPermutationInPlace(rowSlot); // now position -> row
    for (let c = 0; c < n; c++) {
      if (unsorted[c] === 0) continue;
      if ((c & 4095) === 0) monitor.checkCancelled();
      const segment = rowSlot.subarray(starts[c], starts[c + 1]);
      segment.sort(numericOrder ? byNumber : byText);
      const first = segment[0];
      const last = segment[segment.length - 1];
      tenureDays[c] = numericOrder
        ? numericOrder[last] - numericOrder[first]
        : (parseIsoDate(textOrder![last]) - parseIsoDate(textOrder![first])) / msPerDay;
    }
    invertPermutationInPlace(rowSlot); // back to row -> position
  }
  const lengths = new Int32Array(n);
  const offsets = new Int32Array(n);
  let truncatedCount = 0;
  let keptRowCount = 0;
  // Per customer [first kept position, kept index minus position], side by side.
  const keptPlace = new Int32Array(2 * n);
  for (let c = 0; c < n; c++) {
    if (rowCounts[c] > maxLength) truncatedCount++;
    lengths[c] = Math.min(rowCounts[c], maxLength);
    offsets[c] = keptRowCount;
    keptRowCount += lengths[c];
    keptPlace[2 * c] = starts[c + 1] - lengths[c];
    keptPlace[2 * c + 1] = offsets[c] - keptPlace[2 * c];
  }
  const tickKept = pass('Keeping the last rows');
  for (let row = 0; row < rows; row++) {
    if ((row & (rowsPerCheck - 1)) === 0) tickKept(row);
    const c = customerOf[row];
    const position = rowSlot[row];
    rowSlot[row] = position >= keptPlace[2 * c] ? position + keptPlace[2 * c + 1] : -1;
  }

  // ---- scaling over the kept rows of the training customers (two passes: mean, then squares)
  const inTraining = new Uint8Array(n);
  for (let i = 0; i < trainCustomers.length; i++) inTraining[trainCustomers[i]] = 1;
  const scaling: FeatureScaling[] = featureNames.map((feature, f) => {
    if (givenScaling) return scalingOf(givenScaling, feature);
    if (isFlag[f]) return { feature, kind: 'flag', mean: NaN, sd: NaN };
    const values = columns[f];
    let count = 0;
    let sum = 0;
    const tickMean = pass(`Scaling ${feature}`);
    for (let row = 0; row < rows; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tickMean(row);
      if (rowSlot[row] >= 0 && inTraining[customerOf[row]] === 1) {
        sum += values[row];
        count++;
      }
    }
    const mean = sum / count;
    let squares = 0;
    const tickSquares = pass(`Scaling ${feature}`);
    for (let row = 0; row < rows; row++) {
      if ((row & (rowsPerCheck - 1)) === 0) tickSquares(row);
      if (rowSlot[row] >= 0 && inTraining[customerOf[row]] === 1) {
        const d = values[row] - mean;
        squares += d * d;
      }
    }
    const sd = Math.sqrt(squares / count);
    if (!(sd > 0)) {
      throw new InputError(
        `data "${events.name}", column ${feature}: constant on the training customers (sd 0 over their ` +
          `kept rows, always ${mean}), so it cannot be standardised; leave it out of the features`,
        { column: feature, option: 'features' },
      );
    }
    return { feature, kind: 'standardised', mean, sd };
  });

  if (givenScaling) {
    const changed = scaling.filter((s, f) => s.kind === 'flag' && !isFlag[f]).map((s) => s.feature);
    if (changed.length > 0) {
      warnings.push(
        `${changed.join(', ')} ${changed.length === 1 ? 'was' : 'were'} 0/1 when the model was trained ` +
          `and ${changed.length === 1 ? 'has' : 'have'} other values in "${events.name}"; used as they are`,
      );
    }
  }

  // ---- the kept rows, scaled: one sequential pass over the rows, each written to its place
  // (flags: (x - 0) / 1 = x exactly).
  const shift = Float64Array.from(scaling, (s) => (s.kind === 'flag' ? 0 : s.mean));
  const divisor = Float64Array.from(scaling, (s) => (s.kind === 'flag' ? 1 : s.sd));
  const values = new Float32Array(keptRowCount * F);
  const tickWrite = pass('Writing the sequences');
  for (let row = 0; row < rows; row++) {
    if ((row & (rowsPerCheck - 1)) === 0) tickWrite(row);
    const slot = rowSlot[row];
    if (slot < 0) continue;
    const out = slot * F;
    for (let f = 0; f < F; f++) values[out + f] = (columns[f][row] - shift[f]) / divisor[f];
  }
  if (truncatedCount > 0) {
    warnings.push(
      `${plural(truncatedCount, 'customer has', 'customers have')} more than max_length ${maxLength} rows; ` +
        `only the last ${maxLength} of each are used`,
    );
  }

  return {
    ids: numbering.ids,
    idType: isNumericColumn(idColumn) ? (idColumn.type === 'number' ? 'number' : 'integer') : 'string',
    customerCount: n,
    features: featureNames,
    sequences: { featureCount: F, values, offsets, lengths },
    scaling,
    labels,
    unlabelledCount,
    trainCustomers,
    validationCustomers,
    validationStart,
    tenureDays,
    rowCounts,
    totals,
    truncatedCount,
    eventRowCount: rows,
    keptRowCount,
    unmatchedLabelCount,
    warnings,
  };
}
