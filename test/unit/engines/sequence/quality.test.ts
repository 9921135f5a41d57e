// partitionQuality (distances.ts) against a brute-force computation over every pair of
// customers, from the customers' distances customerDistances writes (partitionQuality itself
// works from the distinct sequences' distances it returns alongside):
//   ASW = mean over customers of s(i) = (b - a) / max(a, b), as R's cluster::silhouette: a the
//         mean distance to the others of its cluster, b the smallest mean distance to another
//         cluster; s = 0 for a customer alone in its cluster, and when a = b = 0;
//   R²  = 1 - sum over clusters c of (sum over pairs i < j in c of d²) / n_c, divided by
//         (sum over all pairs i < j of d²) / n.
// The engine computes both per distinct sequence (the distances of a sequence to each
// cluster, weighted by how many of its customers are in each), so the test data has many
// duplicates, and partitions that split identical journeys over clusters (a customer whose
// twin is in another cluster), singletons, and Ward's own partitions. OM (trie), HAM and DHD
// (per position), LCS, several normalisations.
// Tolerance: the sums run in another order, so not bit for bit; ASW and R² are at most 1 in
// size and made of terms at most 1, so the error is compared to max(1, |value|) (an ASW near 0
// would otherwise turn rounding of the terms into a large relative error): 1e-12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import { condensedIndex, wardLinkageOfSquared } from '../../../../main/engines/cluster/ward.ts';
import { cutTree } from '../../../../main/engines/cluster/cutree.ts';
import { VOID_CODE, type EncodedSequences } from '../../../../main/engines/sequence/sequences.ts';
import {
  constantCosts,
  timeVaryingRateCosts,
  transitionRateCosts,
} from '../../../../main/engines/sequence/substitution-costs.ts';
import {
  customerDistances,
  partitionQuality,
  type DistanceSettings,
} from '../../../../main/engines/sequence/distances.ts';
import { normCodes } from '../../../../main/engines/sequence/normalise.ts';

function sequencesOf(rows: number[][], states: number): EncodedSequences {
  const T = Math.max(...rows.map((row) => row.length));
  const codes = new Uint8Array(rows.length * T).fill(VOID_CODE);
  rows.forEach((row, i) => codes.set(row, i * T));
  return {
    ids: rows.map((_, i) => String(i + 1)),
    idsAreNumbers: true,
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

/** n journeys from a pool of `distinct` (lengths minLength..maxLength), duplicates spread over the rows. */
function journeys(
  rng: Rng,
  n: number,
  distinct: number,
  states: number,
  minLength: number,
  maxLength: number,
) {
  const pool = Array.from({ length: distinct }, () => {
    const length = minLength + rng.nextInt(maxLength - minLength + 1);
    const journey = [rng.nextInt(states)];
    while (journey.length < length)
      journey.push(rng.nextFloat() < 0.65 ? journey[journey.length - 1]! : rng.nextInt(states));
    return journey;
  });
  const rows = pool.map((journey) => [...journey]);
  while (rows.length < n) rows.push([...pool[rng.nextInt(distinct)]!]);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

/** Labels 1..k, every one used. */
function randomPartition(rng: Rng, n: number, k: number): Int32Array {
  const labels = Int32Array.from({ length: n }, () => 1 + rng.nextInt(k));
  for (let c = 1; c <= k; c++) labels[rng.nextInt(n)] = c;
  const used = new Set(labels);
  return used.size === k ? labels : randomPartition(rng, n, k);
}

/** Each group of identical journeys dealt round-robin over the clusters: every twin apart. */
function splitTwins(rows: number[][], k: number): Int32Array {
  const seen = new Map<string, number>();
  return Int32Array.from(rows, (row) => {
    const key = row.join();
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return 1 + (count % k);
  });
}

/** Clusters 1 and 2 for most, then customers 1 and 2 alone in clusters 3 and 4. */
function withSingletons(n: number): Int32Array {
  const labels = Int32Array.from({ length: n }, (_, i) => 1 + (i % 2));
  labels[0] = 3;
  labels[1] = 4;
  return labels;
}

function bruteForce(
  d: Float64Array,
  n: number,
  clusters: Int32Array,
  k: number,
): { asw: number; r2: number } {
  const at = (i: number, j: number): number =>
    i === j ? 0 : d[condensedIndex(n, Math.min(i, j), Math.max(i, j))]!;
  const sizes = new Array<number>(k + 1).fill(0);
  for (let i = 0; i < n; i++) sizes[clusters[i]!]!++;
  let silhouettes = 0;
  for (let i = 0; i < n; i++) {
    const own = clusters[i]!;
    if (sizes[own] === 1) continue;
    const sums = new Array<number>(k + 1).fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[clusters[j]!]! += at(i, j);
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 1; c <= k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const largest = Math.max(a, b);
    if (largest > 0) silhouettes += (b - a) / largest;
  }
  let total = 0;
  const within = new Array<number>(k + 1).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const squared = at(i, j) * at(i, j);
      total += squared;
      if (clusters[i] === clusters[j]) within[clusters[i]!]! += squared;
    }
  }
  let withinShare = 0;
  for (let c = 1; c <= k; c++) if (sizes[c]! > 0) withinShare += within[c]! / sizes[c]!;
  return { asw: silhouettes / n, r2: 1 - withinShare / (total / n) };
}

function near(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
}

async function check(
  label: string,
  sequences: EncodedSequences,
  settings: DistanceSettings,
  rows: number[][],
) {
  const rng = new Rng(sequences.n * 31 + settings.norm);
  const n = sequences.n;
  const { distances, distinct } = await customerDistances(sequences, settings, silentMonitor);
  const tree = wardLinkageOfSquared(
    distances.map((x) => x * x),
    n,
    silentMonitor,
  );
  const partitions: { k: number; clusters: Int32Array; name: string }[] = [
    ...[2, 3, 5, 8].map((k) => ({ k, clusters: randomPartition(rng, n, k), name: `random k ${k}` })),
    ...[2, 3].map((k) => ({ k, clusters: splitTwins(rows, k), name: `twins apart k ${k}` })),
    { k: 4, clusters: withSingletons(n), name: 'two singletons' },
    ...[2, 4, 6].map((k) => ({ k, clusters: cutTree(tree, k), name: `Ward k ${k}` })),
  ];
  const quality = await partitionQuality(
    distinct,
    partitions.map(({ k, clusters }) => ({ k, clusters })),
    silentMonitor,
  );
  assert.equal(quality.length, partitions.length, `${label}: one row per partition`);
  partitions.forEach(({ k, clusters, name }, p) => {
    const expected = bruteForce(distances, n, clusters, k);
    const actual = quality[p]!;
    assert.equal(actual.k, k);
    assert.ok(near(actual.asw, expected.asw), `${label}, ${name}: ASW ${actual.asw} vs ${expected.asw}`);
    assert.ok(near(actual.r2, expected.r2), `${label}, ${name}: R² ${actual.r2} vs ${expected.r2}`);
  });
  // The data must exercise the split twins: some identical journeys in different clusters.
  const twins = partitions[4]!.clusters;
  assert.ok(
    rows.some((row, i) =>
      rows.some((other, j) => j > i && other.join() === row.join() && twins[i] !== twins[j]),
    ),
    `${label}: identical journeys in different clusters`,
  );
}

test('OM (trie) with TRATE costs, journeys of different lengths, every normalisation', async () => {
  const rows = journeys(new Rng(5), 120, 35, 4, 2, 12);
  const sequences = sequencesOf(rows, 4);
  for (const norm of Object.values(normCodes)) {
    await check(
      `OM norm ${norm}`,
      sequences,
      { method: 'OM', costs: transitionRateCosts(sequences), indel: 1, norm },
      rows,
    );
  }
});

test('LCS with gmean, and OM with constant costs', async () => {
  const rows = journeys(new Rng(6), 90, 25, 5, 1, 10);
  const sequences = sequencesOf(rows, 5);
  await check(
    'LCS gmean',
    sequences,
    { method: 'LCS', costs: constantCosts(5, 2), indel: 1, norm: normCodes.gmean },
    rows,
  );
  await check(
    'OM constant',
    sequences,
    { method: 'OM', costs: constantCosts(5, 2), indel: 1, norm: normCodes.none },
    rows,
  );
});

test('HAM and DHD (per position), complete journeys', async () => {
  const rows = journeys(new Rng(7), 100, 30, 3, 8, 8);
  const sequences = sequencesOf(rows, 3);
  await check(
    'HAM',
    sequences,
    { method: 'HAM', costs: constantCosts(3, 1), indel: 1, norm: normCodes.none },
    rows,
  );
  await check(
    'HAM maxdist',
    sequences,
    { method: 'HAM', costs: transitionRateCosts(sequences), indel: 1, norm: normCodes.maxdist },
    rows,
  );
  await check(
    'DHD',
    sequences,
    { method: 'DHD', costs: timeVaryingRateCosts(sequences), indel: 1, norm: normCodes.none },
    rows,
  );
});

test('a silhouette is 0 when its customer is alone, or when a = b = 0', async () => {
  // Customers 1-2 and 3-4 identical, 5 apart from all.
  const rows = [
    [0, 0, 1],
    [0, 0, 1],
    [1, 1, 1],
    [1, 1, 1],
    [2, 2, 2],
  ];
  const sequences = sequencesOf(rows, 3);
  const settings: DistanceSettings = {
    method: 'OM',
    costs: constantCosts(3, 2),
    indel: 1,
    norm: normCodes.none,
  };
  const { distinct } = await customerDistances(sequences, settings, silentMonitor);
  const [twinsApart, alone] = await partitionQuality(
    distinct,
    [
      { k: 2, clusters: Int32Array.from([1, 2, 1, 2, 1]) },
      { k: 3, clusters: Int32Array.from([1, 1, 2, 2, 3]) },
    ],
    silentMonitor,
  );
  // d(1,3) = d(2,4) = 4 (two substitutions), d(1,5) = 6, d(3,5) = 6, d(1,2) = d(3,4) = 0.
  // Partition {1,3,5} {2,4}: customer 1: a = (4 + 6) / 2 = 5, b = (0 + 4) / 2 = 2, s = -3/5;
  // customer 3 the same; customer 5: a = 6, b = 6, s = 0; customers 2, 4: a = 4, b = (0 + 4 + 6) / 3.
  const s24 = (10 / 3 - 4) / 4;
  assert.ok(near(twinsApart!.asw, (-3 / 5 - 3 / 5 + 0 + 2 * s24) / 5), `ASW ${twinsApart!.asw}`);
  // Partition {1,2} {3,4} {5}: a = 0 for 1-4, b = 4: s = 1; customer 5 alone: 0.
  assert.equal(alone!.asw, 4 / 5);
  assert.equal(alone!.r2, 1 - 0 / ((4 * 4 * 4 + 4 * 6 * 6) / 5));
  // Four identical journeys in two clusters: a = b = 0, s = 0 (R: silhouette(c(1, 1, 2, 2, 3),
  // dmatrix = as.matrix(dist(c(0, 0, 0, 0, 5))))[, 3] is 0 0 0 0 0).
  const same = [
    [0, 0, 1],
    [0, 0, 1],
    [0, 0, 1],
    [0, 0, 1],
    [2, 2, 2],
  ];
  const [zero] = await partitionQuality(
    (await customerDistances(sequencesOf(same, 3), settings, silentMonitor)).distinct,
    [{ k: 3, clusters: Int32Array.from([1, 1, 2, 2, 3]) }],
    silentMonitor,
  );
  assert.equal(zero!.asw, 0);
  assert.equal(zero!.r2, 1);
});
