// The trie walk's inner loops (distance-kernel.ts) as hand-assembled WebAssembly functions:
//   for y in [start, end):
//     up = parent[y]
//     m  = (previous[y] < current[up] ? previous[y] : current[up]) + indel
//     s  = previous[up] + costs[state of X][state[y]]
//     current[y] = s < m ? s : m
// the same operations in the same order as the JavaScript loop, so the same doubles (the
// tests compare them bit for bit). The minimums are f64x2.pmin on lane 0 of 128-bit registers,
// which V8 compiles to one minpd: a scalar f64 `select` becomes a branch there, and the
// comparisons of real journeys are not predictable. Along a chain of the trie each cell waits
// for the one before it: the cell just computed stays in a register for the next node when
// that node is its first child (up = y - 1), so the wait is the arithmetic's alone, and the
// functions fill several nodes per pass (siblings, or a chain of only children) for the
// processor to overlap. On the benchmark's journeys about 1 ns a cell (3.5 ns with branches,
// 6 for the JavaScript loop). Also here: the cells of a fill's first node's ancestors
// (`ancestors`) and the gathering of a sequence's distances from its node's vector (`gather`).
// The module is built here, not shipped as a binary, so that what it does can be read. Its
// memory holds the K x K costs, the parents, the nodes' states, each sequence's node, a root
// path, a gathered row and the walk's vectors.
// Cost: O(end - start) per node per call; memory (vectors) N doubles + 5 N + 12 u bytes.

/** Unsigned LEB128. */
function unsigned(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 (small constants only). */
function signed(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const i32 = 0x7f;
const f64 = 0x7c;
const v128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  void: 0x40,
  simd: 0xfd,
};
/** The 128-bit SIMD instructions used (after the 0xfd prefix). */
const simdOp = {
  f64x2Splat: 0x14,
  store64Lane: 0x5b,
  load64Zero: 0x5d,
  f64x2Add: 0xf0,
  f64x2Pmin: 0xf6,
};

/**
 * Code as nested arrays of bytes, flattened once at the end (building it with spreads took
 * longer than compiling it).
 */
type Code = readonly (number | Code)[];

function flatten(code: Code, out: number[] = []): number[] {
  for (let i = 0; i < code.length; i++) {
    const item = code[i]!;
    if (typeof item === 'number') out.push(item);
    else flatten(item, out);
  }
  return out;
}

function vector(items: readonly Code[]): Code {
  return [unsigned(items.length), items];
}

function section(id: number, bytes: Code): Code {
  const flat = flatten(bytes);
  return [id, unsigned(flat.length), flat];
}

function name(text: string): Code {
  return [unsigned(text.length), Array.from(text, (c) => c.charCodeAt(0))];
}

/**
 * siblings<c>(previous, parent, indel, start, end, stateAt, current_0, costRow_0, ,
 * current_c-1, costRow_c-1) for c = 1..4 (byte offsets): c sibling nodes from their parent's
 * vector in one pass; chain<c>(same arguments): c nodes each the only child of the one before,
 * level i from level i - 1. The arithmetic is on lane 0 of 128-bit registers because
 * f64x2.pmin (b < a ? b : a) compiles to one minpd, where V8 turns a scalar f64 `select` into a
 * branch that the comparisons of real journeys mispredict. When y is its parent's first child
 * (up = y - 1, the common case) current[up] is the value just computed, kept in a register, so
 * the chain along y does not wait for a store to reach a load.
 */
function moduleBytes(): Uint8Array {
  const counts = [1, 2, 3, 4];
  const chainCounts = Array.from({ length: MAX_CHAIN }, (_, i) => i + 1);
  const functionBody = (count: number, chain: boolean): Code => {
    const [previous, parent, indel, start, end, stateAt] = [0, 1, 2, 3, 4, 5];
    const current = (i: number) => 6 + 2 * i;
    const costRow = (i: number) => 7 + 2 * i;
    const firstI32 = 6 + 2 * count;
    const [y, up, stateOffset, chainStep] = [0, 1, 2, 3].map((k) => firstI32 + k);
    const firstV128 = firstI32 + 4;
    const [indelV, py, pup, m, s, v] = [0, 1, 2, 3, 4, 5].map((k) => firstV128 + k);
    const b = (i: number) => firstV128 + 6 + 2 * i;
    const last = (i: number) => firstV128 + 7 + 2 * i;
    const level = (i: number) => {
      // The source vector's y and up: the parent's, or in a chain the level above's (its y
      // just computed, in v; its up read as that level's b).
      const sourceY = chain && i > 0 ? v : py;
      const sourceUp = chain && i > 0 ? b(i - 1) : pup;
      return [
        // m = (source[y] < b ? source[y] : b) + indel
        get(b(i)),
        get(sourceY),
        simd(simdOp.f64x2Pmin),
        get(indelV),
        simd(simdOp.f64x2Add),
        set(m),
        // s = source[up] + costs[x_i's state][state[y]]
        get(sourceUp),
        get(costRow(i)),
        get(stateOffset),
        op.i32Add,
        loadLane0,
        simd(simdOp.f64x2Add),
        set(s),
        // current_i[y] = s < m ? s : m
        address(current(i), y, 3),
        get(m),
        get(s),
        simd(simdOp.f64x2Pmin),
        op.localTee,
        unsigned(v),
        storeLane0,
        get(v),
        set(last(i)),
      ];
    };
    const levels = Array.from({ length: count }, (_, i) => i);
    return [
      vector([
        [4, i32],
        [6 + 2 * count, v128],
      ]),
      get(indel),
      simd(simdOp.f64x2Splat),
      set(indelV),
      // The node before start: its value is current[up] when start is its first child.
      levels.flatMap((i) => [
        get(current(i)),
        get(start),
        op.i32Const,
        signed(3),
        op.i32Shl,
        op.i32Add,
        op.i32Const,
        signed(8),
        op.i32Sub,
        loadLane0,
        set(last(i)),
      ]),
      get(start),
      set(y),
      op.block,
      op.void,
      get(y),
      get(end),
      op.i32GeS,
      op.brIf,
      0,
      op.loop,
      op.void,
      address(parent, y, 2),
      op.i32Load,
      2,
      0,
      op.localTee,
      unsigned(up),
      get(y),
      op.i32Const,
      signed(1),
      op.i32Sub,
      op.i32Eq,
      set(chainStep),
      address(previous, y, 3),
      loadLane0,
      set(py),
      address(previous, up, 3),
      loadLane0,
      set(pup),
      // stateOffset = state[y] * 8, the column in a costs row
      get(stateAt),
      get(y),
      op.i32Add,
      op.i32Load8U,
      0,
      0,
      op.i32Const,
      signed(3),
      op.i32Shl,
      set(stateOffset),
      // b_i = current_i[up]: from the register when up = y - 1 (a predictable branch)
      get(chainStep),
      op.if,
      op.void,
      levels.flatMap((i) => [get(last(i)), set(b(i))]),
      op.else,
      levels.flatMap((i) => [address(current(i), up, 3), loadLane0, set(b(i))]),
      op.end,
      levels.flatMap(level),
      // y += 1; continue while y < end
      get(y),
      op.i32Const,
      signed(1),
      op.i32Add,
      op.localTee,
      unsigned(y),
      get(end),
      op.i32LtS,
      op.brIf,
      0,
      op.end,
      op.end,
      op.end,
    ];
  };
  const kinds = [
    ...counts.map((count) => ({ count, chain: false })),
    ...chainCounts.map((count) => ({ count, chain: true })),
  ];
  const fillSignature = (count: number) => [
    0x60,
    vector([[i32], [i32], [f64], [i32], [i32], [i32], ...Array.from({ length: 2 * count }, () => [i32])]),
    0,
  ];
  const withLength = (body: Code): Code => {
    const flat = flatten(body);
    return [unsigned(flat.length), flat];
  };
  const functions = [
    ...kinds.map(({ count, chain }) => ({
      name: `${chain ? 'chain' : 'siblings'}${count}`,
      signature: fillSignature(count),
      body: functionBody(count, chain),
    })),
    {
      name: 'ancestors',
      signature: [0x60, vector([[i32], [i32], [f64], [i32], [i32], [i32], [i32], [i32]]), 0],
      body: ancestorsBody(),
    },
    { name: 'gather', signature: [0x60, vector([[i32], [i32], [i32], [i32], [i32]]), 0], body: gatherBody() },
  ];
  const module: Code = [
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, vector(functions.map((f) => f.signature))),
    section(3, vector(functions.map((_, f) => [f]))),
    section(5, vector([[0x00, 1]])),
    section(
      7,
      vector([...functions.map((f, index) => [name(f.name), 0x00, index]), [name('memory'), 0x02, 0]]),
    ),
    section(10, vector(functions.map((f) => withLength(f.body)))),
  ];
  return Uint8Array.from(flatten(module));
}

const get = (local: number) => [op.localGet, unsigned(local)];
const set = (local: number) => [op.localSet, unsigned(local)];
/** base + index << shift, the byte address of element `index`. */
const address = (base: number, index: number, shift: number) => [
  get(base),
  get(index),
  op.i32Const,
  signed(shift),
  op.i32Shl,
  op.i32Add,
];
const simd = (code: number) => [op.simd, unsigned(code)];
// A double into lane 0 (lane 1 zero), and lane 0 back to memory.
const loadLane0 = [simd(simdOp.load64Zero), 3, 0];
const storeLane0 = [simd(simdOp.store64Lane), 3, 0, 0];

/**
 * ancestors(previous, parent, indel, stateAt, current, costRow, list, count): the cells of
 * the nodes list[count - 1] .. list[0] (a root path, deepest first, so filled from the end),
 * each from its parent's cell, as the fill functions do (without keeping values in registers).
 */
function ancestorsBody(): Code {
  const [previous, parent, indel, stateAt, current, costRow, list, count] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [c, y, up] = [8, 9, 10];
  const [indelV, m] = [11, 12];
  return [
    vector([
      [3, i32],
      [2, v128],
    ]),
    get(indel),
    simd(simdOp.f64x2Splat),
    set(indelV),
    get(count),
    set(c),
    op.block,
    op.void,
    get(c),
    op.i32Const,
    signed(0),
    op.i32LeS,
    op.brIf,
    0,
    op.loop,
    op.void,
    // c -= 1; y = list[c]; up = parent[y]
    get(c),
    op.i32Const,
    signed(1),
    op.i32Sub,
    set(c),
    address(list, c, 2),
    op.i32Load,
    2,
    0,
    set(y),
    address(parent, y, 2),
    op.i32Load,
    2,
    0,
    set(up),
    // m = (previous[y] < current[up] ? previous[y] : current[up]) + indel
    address(current, up, 3),
    loadLane0,
    address(previous, y, 3),
    loadLane0,
    simd(simdOp.f64x2Pmin),
    get(indelV),
    simd(simdOp.f64x2Add),
    set(m),
    // current[y] = min(m, previous[up] + costs[row + state[y]])
    address(current, y, 3),
    get(m),
    address(previous, up, 3),
    loadLane0,
    get(costRow),
    get(stateAt),
    get(y),
    op.i32Add,
    op.i32Load8U,
    0,
    0,
    op.i32Const,
    signed(3),
    op.i32Shl,
    op.i32Add,
    loadLane0,
    simd(simdOp.f64x2Add),
    simd(simdOp.f64x2Pmin),
    storeLane0,
    get(c),
    op.i32Const,
    signed(0),
    op.i32GtS,
    op.brIf,
    0,
    op.end,
    op.end,
    op.end,
  ];
}

/** gather(vector, nodeOf, from, to, out): out[t - from] = vector[nodeOf[t]] for t in [from, to) (bits copied). */
function gatherBody(): Code {
  const [source, nodeOf, from, to, out] = [0, 1, 2, 3, 4];
  const t = 5;
  return [
    vector([[1, i32]]),
    get(from),
    set(t),
    op.block,
    op.void,
    get(t),
    get(to),
    op.i32GeS,
    op.brIf,
    0,
    op.loop,
    op.void,
    // out + (t - from) * 8
    get(out),
    get(t),
    get(from),
    op.i32Sub,
    op.i32Const,
    signed(3),
    op.i32Shl,
    op.i32Add,
    // vector[nodeOf[t]]
    get(source),
    address(nodeOf, t, 2),
    op.i32Load,
    2,
    0,
    op.i32Const,
    signed(3),
    op.i32Shl,
    op.i32Add,
    op.i64Load,
    3,
    0,
    op.i64Store,
    3,
    0,
    get(t),
    op.i32Const,
    signed(1),
    op.i32Add,
    op.localTee,
    unsigned(t),
    get(to),
    op.i32LtS,
    op.brIf,
    0,
    op.end,
    op.end,
    op.end,
  ];
}

// The few WebAssembly calls used here (the project's TypeScript libraries declare no DOM).
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** The longest chain filled in one pass. */
export const MAX_CHAIN = 8;

/** The vectors and costs of a trie walk, in WebAssembly memory, and the loop over them. */
export interface TrieWalk {
  /** Vector number `index` (N doubles): V of the node the walk keeps in it. */
  vector(index: number): Float64Array;
  /** Room for a root path of nodes (maxDepth of them), deepest first, for `ancestors`. */
  readonly path: Int32Array;
  /**
   * The cells of path[0..count) in vector `index` (of a node of state `nodeState`), deepest
   * first in `path` so filled from the end, from the parent's vector `parent`.
   */
  ancestors(parent: number, index: number, nodeState: number, count: number): void;
  /**
   * Fills vectors[0..count) for `count` sibling nodes (of states[i]) from their parent's vector
   * `parent`, for the nodes y in [start, end).
   */
  fill(
    parent: number,
    vectors: Int32Array,
    states: Int32Array,
    count: number,
    start: number,
    end: number,
  ): void;
  /**
   * Fills vectors[0..count) for a chain of `count` nodes, each the only child of the one before,
   * the first from vector `parent`; states[i] is the state of the i-th. One pass: the levels'
   * cells overlap as a wavefront.
   */
  chain(
    parent: number,
    vectors: Int32Array,
    states: Int32Array,
    count: number,
    start: number,
    end: number,
  ): void;
  /** vector[nodeOf[t]] for t in [from, to), in a view valid until the next call. */
  gather(index: number, from: number, to: number): Float64Array;
  /**
   * Once the walk is done: `doubles` doubles over the vectors' memory (grown if need be), whose
   * pages the walk has already touched; undefined above REUSE_MAX_BYTES.
   */
  reuse(doubles: number): Float64Array | undefined;
}

/** The most a finished walk's memory is grown to for reuse. */
const REUSE_MAX_BYTES = 256 * 1024 * 1024;

/** Largest memory a walk may take (4 GiB is WebAssembly's limit, this is well inside it). */
export const TRIE_WALK_MAX_BYTES = 1024 * 1024 * 1024;

type Fill = (...args: number[]) => void;

/**
 * A walk over N nodes with room for `vectors` vectors, with the K x K costs, the parents, the
 * states and each sequence's node (nodeOf) in the module's memory; undefined when it would not
 * fit. The memory is only reserved: a vector's pages are first touched when it is filled, so a
 * walk that reuses few vectors touches few pages (a first touch costs far more than a write on
 * some machines).
 */
export function trieWalk(
  parent: Int32Array,
  state: Uint8Array,
  nodeOf: Int32Array,
  costs: Float64Array,
  states: number,
  vectors: number,
  maxDepth: number,
  indel: number,
): TrieWalk | undefined {
  const N = parent.length;
  const u = nodeOf.length;
  const vectorBytes = N * 8;
  const align = (bytes: number) => Math.ceil(bytes / 64) * 64;
  const costsAt = 0;
  const rowAt = align(states * states * 8);
  const parentAt = align(rowAt + u * 8);
  const nodeOfAt = align(parentAt + N * 4);
  const pathAt = align(nodeOfAt + u * 4);
  const stateAt = align(pathAt + (maxDepth + 1) * 4);
  const vectorsAt = align(stateAt + N);
  const bytes = vectorsAt + vectors * vectorBytes;
  if (bytes > TRIE_WALK_MAX_BYTES || !wasm) return undefined;
  compiled ??= new wasm.Module(moduleBytes());
  const instance = new wasm.Instance(compiled, {});
  const memory = instance.exports.memory as WasmMemory;
  const siblings = [1, 2, 3, 4].map((count) => instance.exports[`siblings${count}`] as Fill);
  const chains = Array.from({ length: MAX_CHAIN }, (_, i) => i + 1).map(
    (count) => instance.exports[`chain${count}`] as Fill,
  );
  const ancestors = instance.exports.ancestors as Fill;
  const gather = instance.exports.gather as Fill;
  memory.grow(Math.max(0, Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536));
  const buffer = memory.buffer;
  const offsetOf = (index: number) => vectorsAt + index * vectorBytes;
  new Float64Array(buffer, costsAt, states * states).set(costs.subarray(0, states * states));
  new Int32Array(buffer, parentAt, N).set(parent);
  new Int32Array(buffer, nodeOfAt, u).set(nodeOf);
  new Uint8Array(buffer, stateAt, N).set(state);
  const row = new Float64Array(buffer, rowAt, u);
  const views: Float64Array[] = [];
  const args: number[] = [];
  return {
    vector(index) {
      return (views[index] ??= new Float64Array(buffer, offsetOf(index), N));
    },
    path: new Int32Array(buffer, pathAt, maxDepth + 1),
    ancestors(parentVector, index, nodeState, count) {
      if (count > 0)
        ancestors(
          offsetOf(parentVector),
          parentAt,
          indel,
          stateAt,
          offsetOf(index),
          costsAt + nodeState * states * 8,
          pathAt,
          count,
        );
    },
    fill(parentVector, vectorsOf, statesOf, count, start, end) {
      for (let first = 0; first < count; first += 4) {
        const group = Math.min(4, count - first);
        args.length = 0;
        args.push(offsetOf(parentVector), parentAt, indel, start, end, stateAt);
        for (let i = first; i < first + group; i++)
          args.push(offsetOf(vectorsOf[i]!), costsAt + statesOf[i]! * states * 8);
        siblings[group - 1]!(...args);
      }
    },
    chain(parentVector, vectorsOf, statesOf, count, start, end) {
      args.length = 0;
      args.push(offsetOf(parentVector), parentAt, indel, start, end, stateAt);
      for (let i = 0; i < count; i++) args.push(offsetOf(vectorsOf[i]!), costsAt + statesOf[i]! * states * 8);
      chains[count - 1]!(...args);
    },
    reuse(doubles) {
      const bytes = vectorsAt + doubles * 8;
      if (bytes > REUSE_MAX_BYTES) return undefined;
      memory.grow(Math.max(0, Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536));
      return new Float64Array(memory.buffer, vectorsAt, doubles);
    },
    gather(index, from, to) {
      gather(offsetOf(index), nodeOfAt, from, to, rowAt);
      return row.subarray(0, to - from);
    },
  };
}
