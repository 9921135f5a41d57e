// The `sequence` engine (DESIGN.md section 4; TraMineR's conventions as the fixture READMEs
// spell them out):
//   1. read       wide, long or event-log data -> a grid of states (reshape.ts) -> state codes,
//                 the alphabet, missing periods as seqdef does (sequences.ts)
//   2. costs      TRATE, time-varying TRATE (DHD) or CONSTANT substitution costs
//                 (substitution-costs.ts; LCS: constant 2)
//   3. distances  OM, HAM, DHD or LCS between the distinct sequences, normalised as seqdist,
//                 written to every pair of customers in R's `dist` layout, on all cores
//                 (distances.ts, distance-kernel.ts)
//   4. cluster    hclust(ward.D2) on those distances (cluster/ward.ts), cut at k; the quality of
//                 every k from 2 to k_max (ASW, R²) from a second pass of the kernel
//   5. describe   state distribution and entropy per period, mean time per state, the most
//                 frequent sequences, transition rates, cluster sizes; the descriptions also
//                 per cluster (per-cluster.ts)
// Cost: the kernel's (O(N^2) trie cells for OM) twice, Ward's O(n^2) (worst O(n^3)) on
// n (n - 1) / 2 doubles, which is the memory bound.
import type { Engine, EngineContext } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Cell, Result, Table, TableColumnType } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import { sequenceDefinition, type SequenceOptions } from '../../../shared/analyses/sequence.ts';
import { subMonitor } from '../common/work-monitor.ts';
import { condensedIndex, maxHierarchicalRows, wardLinkageOfSquared } from '../cluster/ward.ts';
import { cutTree } from '../cluster/cutree.ts';
import { encodeGrid, type EncodedSequences } from './sequences.ts';
import { eventGrid, longGrid, wideGrid, type StateGrid } from './reshape.ts';
import {
  constantCosts,
  timeVaryingRateCosts,
  transitionRateCosts,
  transitionRates,
  type SubstitutionCosts,
} from './substitution-costs.ts';
import { clusterMembers, stackByCluster, subsetSequences } from './per-cluster.ts';
import { customerDistances, partitionQuality, type DistanceSettings } from './distances.ts';
import { resolveNorm } from './normalise.ts';
import { mergeMatrix } from './dendrogram.ts';
import { spsString } from './frequent-sequences.ts';
import { sequencePeriodOptions } from '../../../shared/analyses/sequence.ts';
import { stateDistribution } from './state-distribution.ts';
import { meanTime } from './mean-time.ts';
import { frequentSequences } from './frequent-sequences.ts';
import { entropyTable, frequentSequencesTable, meanTimeTable, stateDistributionTable } from './tables.ts';

/** The data as a grid of states, whatever its shape. */
function gridOf(frame: Frame, options: SequenceOptions): StateGrid {
  if (options.format === 'wide') return wideGrid(frame, options.id, options.columns ?? []);
  if (options.format === 'long') return longGrid(frame, options.id!, options.time!, options.state!);
  return eventGrid(
    frame,
    options.id!,
    options.time!,
    options.state!,
    options.period ?? sequencePeriodOptions.parse({}),
  );
}

/** The journeys the options describe, checked for what the distance needs. */
function readSequences(inputs: Record<string, Frame>, options: SequenceOptions): EncodedSequences {
  const frame = inputs.data;
  if (!frame) throw new InputError('sequence needs a dataset "data" (the journeys)');
  const sequences = encodeGrid(gridOf(frame, options), frame.name, options.alphabet, options.with_missing);
  checkSize(frame, sequences, options);
  const { method } = options.distance;
  if (method === 'HAM' || method === 'DHD') {
    const shorter = sequences.lengths.findIndex((length) => length !== sequences.length);
    if (shorter >= 0) {
      throw new InputError(
        `data "${frame.name}", customer ${sequences.ids[shorter]}: the journey ends after ${sequences.lengths[shorter]} ` +
          `of ${sequences.length} periods; ${method} compares journeys period by period and needs them all complete ` +
          '(choose OM or LCS for journeys of different lengths)',
        { option: 'distance' },
      );
    }
  }
  return sequences;
}

/** The substitution costs the options ask for (TraMineR's defaults: CONSTANT 2 for OM, 1 for HAM). */
function substitutionCosts(sequences: EncodedSequences, options: SequenceOptions): SubstitutionCosts {
  const K = sequences.alphabet.length;
  const { method, sm, cost } = options.distance;
  if (method === 'LCS') return constantCosts(K, 2);
  if (method === 'DHD') return timeVaryingRateCosts(sequences);
  if (sm === 'TRATE') return transitionRateCosts(sequences);
  return constantCosts(K, cost ?? (method === 'HAM' ? 1 : 2));
}

function distanceSettings(options: SequenceOptions, costs: SubstitutionCosts): DistanceSettings {
  const { method, indel, norm } = options.distance;
  return { method, costs, indel: method === 'LCS' ? 1 : indel, norm: resolveNorm(norm, method) };
}

/** from, to, cost (DHD: time, from, to, cost: one matrix per period). */
function costsTable(sequences: EncodedSequences, costs: SubstitutionCosts): Table {
  const { alphabet } = sequences;
  const K = alphabet.length;
  const rows: Cell[][] = [];
  if (costs.periods !== undefined) {
    for (let t = 0; t < costs.periods; t++)
      for (let a = 0; a < K; a++)
        for (let b = 0; b < K; b++)
          rows.push([sequences.periods[t]!, alphabet[a]!, alphabet[b]!, costs.costs[t * K * K + a * K + b]!]);
    return makeTable(
      'Substitution costs',
      [
        { name: 'time', type: 'string' },
        { name: 'from', type: 'string' },
        { name: 'to', type: 'string' },
        { name: 'cost', type: 'number' },
      ],
      rows,
    );
  }
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

/** from, to, rate: the pooled lag-1 transition rates (TraMineR's seqtrate), every pair of states. */
function ratesTable(sequences: EncodedSequences): Table {
  const { alphabet } = sequences;
  const K = sequences.states;
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
    cluster_transition_rates: stackByCluster(
      'Transition rates per cluster',
      groups.map((group) => ratesTable(group)),
    ),
  };
}

/** How ids go into tables: numbers when the id column is numeric (row numbers without one), else text. */
function idsOf(
  options: SequenceOptions,
  sequences: EncodedSequences,
): { type: TableColumnType; cells: Cell[] } {
  if (options.id === undefined) return { type: 'integer', cells: sequences.ids.map(Number) };
  if (sequences.idsAreNumbers) {
    const cells = sequences.ids.map(Number);
    return { type: cells.every(Number.isInteger) ? 'integer' : 'number', cells };
  }
  return { type: 'string', cells: [...sequences.ids] };
}

/** The options apart from the colours (which only the charts read). */
function withoutColours(options: unknown): string {
  if (typeof options !== 'object' || options === null) return JSON.stringify(options);
  return JSON.stringify({ ...options, colors: undefined });
}

export const sequenceEngine: Engine<SequenceOptions> = {
  definition: sequenceDefinition,

  check(inputs: Record<string, Frame>, options: SequenceOptions): { warnings: string[] } {
    readSequences(inputs, options);
    return { warnings: [] };
  },

  async run(inputs: Record<string, Frame>, options: SequenceOptions, ctx: EngineContext): Promise<Result> {
    const started = performance.now();
    // A change of colours only redraws: the last run's tables are kept.
    const previous = ctx.previous;
    if (previous && withoutColours(previous.options) === withoutColours(options)) {
      ctx.progress(1, 'Done');
      return { ...previous, options, warnings: [...previous.warnings] };
    }
    ctx.progress(0, 'Reading the journeys');
    const sequences = readSequences(inputs, options);
    delete inputs.data;
    const ids = idsOf(options, sequences);
    const timings: Record<string, number> = { encode_ms: performance.now() - started };
    const n = sequences.n;

    const costs = substitutionCosts(sequences, options);
    const settings = distanceSettings(options, costs);
    const distanceStarted = performance.now();
    const { distances, distinct } = await customerDistances(
      sequences,
      settings,
      subMonitor(ctx, 0.02, 0.45),
      ctx.parallel,
    );
    timings.distances_ms = performance.now() - distanceStarted;

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
    const tree = wardLinkageOfSquared(distances, n, subMonitor(ctx, 0.45, 0.7));
    const k = Math.min(options.cluster.k, n);
    const clusters = cutTree(tree, k);
    timings.ward_ms = performance.now() - wardStarted;

    const qualityStarted = performance.now();
    const largestK = Math.min(Math.max(options.cluster.k_max, k), n - 1, 50);
    const partitions: { k: number; clusters: Int32Array }[] = [];
    for (let q = 2; q <= largestK; q++)
      partitions.push({ k: q, clusters: q === k ? clusters : cutTree(tree, q) });
    const quality =
      partitions.length > 0
        ? await partitionQuality(distinct, partitions, subMonitor(ctx, 0.7, 0.94), ctx.parallel)
        : [];
    timings.quality_ms = performance.now() - qualityStarted;

    ctx.checkCancelled();
    ctx.progress(0.95, 'Describing the journeys');
    const sizes = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) sizes[clusters[i]!]!++;
    const distribution = stateDistribution(sequences);
    const tables: Record<string, Table> = {
      cluster_quality: makeTable(
        'Cluster quality',
        [
          { name: 'k', type: 'integer' },
          { name: 'asw', type: 'number' },
          { name: 'r2', type: 'number' },
        ],
        quality.map((row) => [row.k, row.asw, row.r2]),
      ),
      clusters: makeTable(
        'Clusters',
        [
          { name: 'id', type: ids.type },
          { name: 'cluster', type: 'integer' },
          { name: 'sequence', type: 'string' },
        ],
        ids.cells.map((id, i) => [id, clusters[i]!, spsString(sequences, i)]),
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
      dendrogram: makeTable(
        'Dendrogram',
        [
          { name: 'step', type: 'integer' },
          { name: 'left', type: 'integer' },
          { name: 'right', type: 'integer' },
          { name: 'height', type: 'number' },
          { name: 'size', type: 'integer' },
        ],
        mergeMatrix(tree).map((row, s) => [s + 1, row.left, row.right, row.height, row.size]),
      ),
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
