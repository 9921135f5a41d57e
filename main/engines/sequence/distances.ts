// Pairwise distances between customers' sequences, as TraMineR's seqdist:
//   OM   optimal matching: the edit distance with one indel cost and the substitution costs,
//        F[i][0] = i indel, F[0][j] = j indel, F[i][j] = min(min(F[i-1][j], F[i][j-1]) + indel,
//        F[i-1][j-1] + sm[x_i][y_j]) (sm 0 on the diagonal); sequences may differ in length.
//   HAM  sum over periods of sm[x_t][y_t] (equal lengths, no indels).
//   DHD  the same with a cost matrix per period (time-varying TRATE).
//   LCS  OM with indel 1 and substitution 2: |x| + |y| - 2 LLCS(x, y).
// then seqdist's normalisation (normalise.ts). Identical sequences are computed once: the
// distinct sequences are sorted, put in a prefix trie (OM) and their distances written to
// every pair of their customers by the kernel (distance-kernel.ts), on all cores when the
// job host lends its workers: first the distinct sequences' condensed matrix (u (u - 1) / 2
// doubles), then every pair of customers from it in R's `dist` layout (pair i < j at
// condensedIndex), n (n - 1) / 2 doubles on a SharedArrayBuffer, which Ward then works on in
// place. The distinct matrix is kept for the quality table (Ward overwrites the other), so
// the distances take (n² + u²) / 2 doubles, u = n when no two journeys are alike.
// Cost: see distance-kernel.ts; O(u T log u) to sort the distinct sequences.
import type { ParallelRunner } from '../engine.ts';
import { subMonitor, type WorkMonitor } from '../common/work-monitor.ts';
import { hugePageDoubles } from '../common/huge-page-doubles.ts';
import { VOID_CODE, type EncodedSequences } from './sequences.ts';
import type { SubstitutionCosts } from './substitution-costs.ts';
import { largestPositionDistance, repeatCosts } from './substitution-costs.ts';
import { omMaxSubstitutionCost, type NormCode } from './normalise.ts';
import {
  qualityOffsets,
  runPart,
  tasksOf,
  type DistanceWork,
  type QualityInput,
  type QualitySums,
  type SequenceTrie,
} from './distance-kernel.ts';

export type DistanceMethod = 'OM' | 'HAM' | 'DHD' | 'LCS';

/** The kernel's input but for what a run adds (mode, matrices, task counter). */
export type PreparedWork = Omit<DistanceWork, 'mode' | 'compact' | 'out' | 'next' | 'quality' | 'taskCount'>;

/** The distinct sequences' distances (sorted order), kept for the quality table. */
export interface DistinctDistances {
  work: PreparedWork;
  /** u (u - 1) / 2 doubles on a SharedArrayBuffer. */
  compact: Float64Array;
  /** Whether the job's workers have been started for these distances (later passes use them too). */
  pooled: boolean;
}

export interface DistanceSettings {
  method: DistanceMethod;
  /** K x K (OM, HAM, LCS) or per period (DHD). */
  costs: SubstitutionCosts;
  /** OM (1 for LCS). */
  indel: number;
  norm: NormCode;
}

const kernelUrl = new URL('./distance-kernel.ts', import.meta.url).href;
/** The trie's vectors per worker: above this OM runs one DP per pair. */
const TRIE_MEMORY_BYTES = 512 * 1024 * 1024;
/**
 * Below this many cell updates (about half a second on one core) the work stays on this thread:
 * a worker takes ~0.4 s to start (the TypeScript loader and the kernel) and slows this thread
 * while it does.
 */
const PARALLEL_MIN_CELLS = 4e8;
/** The same for writing every pair of customers (a few ns a pair) when no worker has started. */
const PARALLEL_MIN_PAIRS = 1e8;

/**
 * The distinct sequences in the trie's order (code order, the end of a journey first, so a
 * prefix sorts before its extensions): rows[s] is a customer with the s-th, of[i] is
 * customer i's. Each journey becomes a string of its codes + 1 with the end as 0, whose
 * default (code unit) sort is that order: one native sort of strings, not a comparator.
 */
export function distinctSequences(sequences: EncodedSequences): { rows: Int32Array; of: Int32Array } {
  const { codes, n, length: T } = sequences;
  const index = new Map<string, number>();
  const keys = new Array<string>(n);
  const chars = new Array<number>(T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const code = codes[i * T + t]!;
      chars[t] = code === VOID_CODE ? 0 : code + 1;
    }
    const key = String.fromCharCode.apply(null, chars);
    keys[i] = key;
    if (!index.has(key)) index.set(key, i);
  }
  const sorted = [...index.keys()].sort();
  const rows = new Int32Array(sorted.length);
  sorted.forEach((key, s) => {
    rows[s] = index.get(key)!;
    index.set(key, s);
  });
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) of[i] = index.get(keys[i]!)!;
  return { rows, of };
}

/** The prefix trie of the sorted distinct sequences (nodes in preorder). */
function buildTrie(codes: Uint8Array, lengths: Int32Array, T: number, workers: number): SequenceTrie {
  const u = lengths.length;
  let nodes = 1;
  const common = new Int32Array(u);
  for (let s = 1; s < u; s++) {
    let p = 0;
    while (p < lengths[s - 1]! && p < lengths[s]! && codes[(s - 1) * T + p] === codes[s * T + p]) p++;
    common[s] = p;
  }
  for (let s = 0; s < u; s++) nodes += lengths[s]! - common[s]!;
  const parent = new Int32Array(nodes);
  const state = new Uint8Array(nodes);
  const depth = new Int32Array(nodes);
  const terminal = new Int32Array(nodes).fill(-1);
  const firstSequence = new Int32Array(nodes);
  const nodeOf = new Int32Array(u);
  const path = new Int32Array(T + 1);
  let next = 1;
  for (let s = 0; s < u; s++) {
    for (let p = common[s]!; p < lengths[s]!; p++) {
      const node = next++;
      parent[node] = path[p]!;
      state[node] = codes[s * T + p]!;
      depth[node] = p + 1;
      firstSequence[node] = s;
      path[p + 1] = node;
    }
    const end = path[lengths[s]!]!;
    terminal[end] = s;
    nodeOf[s] = end;
  }
  // A subtree ends at the next node no deeper than its root.
  const subtreeEnd = new Int32Array(nodes).fill(nodes);
  const open: number[] = [];
  for (let x = 0; x < nodes; x++) {
    while (open.length > 0 && depth[open[open.length - 1]!]! >= depth[x]!) subtreeEnd[open.pop()!] = x;
    open.push(x);
  }
  // Tasks: the subtrees at the shallowest depth with enough of them to share, plus the
  // sequences that end above it.
  const counts = new Int32Array(T + 2);
  for (let x = 1; x < nodes; x++) counts[depth[x]!]!++;
  let split = 1;
  while (split < T && counts[split]! < 16 * workers) split++;
  const descend: number[] = [];
  const alone: number[] = [];
  for (let x = 1; x < nodes; x++) {
    if (depth[x] === split) descend.push(x);
    else if (depth[x]! < split && terminal[x]! >= 0) alone.push(x);
  }
  // Largest subtrees first, so the last tasks are small ones.
  descend.sort((a, b) => subtreeEnd[b]! - b - (subtreeEnd[a]! - a) || a - b);
  const taskNode = Int32Array.from([...descend, ...alone]);
  const taskDescends = Uint8Array.from([...descend.map(() => 1), ...alone.map(() => 0)]);
  return { parent, state, depth, terminal, firstSequence, subtreeEnd, nodeOf, taskNode, taskDescends };
}

/** Everything the kernel needs but the output, with the distinct sequences sorted. */
export function prepareDistanceWork(
  sequences: EncodedSequences,
  settings: DistanceSettings,
  workers: number,
): { work: PreparedWork; cells: number } {
  const { n, length: T } = sequences;
  const { rows, of } = distinctSequences(sequences);
  const u = rows.length;
  const codes = new Uint8Array(u * T);
  const lengths = new Int32Array(u);
  rows.forEach((row, s) => {
    codes.set(sequences.codes.subarray(row * T, (row + 1) * T), s * T);
    lengths[s] = sequences.lengths[row]!;
  });
  const memberStart = new Int32Array(u + 1);
  for (let i = 0; i < n; i++) memberStart[of[i]! + 1]!++;
  for (let s = 0; s < u; s++) memberStart[s + 1]! += memberStart[s]!;
  const members = new Int32Array(n);
  const fill = memberStart.slice(0, u);
  for (let i = 0; i < n; i++) members[fill[of[i]!]!++] = i;

  const { method, indel, norm } = settings;
  const K = settings.costs.states;
  const edit = method === 'OM' || method === 'LCS';
  const costs = method === 'HAM' ? repeatCosts(settings.costs, T) : settings.costs;
  const base = {
    method: edit ? ('OM' as const) : ('POSITION' as const),
    n,
    u,
    states: K,
    length: T,
    codes,
    lengths,
    memberStart,
    members,
    costs: costs.costs,
    indel,
    norm,
    maxCost: edit ? omMaxSubstitutionCost(costs.costs, K, indel, norm) : largestPositionDistance(costs),
  };
  const prepared = { ...base, sequenceOf: of };
  const pairs = (u * (u - 1)) / 2;
  if (!edit) return { work: prepared, cells: pairs * T };
  const trie = buildTrie(codes, lengths, T, workers);
  const nodes = trie.parent.length;
  if ((T + 1) * nodes * 8 <= TRIE_MEMORY_BYTES)
    return { work: { ...prepared, trie }, cells: (nodes * nodes) / 2 };
  return { work: prepared, cells: pairs * T * T };
}

/**
 * Runs the kernel's parts: this thread takes tasks at once while, with `useWorkers`, the other
 * cores' workers start (or are there already) and join in (they take whatever tasks are left,
 * none when they come too late), so starting them never delays a run.
 */
async function runKernel<T>(
  work: DistanceWork,
  useWorkers: boolean,
  units: number,
  monitor: WorkMonitor,
  message: string,
  parallel: ParallelRunner | undefined,
): Promise<T[]> {
  let here = 0;
  let there = 0;
  const onProgress = (): void => monitor.progress(units > 0 ? (here + there) / units : 1, message);
  const helpers =
    parallel && useWorkers && parallel.workers > 1
      ? parallel.run<T>(kernelUrl, work, parallel.workers - 1, (done) => {
          there = done;
          onProgress();
        })
      : undefined;
  let mine: T;
  try {
    mine = runPart(work, 0, (step) => {
      monitor.checkCancelled();
      here += step;
      onProgress();
    }) as T;
  } catch (err) {
    // The pool stops its workers itself once it sees the job cancelled.
    helpers?.catch(() => {});
    throw err;
  }
  return helpers ? [mine, ...(await helpers)] : [mine];
}

/** Whether there are workers to lend a hand, and `amount` of work is worth starting them (at least `threshold`). */
function worthWorkers(amount: number, threshold: number, parallel: ParallelRunner | undefined): boolean {
  return !!parallel && parallel.workers > 1 && amount >= threshold;
}

/** A run of the kernel in `mode` over prepared work. */
function kernelRun(
  work: PreparedWork,
  mode: DistanceWork['mode'],
  compact: Float64Array,
  out: Float64Array,
  quality?: QualityInput,
): DistanceWork {
  const run: DistanceWork = {
    ...work,
    mode,
    compact,
    out,
    next: sharedCounter(),
    taskCount: 0,
    ...(quality ? { quality } : {}),
  };
  run.taskCount = tasksOf(run);
  return run;
}

function sharedCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/**
 * The condensed n x n distances (R `dist` order) between all customers, on a
 * SharedArrayBuffer, and the distinct sequences' distances they were expanded from.
 */
export async function customerDistances(
  sequences: EncodedSequences,
  settings: DistanceSettings,
  monitor: WorkMonitor,
  parallel?: ParallelRunner,
): Promise<{ distances: Float64Array; distinct: DistinctDistances }> {
  const { n } = sequences;
  const { work, cells } = prepareDistanceWork(sequences, settings, parallel?.workers ?? 1);
  const { u } = work;
  const compact = hugePageDoubles((u * (u - 1)) / 2, true);
  const pairs = (u * (u - 1)) / 2;
  // Once started for the distances, the workers write every pair too, whatever their number.
  const pooled = worthWorkers(cells, PARALLEL_MIN_CELLS, parallel);
  await runKernel(
    kernelRun(work, 'distinct', compact, new Float64Array(0)),
    pooled,
    pairs,
    subMonitor(monitor, 0, 0.85),
    'Distances',
    parallel,
  );
  const pairsOfCustomers = (n * (n - 1)) / 2;
  const expandPooled = pooled || worthWorkers(pairsOfCustomers, PARALLEL_MIN_PAIRS, parallel);
  const distances = hugePageDoubles(pairsOfCustomers, true);
  await runKernel(
    kernelRun(work, 'expand', compact, distances),
    expandPooled,
    n,
    subMonitor(monitor, 0.85, 1),
    'Distances for every pair of customers',
    parallel,
  );
  monitor.progress(1, 'Distances');
  return { distances, distinct: { work, compact, pooled: expandPooled } };
}

/** The condensed n x n distances (R `dist` order) between all customers. */
export async function sequenceDistances(
  sequences: EncodedSequences,
  settings: DistanceSettings,
  monitor: WorkMonitor,
  parallel?: ParallelRunner,
): Promise<Float64Array> {
  return (await customerDistances(sequences, settings, monitor, parallel)).distances;
}

/** Per partition (k = 2 .. kMax cut from the tree): average silhouette width and R². */
export interface PartitionQuality {
  k: number;
  /** Average silhouette width (cluster::silhouette: 0 for a customer alone in a cluster). */
  asw: number;
  /** Share of the discrepancy explained: 1 - sum over clusters of SS_c / SS_total (SS = sum of squared distances / customers). */
  r2: number;
}

/**
 * The quality of each partition (cluster labels 1..k per customer, one array per k), from
 * the distinct sequences' distances (Ward has overwritten the customers' matrix by then).
 */
export async function partitionQuality(
  distinct: DistinctDistances,
  partitions: { k: number; clusters: Int32Array }[],
  monitor: WorkMonitor,
  parallel?: ParallelRunner,
): Promise<PartitionQuality[]> {
  const { work, compact } = distinct;
  const { u, n, memberStart, members } = work;
  const P = partitions.length;
  const sizes = Int32Array.from(partitions, (p) => p.k);
  // Customers of each distinct sequence per cluster, per partition.
  const start = new Int32Array(u * P + 1);
  const clusterList: number[] = [];
  const countList: number[] = [];
  const tally = new Int32Array(Math.max(...sizes, 1) + 1);
  for (let s = 0; s < u; s++) {
    for (let p = 0; p < P; p++) {
      start[s * P + p] = clusterList.length;
      const labels = partitions[p]!.clusters;
      for (let m = memberStart[s]!; m < memberStart[s + 1]!; m++) tally[labels[members[m]!]!]!++;
      for (let c = 1; c <= sizes[p]!; c++) {
        if (tally[c]! > 0) {
          clusterList.push(c - 1);
          countList.push(tally[c]!);
          tally[c] = 0;
        }
      }
    }
  }
  start[u * P] = clusterList.length;
  const quality: QualityInput = {
    partitions: P,
    sizes,
    start,
    clusters: Uint8Array.from(clusterList),
    counts: Int32Array.from(countList),
  };
  const pairs = (u * (u - 1)) / 2;
  const parts = await runKernel<QualitySums>(
    kernelRun(work, 'quality', compact, new Float64Array(0), quality),
    distinct.pooled || worthWorkers(pairs * P, PARALLEL_MIN_CELLS, parallel),
    u * (u - 1),
    monitor,
    'Cluster quality',
    parallel,
  );
  const { offset, width } = qualityOffsets(sizes);
  const sumsTo = new Float64Array(u * width);
  const within = new Float64Array(width);
  let total = 0;
  for (const part of parts) {
    for (let k = 0; k < sumsTo.length; k++) sumsTo[k]! += part.sumsTo[k]!;
    for (let k = 0; k < within.length; k++) within[k]! += part.within[k]!;
    total += part.total;
  }
  const sequenceOf = new Int32Array(n);
  for (let s = 0; s < u; s++)
    for (let m = memberStart[s]!; m < memberStart[s + 1]!; m++) sequenceOf[members[m]!] = s;
  return partitions.map(({ k, clusters }, p) => {
    const clusterSizes = new Float64Array(k);
    for (let i = 0; i < n; i++) clusterSizes[clusters[i]! - 1]!++;
    let silhouettes = 0;
    for (let i = 0; i < n; i++) {
      const own = clusters[i]! - 1;
      if (clusterSizes[own]! <= 1) continue;
      const row = sequenceOf[i]! * width + offset[p]!;
      const a = sumsTo[row + own]! / (clusterSizes[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++)
        if (c !== own && clusterSizes[c]! > 0) b = Math.min(b, sumsTo[row + c]! / clusterSizes[c]!);
      const largest = Math.max(a, b);
      if (largest > 0 && Number.isFinite(b)) silhouettes += (b - a) / largest;
    }
    let withinShare = 0;
    for (let c = 0; c < k; c++)
      if (clusterSizes[c]! > 0) withinShare += within[offset[p]! + c]! / clusterSizes[c]!;
    const totalShare = total / n;
    return { k, asw: silhouettes / n, r2: totalShare > 0 ? 1 - withinShare / totalShare : 0 };
  });
}
