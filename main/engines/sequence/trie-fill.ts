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
// processor to overlap. A chain keeps its levels but the last in one block, cell y of level i
// next to level i + 1's, read and written at constant offsets (one vector and one costs row
// per level need more registers than x64 has), used again by the next chain once its
// sequences are written. On the benchmark's journeys about 1 ns a cell (3.5 ns with branches,
// 6 for the JavaScript loop). Also here: the cells of a fill's first node's ancestors
// (`ancestors`) and the gathering of a sequence's distances from its node's cells (`gather`).
// The module is built here, not shipped as a binary, so that what it does can be read. Its
// memory holds the K x K costs, the chain's costs rows, the parents, the nodes' states, each
// sequence's node, a root path, a gathered row, the chain block and the walk's vectors.
// Cost: O(end - start) per node per call; memory (vectors + 8) N doubles + 5 N + 12 u bytes.

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
 * siblings<c>(previous, parent, indel, start, end, stateAt, current_0, costRow_0, and so on to
 * current_c-1, costRow_c-1) for c = 1..4 (byte offsets): c sibling nodes from their parent's
 * vector in one pass; chain<c> (chainBody) c nodes each the only child of the one before. The
 * arithmetic is on lane 0 of 128-bit registers because f64x2.pmin (b < a ? b : a) compiles to
 * one minpd, where V8 turns a scalar f64 `select` into a branch that the comparisons of real
 * journeys mispredict. When y is its parent's first child (up = y - 1, the common case)
 * current[up] is the value just computed, kept in a register, so the chain along y does not
 * wait for a store to reach a load.
 */
function moduleBytes(): Uint8Array {
  const counts = [1, 2, 3, 4];
  const chainCounts = Array.from({ length: MAX_CHAIN }, (_, i) => i + 1);
  const functionBody = (count: number): Code => {
    const [previous, parent, indel, start, end, stateAt] = [0, 1, 2, 3, 4, 5];
    const current = (i: number) => 6 + 2 * i;
    const costRow = (i: number) => 7 + 2 * i;
    const firstI32 = 6 + 2 * count;
    const [y, up, stateOffset, chainStep] = [0, 1, 2, 3].map((k) => firstI32 + k);
    const firstV128 = firstI32 + 4;
    const [indelV, py, pup, m, s, v] = [0, 1, 2, 3, 4, 5].map((k) => firstV128 + k);
    const b = (i: number) => firstV128 + 6 + 2 * i;
    const last = (i: number) => firstV128 + 7 + 2 * i;
    const level = (i: number): Code => [
      // m = (previous[y] < b ? previous[y] : b) + indel
      get(b(i)),
      get(py),
      simd(simdOp.f64x2Pmin),
      get(indelV),
      simd(simdOp.f64x2Add),
      set(m),
      // s = previous[up] + costs[x_i's state][state[y]]
      get(pup),
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
    const levels = Array.from({ length: count }, (_, i) => i);
    return [
      vector([
        [4, i32],
        [6 + 2 * count, v128],
      ]),
      get(indel),
      simd(simdOp.f64x2Splat),
      set(indelV),
      levels.map((i) => cellBefore(current(i), start, last(i))),
      loopNodes(y, start, end, [
        readNode({ previous, parent, y, up, chainStep, py, pup }),
        // stateOffset = state[y] * 8, the column in a costs row
        stateColumn(stateAt, y),
        set(stateOffset),
        // b_i = current_i[up]: from the register when up = y - 1 (a predictable branch)
        get(chainStep),
        op.if,
        op.void,
        levels.map((i) => [get(last(i)), set(b(i))]),
        op.else,
        levels.map((i) => [address(current(i), up, 3), loadLane0, set(b(i))]),
        op.end,
        levels.map(level),
      ]),
      op.end,
    ];
  };
  const fillSignature = (count: number) => [
    0x60,
    vector([[i32], [i32], [f64], [i32], [i32], [i32], ...Array.from({ length: 2 * count }, () => [i32])]),
    0,
  ];
  const chainSignature = [0x60, vector([[i32], [i32], [f64], [i32], [i32], [i32], [i32], [i32], [i32]]), 0];
  const withLength = (body: Code): Code => {
    const flat = flatten(body);
    return [unsigned(flat.length), flat];
  };
  const functions = [
    ...counts.map((count) => ({
      name: `siblings${count}`,
      signature: fillSignature(count),
      body: functionBody(count),
    })),
    ...chainCounts.map((count) => ({
      name: `chain${count}`,
      signature: chainSignature,
      body: chainBody(count),
    })),
    {
      name: 'ancestors',
      signature: [0x60, vector([[i32], [i32], [i32], [f64], [i32], [i32], [i32], [i32], [i32], [i32]]), 0],
      body: ancestorsBody(),
    },
    {
      name: 'gather',
      signature: [0x60, vector([[i32], [i32], [i32], [i32], [i32], [i32]]), 0],
      body: gatherBody(),
    },
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
// A double into lane 0 (lane 1 zero), and lane 0 back to memory; `offset` bytes past the address.
const loadAt = (offset: number) => [simd(simdOp.load64Zero), 3, unsigned(offset)];
const storeAt = (offset: number) => [simd(simdOp.store64Lane), 3, unsigned(offset), 0];
const loadLane0 = loadAt(0);
const storeLane0 = storeAt(0);
/** base + index << shift, with the shift in a local. */
const shiftedAddress = (base: number, index: number, shift: number) => [
  get(base),
  get(index),
  get(shift),
  op.i32Shl,
  op.i32Add,
];

/**
 * chain<c>(previous, parent, indel, start, end, stateAt, block, last, chainCosts): c nodes, each
 * the only child of the one before, the first from the vector `previous`, level i from level
 * i - 1 (its cells at y and up are still in registers), for y in [start, end). Levels 0 .. c - 2
 * go to the chain block, where cell y of level i is at block + y * 64 + i * 8, and level c - 1
 * to the vector `last`; level i's costs row is chainCosts + i * COSTS_ROW_BYTES. So every level's
 * address is one base per y plus a constant, where a vector and a costs row per level needed
 * 16 registers that x64 does not have (a third fewer instructions a cell).
 */
function chainBody(count: number): Code {
  const [previous, parent, indel, start, end, stateAt, block, last, chainCosts] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [y, up, costAt, chainStep, blockY, blockUp] = [9, 10, 11, 12, 13, 14];
  const [indelV, py, pup, m, s, v] = [15, 16, 17, 18, 19, 20];
  const b = (i: number) => 21 + 2 * i;
  const kept = (i: number) => 22 + 2 * i;
  const levels = Array.from({ length: count }, (_, i) => i);
  const inBlock = (i: number) => i < count - 1;
  const level = (i: number): Code => [
    // m = (source[y] < b ? source[y] : b) + indel; the source is the level above (or previous)
    get(b(i)),
    get(i > 0 ? v : py),
    simd(simdOp.f64x2Pmin),
    get(indelV),
    simd(simdOp.f64x2Add),
    set(m),
    // s = source[up] + cost of level i's state against state[y]
    get(i > 0 ? b(i - 1) : pup),
    get(costAt),
    loadAt(i * COSTS_ROW_BYTES),
    simd(simdOp.f64x2Add),
    set(s),
    // level i's cell y = s < m ? s : m
    inBlock(i) ? get(blockY) : address(last, y, 3),
    get(m),
    get(s),
    simd(simdOp.f64x2Pmin),
    op.localTee,
    unsigned(v),
    inBlock(i) ? storeAt(i * 8) : storeLane0,
    get(v),
    set(kept(i)),
  ];
  return [
    vector([
      [6, i32],
      [6 + 2 * count, v128],
    ]),
    get(indel),
    simd(simdOp.f64x2Splat),
    set(indelV),
    // The node before start: its cell is b when start is its first child.
    get(block),
    get(start),
    op.i32Const,
    signed(6),
    op.i32Shl,
    op.i32Add,
    op.i32Const,
    signed(64),
    op.i32Sub,
    set(blockUp),
    levels.map((i) =>
      inBlock(i) ? [get(blockUp), loadAt(i * 8), set(kept(i))] : cellBefore(last, start, kept(i)),
    ),
    loopNodes(y, start, end, [
      readNode({ previous, parent, y, up, chainStep, py, pup }),
      // costAt = chainCosts + state[y] * 8; blockY = block + y * 64
      get(chainCosts),
      stateColumn(stateAt, y),
      op.i32Add,
      set(costAt),
      address(block, y, 6),
      set(blockY),
      // b_i = level i's cell up: from the register when up = y - 1 (a predictable branch)
      get(chainStep),
      op.if,
      op.void,
      levels.map((i) => [get(kept(i)), set(b(i))]),
      op.else,
      address(block, up, 6),
      set(blockUp),
      levels.map((i) =>
        inBlock(i) ? [get(blockUp), loadAt(i * 8), set(b(i))] : [address(last, up, 3), loadLane0, set(b(i))],
      ),
      op.end,
      levels.map(level),
    ]),
    op.end,
  ];
}

/** state[y] * 8: node y's column in a costs row. */
function stateColumn(stateAt: number, y: number): Code {
  return [get(stateAt), get(y), op.i32Add, op.i32Load8U, 0, 0, op.i32Const, signed(3), op.i32Shl];
}

/** for (y = start; y < end; y++) body: the loop of every fill function. */
function loopNodes(y: number, start: number, end: number, body: Code): Code {
  return [
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
    body,
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
  ];
}

/** up = parent[y], chainStep = (up = y - 1), py = previous[y], pup = previous[up]. */
function readNode(locals: {
  previous: number;
  parent: number;
  y: number;
  up: number;
  chainStep: number;
  py: number;
  pup: number;
}): Code {
  const { previous, parent, y, up, chainStep, py, pup } = locals;
  return [
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
  ];
}

/** The vector's cell start - 1 (current[up] when start is its parent's first child) into `local`. */
function cellBefore(vectorBase: number, start: number, local: number): Code {
  return [
    get(vectorBase),
    get(start),
    op.i32Const,
    signed(3),
    op.i32Shl,
    op.i32Add,
    op.i32Const,
    signed(8),
    op.i32Sub,
    loadLane0,
    set(local),
  ];
}

/**
 * ancestors(previous, previousShift, parent, indel, stateAt, current, currentShift, costRow,
 * list, count): the cells of the nodes list[count - 1] .. list[0] (a root path, deepest first,
 * so filled from the end), each from its parent's cell, as the fill functions do (without
 * keeping values in registers). Cell y of a vector is at its base + y << shift (3 for a
 * vector, 6 for a level of the chain block).
 */
function ancestorsBody(): Code {
  const [previous, previousShift, parent, indel, stateAt, current, currentShift, costRow, list, count] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  ];
  const [c, y, up] = [10, 11, 12];
  const [indelV, m] = [13, 14];
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
    shiftedAddress(current, up, currentShift),
    loadLane0,
    shiftedAddress(previous, y, previousShift),
    loadLane0,
    simd(simdOp.f64x2Pmin),
    get(indelV),
    simd(simdOp.f64x2Add),
    set(m),
    // current[y] = min(m, previous[up] + costs[row + state[y]])
    shiftedAddress(current, y, currentShift),
    get(m),
    shiftedAddress(previous, up, previousShift),
    loadLane0,
    get(costRow),
    stateColumn(stateAt, y),
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

/**
 * gather(vector, shift, nodeOf, from, to, out): out[t - from] = cell nodeOf[t] of the vector
 * (at vector + node << shift) for t in [from, to), bits copied.
 */
function gatherBody(): Code {
  const [source, shift, nodeOf, from, to, out] = [0, 1, 2, 3, 4, 5];
  const t = 6;
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
    get(shift),
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

/** Bytes between the costs rows of a chain's levels (room for 256 states). */
const COSTS_ROW_BYTES = 256 * 8;

/** The longest chain filled in one pass. */
export const MAX_CHAIN = 8;

/**
 * Where a walk keeps V of a node: a vector (index >= 0, N doubles) or a level of the chain
 * block (blockLevel(i) = -1 - i, i < MAX_CHAIN - 1), which holds a chain's levels but its last
 * for as long as the chain's sequences are written.
 */
export type VectorRef = number;

export function blockLevel(level: number): VectorRef {
  return -1 - level;
}

/** The vectors and costs of a trie walk, in WebAssembly memory, and the loop over them. */
export interface TrieWalk {
  /** Vector number `index` (N doubles): V of the node the walk keeps in it. */
  vector(index: number): Float64Array;
  /** Sets cell 0 (the root's) of `ref`. */
  setFirst(ref: VectorRef, value: number): void;
  /** Room for a root path of nodes (maxDepth of them), deepest first, for `ancestors`. */
  readonly path: Int32Array;
  /**
   * The cells of path[0..count) in `ref` (of a node of state `nodeState`), deepest first in
   * `path` so filled from the end, from the parent's `parent`.
   */
  ancestors(parent: VectorRef, ref: VectorRef, nodeState: number, count: number): void;
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
   * Fills a chain of `count` nodes, each the only child of the one before, the first from
   * vector `parent`; states[i] is the state of the i-th. Levels 0 .. count - 2 go to
   * blockLevel(i), the last to vector `last`. One pass: the levels' cells overlap as a wavefront.
   */
  chain(parent: number, last: number, states: Int32Array, count: number, start: number, end: number): void;
  /** Cell nodeOf[t] of `ref` for t in [from, to), in a view valid until the next call. */
  gather(ref: VectorRef, from: number, to: number): Float64Array;
}

/** Largest memory a walk may take (4 GiB is WebAssembly's limit, this is well inside it). */
export const TRIE_WALK_MAX_BYTES = 1024 * 1024 * 1024;

type Fill = (...args: number[]) => void;

/**
 * A walk over N nodes with room for `vectors` vectors and the chain block, with the K x K
 * costs, the parents, the states and each sequence's node (nodeOf) in the module's memory;
 * undefined when it would not fit. The memory is only reserved: a vector's pages are first
 * touched when it is filled, so a walk that reuses few vectors touches few pages (a first
 * touch costs far more than a write on some machines).
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
  const chainCostsAt = align(states * states * 8);
  const rowAt = chainCostsAt + MAX_CHAIN * COSTS_ROW_BYTES;
  const parentAt = align(rowAt + u * 8);
  const nodeOfAt = align(parentAt + N * 4);
  const pathAt = align(nodeOfAt + u * 4);
  const stateAt = align(pathAt + (maxDepth + 1) * 4);
  const blockAt = align(stateAt + N);
  const vectorsAt = blockAt + N * 64;
  const bytes = vectorsAt + vectors * vectorBytes;
  if (bytes > TRIE_WALK_MAX_BYTES || !wasm || states > 256) return undefined;
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
  // A ref's first cell and its shift (cell y at offset + y << shift).
  const baseOf = (ref: VectorRef) => (ref >= 0 ? offsetOf(ref) : blockAt + (-1 - ref) * 8);
  const shiftOf = (ref: VectorRef) => (ref >= 0 ? 3 : 6);
  const doubles = new Float64Array(buffer);
  const costTable = new Float64Array(buffer, costsAt, states * states);
  costTable.set(costs.subarray(0, states * states));
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
    setFirst(ref, value) {
      doubles[baseOf(ref) / 8] = value;
    },
    path: new Int32Array(buffer, pathAt, maxDepth + 1),
    ancestors(parentRef, ref, nodeState, count) {
      if (count > 0)
        ancestors(
          baseOf(parentRef),
          shiftOf(parentRef),
          parentAt,
          indel,
          stateAt,
          baseOf(ref),
          shiftOf(ref),
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
    chain(parentVector, lastVector, statesOf, count, start, end) {
      for (let i = 0; i < count; i++)
        doubles.copyWithin(
          (chainCostsAt + i * COSTS_ROW_BYTES) / 8,
          costsAt / 8 + statesOf[i]! * states,
          costsAt / 8 + (statesOf[i]! + 1) * states,
        );
      chains[count - 1]!(
        offsetOf(parentVector),
        parentAt,
        indel,
        start,
        end,
        stateAt,
        blockAt,
        offsetOf(lastVector),
        chainCostsAt,
      );
    },
    gather(ref, from, to) {
      gather(baseOf(ref), shiftOf(ref), nodeOfAt, from, to, rowAt);
      return row.subarray(0, to - from);
    },
  };
}
