// The sequence engine's numbers against TraMineR (test/fixtures/sequence, copies of
// ../shared/fixtures/sequence): substitution costs (TRATE, CONSTANT, LCS's implicit 2), the
// pairwise distances (OM, HAM, LCS) within the cases' tolerances, and the Ward (ward.D2)
// partition cut at k, which must match R's hclust + cutree exactly (adjusted Rand 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWide } from '../../../../main/engines/sequence/sequences.ts';
import {
  constantCosts,
  transitionRateCosts,
  type SubstitutionCosts,
} from '../../../../main/engines/sequence/substitution-costs.ts';
import { sequenceDistances, type DistanceSettings } from '../../../../main/engines/sequence/distances.ts';
import { condensedIndex, wardLinkageOfSquared } from '../../../../main/engines/cluster/ward.ts';
import { cutTree } from '../../../../main/engines/cluster/cutree.ts';
import { silentMonitor } from '../../../../main/engines/common/work-monitor.ts';
import { parseCsv, readCsvFrame } from '../../helpers/csv-frame.ts';
import { adjustedRandIndex } from '../../helpers/adjusted-rand.ts';
import { repoRoot } from '../../../helpers/tmp.ts';

interface CaseOptions {
  id: string;
  columns: string[];
  distance: { method: 'OM' | 'HAM' | 'LCS'; sm?: 'TRATE' | 'CONSTANT'; indel?: number; cost?: number };
  cluster: { method: 'ward'; k: number };
}

const cases = ['mvad_om_trate', 'mvad_ham', 'biofam_lcs', 'journeys'];

function close(actual: number, expected: number, rel: number, abs: number): boolean {
  return Math.abs(actual - expected) <= Math.max(abs, rel * Math.abs(expected));
}

for (const name of cases) {
  test(`${name}: substitution costs, distances and the Ward partition as TraMineR and hclust`, async () => {
    const dir = join(repoRoot, 'test', 'fixtures', 'sequence', name);
    const options = JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as CaseOptions;
    const sequences = encodeWide(readCsvFrame(join(dir, 'data.csv'), 'data'), options.id, options.columns);
    const K = sequences.alphabet.length;
    const { method, sm, indel, cost } = options.distance;
    let costs: SubstitutionCosts;
    if (method === 'LCS') costs = constantCosts(K, 2);
    else if (sm === 'TRATE') costs = transitionRateCosts(sequences);
    else costs = constantCosts(K, cost ?? (method === 'HAM' ? 1 : 2));
    const settings: DistanceSettings = { method, costs, indel: method === 'LCS' ? 1 : (indel ?? 1), norm: 0 };

    const expectedCosts = parseCsv(readFileSync(join(dir, 'expected', 'substitution_costs.csv'), 'utf8'));
    assert.equal(expectedCosts.rows.length, K * K);
    for (const [from, to, value] of expectedCosts.rows) {
      const a = sequences.alphabet.indexOf(from!);
      const b = sequences.alphabet.indexOf(to!);
      assert.ok(a >= 0 && b >= 0, `${from}, ${to} in the alphabet`);
      const actual = costs.costs[a * K + b]!;
      assert.ok(close(actual, Number(value), 1e-9, 1e-12), `cost ${from} -> ${to}: ${actual} vs ${value}`);
    }

    const distances = await sequenceDistances(sequences, settings, silentMonitor);
    const rowOf = new Map(sequences.ids.map((id, row) => [id, row]));
    const expectedDistances = parseCsv(readFileSync(join(dir, 'expected', 'distances.csv'), 'utf8'));
    let worst = 0;
    for (const [i, j, value] of expectedDistances.rows) {
      const a = rowOf.get(i!)!;
      const b = rowOf.get(j!)!;
      const actual = distances[condensedIndex(sequences.n, Math.min(a, b), Math.max(a, b))]!;
      assert.ok(close(actual, Number(value), 1e-9, 1e-9), `d(${i}, ${j}): ${actual} vs ${value}`);
      worst = Math.max(worst, Math.abs(actual - Number(value)));
    }

    // hclust's ward.D2 squares the distances it is given.
    const squared = distances.map((d) => d * d);
    const tree = wardLinkageOfSquared(squared, sequences.n, silentMonitor);
    const clusters = cutTree(tree, options.cluster.k);
    const expectedClusters = parseCsv(readFileSync(join(dir, 'expected', 'clusters.csv'), 'utf8'));
    const ours = expectedClusters.rows.map(([id]) => clusters[rowOf.get(id!)!]!);
    const theirs = expectedClusters.rows.map(([, cluster]) => Number(cluster));
    assert.equal(adjustedRandIndex(ours, theirs), 1, 'the same partition as hclust + cutree');
    assert.ok(worst <= 1e-9, `largest distance difference ${worst}`);
  });
}
