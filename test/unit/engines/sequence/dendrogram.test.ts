// mergeMatrix (dendrogram.ts) against R's hclust(d, "ward.D2")$merge and $height: the pair
// order of each merge (a customer, -row, before a cluster, +step; two customers by row; two
// clusters by step), the heights, and the sizes (which R does not return: counted here from
// $merge). Cases: an 8 x 8 matrix with ties (test/fixtures/sequence-extra/hclust-small, R call
// in its README), two small ones hard-coded below with their R calls, and the engine's
// `dendrogram` table for the OM TRATE distances of sequence-extra/complete (40 customers,
// duplicate journeys: zero-height merges). Heights to 1e-12 relative (the same double
// operations as R's hclust.f, so in practice the same doubles); merges exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { condensedIndex, wardLinkageOfSquared } from '../../../../main/engines/cluster/ward.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import { mergeMatrix, type MergeRow } from '../../../../main/engines/sequence/dendrogram.ts';
import { sequenceEngine } from '../../../../main/engines/sequence/index.ts';
import { plainContext } from '../../../../main/engines/engine.ts';
import { parseOptions } from '../../../../shared/analyses/define.ts';
import { sequenceDefinition } from '../../../../shared/analyses/sequence.ts';
import { parseCsv, readCsvFrame } from '../../helpers/csv-frame.ts';
import { repoRoot } from '../../../helpers/tmp.ts';

const root = join(repoRoot, 'test', 'fixtures', 'sequence-extra');

interface RMerge {
  left: number;
  right: number;
  height: number;
}

function close(actual: number, expected: number): boolean {
  return actual === expected || Math.abs(actual - expected) <= 1e-12 * Math.abs(expected);
}

/** Customers under each merge, from R's $merge. */
function sizesOf(merge: RMerge[]): number[] {
  const sizes: number[] = [];
  for (const { left, right } of merge)
    sizes.push((left < 0 ? 1 : sizes[left - 1]!) + (right < 0 ? 1 : sizes[right - 1]!));
  return sizes;
}

function assertMerges(label: string, actual: MergeRow[], expected: RMerge[]): void {
  assert.equal(actual.length, expected.length, `${label}: n - 1 merges`);
  const sizes = sizesOf(expected);
  expected.forEach((want, s) => {
    const got = actual[s]!;
    assert.deepEqual([got.left, got.right], [want.left, want.right], `${label}: merge ${s + 1}`);
    assert.ok(close(got.height, want.height), `${label}: height ${s + 1}: ${got.height} vs ${want.height}`);
    assert.equal(got.size, sizes[s], `${label}: size ${s + 1}`);
  });
}

/** mergeMatrix of ward.D2 on an n x n (symmetric) distance matrix given as a function. */
function merges(n: number, d: (i: number, j: number) => number): MergeRow[] {
  const squared = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) squared[condensedIndex(n, i, j)] = d(i, j) ** 2;
  return mergeMatrix(wardLinkageOfSquared(squared, n, silentMonitor));
}

function readMerges(path: string): RMerge[] {
  const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
  const at = (name: string): number => header.indexOf(name);
  return rows.map((row) => ({
    left: Number(row[at('left')]),
    right: Number(row[at('right')]),
    height: Number(row[at('height')]),
  }));
}

test('hclust-small: an 8 x 8 matrix with ties, as hclust(as.dist(m), "ward.D2")', () => {
  const { rows } = parseCsv(readFileSync(join(root, 'hclust-small', 'distances.csv'), 'utf8'));
  const n = 8;
  const m = new Float64Array(n * n);
  for (const [i, j, d] of rows) {
    m[(Number(i) - 1) * n + Number(j) - 1] = Number(d);
    m[(Number(j) - 1) * n + Number(i) - 1] = Number(d);
  }
  assert.equal(rows.length, 28);
  assertMerges(
    'hclust-small',
    merges(n, (i, j) => m[i * n + j]!),
    readMerges(join(root, 'hclust-small', 'merge.csv')),
  );
});

test('all distances equal: each customer joins the growing cluster (a customer before a cluster)', () => {
  // R: h <- hclust(as.dist(matrix(1, 6, 6) - diag(6)), "ward.D2"); h$merge, h$height
  const expected: RMerge[] = [
    { left: -1, right: -2, height: 1 },
    { left: -3, right: 1, height: 1 },
    { left: -4, right: 2, height: 1 },
    { left: -5, right: 3, height: 1 },
    { left: -6, right: 4, height: 1 },
  ];
  assertMerges(
    'all ties',
    merges(6, () => 1),
    expected,
  );
});

test('points on a line: two clusters merged by step order, then a customer with a cluster', () => {
  // R: h <- hclust(dist(c(0, 1, 3, 4, 10, 11, 30)), "ward.D2"); h$merge, sprintf("%.17g", h$height)
  const x = [0, 1, 3, 4, 10, 11, 30];
  const expected: RMerge[] = [
    { left: -1, right: -2, height: 1 },
    { left: -3, right: -4, height: 1 },
    { left: -5, right: -6, height: 1 },
    { left: 1, right: 2, height: 4.2426406871192848 },
    { left: 3, right: 4, height: 13.880441875771343 },
    { left: -7, right: 5, height: 32.950901425634854 },
  ];
  assertMerges(
    'line',
    merges(7, (i, j) => Math.abs(x[i]! - x[j]!)),
    expected,
  );
});

test("complete (40 customers, OM TRATE): the engine's dendrogram table is hclust's", async () => {
  const frame = readCsvFrame(join(root, 'complete', 'data.csv'), 'complete');
  const options = parseOptions(sequenceDefinition, {
    id: 'id',
    columns: frame.columns.map((c) => c.name).filter((name) => name !== 'id'),
    distance: { method: 'OM', sm: 'TRATE', indel: 1 },
    cluster: { method: 'ward', k: 4 },
  });
  const result = await sequenceEngine.run({ data: frame }, options, plainContext());
  const table = result.tables.dendrogram!;
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['step', 'left', 'right', 'height', 'size'],
  );
  const expected = readMerges(join(root, 'complete', 'expected', 'dendrogram.csv'));
  assert.ok(expected.filter((row) => row.height === 0).length >= 4, 'duplicates merge at height 0');
  assert.deepEqual(
    table.rows.map((row) => row[0]),
    expected.map((_, s) => s + 1),
  );
  assertMerges(
    'complete',
    table.rows.map(([, left, right, height, size]) => ({
      left: Number(left),
      right: Number(right),
      height: Number(height),
      size: Number(size),
    })),
    expected,
  );
});
