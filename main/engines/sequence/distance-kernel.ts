// The distance kernel, in three modes that run as parts on worker threads
// (EngineContext.parallel), each part taking tasks from a shared counter until none are left,
// or in turn on one thread:
//   distinct  the distances of the u distinct sequences (sorted), into `compact`, their
//             condensed u x u matrix, each sequence's row written in order;
//   expand    every pair of customers of the condensed n x n matrix (R's `dist` order) from
//             `compact`: a block of sequences' whole rows is gathered first (row segments of
//             the earlier sequences, so every read is sequential), then each of their
//             customers' rows is written in order (a pair's distance written straight from the
//             distinct pass lands at a random place, and at 20,000 customers those cache
//             misses took longer than the distances);
//   quality   the sums of distances by cluster for the quality table, from `compact`.
//
// OM (and LCS, which is OM with indel 1 and substitution 2) on a prefix trie. F(x, y), the
// edit distance of prefixes, depends only on those prefixes, so it is computed once per
// pair of trie nodes instead of once per pair of sequences and cell:
//   V_X[Y] = min(min(V_parent(X)[Y], V_X[parent(Y)]) + indel, V_parent(X)[parent(Y)] + sm(x, y))
// with V_root[Y] = depth(Y) indel and V_X[root] = depth(X) indel: TraMineR's recurrence term
// for term (OMdistance.cpp). TraMineR skips common prefixes and suffixes and starts its DP
// again from i indel; the full DP reaches the same cells by adding indel i times, which gives
// the same doubles whenever those sums are exact (indel 1, 0.5, 2...; with indel 0.8 a few
// pairs differ by 1-2 ulp, test/unit/engines/sequence/traminer-options.test.ts). A
// depth-first walk of the trie keeps a vector per node on its path (and per sibling still to
// walk). The sequences are sorted, so the sequences after s are the trie nodes at and after
// the node of s + 1 in preorder plus that node's ancestors, and node X only fills those after
// its first sequence. Journeys that share beginnings (most of them) share their cells: on
// the journeys fixture 3.3 times fewer cells than a DP per pair.
// When the trie's vectors would take too much memory (long sequences, many of them) OM falls
// back to one DP per pair. HAM and DHD sum a cost per position (costs per period for DHD).
// Cost: OM O(N^2 / 2) cells for N trie nodes (at most u T), else O(u^2 T^2); HAM and DHD
// O(u^2 T); then one write per pair of customers, n (n - 1) / 2, and the quality sums
// O(u^2 P) for P partitions. Memory: the two condensed matrices, n (n - 1) / 2 and
// u (u - 1) / 2 doubles.
import { normaliseDistance, type NormCode } from './normalise.ts';
import { blockLevel, MAX_CHAIN, trieWalk, type TrieWalk, type VectorRef } from './trie-fill.ts';

/** Where level i of a chain of `count` nodes is kept: the chain block, or `last` for the last. */
function chainRef(i: number, count: number, last: number): VectorRef {
  return i < count - 1 ? blockLevel(i) : last;
}

export const VOID = 255;

export interface DistanceWork {
  /** OM: edit distance (OM and LCS); POSITION: a cost per position (HAM, DHD). */
  method: 'OM' | 'POSITION';
  /** Customers. */
  n: number;
  /** Distinct sequences, sorted (code order, a prefix before its extensions). */
  u: number;
  /** Alphabet size (the missing state included when it is one). */
  states: number;
  /** The longest sequence. */
  length: number;
  /** u x length codes, VOID after a sequence's end. */
  codes: Uint8Array;
  lengths: Int32Array;
  /** The customers of distinct sequence s: members[memberStart[s] .. memberStart[s + 1]), ascending. */
  memberStart: Int32Array;
  members: Int32Array;
  /** OM: K x K; POSITION: length x K x K (one matrix per period). */
  costs: Float64Array;
  indel: number;
  norm: NormCode;
  /** OM: the largest substitution cost used by the normalisations; POSITION: the largest possible distance. */
  maxCost: number;
  trie?: SequenceTrie;
  /** The tasks: trie nodes (with `descend` whether the task walks the node's subtree) or blocks of rows. */
  taskCount: number;
  /** What this run does (see the header). */
  mode: 'distinct' | 'expand' | 'quality';
  /** u (u - 1) / 2 doubles on a SharedArrayBuffer: the distinct sequences' distances. */
  compact: Float64Array;
  /** expand: n (n - 1) / 2 doubles on a SharedArrayBuffer. */
  out: Float64Array;
  /** expand: each customer's distinct sequence (its sorted index). */
  sequenceOf: Int32Array;
  /** One Int32 on a SharedArrayBuffer: the next task. */
  next: Int32Array;
  /** quality: the partitions to sum the distances by. */
  quality?: QualityInput;
  /** Walk the trie with the JavaScript loop instead of WebAssembly's (the tests compare them). */
  plainLoop?: boolean;
}

/**
 * The partitions the quality table scores (k = 2 .. kMax), as counts: the customers of
 * distinct sequence s in cluster c of partition p are counts[start[s * P + p] + e] for
 * e < start[s * P + p + 1] - start[s * P + p], in cluster clusters[...] (0-based).
 */
export interface QualityInput {
  partitions: number;
  /** Clusters in partition p (k values). */
  sizes: Int32Array;
  start: Int32Array;
  clusters: Uint8Array;
  counts: Int32Array;
}

/** What a part sums in quality mode (added up over the parts by the engine). */
export interface QualitySums {
  /** sumsTo[s * width + offset[p] + c]: sum of distances from sequence s to the customers of cluster c of partition p. */
  sumsTo: Float64Array;
  /** within[offset[p] + c]: sum of squared distances between customers of cluster c. */
  within: Float64Array;
  /** Sum of squared distances over all pairs of customers. */
  total: number;
}

/** Where partition p's clusters start in a row of QualitySums.sumsTo, and the row width. */
export function qualityOffsets(sizes: Int32Array): { offset: Int32Array; width: number } {
  const offset = new Int32Array(sizes.length);
  let width = 0;
  sizes.forEach((k, p) => {
    offset[p] = width;
    width += k;
  });
  return { offset, width };
}

export interface SequenceTrie {
  /** Nodes in preorder; node 0 is the root (the empty prefix). */
  parent: Int32Array;
  state: Uint8Array;
  depth: Int32Array;
  /** The distinct sequence ending at a node, else -1. */
  terminal: Int32Array;
  /** The first sequence (sorted order) in a node's subtree. */
  firstSequence: Int32Array;
  /** Preorder index just after a node's subtree. */
  subtreeEnd: Int32Array;
  /** The node where sequence s ends. */
  nodeOf: Int32Array;
  /** Task t starts at node taskNode[t]; it walks that node's subtree when taskDescends[t]. */
  taskNode: Int32Array;
  taskDescends: Uint8Array;
}

/** Rows of the per-pair methods handed out at a time. */
export const ROWS_PER_TASK = 4;

/** Sequences whose rows an expand task gathers together. */
export const SEQUENCES_PER_EXPAND_TASK = 32;

/** The number of tasks a mode hands out. */
export function tasksOf(work: Pick<DistanceWork, 'mode' | 'u' | 'trie'>): number {
  if (work.mode === 'expand') return Math.ceil(work.u / SEQUENCES_PER_EXPAND_TASK);
  if (work.mode === 'quality') return Math.ceil(work.u / SEQUENCES_PER_EXPAND_TASK);
  return work.trie ? work.trie.taskNode.length : Math.ceil(work.u / ROWS_PER_TASK);
}

/** A part: takes tasks until none are left. Reports work in pairs of distinct sequences (expand: customers). */
export function runPart(
  work: DistanceWork,
  _part: number,
  report: (units: number) => void,
): QualitySums | number {
  if (work.mode === 'expand') return expand(work, report);
  if (work.mode === 'quality') return qualitySums(work, work.quality!, report);
  const { compact, u } = work;
  const deliver: Deliver = (s, t, value) => {
    compact[t + s * u - ((s + 1) * (s + 2)) / 2] = value;
  };
  // Row s holds the pairs (s, s + 1 .. u - 1), one after the other.
  const deliverRow: DeliverRow = (s, values) => compact.set(values, condensed(u, s, s + 1));
  return work.method === 'OM' && work.trie
    ? trieDistances(work, report, deliver, deliverRow)
    : pairDistances(work, report, deliver);
}

type Deliver = (s: number, t: number, value: number) => void;
/** Pairs (s, s + 1 .. u - 1), unnormalised distances, in order. */
type DeliverRow = (s: number, values: Float64Array) => void;

/** Offset of pair (s, t), s < t, in a condensed matrix of `size` rows. */
function condensed(size: number, s: number, t: number): number {
  return t + s * size - ((s + 1) * (s + 2)) / 2;
}

/**
 * Takes blocks of SEQUENCES_PER_EXPAND_TASK sequences until none are left and hands each
 * sequence's whole row of the u x u matrix, gathered a block at a time (so every read of
 * `compact` is sequential), to `visit`: rows[at + t] is the distance from s to t.
 */
function forEachWholeRow(
  work: DistanceWork,
  visit: (s: number, rows: Float64Array, at: number) => void,
): void {
  const { compact, u } = work;
  const block = SEQUENCES_PER_EXPAND_TASK;
  const rows = new Float64Array(block * u);
  for (;;) {
    const task = Atomics.add(work.next, 0, 1);
    if (task * block >= u) break;
    const first = task * block;
    const last = Math.min(u, first + block);
    gatherRows(compact, u, first, last, rows);
    for (let s = first; s < last; s++) visit(s, rows, (s - first) * u);
  }
}

function expand(work: DistanceWork, report: (units: number) => void): number {
  const { out, n, memberStart, members, sequenceOf } = work;
  let customers = 0;
  forEachWholeRow(work, (s, rows, row) => {
    for (let m = memberStart[s]!; m < memberStart[s + 1]!; m++) {
      const i = members[m]!;
      const offset = i * n - ((i + 1) * (i + 2)) / 2;
      for (let j = i + 1; j < n; j++) out[offset + j] = rows[row + sequenceOf[j]!]!;
      customers++;
    }
    report(memberStart[s + 1]! - memberStart[s]!);
  });
  return customers;
}

/** Row s of the full u x u matrix into `row` (column s of the earlier rows, then row s). */
function gatherRows(compact: Float64Array, u: number, first: number, last: number, rows: Float64Array): void {
  for (let t = 0; t < first; t++) {
    const base = condensed(u, t, first);
    for (let s = first; s < last; s++) rows[(s - first) * u + t] = compact[base + s - first]!;
  }
  for (let s = first; s < last; s++) {
    const row = (s - first) * u;
    rows[row + s] = 0;
    for (let t = first; t < s; t++) rows[row + t] = compact[condensed(u, t, s)]!;
    const base = condensed(u, s, s + 1);
    for (let t = s + 1; t < u; t++) rows[row + t] = compact[base + t - s - 1]!;
  }
}

/**
 * Sums the distances by cluster for every sequence's whole row (gathered a block at a time, so
 * only the row's own sums are written): sumsTo[s] over every t, and the squared sums of the
 * pairs in one cluster and of all pairs (each pair met from both ends, so halved at the end).
 */
function qualitySums(
  work: DistanceWork,
  quality: QualityInput,
  report: (units: number) => void,
): QualitySums {
  const { offset, width } = qualityOffsets(quality.sizes);
  const P = quality.partitions;
  const { start, clusters, counts } = quality;
  const { u, memberStart } = work;
  const sums: QualitySums = {
    sumsTo: new Float64Array(u * width),
    within: new Float64Array(width),
    total: 0,
  };
  const { sumsTo, within } = sums;
  // The one cluster of all a sequence's customers in partition p, or -1 when they are split.
  const single = new Int32Array(u * P);
  for (let k = 0; k < u * P; k++) single[k] = start[k + 1]! - start[k]! === 1 ? clusters[start[k]!]! : -1;
  const customers = new Float64Array(u);
  for (let t = 0; t < u; t++) customers[t] = memberStart[t + 1]! - memberStart[t]!;
  let total = 0;
  forEachWholeRow(work, (s, rows, row) => {
    const own = s * width;
    const sCustomers = customers[s]!;
    for (let t = 0; t < u; t++) {
      if (t === s) continue;
      const value = rows[row + t]!;
      const tCustomers = customers[t]!;
      const squared = value * value * sCustomers * tCustomers;
      total += squared;
      for (let p = 0; p < P; p++) {
        const at = own + offset[p]!;
        const tCluster = single[t * P + p]!;
        const sCluster = single[s * P + p]!;
        if (tCluster >= 0 && sCluster >= 0) {
          sumsTo[at + tCluster]! += value * tCustomers;
          if (tCluster === sCluster) within[offset[p]! + tCluster]! += squared;
          continue;
        }
        const tFrom = start[t * P + p]!;
        const tTo = start[t * P + p + 1]!;
        for (let e = tFrom; e < tTo; e++) sumsTo[at + clusters[e]!]! += value * counts[e]!;
        for (let e = start[s * P + p]!; e < start[s * P + p + 1]!; e++)
          for (let f = tFrom; f < tTo; f++)
            if (clusters[f] === clusters[e])
              within[offset[p]! + clusters[e]!]! += value * value * counts[e]! * counts[f]!;
      }
    }
    report(u - 1);
  });
  sums.total = total / 2;
  for (let k = 0; k < within.length; k++) within[k] = within[k]! / 2;
  return sums;
}

/** The per-state cost vectors of the trie walk, when they take at most this much. */
const NODE_COSTS_BYTES = 64 * 1024 * 1024;

/**
 * The trie walk's inner loop, V_X[y] for y in [start, end): a function of its own with
 * everything passed in, so the compiler keeps it all in registers.
 */
function fillNodes(
  previous: Float64Array,
  current: Float64Array,
  parent: Int32Array,
  substitution: Float64Array,
  indel: number,
  start: number,
  end: number,
): void {
  for (let y = start; y < end; y++) {
    const up = parent[y]!;
    const a = previous[y]!;
    const b = current[up]!;
    const indelCost = (a < b ? a : b) + indel;
    const substituted = previous[up]! + substitution[y]!;
    current[y] = substituted < indelCost ? substituted : indelCost;
  }
}

/**
 * V_X over the ancestors[0..count) of the first node a walk fills (deepest first in the
 * array, so filled from the end): the nodes before it in preorder that later ones hang from.
 */
function fillAncestors(
  previous: Float64Array,
  current: Float64Array,
  ancestors: Int32Array,
  count: number,
  parent: Int32Array,
  state: Uint8Array,
  costs: Float64Array,
  row: number,
  indel: number,
): void {
  for (let c = count - 1; c >= 0; c--) {
    const y = ancestors[c]!;
    const up = parent[y]!;
    const a = previous[y]!;
    const b = current[up]!;
    const indelCost = (a < b ? a : b) + indel;
    const substitution = previous[up]! + costs[row + state[y]!]!;
    current[y] = substitution < indelCost ? substitution : indelCost;
  }
}

function trieDistances(
  work: DistanceWork,
  report: (units: number) => void,
  deliver: Deliver,
  deliverRow: DeliverRow,
): number {
  const trie = work.trie!;
  const { parent, state, depth, terminal, firstSequence, subtreeEnd, nodeOf, taskNode, taskDescends } = trie;
  const { costs, indel, states: K, u, lengths, norm, maxCost } = work;
  const N = parent.length;
  let maxDepth = 0;
  for (let x = 0; x < N; x++) if (depth[x]! > maxDepth) maxDepth = depth[x]!;
  // The WebAssembly walk when its memory fits, else the same loop in JavaScript
  // (work.plainLoop forces it, for the tests).
  let siblings = 1;
  const children = new Int32Array(N);
  for (let y = 1; y < N; y++) siblings = Math.max(siblings, ++children[parent[y]!]!);
  const walk = work.plainLoop
    ? undefined
    : trieWalk(parent, state, trie.nodeOf, costs, K, (maxDepth + 1) * siblings, maxDepth, indel);
  if (walk) return walkTrie(work, walk, maxDepth, report, deliver, deliverRow);
  const vectors = Array.from({ length: maxDepth + 1 }, () => new Float64Array(N));
  const root = vectors[0]!;
  for (let y = 0; y < N; y++) root[y] = depth[y]! * indel;
  const ancestors = new Int32Array(maxDepth + 1);
  // Per state of X, the substitution cost to every node's state (one load less per cell).
  const nodeCosts =
    K * N * 8 <= NODE_COSTS_BYTES
      ? Array.from({ length: K }, (_, xs) => {
          const vector = new Float64Array(N);
          for (let y = 1; y < N; y++) vector[y] = costs[xs * K + state[y]!]!;
          return vector;
        })
      : undefined;
  let pairs = 0;

  /** V_X over the nodes that sequences after `first` need. */
  const fill = (x: number, first: number): boolean => {
    if (first >= u - 1) return false;
    const d = depth[x]!;
    const previous = vectors[d - 1]!;
    const current = vectors[d]!;
    const row = state[x]! * K;
    current[0] = d * indel;
    const start = nodeOf[first + 1]!;
    let count = 0;
    for (let y = parent[start]!; y > 0; y = parent[y]!) ancestors[count++] = y;
    fillAncestors(previous, current, ancestors, count, parent, state, costs, row, indel);
    if (nodeCosts) fillNodes(previous, current, parent, nodeCosts[state[x]!]!, indel, start, N);
    else {
      for (let y = start; y < N; y++) {
        const up = parent[y]!;
        const a = previous[y]!;
        const b = current[up]!;
        const indelCost = (a < b ? a : b) + indel;
        const substitution = previous[up]! + costs[row + state[y]!]!;
        current[y] = substitution < indelCost ? substitution : indelCost;
      }
    }
    return true;
  };

  const emit = (x: number): void => {
    const s = terminal[x]!;
    if (s < 0) return;
    const current = vectors[depth[x]!]!;
    const m = lengths[s]!;
    for (let t = s + 1; t < u; t++) {
      const raw = current[nodeOf[t]!]!;
      deliver(s, t, normaliseDistance(norm, raw, m, lengths[t]!, indel, maxCost, true));
    }
    pairs += u - 1 - s;
    report(u - 1 - s);
  };

  for (;;) {
    const task = Atomics.add(work.next, 0, 1);
    if (task >= work.taskCount) break;
    const top = taskNode[task]!;
    const first = firstSequence[top]!;
    // The chain from the root to the task's node, for the sequences the task needs.
    let count = 0;
    for (let y = parent[top]!; y > 0; y = parent[y]!) ancestors[count++] = y;
    const chain = ancestors.slice(0, count).reverse();
    for (const y of chain) fill(y, first);
    if (taskDescends[task]) {
      const end = subtreeEnd[top]!;
      for (let x = top; x < end; x++) if (fill(x, firstSequence[x]!)) emit(x);
    } else if (fill(top, first)) emit(top);
  }
  return pairs;
}

/**
 * Siblings filled in one pass at most: their vectors are held while the first one's subtree is
 * walked, so 4 at a time took 57 vectors at 1,000 customers where 2 take 34, and each first
 * touch of a page costs ~20 µs on a virtual machine (2 were ~7% faster there than 4 or 1).
 */
const SIBLING_GROUP = 2;

/**
 * The trie walk on WebAssembly, siblings together: a node's children are filled in one pass
 * from its vector (over the nodes the first child's sequences need, which cover the later
 * children's), each into a vector of its own, then each child's sequences are written and its
 * subtree walked in turn; an only child starts a chain of only children filled in one pass.
 * The same cells as trieDistances' per-node walk, and the same doubles (each cell is the same
 * operations on the same operands). Vectors are taken from a free list and given back once a
 * node's subtree is done, so the walk reuses a few vectors (their memory stays in cache and is
 * touched once) instead of one per depth and sibling.
 */
function walkTrie(
  work: DistanceWork,
  walk: TrieWalk,
  maxDepth: number,
  report: (units: number) => void,
  deliver: Deliver,
  deliverRow: DeliverRow,
): number {
  const trie = work.trie!;
  const { parent, state, depth, terminal, firstSequence, nodeOf, taskNode, taskDescends } = trie;
  const { indel, states: K, u, lengths, norm, maxCost } = work;
  const N = parent.length;
  // Children in order (preorder puts each child after its parent).
  const childStart = new Int32Array(N + 1);
  for (let y = 1; y < N; y++) childStart[parent[y]! + 1]!++;
  for (let x = 0; x < N; x++) childStart[x + 1]! += childStart[x]!;
  const childList = new Int32Array(Math.max(0, N - 1));
  const placed = childStart.slice(0, N);
  for (let y = 1; y < N; y++) childList[placed[parent[y]!]!++] = y;
  const ancestors = new Int32Array(maxDepth + 1);
  const statesOf = new Int32Array(Math.max(K, MAX_CHAIN) + 1);
  // The free vectors (a stack, so the most recently used is reused first).
  const free: number[] = [];
  let created = 0;
  const take = (): number => free.pop() ?? created++;
  const rootVector = take();
  const root = walk.vector(rootVector);
  for (let y = 0; y < N; y++) root[y] = depth[y]! * indel;
  let pairs = 0;

  /** The ancestors of the first node the sequences after `first` need, deepest first, into walk.path. */
  const path = walk.path;
  const ancestorsOf = (first: number): number => {
    let count = 0;
    for (let y = parent[nodeOf[first + 1]!]!; y > 0; y = parent[y]!) path[count++] = y;
    return count;
  };

  /**
   * Fills nodes kids[from..from + count) (siblings at depth d) into vectors[0..count) from
   * their parent's vector, for the sequences after `first`.
   */
  const fill = (
    d: number,
    parentVector: number,
    kids: Int32Array,
    from: number,
    count: number,
    vectors: Int32Array,
    first: number,
  ): void => {
    const chain = ancestorsOf(first);
    for (let i = 0; i < count; i++) {
      const x = kids[from + i]!;
      statesOf[i] = state[x]!;
      walk.setFirst(vectors[i]!, d * indel);
      walk.ancestors(parentVector, vectors[i]!, state[x]!, chain);
    }
    walk.fill(parentVector, vectors, statesOf, count, nodeOf[first + 1]!, N);
  };

  /**
   * Fills chainNodes[0..count) (each the only child of the one before, the first at depth d):
   * all but the last into the chain block's levels, the last into vector `last`.
   */
  const fillChain = (d: number, parentVector: number, count: number, last: number, first: number): void => {
    const chain = ancestorsOf(first);
    for (let i = 0; i < count; i++) {
      const x = chainNodes[i]!;
      statesOf[i] = state[x]!;
      const ref = chainRef(i, count, last);
      walk.setFirst(ref, (d + i) * indel);
      walk.ancestors(i === 0 ? parentVector : chainRef(i - 1, count, last), ref, state[x]!, chain);
    }
    walk.chain(parentVector, last, statesOf, count, nodeOf[first + 1]!, N);
  };

  /** The row of the sequence ending at x (if one does), from x's vector or block level. */
  const emit = (x: number, vector: VectorRef): void => {
    const s = terminal[x]!;
    if (s < 0) return;
    const row = walk.gather(vector, s + 1, u);
    if (norm === 0) deliverRow(s, row);
    else {
      const m = lengths[s]!;
      for (let t = s + 1; t < u; t++)
        deliver(s, t, normaliseDistance(norm, row[t - s - 1]!, m, lengths[t]!, indel, maxCost, true));
    }
    pairs += u - 1 - s;
    report(u - 1 - s);
  };

  const chainNodes = new Int32Array(MAX_CHAIN);
  // Vectors handed to a fill, per depth (a fill's array is in use until its subtree is done).
  const vectorsAt = Array.from({ length: maxDepth + 2 }, () => new Int32Array(Math.max(K, MAX_CHAIN) + 1));

  /**
   * x (at depth d) is in vector xVector: an only child starts a chain (up to MAX_CHAIN nodes
   * filled in one pass), several children are filled together; then each is written and walked.
   */
  const descend = (x: number, d: number, xVector: number): void => {
    const from = childStart[x]!;
    const count = childStart[x + 1]! - from;
    if (count === 0) return;
    const vectors = vectorsAt[d + 1]!;
    if (count === 1) {
      let length = 0;
      let node = childList[from]!;
      for (;;) {
        chainNodes[length++] = node;
        const next = childStart[node]!;
        if (length === MAX_CHAIN || childStart[node + 1]! - next !== 1) break;
        node = childList[next]!;
      }
      const first = firstSequence[chainNodes[0]!]!;
      if (first >= u - 1) return;
      const lastVector = take();
      fillChain(d + 1, xVector, length, lastVector, first);
      // The block's levels are written before the walk goes on (a deeper chain reuses the block).
      for (let i = 0; i < length; i++) emit(chainNodes[i]!, chainRef(i, length, lastVector));
      descend(chainNodes[length - 1]!, d + length, lastVector);
      free.push(lastVector);
      return;
    }
    for (let group = 0; group < count; group += SIBLING_GROUP) {
      const size = Math.min(SIBLING_GROUP, count - group);
      const first = firstSequence[childList[from + group]!]!;
      if (first >= u - 1) return;
      for (let i = 0; i < size; i++) vectors[i] = take();
      fill(d + 1, xVector, childList, from + group, size, vectors, first);
      const own = vectors.slice(0, size);
      for (let i = 0; i < size; i++) {
        const child = childList[from + group + i]!;
        emit(child, own[i]!);
        descend(child, d + 1, own[i]!);
        free.push(own[i]!);
      }
    }
  };

  const one = new Int32Array(1);
  const single = new Int32Array(1);
  for (;;) {
    const task = Atomics.add(work.next, 0, 1);
    if (task >= work.taskCount) break;
    const top = taskNode[task]!;
    const first = firstSequence[top]!;
    if (first >= u - 1) continue;
    // The chain from the root to the task's node, for the sequences the task needs.
    let count = 0;
    for (let y = top; y > 0; y = parent[y]!) ancestors[count++] = y;
    const path = ancestors.slice(0, count).reverse();
    const pathVectors: number[] = [];
    let above = rootVector;
    for (const y of path) {
      one[0] = y;
      single[0] = take();
      fill(depth[y]!, above, one, 0, 1, single, first);
      pathVectors.push(single[0]);
      above = single[0];
    }
    emit(top, above);
    if (taskDescends[task]) descend(top, depth[top]!, above);
    for (const v of pathVectors.reverse()) free.push(v);
  }
  return pairs;
}

function pairDistances(work: DistanceWork, report: (units: number) => void, deliver: Deliver): number {
  const { u, codes, lengths, costs, indel, states: K, length: T, norm, maxCost, method } = work;
  const plane = K * K;
  const previousRow = new Float64Array(T + 1);
  const currentRow = new Float64Array(T + 1);
  let pairs = 0;
  for (;;) {
    const task = Atomics.add(work.next, 0, 1);
    if (task >= work.taskCount) break;
    const last = Math.min(u, (task + 1) * ROWS_PER_TASK);
    for (let s = task * ROWS_PER_TASK; s < last; s++) {
      const x = s * T;
      const m = lengths[s]!;
      for (let t = s + 1; t < u; t++) {
        const y = t * T;
        const n = lengths[t]!;
        let raw = 0;
        if (method === 'POSITION') {
          const shortest = m < n ? m : n;
          for (let p = 0; p < shortest; p++) raw += costs[p * plane + codes[x + p]! * K + codes[y + p]!]!;
        } else {
          let previous = previousRow;
          let current = currentRow;
          for (let j = 0; j <= n; j++) previous[j] = j * indel;
          for (let i = 1; i <= m; i++) {
            current[0] = i * indel;
            const row = codes[x + i - 1]! * K;
            for (let j = 1; j <= n; j++) {
              const a = previous[j]!;
              const b = current[j - 1]!;
              const indelCost = (a < b ? a : b) + indel;
              const substitution = previous[j - 1]! + costs[row + codes[y + j - 1]!]!;
              current[j] = substitution < indelCost ? substitution : indelCost;
            }
            const swap = previous;
            previous = current;
            current = swap;
          }
          raw = previous[n]!;
        }
        deliver(s, t, normaliseDistance(norm, raw, m, n, indel, maxCost, method === 'OM'));
      }
      pairs += u - 1 - s;
      report(u - 1 - s);
    }
  }
  return pairs;
}
