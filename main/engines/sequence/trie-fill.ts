// The trie walk's inner loop (distance-kernel.ts) as hand-assembled WebAssembly functions:
//   for y in [start, end):
//     up = parent[y]
//     m  = (previous[y] < current[up] ? previous[y] : current[up]) + indel
//     s  = previous[up] + costs[state of X][state[y]]
//     current[y] = s < m ? s : m
// the same operations in the same order as the JavaScript loop, so the same doubles (the
// tests compare them bit for bit). WebAssembly's `select` picks without a branch, which the
// comparisons of real journeys need (a processor cannot predict them). Along a chain of the
// trie each cell waits for the one before it, so the functions fill several nodes per pass
// (siblings, or a chain of only children) for the processor to overlap: on the benchmark's
// journeys about 3.5 ns a cell against 6 for the JavaScript loop (1.2 ns where cells do not
// wait on each other). The module is built here, not shipped as a binary, so that what it does
// can be read. Its memory holds the walk's vectors (slots per trie depth), the K x K costs, the
// parents and the nodes' states.
// Cost: O(end - start) per node per call; memory (depths x slots) N doubles + 5 N bytes.

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
const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i32LtS: 0x48,
  i32GeS: 0x4e,
  f64Lt: 0x63,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f64Add: 0xa0,
  void: 0x40,
};

function vector(items: number[][]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...unsigned(bytes.length), ...bytes];
}

function name(text: string): number[] {
  return [...unsigned(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

/**
 * siblings<c>(previous, parent, indel, start, end, current_0, substitution_0, ...,
 * current_c-1, substitution_c-1) for c = 1..4 (byte offsets): c sibling nodes from their
 * parent's vector in one pass; chain<c>(same arguments): c nodes each the only child of the one
 * before, level i from level i - 1. Along the nodes y every cell waits for the one before it
 * (current[up] was just written); the c levels are independent chains the processor overlaps.
 */
function moduleBytes(): Uint8Array {
  const counts = [1, 2, 3, 4];
  const chainCounts = Array.from({ length: MAX_CHAIN }, (_, i) => i + 1);
  const functionBody = (count: number, chain: boolean): number[] => {
    const [previous, parent, indel, start, end, stateAt] = [0, 1, 2, 3, 4, 5];
    const current = (i: number) => 6 + 2 * i;
    const costRow = (i: number) => 7 + 2 * i;
    const firstLocal = 6 + 2 * count;
    const [y, up, stateOffset, py, pup, b, m, s, v, sy, sup] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(
      (k) => firstLocal + k,
    );
    const get = (local: number) => [op.localGet, ...unsigned(local)];
    const set = (local: number) => [op.localSet, ...unsigned(local)];
    // base + index << shift, the byte address of element `index`.
    const address = (base: number, index: number, shift: number) => [
      ...get(base),
      ...get(index),
      op.i32Const,
      ...signed(shift),
      op.i32Shl,
      op.i32Add,
    ];
    const loadF64 = [op.f64Load, 3, 0];
    const level = (i: number) => [
      // The source vector's y and up: the parent's, or in a chain the level above's (its y
      // just computed, in v).
      ...(chain && i > 0
        ? [...get(v), ...set(sy), ...address(current(i - 1), up, 3), ...loadF64, ...set(sup)]
        : [...get(py), ...set(sy), ...get(pup), ...set(sup)]),
      // b = current_i[up]; m = (source[y] < b ? source[y] : b) + indel
      ...address(current(i), up, 3),
      ...loadF64,
      ...set(b),
      ...get(sy),
      ...get(b),
      ...get(sy),
      ...get(b),
      op.f64Lt,
      op.select,
      ...get(indel),
      op.f64Add,
      ...set(m),
      // s = source[up] + costs[x_i's state][state[y]] (the node's state read once per y)
      ...get(sup),
      ...get(costRow(i)),
      ...get(stateOffset),
      op.i32Add,
      ...loadF64,
      op.f64Add,
      ...set(s),
      // current_i[y] = s < m ? s : m
      ...get(s),
      ...get(m),
      ...get(s),
      ...get(m),
      op.f64Lt,
      op.select,
      ...set(v),
      ...address(current(i), y, 3),
      ...get(v),
      op.f64Store,
      3,
      0,
    ];
    return [
      ...vector([
        [3, i32],
        [8, f64],
      ]),
      ...get(start),
      ...set(y),
      op.block,
      op.void,
      ...get(y),
      ...get(end),
      op.i32GeS,
      op.brIf,
      0,
      op.loop,
      op.void,
      ...address(parent, y, 2),
      op.i32Load,
      2,
      0,
      ...set(up),
      ...address(previous, y, 3),
      ...loadF64,
      ...set(py),
      ...address(previous, up, 3),
      ...loadF64,
      ...set(pup),
      // stateOffset = state[y] * 8, the column in a costs row
      ...get(stateAt),
      ...get(y),
      op.i32Add,
      op.i32Load8U,
      0,
      0,
      op.i32Const,
      ...signed(3),
      op.i32Shl,
      ...set(stateOffset),
      ...Array.from({ length: count }, (_, i) => level(i)).flat(),
      // y += 1; continue while y < end
      ...get(y),
      op.i32Const,
      ...signed(1),
      op.i32Add,
      op.localTee,
      ...unsigned(y),
      ...get(end),
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
  const signature = (count: number) => [
    0x60,
    ...vector([[i32], [i32], [f64], [i32], [i32], [i32], ...Array.from({ length: 2 * count }, () => [i32])]),
    0,
  ];
  const bodies = kinds.map(({ count, chain }) => {
    const body = functionBody(count, chain);
    return [...unsigned(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(kinds.map(({ count }) => signature(count)))),
    ...section(3, vector(kinds.map((_, f) => [f]))),
    ...section(5, vector([[0x00, 1]])),
    ...section(
      7,
      vector([
        ...kinds.map(({ count, chain }, f) => [...name(`${chain ? 'chain' : 'siblings'}${count}`), 0x00, f]),
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(10, vector(bodies)),
  ]);
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
  /** The vector in `slot` at `depth` (N doubles): V of a node at that depth. */
  vector(depth: number, slot: number): Float64Array;
  /**
   * Fills the vectors of `count` sibling nodes at `depth` (in slots[i], of states[i]) from
   * their parent's (depth - 1, parentSlot), for the nodes y in [start, end).
   */
  fill(
    depth: number,
    parentSlot: number,
    slots: Int32Array,
    states: Int32Array,
    count: number,
    start: number,
    end: number,
  ): void;
  /**
   * Fills a chain of `count` nodes, each the only child of the one before, at depths depth ..
   * depth + count - 1 (slot 0 each), the first from (depth - 1, parentSlot); states[i] is the
   * state of the i-th. One pass: the levels' cells overlap as a wavefront.
   */
  chain(
    depth: number,
    parentSlot: number,
    states: Int32Array,
    count: number,
    start: number,
    end: number,
  ): void;
}

/** Largest memory a walk may take (4 GiB is WebAssembly's limit, this is well inside it). */
export const TRIE_WALK_MAX_BYTES = 1024 * 1024 * 1024;

type Fill = (...args: number[]) => void;

/**
 * A walk over N nodes up to `maxDepth` with `slots` vectors per depth, with the per-state
 * costs substitution[s][y] = costs[s * K + state[y]]; undefined when it would not fit.
 */
export function trieWalk(
  parent: Int32Array,
  state: Uint8Array,
  costs: Float64Array,
  states: number,
  maxDepth: number,
  slots: number,
  indel: number,
): TrieWalk | undefined {
  const N = parent.length;
  const vectorBytes = N * 8;
  const bytes = (maxDepth + 1) * slots * vectorBytes + states * states * 8 + N * 4 + N;
  if (bytes > TRIE_WALK_MAX_BYTES || !wasm) return undefined;
  compiled ??= new wasm.Module(moduleBytes());
  const instance = new wasm.Instance(compiled, {});
  const memory = instance.exports.memory as WasmMemory;
  const siblings = [1, 2, 3, 4].map((count) => instance.exports[`siblings${count}`] as Fill);
  const chains = Array.from({ length: MAX_CHAIN }, (_, i) => i + 1).map(
    (count) => instance.exports[`chain${count}`] as Fill,
  );
  memory.grow(Math.max(0, Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536));
  const buffer = memory.buffer;
  const offsetOf = (depth: number, slot: number) => (depth * slots + slot) * vectorBytes;
  const costsAt = (maxDepth + 1) * slots * vectorBytes;
  new Float64Array(buffer, costsAt, states * states).set(costs.subarray(0, states * states));
  const parentAt = costsAt + states * states * 8;
  const stateAt = parentAt + N * 4;
  new Uint8Array(buffer, stateAt, N).set(state);
  new Int32Array(buffer, parentAt, N).set(parent);
  const views = new Map<number, Float64Array>();
  const args: number[] = [];
  return {
    vector(depth, slot) {
      const offset = offsetOf(depth, slot);
      let view = views.get(offset);
      if (!view) {
        view = new Float64Array(buffer, offset, N);
        views.set(offset, view);
      }
      return view;
    },
    fill(depth, parentSlot, slotsOf, statesOf, count, start, end) {
      for (let first = 0; first < count; first += 4) {
        const group = Math.min(4, count - first);
        args.length = 0;
        args.push(offsetOf(depth - 1, parentSlot), parentAt, indel, start, end, stateAt);
        for (let i = first; i < first + group; i++)
          args.push(offsetOf(depth, slotsOf[i]!), costsAt + statesOf[i]! * states * 8);
        siblings[group - 1]!(...args);
      }
    },
    chain(depth, parentSlot, statesOf, count, start, end) {
      args.length = 0;
      args.push(offsetOf(depth - 1, parentSlot), parentAt, indel, start, end, stateAt);
      for (let i = 0; i < count; i++) args.push(offsetOf(depth + i, 0), costsAt + statesOf[i]! * states * 8);
      chains[count - 1]!(...args);
    },
  };
}
