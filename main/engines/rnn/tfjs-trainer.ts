// The rnn analysis's model (DESIGN.md section 4, rnn) on a TensorFlow.js tensor backend: the
// same math, the same flat parameter vector and the same API as the fused CPU kernel in
// model.ts, for when the selected backend is worth using (CUDA through tfjs-node-gpu) or the
// analyst forces one (--backend wasm / js / cpu). tfjs-core ops only; the tf module is a
// parameter (the object selectBackend returns, see asTfModule), never imported at run time.
//
//   GRU (Keras reset_after = false; gate blocks z, r, h):      LSTM (gate blocks i, f, c, o):
//     z = sigmoid(x W_z + h U_z + b_z)                            i, f, o = sigmoid(x W_. + h U_. + b_.)
//     r = sigmoid(x W_r + h U_r + b_r)                            g = tanh(x W_c + h U_c + b_c)
//     c = tanh(x W_h + (r * h) U_h + b_h)                         c_t = f * c_{t-1} + i * g
//     h_t = z * h_{t-1} + (1 - z) * c,   h_0 = 0                  h_t = o * tanh(c_t), h_0 = c_0 = 0
//   state = h after the customer's LAST REAL row; encode = relu(state D1 + b1);
//   logit = encode D2 + b2; p = sigmoid(logit)
//   loss = sum_i w(y_i) [softplus(z_i) - y_i z_i] / n, z_i = logit clipped to +-log((1 - 1e-7) / 1e-7)
//   (Keras BCE on probabilities clipped to [1e-7, 1 - 1e-7], written on the logit as model.ts).
//   Adam as Keras / TF: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t), p -= lr_t m / (sqrt(v) + 1e-7).
//
// Variable lengths, exactly (packed sequences, as PyTorch's pack_padded_sequence): a batch is
// sorted by length, longest first, so at step t the n_t sequences still running are the first
// n_t rows. Step t works on [n_t x H] tensors only; when n_t drops, the rows that finished are
// the final states of the customers whose length is t. There is no padding anywhere, so no
// padding can reach a state or a gradient, and a random batch does the work of its real rows.
//
// The gradient is written by hand, every op of it a tfjs-core op (the formulas sit above
// gruBackward, lstmBackward and lossAndGradientOnDevice). tf.grads / tf.variableGrads are not
// usable here: tfjs-core's Node entry registers no gradient functions (only the @tensorflow/tfjs
// union package loads register_all_gradients), so with tfjs-core + backend-cpu / -wasm autodiff
// throws "gradient function not found". Writing BPTT out also costs far fewer ops.
//
// Why it is shaped this way (measured on tfjs 4.22, Node 20, this 2-core machine): at H = 10
// every op costs its dispatch, ~5-15 us on wasm and ~20-80 us on the plain-JS 'cpu' backend,
// far more than its arithmetic; a column slice costs ~1.5 ms on 'cpu' and every wasm slice
// copies its whole input. So (1) every tensor is per gate ([n x H]; no column slicing per
// step); (2) a step is 13 ops forward and 9 backward for the GRU (LSTM 17 and 12), and the
// weight gradients are one [H x N] x [N x H] product per gate after the loop; (3) per-step row
// blocks of [N x H] tensors are cut on the device (tf.split; native backends) or by one
// download and per-step uploads ('cpu' and 'wasm', where that is the cheaper way).
//
// Cost per batch of n customers with N = sum of their lengths, T = the longest: O(N H (F + H))
// arithmetic (as the kernel) in O(T) tensor ops of [<= n x H]; memory O(N H) on the device.
// Parameters live on the device in a per-gate order (W_z, W_r, W_h, U_z, ..., b_z, ..., D1, b1,
// D2, b2) as ONE flat variable, so Adam is a handful of ops on one vector; they are permuted
// to and from the Keras order of model.ts (parameterLayout) when they cross to the caller.
//
// API (mirrors model.ts; `customers` index `sequences`, `labels` is indexed by customer, outputs
// follow the order of `customers`):
//   tfjsLossAndGradient(tf, shape, params, sequences, customers, labels, gradient, classWeight?) -> loss
//   tfjsMeanLoss(tf, shape, params, sequences, customers, labels, classWeight?) -> loss
//   tfjsPredict(tf, shape, params, sequences, customers, outProbabilities, outEncodings?)
//   createTfjsTrainer(tf, shape, params, learningRate) -> { step, meanLoss, predict,
//       getParameters, setParameters, iterations, dispose }: weights and Adam state stay on the device.

import type * as TfCoreModule from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { gateCount, parameterLayout, PROBABILITY_EPSILON } from './model.ts';
import type { ModelShape, ParameterLayout, SequenceSet } from './model.ts';

/** The tfjs-core module (as `import('@tensorflow/tfjs-core')` gives it). */
export type TfModule = typeof TfCoreModule;

/** How per-step row blocks are cut from [N x H] tensors (see the header); 'auto' picks per backend. */
export type StepSlicing = 'auto' | 'host' | 'device';

export interface TfjsOptions {
  /** Default 'auto': 'host' on the 'cpu' and 'wasm' backends, 'device' elsewhere. */
  slicing?: StepSlicing;
  /** Customers per forward pass in predict / meanLoss (sorted by length first). Default 1024. */
  chunkSize?: number;
}

const LOGIT_LIMIT = Math.log((1 - PROBABILITY_EPSILON) / PROBABILITY_EPSILON);
const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-7;
const DEFAULT_CHUNK = 1024;

/**
 * Narrows the module selectBackend returns (typed there as the few calls selection needs) to
 * the full tfjs-core module, checking that the ops used here are present.
 */
export function asTfModule(candidate: unknown): TfModule {
  const needed = ['variable', 'tidy', 'matMul', 'addN', 'sigmoid', 'tanh', 'split', 'step', 'softplus'];
  const object = candidate as Record<string, unknown> | null;
  for (const name of needed) {
    if (object === null || typeof object !== 'object' || typeof object[name] !== 'function') {
      throw new Error(`rnn tfjs: the tf module given lacks ${name}(); pass the @tensorflow/tfjs-core module`);
    }
  }
  return candidate as TfModule;
}

// ---------------------------------------------------------------------------------------------
// Parameter order on the device

/** One weight tensor: where it sits in the Keras flat vector and in the device vector. */
interface Block {
  rows: number;
  cols: number;
  /** 1-D (biases) or 2-D (kernels). */
  vector: boolean;
  /** Keras flat index of element (0, 0) and the Keras row stride. */
  kerasOffset: number;
  kerasStride: number;
  deviceOffset: number;
}

/** The device order: per gate W_g (G of them), U_g, b_g, then D1, b1, D2, b2. */
interface DeviceLayout {
  gates: number;
  blocks: Block[];
  size: number;
  /** deviceToKeras[i] = the Keras flat index of device element i. */
  deviceToKeras: Int32Array;
}

function deviceLayout(shape: ModelShape): DeviceLayout {
  const layout: ParameterLayout = parameterLayout(shape);
  const gates = gateCount(shape.cell);
  const units = shape.units;
  const gateWidth = gates * units;
  const blocks: Block[] = [];
  let deviceOffset = 0;
  const add = (
    rows: number,
    cols: number,
    vector: boolean,
    kerasOffset: number,
    kerasStride: number,
  ): void => {
    blocks.push({ rows, cols, vector, kerasOffset, kerasStride, deviceOffset });
    deviceOffset += rows * cols;
  };
  for (let g = 0; g < gates; g++) add(shape.inputSize, units, false, layout.W.offset + g * units, gateWidth);
  for (let g = 0; g < gates; g++) add(units, units, false, layout.U.offset + g * units, gateWidth);
  for (let g = 0; g < gates; g++) add(1, units, true, layout.b.offset + g * units, gateWidth);
  add(units, shape.denseUnits, false, layout.dense1Kernel.offset, shape.denseUnits);
  add(1, shape.denseUnits, true, layout.dense1Bias.offset, shape.denseUnits);
  add(shape.denseUnits, 1, false, layout.dense2Kernel.offset, 1);
  add(1, 1, true, layout.dense2Bias.offset, 1);
  if (deviceOffset !== layout.size) throw new Error('rnn tfjs: device layout does not cover the parameters');
  const deviceToKeras = new Int32Array(deviceOffset);
  for (const block of blocks) {
    for (let r = 0; r < block.rows; r++) {
      for (let c = 0; c < block.cols; c++) {
        deviceToKeras[block.deviceOffset + r * block.cols + c] =
          block.kerasOffset + r * block.kerasStride + c;
      }
    }
  }
  return { gates, blocks, size: deviceOffset, deviceToKeras };
}

/** Keras-order parameters to a device-order Float32Array. */
function toDeviceOrder(device: DeviceLayout, params: Float64Array): Float32Array {
  const out = new Float32Array(device.size);
  const map = device.deviceToKeras;
  for (let i = 0; i < out.length; i++) out[i] = params[map[i]];
  return out;
}

/** Device-order values into a Keras-order Float64Array (overwritten). */
function fromDeviceOrder(device: DeviceLayout, values: ArrayLike<number>, out: Float64Array): void {
  const map = device.deviceToKeras;
  for (let i = 0; i < map.length; i++) out[map[i]] = values[i];
}

/** The model's weight tensors, per gate. */
interface Weights {
  W: Tensor2D[];
  U: Tensor2D[];
  b: Tensor1D[];
  dense1Kernel: Tensor2D;
  dense1Bias: Tensor1D;
  dense2Kernel: Tensor2D;
  dense2Bias: Tensor1D;
}

/** Device-order list of tensors -> named weights. */
function namedWeights(device: DeviceLayout, list: Tensor[]): Weights {
  const g = device.gates;
  return {
    W: list.slice(0, g) as Tensor2D[],
    U: list.slice(g, 2 * g) as Tensor2D[],
    b: list.slice(2 * g, 3 * g) as Tensor1D[],
    dense1Kernel: list[3 * g] as Tensor2D,
    dense1Bias: list[3 * g + 1] as Tensor1D,
    dense2Kernel: list[3 * g + 2] as Tensor2D,
    dense2Bias: list[3 * g + 3] as Tensor1D,
  };
}

/** Tensors (device order) cut from a flat device-order vector (a variable or uploaded values). */
function splitFlat(tf: TfModule, device: DeviceLayout, flat: Tensor1D): Tensor[] {
  const sizes = device.blocks.map((block) => block.rows * block.cols);
  const pieces = tf.split(flat, sizes, 0);
  return pieces.map((piece, i) => {
    const block = device.blocks[i];
    return block.vector ? piece : tf.reshape(piece, [block.rows, block.cols]);
  });
}

// ---------------------------------------------------------------------------------------------
// Packed batches

/** A batch sorted by length (longest first, ties in batch order), its rows packed step by step. */
interface PackedBatch {
  size: number;
  /** packed row p -> position in the caller's `customers`. */
  order: Int32Array;
  steps: number;
  /** n_t, t = 0 .. steps - 1: sequences longer than t (the first n_t packed rows). */
  active: number[];
  rows: number;
  /** rows x F: step 0's n_0 rows, then step 1's n_1 rows, ... */
  inputs: Float32Array;
  /** Sizes of the runs of equal length in packed order (longest first), each > 0. */
  endings: number[];
}

function packBatch(
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  from = 0,
  to = customers.length,
): PackedBatch {
  const size = to - from;
  const lengths = sequences.lengths;
  const positions = Array.from({ length: size }, (_, i) => from + i);
  positions.sort((a, b) => lengths[customers[b]] - lengths[customers[a]] || a - b);
  const order = Int32Array.from(positions);
  const steps = size === 0 ? 0 : lengths[customers[order[0]]];
  const active: number[] = new Array<number>(steps).fill(0);
  const endings: number[] = [];
  let rows = 0;
  for (let p = 0; p < size; p++) {
    const length = lengths[customers[order[p]]];
    rows += length;
    if (p === 0 || length !== lengths[customers[order[p - 1]]]) endings.push(1);
    else endings[endings.length - 1]++;
  }
  // n_t = number of sequences with length > t; lengths are sorted descending.
  let p = size;
  for (let t = 0; t < steps; t++) {
    while (p > 0 && lengths[customers[order[p - 1]]] <= t) p--;
    active[t] = p;
  }
  const featureCount = sequences.featureCount;
  const inputs = new Float32Array(rows * featureCount);
  const values = sequences.values;
  let row = 0;
  for (let t = 0; t < steps; t++) {
    for (let q = 0; q < active[t]; q++) {
      const source = (sequences.offsets[customers[order[q]]] + t) * featureCount;
      inputs.set(values.subarray(source, source + featureCount), row * featureCount);
      row++;
    }
  }
  return { size, order, steps, active, rows, inputs, endings };
}

/** Labels and class weights of a packed batch, in packed order. */
function packedTargets(
  batch: PackedBatch,
  customers: ArrayLike<number>,
  labels: ArrayLike<number>,
  classWeight: readonly [number, number],
): { labels: Float32Array; weights: Float32Array } {
  const y = new Float32Array(batch.size);
  const w = new Float32Array(batch.size);
  for (let p = 0; p < batch.size; p++) {
    const label = labels[customers[batch.order[p]]];
    y[p] = label;
    w[p] = label * classWeight[1] + (1 - label) * classWeight[0];
  }
  return { labels: y, weights: w };
}

/** Row blocks of `x` of the given sizes (see StepSlicing). */
function splitRows(tf: TfModule, x: Tensor2D, sizes: number[], host: boolean): Tensor2D[] {
  if (sizes.length === 1) return [x];
  if (!host) return tf.split(x, sizes, 0);
  const cols = x.shape[1];
  const data = x.dataSync() as Float32Array;
  const out: Tensor2D[] = [];
  let offset = 0;
  for (const rows of sizes) {
    out.push(tf.tensor2d(data.subarray(offset * cols, (offset + rows) * cols), [rows, cols]));
    offset += rows;
  }
  return out;
}

function concatRows(tf: TfModule, list: Tensor2D[]): Tensor2D {
  return list.length === 1 ? list[0] : tf.concat(list, 0);
}

function useHost(tf: TfModule, slicing: StepSlicing | undefined): boolean {
  if (slicing === 'host') return true;
  if (slicing === 'device') return false;
  const backend = tf.getBackend();
  return backend === 'cpu' || backend === 'wasm';
}

// ---------------------------------------------------------------------------------------------
// The recurrence: forward (shared by training and prediction) and hand-written BPTT

/** Per-step tensors the backward pass needs, in step order (filled only when training). */
interface GruRecord {
  z: Tensor2D[];
  r: Tensor2D[];
  c: Tensor2D[];
  hin: Tensor2D[];
}

interface LstmRecord {
  i: Tensor2D[];
  f: Tensor2D[];
  g: Tensor2D[];
  o: Tensor2D[];
  tc: Tensor2D[];
  cin: Tensor2D[];
  hin: Tensor2D[];
}

/**
 * Final GRU states [size x H] in packed order from the per-gate input projections
 * xp_g = X W_g + b_g ([rows x H], packed) and the recurrent kernels U_g.
 */
function gruForward(
  tf: TfModule,
  batch: PackedBatch,
  xp: Tensor2D[],
  u: Tensor2D[],
  host: boolean,
  record: GruRecord | null,
): Tensor2D {
  const units = u[0].shape[1];
  const [xz, xr, xh] = xp.map((x) => splitRows(tf, x, batch.active, host));
  const [uz, ur, uh] = u;
  const finals: Tensor2D[] = [];
  let h: Tensor2D = tf.zeros([batch.active[0], units]);
  for (let t = 0; t < batch.steps; t++) {
    const n = batch.active[t];
    if (t > 0 && n < batch.active[t - 1]) {
      finals.push(tf.slice(h, [n, 0], [batch.active[t - 1] - n, units]));
      h = tf.slice(h, [0, 0], [n, units]);
    }
    const z: Tensor2D = tf.sigmoid(tf.add(tf.matMul(h, uz), xz[t]));
    const r: Tensor2D = tf.sigmoid(tf.add(tf.matMul(h, ur), xr[t]));
    const c: Tensor2D = tf.tanh(tf.add(tf.matMul(tf.mul(r, h), uh), xh[t]));
    if (record !== null) {
      record.z.push(z);
      record.r.push(r);
      record.c.push(c);
      record.hin.push(h);
    }
    h = tf.add<Tensor2D>(c, tf.mul(z, tf.sub(h, c)));
  }
  finals.push(h);
  return concatRows(tf, finals.reverse());
}

/** As gruForward for the LSTM (gates i, f, c, o). */
function lstmForward(
  tf: TfModule,
  batch: PackedBatch,
  xp: Tensor2D[],
  u: Tensor2D[],
  host: boolean,
  record: LstmRecord | null,
): Tensor2D {
  const units = u[0].shape[1];
  const [xi, xf, xg, xo] = xp.map((x) => splitRows(tf, x, batch.active, host));
  const [ui, uf, ug, uo] = u;
  const finals: Tensor2D[] = [];
  let h: Tensor2D = tf.zeros([batch.active[0], units]);
  let cell: Tensor2D = h;
  for (let t = 0; t < batch.steps; t++) {
    const n = batch.active[t];
    if (t > 0 && n < batch.active[t - 1]) {
      finals.push(tf.slice(h, [n, 0], [batch.active[t - 1] - n, units]));
      h = tf.slice(h, [0, 0], [n, units]);
      cell = tf.slice(cell, [0, 0], [n, units]);
    }
    const i: Tensor2D = tf.sigmoid(tf.add(tf.matMul(h, ui), xi[t]));
    const f: Tensor2D = tf.sigmoid(tf.add(tf.matMul(h, uf), xf[t]));
    const g: Tensor2D = tf.tanh(tf.add(tf.matMul(h, ug), xg[t]));
    const o: Tensor2D = tf.sigmoid(tf.add(tf.matMul(h, uo), xo[t]));
    const nextCell: Tensor2D = tf.add(tf.mul(f, cell), tf.mul(i, g));
    const tc: Tensor2D = tf.tanh(nextCell);
    if (record !== null) {
      record.i.push(i);
      record.f.push(f);
      record.g.push(g);
      record.o.push(o);
      record.tc.push(tc);
      record.cin.push(cell);
      record.hin.push(h);
    }
    cell = nextCell;
    h = tf.mul(o, tc);
  }
  finals.push(h);
  return concatRows(tf, finals.reverse());
}

/** The recurrence's gradients: d loss / d (X W_g + b_g) [N x H] and d loss / d U_g, per gate. */
interface Gradients {
  dXp: Tensor2D[];
  dU: Tensor2D[];
}

/** d loss / d final state, cut into the packed runs of equal length (longest first). */
function finalGradients(tf: TfModule, batch: PackedBatch, dy: Tensor2D, host: boolean): Tensor2D[] {
  return splitRows(tf, dy, batch.endings, host);
}

/**
 * GRU BPTT from dy = d loss / d final states. With the factors (all [N x H], computed once):
 *   P1 = (1 - z)(1 - c^2), P2 = (h_prev - c) z (1 - z), Q = r (1 - r) h_prev
 * each step t (from the last) does
 *   da_h = dh P1;  d(rh) = da_h U_h';  da_r = d(rh) Q;  da_z = dh P2
 *   dh_prev = dh z + d(rh) r + da_z U_z' + da_r U_r'   (+ dy of the customers whose length is t)
 * and after the loop dX_g = the stacked da_g, dU_z = H_prev' dA_z, dU_r = H_prev' dA_r,
 * dU_h = (r h_prev)' dA_h.
 */
function gruBackward(
  tf: TfModule,
  batch: PackedBatch,
  host: boolean,
  dy: Tensor2D,
  kernels: Tensor2D[],
  record: GruRecord,
): Gradients {
  const [uz, ur, uh] = kernels;
  const [z, r, c, hin] = [record.z, record.r, record.c, record.hin].map((list) => concatRows(tf, list));
  const one = tf.scalar(1);
  const oneMinusZ: Tensor2D = tf.sub(one, z);
  const p1: Tensor2D = tf.mul(oneMinusZ, tf.sub(one, tf.square(c)));
  const p2: Tensor2D = tf.mul(tf.sub(hin, c), tf.mul(z, oneMinusZ));
  const q: Tensor2D = tf.mul(tf.mul(r, tf.sub(one, r)), hin);
  const [P1, P2, Q] = [p1, p2, q].map((x) => splitRows(tf, x, batch.active, host));
  const { z: Z, r: R } = record;
  const uzT: Tensor2D = tf.transpose(uz);
  const urT: Tensor2D = tf.transpose(ur);
  const uhT: Tensor2D = tf.transpose(uh);
  const dys = finalGradients(tf, batch, dy, host);
  const steps = batch.steps;
  const daz: Tensor2D[] = new Array<Tensor2D>(steps);
  const dar: Tensor2D[] = new Array<Tensor2D>(steps);
  const dah: Tensor2D[] = new Array<Tensor2D>(steps);
  let dh = dys[0];
  let next = 1;
  for (let t = steps - 1; t >= 0; t--) {
    dah[t] = tf.mul(dh, P1[t]);
    const dResetState: Tensor2D = tf.matMul(dah[t], uhT);
    dar[t] = tf.mul(dResetState, Q[t]);
    daz[t] = tf.mul(dh, P2[t]);
    if (t > 0) {
      let previous: Tensor2D = tf.addN([
        tf.mul(dh, Z[t]),
        tf.mul(dResetState, R[t]),
        tf.matMul(daz[t], uzT),
        tf.matMul(dar[t], urT),
      ]);
      if (batch.active[t - 1] > batch.active[t]) previous = tf.concat([previous, dys[next++]], 0);
      dh = previous;
    }
  }
  const dXz = concatRows(tf, daz);
  const dXr = concatRows(tf, dar);
  const dXh = concatRows(tf, dah);
  return {
    dXp: [dXz, dXr, dXh],
    dU: [
      tf.matMul(hin, dXz, true, false),
      tf.matMul(hin, dXr, true, false),
      tf.matMul(tf.mul(r, hin), dXh, true, false),
    ],
  };
}

/**
 * LSTM BPTT from dy. Factors: Po = o (1 - tanh(c)^2), Pi = g i (1 - i), Pf = c_prev f (1 - f),
 * Pg = i (1 - g^2), Poo = tanh(c) o (1 - o). Each step, from the last:
 *   dc = dc_carry + dh Po;  da_i = dc Pi, da_f = dc Pf, da_c = dc Pg, da_o = dh Poo
 *   dc_carry = dc f;  dh_prev = sum_g da_g U_g'   (+ dy / + 0 for the customers whose length is t)
 * then dX_g = the stacked da_g and dU_g = H_prev' dA_g.
 */
function lstmBackward(
  tf: TfModule,
  batch: PackedBatch,
  host: boolean,
  dy: Tensor2D,
  kernels: Tensor2D[],
  record: LstmRecord,
): Gradients {
  const [ui, uf, ug, uo] = kernels;
  const lists = [record.i, record.f, record.g, record.o, record.tc, record.cin, record.hin];
  const [i, f, g, o, tc, cin, hin] = lists.map((list) => concatRows(tf, list));
  const one = tf.scalar(1);
  const po: Tensor2D = tf.mul(o, tf.sub(one, tf.square(tc)));
  const pi: Tensor2D = tf.mul(g, tf.mul(i, tf.sub(one, i)));
  const pf: Tensor2D = tf.mul(cin, tf.mul(f, tf.sub(one, f)));
  const pg: Tensor2D = tf.mul(i, tf.sub(one, tf.square(g)));
  const poo: Tensor2D = tf.mul(tc, tf.mul(o, tf.sub(one, o)));
  const [Po, Pi, Pf, Pg, Poo] = [po, pi, pf, pg, poo].map((x) => splitRows(tf, x, batch.active, host));
  const F = record.f;
  const uT = [ui, uf, ug, uo].map((u) => tf.transpose<Tensor2D>(u));
  const units = ui.shape[0];
  const dys = finalGradients(tf, batch, dy, host);
  const steps = batch.steps;
  const da: Tensor2D[][] = [0, 1, 2, 3].map(() => new Array<Tensor2D>(steps));
  let dh = dys[0];
  let carry: Tensor2D | null = null;
  let next = 1;
  for (let t = steps - 1; t >= 0; t--) {
    const fromOutput: Tensor2D = tf.mul(dh, Po[t]);
    const dc: Tensor2D = carry === null ? fromOutput : tf.add(carry, fromOutput);
    da[0][t] = tf.mul(dc, Pi[t]);
    da[1][t] = tf.mul(dc, Pf[t]);
    da[2][t] = tf.mul(dc, Pg[t]);
    da[3][t] = tf.mul(dh, Poo[t]);
    if (t > 0) {
      let previous: Tensor2D = tf.addN(da.map((gate, k) => tf.matMul(gate[t], uT[k])));
      let previousCell: Tensor2D = tf.mul(dc, F[t]);
      const extra = batch.active[t - 1] - batch.active[t];
      if (extra > 0) {
        previous = tf.concat([previous, dys[next++]], 0);
        previousCell = tf.concat([previousCell, tf.zeros([extra, units])], 0);
      }
      dh = previous;
      carry = previousCell;
    }
  }
  const dXp = da.map((gate) => concatRows(tf, gate));
  return { dXp, dU: dXp.map((d) => tf.matMul(hin, d, true, false)) };
}

/** The recurrence forward for training (per-step tensors recorded) and its BPTT from dy. */
function recurrence(
  tf: TfModule,
  cell: ModelShape['cell'],
  batch: PackedBatch,
  xp: Tensor2D[],
  u: Tensor2D[],
  host: boolean,
): { states: Tensor2D; backward: (dy: Tensor2D) => Gradients } {
  if (cell === 'gru') {
    const record: GruRecord = { z: [], r: [], c: [], hin: [] };
    const states = gruForward(tf, batch, xp, u, host, record);
    return { states, backward: (dy) => gruBackward(tf, batch, host, dy, u, record) };
  }
  const record: LstmRecord = { i: [], f: [], g: [], o: [], tc: [], cin: [], hin: [] };
  const states = lstmForward(tf, batch, xp, u, host, record);
  return { states, backward: (dy) => lstmBackward(tf, batch, host, dy, u, record) };
}

// ---------------------------------------------------------------------------------------------
// Head, loss and the whole gradient

/** Per-gate input projections X W_g + b_g of the packed rows. */
function inputProjections(tf: TfModule, inputs: Tensor2D, weights: Weights): Tensor2D[] {
  return weights.W.map((w, g) => tf.add(tf.matMul(inputs, w), weights.b[g]));
}

interface HeadOutput {
  /** Dense-1 pre-activations [size x D]. */
  hidden: Tensor2D;
  /** relu(hidden): the encodings [size x D]. */
  encoding: Tensor2D;
  /** [size x 1]. */
  logit: Tensor2D;
}

function head(tf: TfModule, states: Tensor2D, weights: Weights): HeadOutput {
  const hidden: Tensor2D = tf.add(tf.matMul(states, weights.dense1Kernel), weights.dense1Bias);
  const encoding: Tensor2D = tf.relu(hidden);
  const logit: Tensor2D = tf.add(tf.matMul(encoding, weights.dense2Kernel), weights.dense2Bias);
  return { hidden, encoding, logit };
}

/** sum_i w_i [softplus(z_i) - y_i z_i] over the batch, z the clipped logit (not yet divided by n). */
function weightedLossSum(tf: TfModule, logit: Tensor2D, labels: Tensor2D, weights: Tensor2D): Scalar {
  const z: Tensor2D = tf.clipByValue(logit, -LOGIT_LIMIT, LOGIT_LIMIT);
  return tf.sum(tf.mul(weights, tf.sub(tf.softplus(z), tf.mul(labels, z))));
}

/**
 * The batch's mean loss and its gradient (device order, one flat vector), all by hand:
 *   d logit = w (sigmoid(logit) - y) / n inside the clip, 0 outside (as tf.clipByValue's)
 *   dD2 = E' d logit, db2 = sum d logit, dE = d logit D2', d hidden = dE step(hidden)
 *   dD1 = S' d hidden, db1 = sum d hidden, dS = d hidden D1'
 *   BPTT from dS gives dXP_g and dU_g; dW_g = X' dXP_g, db_g = sum dXP_g.
 */
function lossAndGradientOnDevice(
  tf: TfModule,
  shape: ModelShape,
  device: DeviceLayout,
  batch: PackedBatch,
  targets: { labels: Float32Array; weights: Float32Array },
  list: Tensor[],
  host: boolean,
): { loss: Scalar; gradient: Tensor1D } {
  const weights = namedWeights(device, list);
  const inputs = tf.tensor2d(batch.inputs, [batch.rows, shape.inputSize]);
  const labels = tf.tensor2d(targets.labels, [batch.size, 1]);
  const classWeights = tf.tensor2d(targets.weights, [batch.size, 1]);
  const xp = inputProjections(tf, inputs, weights);
  const { states, backward } = recurrence(tf, shape.cell, batch, xp, weights.U, host);
  const { hidden, encoding, logit } = head(tf, states, weights);
  const loss: Scalar = tf.div(weightedLossSum(tf, logit, labels, classWeights), batch.size);

  const insideClip: Tensor2D = tf.step(tf.sub(LOGIT_LIMIT, tf.abs(logit)));
  const dLogit: Tensor2D = tf.mul(
    tf.mul(tf.sub(tf.sigmoid(logit), labels), tf.div(classWeights, batch.size)),
    insideClip,
  );
  const dDense2Kernel = tf.matMul(encoding, dLogit, true, false);
  const dDense2Bias = tf.sum(dLogit, 0);
  const dHidden: Tensor2D = tf.mul(tf.matMul(dLogit, weights.dense2Kernel, false, true), tf.step(hidden));
  const dDense1Kernel = tf.matMul(states, dHidden, true, false);
  const dDense1Bias = tf.sum(dHidden, 0);
  const dStates: Tensor2D = tf.matMul(dHidden, weights.dense1Kernel, false, true);
  const { dXp, dU } = backward(dStates);
  const dW = dXp.map((d) => tf.matMul<Tensor2D>(inputs, d, true, false));
  const db = dXp.map((d) => tf.sum(d, 0));
  const pieces: Tensor[] = [...dW, ...dU, ...db, dDense1Kernel, dDense1Bias, dDense2Kernel, dDense2Bias];
  return { loss, gradient: tf.concat(pieces.map((piece) => tf.reshape(piece, [-1]))) as Tensor1D };
}

/** Forward only: final states of a packed batch (nothing recorded for a backward pass). */
function inferenceStates(
  tf: TfModule,
  shape: ModelShape,
  batch: PackedBatch,
  weights: Weights,
  host: boolean,
): Tensor2D {
  const inputs = tf.tensor2d(batch.inputs, [batch.rows, shape.inputSize]);
  const xp = inputProjections(tf, inputs, weights);
  return shape.cell === 'gru'
    ? gruForward(tf, batch, xp, weights.U, host, null)
    : lstmForward(tf, batch, xp, weights.U, host, null);
}

// ---------------------------------------------------------------------------------------------
// Checks (as model.ts)

function checkInputs(
  shape: ModelShape,
  device: DeviceLayout,
  params: Float64Array | null,
  sequences: SequenceSet,
  customers: ArrayLike<number>,
): void {
  if (params !== null && params.length !== device.size) {
    throw new Error(
      `rnn tfjs: ${params.length} parameters given, the ${shape.cell} model has ${device.size}`,
    );
  }
  if (sequences.featureCount !== shape.inputSize) {
    throw new Error(
      `rnn tfjs: sequences have ${sequences.featureCount} features, the model ${shape.inputSize}`,
    );
  }
  const customerCount = sequences.lengths.length;
  const rowCount = Math.floor(sequences.values.length / sequences.featureCount);
  for (let i = 0; i < customers.length; i++) {
    const customer = customers[i];
    if (!(Number.isInteger(customer) && customer >= 0 && customer < customerCount)) {
      throw new Error(`rnn tfjs: customer index ${customer} is outside 0..${customerCount - 1}`);
    }
    const length = sequences.lengths[customer];
    const firstRow = sequences.offsets[customer];
    if (!(length >= 1) || firstRow < 0 || firstRow + length > rowCount) {
      throw new Error(
        `rnn tfjs: customer ${customer} has rows ${firstRow}..${firstRow + length - 1}, expected at least one within 0..${rowCount - 1}`,
      );
    }
  }
}

function checkChunk(chunkSize: number | undefined): number {
  const chunk = chunkSize ?? DEFAULT_CHUNK;
  if (!(Number.isInteger(chunk) && chunk >= 1))
    throw new Error(`rnn tfjs: chunkSize must be >= 1, got ${chunk}`);
  return chunk;
}

/** Customers' positions sorted by length (longest first), for length-homogeneous chunks. */
function byLength(sequences: SequenceSet, customers: ArrayLike<number>): Int32Array {
  const positions = Array.from({ length: customers.length }, (_, i) => i);
  positions.sort((a, b) => sequences.lengths[customers[b]] - sequences.lengths[customers[a]] || a - b);
  return Int32Array.from(positions);
}

// ---------------------------------------------------------------------------------------------
// Shared forward passes over many customers (chunked), given the weights as device-order tensors

function predictWith(
  tf: TfModule,
  shape: ModelShape,
  device: DeviceLayout,
  weightList: () => Tensor[],
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  outProbabilities: Float64Array,
  outEncodings: Float64Array | undefined,
  options: TfjsOptions,
): void {
  const denseUnits = shape.denseUnits;
  if (outProbabilities.length < customers.length) {
    throw new Error(
      `rnn tfjs: room for ${outProbabilities.length} probabilities, ${customers.length} customers`,
    );
  }
  if (outEncodings !== undefined && outEncodings.length < customers.length * denseUnits) {
    throw new Error(
      `rnn tfjs: room for ${outEncodings.length} encoding values, ${customers.length} x ${denseUnits} needed`,
    );
  }
  const chunk = checkChunk(options.chunkSize);
  const host = useHost(tf, options.slicing);
  const sorted = byLength(sequences, customers);
  const sortedCustomers = Int32Array.from(sorted, (position) => customers[position]);
  for (let from = 0; from < sorted.length; from += chunk) {
    const to = Math.min(sorted.length, from + chunk);
    const batch = packBatch(sequences, sortedCustomers, from, to);
    tf.tidy(() => {
      const weights = namedWeights(device, weightList());
      const states = inferenceStates(tf, shape, batch, weights, host);
      const { encoding, logit } = head(tf, states, weights);
      const probabilities = tf.sigmoid(logit).dataSync();
      const encodings = outEncodings === undefined ? null : encoding.dataSync();
      for (let p = 0; p < batch.size; p++) {
        const position = sorted[batch.order[p]];
        outProbabilities[position] = probabilities[p];
        if (encodings !== null && outEncodings !== undefined) {
          for (let d = 0; d < denseUnits; d++)
            outEncodings[position * denseUnits + d] = encodings[p * denseUnits + d];
        }
      }
    });
  }
}

function meanLossWith(
  tf: TfModule,
  shape: ModelShape,
  device: DeviceLayout,
  weightList: () => Tensor[],
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  labels: ArrayLike<number>,
  classWeight: readonly [number, number],
  options: TfjsOptions,
): number {
  if (customers.length === 0) return 0;
  const chunk = checkChunk(options.chunkSize);
  const host = useHost(tf, options.slicing);
  const sorted = byLength(sequences, customers);
  const sortedCustomers = Int32Array.from(sorted, (position) => customers[position]);
  let total = 0;
  for (let from = 0; from < sorted.length; from += chunk) {
    const to = Math.min(sorted.length, from + chunk);
    const batch = packBatch(sequences, sortedCustomers, from, to);
    const targets = packedTargets(batch, sortedCustomers, labels, classWeight);
    total += tf.tidy(() => {
      const weights = namedWeights(device, weightList());
      const states = inferenceStates(tf, shape, batch, weights, host);
      const { logit } = head(tf, states, weights);
      const sum = weightedLossSum(
        tf,
        logit,
        tf.tensor2d(targets.labels, [batch.size, 1]),
        tf.tensor2d(targets.weights, [batch.size, 1]),
      );
      return sum.dataSync()[0];
    });
  }
  return total / customers.length;
}

/** Device-order tensors of Keras-order parameters. */
function uploadParameters(tf: TfModule, device: DeviceLayout, params: Float64Array): Tensor[] {
  return splitFlat(tf, device, tf.tensor1d(toDeviceOrder(device, params)));
}

// ---------------------------------------------------------------------------------------------
// Stateless API, mirroring model.ts

/**
 * Mean (class-weighted) binary cross-entropy of the batch `customers` and its gradient with
 * respect to every parameter, written into `gradient` (Keras order, overwritten).
 */
export function tfjsLossAndGradient(
  tf: TfModule,
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  labels: ArrayLike<number>,
  gradient: Float64Array,
  classWeight: readonly [number, number] = [1, 1],
  options: TfjsOptions = {},
): number {
  const device = deviceLayout(shape);
  checkInputs(shape, device, params, sequences, customers);
  if (gradient.length !== device.size) {
    throw new Error(`rnn tfjs: gradient has ${gradient.length} entries, the model ${device.size}`);
  }
  if (customers.length === 0) throw new Error('rnn tfjs: an empty batch has no loss');
  const host = useHost(tf, options.slicing);
  const batch = packBatch(sequences, customers);
  const targets = packedTargets(batch, customers, labels, classWeight);
  const { loss, flat } = tf.tidy(() => {
    const list = uploadParameters(tf, device, params);
    const result = lossAndGradientOnDevice(tf, shape, device, batch, targets, list, host);
    return { loss: result.loss.dataSync()[0], flat: Float32Array.from(result.gradient.dataSync()) };
  });
  fromDeviceOrder(device, flat, gradient);
  return loss;
}

/** The batch's mean (class-weighted) loss, forward only (the validation loss). */
export function tfjsMeanLoss(
  tf: TfModule,
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  labels: ArrayLike<number>,
  classWeight: readonly [number, number] = [1, 1],
  options: TfjsOptions = {},
): number {
  const device = deviceLayout(shape);
  checkInputs(shape, device, params, sequences, customers);
  return meanLossWith(
    tf,
    shape,
    device,
    () => uploadParameters(tf, device, params),
    sequences,
    customers,
    labels,
    classWeight,
    options,
  );
}

/**
 * Probabilities (plain sigmoid of the logit, as Keras predict) and optionally encodings
 * (row-major customers.length x D) of `customers`, in their order.
 */
export function tfjsPredict(
  tf: TfModule,
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: ArrayLike<number>,
  outProbabilities: Float64Array,
  outEncodings?: Float64Array,
  options: TfjsOptions = {},
): void {
  const device = deviceLayout(shape);
  checkInputs(shape, device, params, sequences, customers);
  predictWith(
    tf,
    shape,
    device,
    () => uploadParameters(tf, device, params),
    sequences,
    customers,
    outProbabilities,
    outEncodings,
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// Trainer: weights and Adam moments on the device across batches

export interface TfjsTrainer {
  readonly shape: ModelShape;
  /** Adam steps taken (Keras optimizer.iterations). */
  readonly iterations: number;
  learningRate: number;
  /** One Adam step on the batch; returns the batch's mean loss before the step. */
  step(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    labels: ArrayLike<number>,
    classWeight?: readonly [number, number],
  ): number;
  meanLoss(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    labels: ArrayLike<number>,
    classWeight?: readonly [number, number],
  ): number;
  predict(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    outProbabilities: Float64Array,
    outEncodings?: Float64Array,
  ): void;
  /** The current weights, Keras order (a copy). */
  getParameters(): Float64Array;
  /** Replaces the weights (e.g. the best epoch's); the Adam moments and step count are kept, as Keras set_weights. */
  setParameters(params: Float64Array): void;
  /** Frees the device tensors; the trainer cannot be used afterwards. */
  dispose(): void;
}

class DeviceTrainer implements TfjsTrainer {
  readonly shape: ModelShape;
  learningRate: number;
  private readonly tf: TfModule;
  private readonly device: DeviceLayout;
  private readonly options: TfjsOptions;
  private readonly theta: Variable;
  private readonly firstMoment: Variable;
  private readonly secondMoment: Variable;
  private steps = 0;
  private disposed = false;

  constructor(
    tf: TfModule,
    shape: ModelShape,
    params: Float64Array,
    learningRate: number,
    options: TfjsOptions,
  ) {
    if (!(learningRate > 0)) throw new Error(`rnn tfjs: learning rate must be positive, got ${learningRate}`);
    this.tf = tf;
    this.shape = { ...shape };
    this.learningRate = learningRate;
    this.options = { ...options };
    this.device = deviceLayout(shape);
    if (params.length !== this.device.size) {
      throw new Error(
        `rnn tfjs: ${params.length} parameters given, the ${shape.cell} model has ${this.device.size}`,
      );
    }
    const initial = tf.tensor1d(toDeviceOrder(this.device, params));
    const zeros = tf.zeros([this.device.size]);
    this.theta = tf.variable(initial, true);
    this.firstMoment = tf.variable(zeros, false);
    this.secondMoment = tf.variable(zeros, false);
    tf.dispose([initial, zeros]); // the variables hold their own references
  }

  get iterations(): number {
    return this.steps;
  }

  step(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    labels: ArrayLike<number>,
    classWeight: readonly [number, number] = [1, 1],
  ): number {
    this.checkAlive();
    const { tf, shape, device } = this;
    checkInputs(shape, device, null, sequences, customers);
    if (customers.length === 0) throw new Error('rnn tfjs: an empty batch has no loss');
    const host = useHost(tf, this.options.slicing);
    const batch = packBatch(sequences, customers);
    const targets = packedTargets(batch, customers, labels, classWeight);
    const t = this.steps + 1;
    const stepSize = (this.learningRate * Math.sqrt(1 - Math.pow(BETA2, t))) / (1 - Math.pow(BETA1, t));
    const loss = tf.tidy(() => {
      const list = splitFlat(tf, device, this.theta as Tensor1D);
      const result = lossAndGradientOnDevice(tf, shape, device, batch, targets, list, host);
      const g = result.gradient;
      const m = tf.add(tf.mul(this.firstMoment, BETA1), tf.mul(g, 1 - BETA1));
      const v = tf.add(tf.mul(this.secondMoment, BETA2), tf.mul(tf.square(g), 1 - BETA2));
      this.firstMoment.assign(m);
      this.secondMoment.assign(v);
      this.theta.assign(tf.sub(this.theta, tf.mul(tf.div(m, tf.add(tf.sqrt(v), ADAM_EPSILON)), stepSize)));
      return result.loss.dataSync()[0];
    });
    this.steps = t;
    return loss;
  }

  meanLoss(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    labels: ArrayLike<number>,
    classWeight: readonly [number, number] = [1, 1],
  ): number {
    this.checkAlive();
    checkInputs(this.shape, this.device, null, sequences, customers);
    return meanLossWith(
      this.tf,
      this.shape,
      this.device,
      () => splitFlat(this.tf, this.device, this.theta as Tensor1D),
      sequences,
      customers,
      labels,
      classWeight,
      this.options,
    );
  }

  predict(
    sequences: SequenceSet,
    customers: ArrayLike<number>,
    outProbabilities: Float64Array,
    outEncodings?: Float64Array,
  ): void {
    this.checkAlive();
    checkInputs(this.shape, this.device, null, sequences, customers);
    predictWith(
      this.tf,
      this.shape,
      this.device,
      () => splitFlat(this.tf, this.device, this.theta as Tensor1D),
      sequences,
      customers,
      outProbabilities,
      outEncodings,
      this.options,
    );
  }

  getParameters(): Float64Array {
    this.checkAlive();
    const out = new Float64Array(this.device.size);
    fromDeviceOrder(this.device, this.theta.dataSync(), out);
    return out;
  }

  setParameters(params: Float64Array): void {
    this.checkAlive();
    if (params.length !== this.device.size) {
      throw new Error(`rnn tfjs: ${params.length} parameters given, the model has ${this.device.size}`);
    }
    this.tf.tidy(() => this.theta.assign(this.tf.tensor1d(toDeviceOrder(this.device, params))));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.theta.dispose();
    this.firstMoment.dispose();
    this.secondMoment.dispose();
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('rnn tfjs: the trainer has been disposed');
  }
}

/** A trainer starting from `params` (Keras order) with a fresh Adam (betas 0.9 / 0.999, epsilon 1e-7). */
export function createTfjsTrainer(
  tf: TfModule,
  shape: ModelShape,
  params: Float64Array,
  learningRate = 0.001,
  options: TfjsOptions = {},
): TfjsTrainer {
  return new DeviceTrainer(tf, shape, params, learningRate, options);
}
