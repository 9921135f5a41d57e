// The `sequence` engine (DESIGN.md section 4; TraMineR's conventions as the fixture READMEs
// spell them out):
//   1. encode     the wide table's period columns -> state codes, the alphabet (sequences.ts)
//   2. costs      TRATE or CONSTANT substitution costs (substitution-costs.ts; LCS: constant 2)
//   3. distances  OM, HAM or LCS between the distinct sequences, expanded to every pair of
//                 customers in R's `dist` layout (distances.ts)
//   4. cluster    hclust(ward.D2) on those distances, cut at k (cluster/ward.ts, cutree.ts)
//   5. describe   state distribution and entropy per period, mean time per state, the most
//                 frequent sequences, transition rates, cluster sizes; the descriptions also
//                 per cluster (per-cluster.ts)
// Cost: O(u^2 T^2) for OM and LCS on u distinct sequences (O(u^2 T) for HAM), then Ward's
// O(n^2) (worst O(n^3)) on n (n - 1) / 2 doubles, which is the memory bound.
import type { Engine, EngineContext } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import { findColumn, isNumericColumn } from '../../../shared/frame.ts';
import type { Cell, Result, Table, TableColumnType } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import { sequenceDefinition, type SequenceOptions } from '../../../shared/analyses/sequence.ts';
import { subMonitor } from '../common/work-monitor.ts';
import { condensedIndex, maxHierarchicalRows, wardLinkageOfSquared } from '../cluster/ward.ts';
import { cutTree } from '../cluster/cutree.ts';
import { encodeWide, type EncodedSequences } from './sequences.ts';
import {
  constantCosts,
  transitionRateCosts,
  transitionRates,
  type SubstitutionCosts,
} from './substitution-costs.ts';
import { clusterMembers, stackByCluster, subsetSequences } from './per-cluster.ts';
import { sequenceDistances } from './distances.ts';
import { stateDistribution } from './state-distribution.ts';
import { meanTime } from './mean-time.ts';
import { frequentSequences } from './frequent-sequences.ts';
import { entropyTable, frequentSequencesTable, meanTimeTable, stateDistributionTable } from './tables.ts';

/** The substitution costs the options ask for (TraMineR's defaults: CONSTANT 2 for OM, 1 for HAM). */
function substitutionCosts(sequences: EncodedSequences, options: SequenceOptions): SubstitutionCosts {
  const K = sequences.alphabet.length;
  const { method, sm, cost } = options.distance;
  if (method === 'LCS') return constantCosts(K, 2);
  if (sm === 'TRATE') return transitionRateCosts(sequences);
  return constantCosts(K, cost ?? (method === 'HAM' ? 1 : 2));
}

function costsTable(sequences: EncodedSequences, costs: SubstitutionCosts): Table {
  const { alphabet } = sequences;
  const K = alphabet.length;
  const rows: Cell[][] = [];
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) rows.push([alphabet[a]!, alphabet[b]!, costs.costs[a * K + b]!]);
  return makeTable(
    'Substitution costs',
    [
      { name: 'from', type: 'string' },
      { name: 'to', type: 'string' },
      { name: 'cost', type: 'number' },
    ],
    rows,
  );
}

/** from, to, rate: the pooled lag-1 transition rates (TraMineR's seqtrate), every pair. */
function ratesTable(sequences: EncodedSequences): Table {
  const { alphabet } = sequences;
  const K = alphabet.length;
  const rates = transitionRates(sequences);
  const rows: Cell[][] = [];
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) rows.push([alphabet[a]!, alphabet[b]!, rates[a * K + b]!]);
  return makeTable(
    'Transition rates',
    [
      { name: 'from', type: 'string' },
      { name: 'to', type: 'string' },
      { name: 'rate', type: 'number' },
    ],
    rows,
  );
}

/** The descriptions of each cluster's customers, stacked with a `cluster` column. */
function perClusterTables(
  sequences: EncodedSequences,
  clusters: Int32Array,
  k: number,
): Record<string, Table> {
  const groups = clusterMembers(clusters, k).map((rows) => subsetSequences(sequences, rows));
  const distributions = groups.map((group) => stateDistribution(group));
  return {
    cluster_state_distribution: stackByCluster(
      'State distribution per cluster',
      distributions.map((d) => stateDistributionTable(d)),
    ),
    cluster_entropy: stackByCluster(
      'Entropy per cluster',
      distributions.map((d) => entropyTable(d)),
    ),
    cluster_mean_time: stackByCluster(
      'Mean time in state per cluster',
      groups.map((group) => meanTimeTable(meanTime(group))),
    ),
    cluster_frequent_sequences: stackByCluster(
      'Frequent sequences per cluster',
      groups.map((group) => frequentSequencesTable(frequentSequences(group))),
    ),
  };
}

/** How ids go into tables: numbers when the id column is numeric, else text. */
function idsOf(
  frame: Frame,
  options: SequenceOptions,
  sequences: EncodedSequences,
): { type: TableColumnType; cells: Cell[] } {
  const column = options.id === undefined ? undefined : findColumn(frame, options.id);
  if (column === undefined || isNumericColumn(column)) {
    const type: TableColumnType = column?.type === 'number' ? 'number' : 'integer';
    return { type, cells: sequences.ids.map(Number) };
  }
  return { type: 'string', cells: [...sequences.ids] };
}

export const sequenceEngine: Engine<SequenceOptions> = {
  definition: sequenceDefinition,

  check(inputs: Record<string, Frame>, options: SequenceOptions): { warnings: string[] } {
    const frame = inputs.data;
    if (!frame) throw new InputError('sequence needs a dataset "data" (one row per customer)');
    const sequences = encodeWide(frame, options.id, options.columns, options.alphabet);
    checkSize(frame, sequences, options);
    return { warnings: [] };
  },

  run(inputs: Record<string, Frame>, options: SequenceOptions, ctx: EngineContext): Result {
    const started = performance.now();
    const frame = inputs.data;
    if (!frame) throw new InputError('sequence needs a dataset "data" (one row per customer)');
    ctx.progress(0, 'Reading the journeys');
    const sequences = encodeWide(frame, options.id, options.columns, options.alphabet);
    checkSize(frame, sequences, options);
    const ids = idsOf(frame, options, sequences);
    const timings: Record<string, number> = { encode_ms: performance.now() - started };

    const costs = substitutionCosts(sequences, options);
    const distanceStarted = performance.now();
    const distances = sequenceDistances(
      sequences,
      {
        method: options.distance.method,
        costs,
        indel: options.distance.method === 'LCS' ? 1 : options.distance.indel,
      },
      subMonitor(ctx, 0.02, 0.5),
    );
    timings.distances_ms = performance.now() - distanceStarted;

    const n = sequences.n;
    let distanceTable: Table | undefined;
    if (options.write_distances) {
      const rows: Cell[][] = [];
      for (let i = 0; i < n; i++) {
        if ((i & 63) === 0) ctx.checkCancelled();
        for (let j = i + 1; j < n; j++)
          rows.push([ids.cells[i]!, ids.cells[j]!, distances[condensedIndex(n, i, j)]!]);
      }
      distanceTable = makeTable(
        'Distances',
        [
          { name: 'i', type: ids.type },
          { name: 'j', type: ids.type },
          { name: 'distance', type: 'number' },
        ],
        rows,
      );
    }

    // hclust's ward.D2 squares the distances it is given (in place: the distances are not needed after).
    const wardStarted = performance.now();
    for (let p = 0; p < distances.length; p++) distances[p] = distances[p]! * distances[p]!;
    const tree = wardLinkageOfSquared(distances, n, subMonitor(ctx, 0.5, 0.95));
    const clusters = cutTree(tree, options.cluster.k);
    timings.ward_ms = performance.now() - wardStarted;

    ctx.checkCancelled();
    ctx.progress(0.96, 'Describing the journeys');
    const k = Math.min(options.cluster.k, n);
    const sizes = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) sizes[clusters[i]!]!++;
    const distribution = stateDistribution(sequences);
    const tables: Record<string, Table> = {
      clusters: makeTable(
        'Clusters',
        [
          { name: 'id', type: ids.type },
          { name: 'cluster', type: 'integer' },
        ],
        ids.cells.map((id, i) => [id, clusters[i]!]),
      ),
      cluster_sizes: makeTable(
        'Cluster sizes',
        [
          { name: 'cluster', type: 'integer' },
          { name: 'customers', type: 'integer' },
          { name: 'share', type: 'number' },
        ],
        Array.from({ length: k }, (_, c) => [c + 1, sizes[c + 1]!, sizes[c + 1]! / n]),
      ),
      frequent_sequences: frequentSequencesTable(frequentSequences(sequences)),
      state_distribution: stateDistributionTable(distribution),
      entropy: entropyTable(distribution),
      mean_time: meanTimeTable(meanTime(sequences)),
      substitution_costs: costsTable(sequences, costs),
      transition_rates: ratesTable(sequences),
      ...perClusterTables(sequences, clusters, k),
    };
    if (distanceTable) tables.distances = distanceTable;
    timings.total_ms = performance.now() - started;
    ctx.progress(1, 'Done');
    return {
      kind: 'sequence',
      version: sequenceDefinition.version,
      options,
      tables,
      warnings: [],
      backend: 'js',
      timings,
    };
  },
};

/** Two customers at least; Ward keeps n (n - 1) / 2 distances, so at most maxHierarchicalRows. */
function checkSize(frame: Frame, sequences: EncodedSequences, options: SequenceOptions): void {
  if (sequences.n < 2) {
    throw new InputError(
      `data "${frame.name}": ${sequences.n} customer${sequences.n === 1 ? '' : 's'}; distances and clusters need at least two`,
    );
  }
  if (sequences.n > maxHierarchicalRows) {
    throw new InputError(
      `data "${frame.name}": ${sequences.n} customers; Ward's clustering keeps every pairwise distance and is ` +
        `limited to ${maxHierarchicalRows} customers here; analyse a sample`,
      { option: 'cluster' },
    );
  }
  if (options.cluster.k > sequences.n) {
    throw new InputError(`option cluster.k: ${options.cluster.k} clusters of ${sequences.n} customers`, {
      option: 'cluster',
    });
  }
}
