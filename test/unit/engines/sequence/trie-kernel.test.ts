// The OM distance kernel's paths (distance-kernel.ts, mode "distinct") give the same doubles:
// the prefix trie (one DP vector per trie node, shared by the sequences with that prefix),
// walked by the WebAssembly loop (trie-fill.ts, the default) or the JavaScript one (work
// `plainLoop`), and the fallback of one DP per pair of distinct sequences (taken when the trie
// would not fit in memory; forced here by handing runPart a work object without `trie`).
// Expanded to every pair of customers (mode "expand"), both must equal a plain (T+1) x (T+1) DP
// per pair of customers, normalised as TraMineR's normalizeDistance, written independently. All
// comparisons are bit for bit (Object.is): the trie's recurrence is the full DP's, cell for
// cell, so not one rounding may differ.
// Data: random journeys of 1 to 18 periods over 3 to 6 states, drawn from a small pool
// (many duplicates) that holds prefixes of its own sequences; TRATE costs from the data and
// random non-integer symmetric costs (some above 2 indel, where the normalisations cap them);
// every normalisation; indel 1, 0.7 and 1.5. Cost: about 1 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { condensedIndex } from '../../../../main/engines/cluster/ward.ts';
import { VOID_CODE, type EncodedSequences } from '../../../../main/engines/sequence/sequences.ts';
import { transitionRateCosts } from '../../../../main/engines/sequence/substitution-costs.ts';
import {
  prepareDistanceWork,
  type DistanceSettings,
  type PreparedWork,
} from '../../../../main/engines/sequence/distances.ts';
import { runPart, tasksOf, type DistanceWork } from '../../../../main/engines/sequence/distance-kernel.ts';
import { normCodes, type NormCode } from '../../../../main/engines/sequence/normalise.ts';

type Work = PreparedWork;

/** Encoded journeys of different lengths (VOID after each one's end). */
function sequencesOf(rows: number[][], states: number): EncodedSequences {
  const T = Math.max(...rows.map((row) => row.length));
  const codes = new Uint8Array(rows.length * T).fill(VOID_CODE);
  rows.forEach((row, i) => codes.set(row, i * T));
  return {
    ids: rows.map((_, i) => `c${i + 1}`),
    idsAreNumbers: false,
    periods: Array.from({ length: T }, (_, t) => `t${t + 1}`),
    alphabet: Array.from({ length: states }, (_, s) => `s${s}`),
    states,
    missing: -1,
    n: rows.length,
    length: T,
    codes,
    lengths: Int32Array.from(rows, (row) => row.length),
  };
}

/**
 * n customers drawn from a pool of `distinct` random journeys (1..maxLength periods), a third
 * of the pool being prefixes of other pool journeys; every pool journey is used at least once.
 */
function randomJourneys(
  rng: Rng,
  n: number,
  distinct: number,
  states: number,
  maxLength: number,
): number[][] {
  const pool: number[][] = [];
  while (pool.length < distinct) {
    if (pool.length > 2 && rng.nextFloat() < 1 / 3) {
      const source = pool[rng.nextInt(pool.length)]!;
      if (source.length > 1) pool.push(source.slice(0, 1 + rng.nextInt(source.length - 1)));
      continue;
    }
    const length = 1 + rng.nextInt(maxLength);
    const journey = [rng.nextInt(states)];
    // Sticky states, so journeys share beginnings as real ones do.
    while (journey.length < length)
      journey.push(rng.nextFloat() < 0.6 ? journey[journey.length - 1]! : rng.nextInt(states));
    pool.push(journey);
  }
  const rows = pool.map((journey) => [...journey]);
  while (rows.length < n) rows.push([...pool[rng.nextInt(pool.length)]!]);
  // Shuffle, so duplicates are spread over the rows.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

/** Random symmetric non-integer costs in (0.2, 2.6), 0 on the diagonal. */
function randomCosts(rng: Rng, states: number): Float64Array {
  const costs = new Float64Array(states * states);
  for (let a = 0; a < states; a++) {
    for (let b = a + 1; b < states; b++) {
      const cost = 0.2 + 2.4 * rng.nextFloat();
      costs[a * states + b] = cost;
      costs[b * states + a] = cost;
    }
  }
  return costs;
}

function sharedDoubles(count: number, fill = 0): Float64Array {
  return new Float64Array(new SharedArrayBuffer(count * 8)).fill(fill);
}

function sharedCounter(start = 0): Int32Array {
  const next = new Int32Array(new SharedArrayBuffer(4));
  next[0] = start;
  return next;
}

/** A kernel run as distances.ts makes one. */
function kernelRun(
  work: Work,
  mode: DistanceWork['mode'],
  compact: Float64Array,
  out: Float64Array,
): DistanceWork {
  const run: DistanceWork = { ...work, mode, compact, out, next: sharedCounter(), taskCount: 0 };
  run.taskCount = tasksOf(run);
  return run;
}

/** The same work without the trie: the pair-DP fallback, in blocks of rows. */
function withoutTrie(work: Work): Work {
  const copy: Work = { ...work };
  delete copy.trie;
  return copy;
}

/** The distinct sequences' condensed distances (mode "distinct"), units and pairs checked. */
function distinctOf(work: Work, label: string): Float64Array {
  const pairs = (work.u * (work.u - 1)) / 2;
  const compact = sharedDoubles(pairs);
  let units = 0;
  const done = runPart(
    kernelRun(work, 'distinct', compact, new Float64Array(0)),
    0,
    (step) => (units += step),
  );
  assert.equal(done, pairs, `${label}: every pair of distinct sequences`);
  assert.equal(units, pairs, `${label}: the units reported`);
  return compact;
}

/** Every pair of customers from the distinct distances (mode "expand"), from a buffer filled with `fill`. */
function expandOf(work: Work, compact: Float64Array, fill = 0): Float64Array {
  const out = sharedDoubles((work.n * (work.n - 1)) / 2, fill);
  let units = 0;
  const customers = runPart(kernelRun(work, 'expand', compact, out), 0, (step) => (units += step));
  assert.equal(customers, work.n, 'expand: every customer');
  assert.equal(units, work.n, 'expand: the units reported');
  return out;
}

/**
 * Distinct and customer distances through the trie, walked by the default (WebAssembly) loop;
 * the JavaScript loop's distinct distances must be the same doubles.
 */
function viaTrie(work: Work): { compact: Float64Array; out: Float64Array } {
  assert.ok(work.trie, 'the work has a trie');
  const compact = distinctOf(work, 'trie');
  const plain = distinctOf({ ...work, plainLoop: true }, 'trie, JavaScript loop');
  assertSame(plain, compact, work.u, 'trie: JavaScript loop vs default walk');
  return { compact, out: expandOf(work, compact) };
}

/** The same through the pair fallback. */
function viaPairs(work: Work): { compact: Float64Array; out: Float64Array } {
  const pairs = withoutTrie(work);
  const compact = distinctOf(pairs, 'pairs');
  return { compact, out: expandOf(pairs, compact) };
}

/** Mode "distinct" one task at a time, in the given order, each alone (as a worker may take any task). */
function taskByTask(work: Work, order: number[]): Float64Array {
  const compact = sharedDoubles((work.u * (work.u - 1)) / 2);
  const tasks = kernelRun(work, 'distinct', compact, new Float64Array(0)).taskCount;
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    Array.from({ length: tasks }, (_, t) => t),
    'every task once',
  );
  for (const task of order) {
    const run = kernelRun(work, 'distinct', compact, new Float64Array(0));
    runPart({ ...run, taskCount: task + 1, next: sharedCounter(task) }, 0, () => {});
  }
  return compact;
}

function taskCount(work: Work): number {
  return kernelRun(work, 'distinct', new Float64Array(0), new Float64Array(0)).taskCount;
}

/** Plain OM DP between two journeys (TraMineR's recurrence, no skipping). */
function omDistance(x: number[], y: number[], costs: Float64Array, K: number, indel: number): number {
  let previous = Float64Array.from({ length: y.length + 1 }, (_, j) => j * indel);
  let current = new Float64Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i * indel;
    for (let j = 1; j <= y.length; j++) {
      const indelCost = Math.min(previous[j]!, current[j - 1]!) + indel;
      const substitution = previous[j - 1]! + costs[x[i - 1]! * K + y[j - 1]!]!;
      current[j] = substitution < indelCost ? substitution : indelCost;
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

/** TraMineR's DistanceCalculator::normalizeDistance with OMdistance's maxpossiblecost. */
function normalised(
  norm: NormCode,
  raw: number,
  m: number,
  n: number,
  indel: number,
  maxscost: number,
): number {
  if (raw === 0 || norm === normCodes.none) return raw;
  const l1 = m * indel;
  const l2 = n * indel;
  const maxdist = Math.abs(n - m) * indel + maxscost * Math.min(m, n);
  if (norm === normCodes.maxlength) return l1 > l2 ? raw / l1 : l2 > 0 ? raw / l2 : 0;
  if (norm === normCodes.gmean) {
    if (l1 * l2 === 0) return l1 !== l2 ? 1 : 0;
    return 1 - (maxdist - raw) / (2 * Math.sqrt(l1) * Math.sqrt(l2));
  }
  if (maxdist === 0) return 1;
  return norm === normCodes.maxdist ? raw / maxdist : (2 * raw) / (raw + maxdist);
}

/** Every pair of customers, from scratch. */
function reference(
  rows: number[][],
  costs: Float64Array,
  K: number,
  indel: number,
  norm: NormCode,
): Float64Array {
  let largest = 0;
  for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) largest = Math.max(largest, costs[a * K + b]!);
  const maxscost = norm === normCodes.YujianBo ? 2 * indel : Math.min(largest, 2 * indel);
  const n = rows.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  const memo = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const key = `${rows[i]!.join(',')}|${rows[j]!.join(',')}`;
      let raw = memo.get(key);
      if (raw === undefined) {
        raw = omDistance(rows[i]!, rows[j]!, costs, K, indel);
        memo.set(key, raw);
      }
      out[condensedIndex(n, i, j)] = normalised(norm, raw, rows[i]!.length, rows[j]!.length, indel, maxscost);
    }
  }
  return out;
}

/** Bit-for-bit equality of two condensed n x n matrices, naming the first pair that differs. */
function assertSame(actual: Float64Array, expected: Float64Array, n: number, label: string): void {
  assert.equal(actual.length, (n * (n - 1)) / 2, `${label}: length`);
  assert.equal(expected.length, actual.length, `${label}: length`);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const k = condensedIndex(n, i, j);
      if (!Object.is(actual[k], expected[k])) {
        assert.fail(
          `${label}: d(${i + 1}, ${j + 1}) = ${actual[k]!.toPrecision(17)}, expected ${expected[k]!.toPrecision(17)}`,
        );
      }
    }
  }
}

const norms: NormCode[] = [
  normCodes.none,
  normCodes.maxlength,
  normCodes.gmean,
  normCodes.maxdist,
  normCodes.YujianBo,
];

test('trie and pair fallback give bit-identical distances, equal to a plain DP per pair', () => {
  let cases = 0;
  for (const states of [3, 4, 5, 6]) {
    for (const [indel, costKind] of [
      [1, 'trate'],
      [0.7, 'random'],
      [1.5, 'trate'],
      [1, 'random'],
    ] as const) {
      const rng = new Rng(1000 * states + 10 * indel + (costKind === 'trate' ? 1 : 2));
      const rows = randomJourneys(rng, 90 + rng.nextInt(40), 45, states, 18);
      const sequences = sequencesOf(rows, states);
      const costs = costKind === 'trate' ? transitionRateCosts(sequences).costs : randomCosts(rng, states);
      for (const norm of norms) {
        const settings: DistanceSettings = { method: 'OM', costs: { states, costs }, indel, norm };
        const { work } = prepareDistanceWork(sequences, settings, 1);
        const label = `K ${states}, indel ${indel}, ${costKind} costs, norm ${norm}`;
        const trie = viaTrie(work);
        const pairs = viaPairs(work);
        assertSame(pairs.compact, trie.compact, work.u, `${label}: distinct sequences, pairs vs trie`);
        assertSame(pairs.out, trie.out, sequences.n, `${label}: customers, pairs vs trie`);
        assertSame(
          trie.out,
          reference(rows, costs, states, indel, norm),
          sequences.n,
          `${label}: trie vs plain DP`,
        );
        cases++;
      }
    }
  }
  assert.equal(cases, 80);
});

test('LCS (indel 1, substitution 2) through the trie: |x| + |y| - 2 LLCS', () => {
  const rng = new Rng(77);
  const rows = randomJourneys(rng, 60, 30, 4, 12);
  const sequences = sequencesOf(rows, 4);
  const costs = new Float64Array(16).map((_, k) => (k % 5 === 0 ? 0 : 2));
  const { work } = prepareDistanceWork(
    sequences,
    { method: 'LCS', costs: { states: 4, costs }, indel: 1, norm: 0 },
    1,
  );
  const { out } = viaTrie(work);
  const llcs = (x: number[], y: number[]): number => {
    const L = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
    for (let i = 1; i <= x.length; i++)
      for (let j = 1; j <= y.length; j++)
        L[i]![j] = x[i - 1] === y[j - 1] ? L[i - 1]![j - 1]! + 1 : Math.max(L[i - 1]![j]!, L[i]![j - 1]!);
    return L[x.length]![y.length]!;
  };
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++)
      assert.equal(
        out[condensedIndex(rows.length, i, j)],
        rows[i]!.length + rows[j]!.length - 2 * llcs(rows[i]!, rows[j]!),
        `LCS d(${i + 1}, ${j + 1})`,
      );
});

test('any task alone, in any order, on any split of the trie gives the same distances', () => {
  const rng = new Rng(4242);
  const rows = randomJourneys(rng, 150, 70, 5, 16);
  const sequences = sequencesOf(rows, 5);
  const settings: DistanceSettings = {
    method: 'OM',
    costs: transitionRateCosts(sequences),
    indel: 0.7,
    norm: normCodes.gmean,
  };
  const first = prepareDistanceWork(sequences, settings, 1).work;
  const expected = viaTrie(first).compact;
  const u = first.u;
  // More workers split the trie deeper: more, smaller tasks.
  const splits = new Set<number>();
  for (const workers of [1, 2, 4, 16]) {
    const { work } = prepareDistanceWork(sequences, settings, workers);
    const tasks = taskCount(work);
    splits.add(tasks);
    const order = Array.from({ length: tasks }, (_, t) => t);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    assertSame(taskByTask(work, order), expected, u, `trie, ${workers} workers, shuffled tasks`);
    assertSame(taskByTask(work, [...order].reverse()), expected, u, `trie, ${workers} workers, reversed`);
    const plain = { ...work, plainLoop: true };
    assertSame(taskByTask(plain, order), expected, u, `trie (JavaScript loop), ${workers} workers, shuffled`);
    const pairs = withoutTrie(work);
    const pairTasks = taskCount(pairs);
    assertSame(
      taskByTask(
        pairs,
        Array.from({ length: pairTasks }, (_, t) => pairTasks - 1 - t),
      ),
      expected,
      u,
      'pairs, tasks in reverse',
    );
  }
  assert.ok(splits.size > 1, `the task counts differ with the workers (${[...splits].join(', ')})`);
});

test('many duplicates: identical journeys at distance 0, every pair of customers written', () => {
  const rng = new Rng(9);
  const rows = randomJourneys(rng, 400, 8, 3, 10);
  const sequences = sequencesOf(rows, 3);
  for (const norm of norms) {
    const settings: DistanceSettings = {
      method: 'OM',
      costs: transitionRateCosts(sequences),
      indel: 1,
      norm,
    };
    const { work } = prepareDistanceWork(sequences, settings, 1);
    assert.equal(work.u, 8, 'eight distinct journeys');
    const trie = viaTrie(work);
    const pairs = viaPairs(work);
    assertSame(pairs.compact, trie.compact, work.u, `norm ${norm}: distinct, pairs vs trie`);
    assertSame(pairs.out, trie.out, sequences.n, `norm ${norm}: customers, pairs vs trie`);
    // Expanded into a buffer of NaNs, every pair of customers is written, identical ones too.
    const written = expandOf(work, trie.compact, NaN);
    let zeros = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const k = condensedIndex(rows.length, i, j);
        const same = rows[i]!.join() === rows[j]!.join();
        assert.equal(
          trie.out[k] === 0,
          same,
          `d(${i + 1}, ${j + 1}) = ${trie.out[k]}: 0 exactly for the same journey`,
        );
        assert.ok(Object.is(written[k], trie.out[k]), `d(${i + 1}, ${j + 1}) written`);
        if (same) zeros++;
      }
    }
    assert.ok(zeros > 1000, `${zeros} pairs of identical journeys`);
  }
});

test('a journey that is a prefix of another: the rest are indels', () => {
  // A B C, A B, A B C D, A, B A (codes 0..3), TRATE-like costs.
  const rows = [[0, 1, 2], [0, 1], [0, 1, 2, 3], [0], [1, 0], [0, 1]];
  const sequences = sequencesOf(rows, 4);
  const costs = Float64Array.from([0, 1.3, 1.7, 1.9, 1.3, 0, 1.1, 1.45, 1.7, 1.1, 0, 1.6, 1.9, 1.45, 1.6, 0]);
  for (const indel of [1, 0.7]) {
    const settings: DistanceSettings = {
      method: 'OM',
      costs: { states: 4, costs },
      indel,
      norm: normCodes.none,
    };
    const { work } = prepareDistanceWork(sequences, settings, 1);
    const trie = viaTrie(work).out;
    assertSame(viaPairs(work).out, trie, 6, `indel ${indel}: pairs vs trie`);
    const d = (i: number, j: number): number => trie[condensedIndex(6, i - 1, j - 1)]!;
    assert.equal(d(1, 2), indel, 'ABC vs AB');
    assert.equal(d(1, 3), indel, 'ABC vs ABCD');
    assert.equal(d(2, 3), indel + indel, 'AB vs ABCD');
    assert.equal(d(3, 4), indel + indel + indel, 'ABCD vs A');
    assert.equal(d(2, 6), 0, 'AB twice');
    assert.equal(d(4, 5), indel, 'A vs BA');
    // AB vs BA: two indels, or two substitutions A<->B at 1.3 each.
    assert.equal(d(2, 5), Math.min(indel + indel, 1.3 + 1.3), 'AB vs BA');
    const maxlength = viaTrie(
      prepareDistanceWork(sequences, { ...settings, norm: normCodes.maxlength }, 1).work,
    ).out;
    assert.equal(
      maxlength[condensedIndex(6, 2, 3)],
      (indel + indel + indel) / (4 * indel),
      'ABCD vs A, maxlength',
    );
  }
});
