// The rnn analysis's model as one fused CPU kernel (DESIGN.md section 4, rnn):
//   state  = last hidden state of a GRU or LSTM (`units` H) run over a customer's F-feature
//            rows at its exact length (no padding reaches the state)
//   encode = relu(state D1 + b1)                  D1 [H x D], the customer's encoding
//   logit  = encode D2 + b2;  p = sigmoid(logit)  D2 [D x 1]
//   loss   = sum_i w(y_i) BCE(y_i, p_i) / n over the batch's n customers, w(1) = classWeight[1],
//            w(0) = classWeight[0] (Keras class_weight: weighted sum over the batch size).
// BCE as tfjs-layers computes it: p clipped to [1e-7, 1 - 1e-7], then the logistic loss of
// its logit, here directly from the logit clipped to +-log((1 - 1e-7) / 1e-7) (the same value,
// without the rounding of 1 - p); outside the clip the gradient is 0, as tf.clipByValue's.
//
// Parameters: ONE flat Float64Array, Keras / tfjs weight order and row-major layout, shared
// with the tfjs path: W [F x GH], U [H x GH], b [GH] (G = 3 gates z, r, h for the GRU; 4 gates
// i, f, c, o for the LSTM), dense1 kernel [H x D], dense1 bias [D], dense2 kernel [D x 1],
// dense2 bias [1]. parameterLayout names the slices.
//
// API:
//   parameterCount(shape), parameterLayout(shape), initialParameters(shape, seed)
//   createWorkspace(shape, maxLength)          scratch buffers, created once and reused
//   lossAndGradient(shape, params, sequences, customers, labels, gradient, classWeight?, workspace?)
//       -> the batch's mean loss; `gradient` overwritten with d loss / d params (same layout)
//   meanLoss(...)                              the same loss, forward only (validation)
//   predict(shape, params, sequences, customers, outProbabilities, outEncodings?, workspace?)
// `customers` lists the batch by customer index into `sequences`; `labels` is indexed by
// customer index too; outputs (probabilities, encodings) follow the order of `customers`.
//
// Cost: O(T H (F + H)) per sequence of T rows for forward + backward (the recurrent kernel,
// gru.ts / lstm.ts), plus O(H D) for the head; about 3.6 kFLOP per row for F 7, H 10.
// Memory: O(maxLength H) activations in the workspace; nothing is allocated per step or per
// sequence. Each sequence of the batch runs forward and backward in one pass, so the
// activation buffers hold a single sequence and stay in the L1 cache. A workspace belongs to
// one caller at a time (one per worker thread).
// Speed (test/bench/rnn-kernel.bench.ts, journeys-shaped data, batch 128, forward + BPTT +
// Adam on one thread, Node 20, a busy 2-core AMD EPYC): 26,000-29,000 sequences per
// CPU-second for the GRU and about 20,000 for the LSTM, against PyTorch CPU's 5,960 on two
// threads (../shared/anchors/rnn/README.md).

import { Rng } from '../common/rng.ts';
import { GruKernel } from './gru.ts';
import { fillGlorotUniform, fillOrthogonal } from './init.ts';
import { LstmKernel } from './lstm.ts';

export type CellKind = 'gru' | 'lstm';

export interface ModelShape {
  cell: CellKind;
  /** F, features per row. */
  inputSize: number;
  /** H, recurrent units. */
  units: number;
  /** D, units of the relu layer (the encoding's dimension). */
  denseUnits: number;
}

/** Customers' rows back to back; customer c is rows offsets[c] .. offsets[c] + lengths[c] - 1. */
export interface SequenceSet {
  featureCount: number;
  /** Row-major rows x featureCount. */
  values: Float32Array;
  /** First row of each customer. */
  offsets: Int32Array;
  /** Rows of each customer, >= 1. */
  lengths: Int32Array;
}

export interface ParameterSlice {
  /** Index of the first element in the flat parameter vector. */
  offset: number;
  rows: number;
  cols: number;
}

export interface ParameterLayout {
  /** Input kernel W [F x GH]. */
  W: ParameterSlice;
  /** Recurrent kernel U [H x GH]. */
  U: ParameterSlice;
  /** Recurrent bias b [1 x GH]. */
  b: ParameterSlice;
  dense1Kernel: ParameterSlice;
  dense1Bias: ParameterSlice;
  dense2Kernel: ParameterSlice;
  dense2Bias: ParameterSlice;
  /** Length of the flat vector. */
  size: number;
}

/** Where a recurrent kernel's W, U and b start in the flat parameter vector. */
export interface RecurrentOffsets {
  input: number;
  recurrent: number;
  bias: number;
}

/** One recurrent layer's forward and BPTT over a single sequence (gru.ts, lstm.ts). */
export interface RecurrentKernel {
  /** Longest sequence the activation buffers hold. */
  readonly capacity: number;
  /** Hidden states h_0 .. h_T, h_t at t * H, after forward(); replaced when capacity grows. */
  readonly states: Float64Array;
  ensureCapacity(length: number): void;
  /** Copies W, U, b out of `params` (transposed where the forward pass wants rows). */
  loadParameters(params: Float64Array): void;
  clearGradient(): void;
  /** Adds the accumulated dW, dU, db into `gradient` at the layout's offsets. */
  addGradientTo(gradient: Float64Array): void;
  /** Runs rows firstRow .. firstRow + length - 1 (length >= 1), growing the buffers if needed. */
  forward(values: Float32Array, firstRow: number, length: number): void;
  /** BPTT (once) of the sequence of the last forward() from d loss / d h_T; accumulates dW, dU, db. */
  backward(values: Float32Array, firstRow: number, length: number, finalStateGradient: Float64Array): void;
}

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log, as Keras / tfjs-layers. */
export const PROBABILITY_EPSILON = 1e-7;
const LOGIT_LIMIT = Math.log((1 - PROBABILITY_EPSILON) / PROBABILITY_EPSILON);

export function gateCount(cell: CellKind): number {
  return cell === 'gru' ? 3 : 4;
}

export function parameterLayout(shape: ModelShape): ParameterLayout {
  checkShape(shape);
  const { inputSize, units, denseUnits } = shape;
  const gateWidth = gateCount(shape.cell) * units;
  let offset = 0;
  const slice = (rows: number, cols: number): ParameterSlice => {
    const result = { offset, rows, cols };
    offset += rows * cols;
    return result;
  };
  const W = slice(inputSize, gateWidth);
  const U = slice(units, gateWidth);
  const b = slice(1, gateWidth);
  const dense1Kernel = slice(units, denseUnits);
  const dense1Bias = slice(1, denseUnits);
  const dense2Kernel = slice(denseUnits, 1);
  const dense2Bias = slice(1, 1);
  return { W, U, b, dense1Kernel, dense1Bias, dense2Kernel, dense2Bias, size: offset };
}

export function parameterCount(shape: ModelShape): number {
  return parameterLayout(shape).size;
}

/**
 * Keras initialisation for a seed: Glorot-uniform W and dense kernels, orthogonal U (the whole
 * [H x GH] matrix, orthonormal rows), zero biases except the LSTM forget gate's (1, Keras
 * unit_forget_bias). Draw order W, U, dense1 kernel, dense2 kernel.
 */
export function initialParameters(shape: ModelShape, seed: number): Float64Array {
  const layout = parameterLayout(shape);
  const params = new Float64Array(layout.size);
  const rng = new Rng(seed);
  fillGlorotUniform(rng, layout.W.rows, layout.W.cols, params, layout.W.offset);
  fillOrthogonal(rng, layout.U.rows, layout.U.cols, params, layout.U.offset);
  fillGlorotUniform(
    rng,
    layout.dense1Kernel.rows,
    layout.dense1Kernel.cols,
    params,
    layout.dense1Kernel.offset,
  );
  fillGlorotUniform(
    rng,
    layout.dense2Kernel.rows,
    layout.dense2Kernel.cols,
    params,
    layout.dense2Kernel.offset,
  );
  if (shape.cell === 'lstm') params.fill(1, layout.b.offset + shape.units, layout.b.offset + 2 * shape.units);
  return params;
}

/** Preallocated scratch for one model shape; grows if a longer sequence arrives. */
export class Workspace {
  readonly shape: ModelShape;
  readonly layout: ParameterLayout;
  readonly kernel: RecurrentKernel;
  /** Dense-1 pre-activations, the encoding relu(.) and d loss / d encoding, each [D]. */
  readonly denseInput: Float64Array;
  readonly encoding: Float64Array;
  readonly encodingGradient: Float64Array;
  /** d loss / d h_T [H]. */
  readonly stateGradient: Float64Array;

  constructor(shape: ModelShape, maxLength: number) {
    this.shape = { ...shape };
    this.layout = parameterLayout(shape);
    const offsets: RecurrentOffsets = {
      input: this.layout.W.offset,
      recurrent: this.layout.U.offset,
      bias: this.layout.b.offset,
    };
    const capacity = Math.max(1, Math.trunc(maxLength));
    this.kernel =
      shape.cell === 'gru'
        ? new GruKernel(shape.inputSize, shape.units, offsets, capacity)
        : new LstmKernel(shape.inputSize, shape.units, offsets, capacity);
    this.denseInput = new Float64Array(shape.denseUnits);
    this.encoding = new Float64Array(shape.denseUnits);
    this.encodingGradient = new Float64Array(shape.denseUnits);
    this.stateGradient = new Float64Array(shape.units);
  }

  matches(shape: ModelShape): boolean {
    const own = this.shape;
    return (
      own.cell === shape.cell &&
      own.inputSize === shape.inputSize &&
      own.units === shape.units &&
      own.denseUnits === shape.denseUnits
    );
  }
}

export function createWorkspace(shape: ModelShape, maxLength: number): Workspace {
  return new Workspace(shape, maxLength);
}

/** Logistic loss of one customer from its logit, probabilities clipped as Keras / tfjs-layers. */
export function binaryCrossEntropyFromLogit(logit: number, label: number): number {
  const clipped = logit > LOGIT_LIMIT ? LOGIT_LIMIT : logit < -LOGIT_LIMIT ? -LOGIT_LIMIT : logit;
  // y softplus(-z) + (1 - y) softplus(z) = max(z, 0) - z y + log(1 + exp(-|z|)).
  return Math.max(clipped, 0) - clipped * label + Math.log1p(Math.exp(-Math.abs(clipped)));
}

/**
 * Mean (class-weighted) binary cross-entropy of the batch `customers` and its gradient with
 * respect to every parameter, written into `gradient` (overwritten, same layout as params).
 * Forward and full BPTT run sequence by sequence at exact lengths. `outLogits`, when given,
 * receives each customer's logit before the update (in batch order): the epoch's training
 * AUC comes from them, as Keras accumulates its metric over the batches, without another pass.
 */
export function lossAndGradient(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: Int32Array,
  labels: ArrayLike<number>,
  gradient: Float64Array,
  classWeight: readonly [number, number] = [1, 1],
  workspace?: Workspace,
  outLogits?: Float64Array,
): number {
  const work = prepareWorkspace(shape, params, sequences, customers, workspace);
  if (gradient.length !== work.layout.size) {
    throw new Error(`rnn model: gradient has ${gradient.length} entries, the model ${work.layout.size}`);
  }
  const layout = work.layout;
  const kernel = work.kernel;
  const units = shape.units;
  const denseUnits = shape.denseUnits;
  const dense1Kernel = layout.dense1Kernel.offset;
  const dense1Bias = layout.dense1Bias.offset;
  const dense2Kernel = layout.dense2Kernel.offset;
  const dense2Bias = layout.dense2Bias.offset;
  const denseInput = work.denseInput;
  const encoding = work.encoding;
  const encodingGradients = work.encodingGradient;
  const stateGradient = work.stateGradient;
  const weightOfNegatives = classWeight[0];
  const weightOfPositives = classWeight[1];
  const { values, offsets, lengths } = sequences;
  const batchSize = customers.length;

  gradient.fill(0);
  kernel.clearGradient();
  let totalLoss = 0;
  for (let i = 0; i < batchSize; i++) {
    const customer = customers[i];
    const length = lengths[customer];
    const firstRow = offsets[customer];
    kernel.forward(values, firstRow, length);
    const logit = headForward(params, layout, kernel.states, length * units, denseInput, encoding);
    if (outLogits !== undefined) outLogits[i] = logit;
    const label = labels[customer];
    const weight = label * weightOfPositives + (1 - label) * weightOfNegatives;
    totalLoss += weight * binaryCrossEntropyFromLogit(logit, label);
    // d loss / d logit = w (sigmoid(z) - y) / n inside the clip, 0 outside (tf.clipByValue).
    const logitGradient =
      logit > LOGIT_LIMIT || logit < -LOGIT_LIMIT ? 0 : (weight * (sigmoid(logit) - label)) / batchSize;
    // Head backward: dense2, relu, dense1, into d loss / d h_T.
    gradient[dense2Bias] += logitGradient;
    for (let d = 0; d < denseUnits; d++) {
      gradient[dense2Kernel + d] += encoding[d] * logitGradient;
      const encodingGradient = denseInput[d] > 0 ? params[dense2Kernel + d] * logitGradient : 0;
      encodingGradients[d] = encodingGradient;
      gradient[dense1Bias + d] += encodingGradient;
    }
    const states = kernel.states;
    const finalState = length * units;
    for (let k = 0; k < units; k++) {
      const state = states[finalState + k];
      const row = k * denseUnits;
      let sum = 0;
      for (let d = 0; d < denseUnits; d++) {
        const encodingGradient = encodingGradients[d];
        gradient[dense1Kernel + row + d] += state * encodingGradient;
        sum += params[dense1Kernel + row + d] * encodingGradient;
      }
      stateGradient[k] = sum;
    }
    kernel.backward(values, firstRow, length, stateGradient);
  }
  kernel.addGradientTo(gradient);
  return batchSize === 0 ? 0 : totalLoss / batchSize;
}

/**
 * The mean (class-weighted) loss of `customers`, forward only, e.g. the validation loss (Keras
 * applies class_weight to training batches only: pass no class weights to match its val_loss).
 * `outProbabilities`, when given, receives each customer's probability as predict gives it,
 * so the validation loss and the validation AUC come from one pass.
 */
export function meanLoss(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: Int32Array,
  labels: ArrayLike<number>,
  classWeight: readonly [number, number] = [1, 1],
  workspace?: Workspace,
  outProbabilities?: Float64Array,
): number {
  const work = prepareWorkspace(shape, params, sequences, customers, workspace);
  let totalLoss = 0;
  for (let i = 0; i < customers.length; i++) {
    const customer = customers[i];
    const length = sequences.lengths[customer];
    work.kernel.forward(sequences.values, sequences.offsets[customer], length);
    const logit = headForward(
      params,
      work.layout,
      work.kernel.states,
      length * shape.units,
      work.denseInput,
      work.encoding,
    );
    if (outProbabilities !== undefined) outProbabilities[i] = sigmoid(logit);
    const label = labels[customer];
    const weight = label * classWeight[1] + (1 - label) * classWeight[0];
    totalLoss += weight * binaryCrossEntropyFromLogit(logit, label);
  }
  return customers.length === 0 ? 0 : totalLoss / customers.length;
}

/**
 * Probabilities (and optionally encodings, row-major customers.length x D) of `customers`, in
 * their order. The probability is the plain sigmoid of the logit (no clipping), as Keras predict.
 */
export function predict(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: Int32Array,
  outProbabilities: Float64Array,
  outEncodings?: Float64Array,
  workspace?: Workspace,
): void {
  const work = prepareWorkspace(shape, params, sequences, customers, workspace);
  const denseUnits = shape.denseUnits;
  if (outProbabilities.length < customers.length) {
    throw new Error(
      `rnn model: room for ${outProbabilities.length} probabilities, ${customers.length} customers`,
    );
  }
  if (outEncodings !== undefined && outEncodings.length < customers.length * denseUnits) {
    throw new Error(
      `rnn model: room for ${outEncodings.length} encoding values, ${customers.length} x ${denseUnits} needed`,
    );
  }
  for (let i = 0; i < customers.length; i++) {
    const customer = customers[i];
    const length = sequences.lengths[customer];
    work.kernel.forward(sequences.values, sequences.offsets[customer], length);
    const logit = headForward(
      params,
      work.layout,
      work.kernel.states,
      length * shape.units,
      work.denseInput,
      work.encoding,
    );
    outProbabilities[i] = sigmoid(logit);
    if (outEncodings !== undefined) outEncodings.set(work.encoding, i * denseUnits);
  }
}

/** Dense(D, relu) then Dense(1) on the state at states[stateOffset ..]; returns the logit. */
function headForward(
  params: Float64Array,
  layout: ParameterLayout,
  states: Float64Array,
  stateOffset: number,
  denseInput: Float64Array,
  encoding: Float64Array,
): number {
  const units = layout.dense1Kernel.rows;
  const denseUnits = layout.dense1Kernel.cols;
  const dense1Kernel = layout.dense1Kernel.offset;
  const dense1Bias = layout.dense1Bias.offset;
  const dense2Kernel = layout.dense2Kernel.offset;
  for (let d = 0; d < denseUnits; d++) denseInput[d] = params[dense1Bias + d];
  for (let k = 0; k < units; k++) {
    const state = states[stateOffset + k];
    const row = dense1Kernel + k * denseUnits;
    for (let d = 0; d < denseUnits; d++) denseInput[d] += state * params[row + d];
  }
  let logit = params[layout.dense2Bias.offset];
  for (let d = 0; d < denseUnits; d++) {
    const value = denseInput[d] > 0 ? denseInput[d] : 0;
    encoding[d] = value;
    logit += value * params[dense2Kernel + d];
  }
  return logit;
}

/** Numerically safe logistic function. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Checks the inputs once per batch, sizes the workspace, loads the recurrent weights. */
function prepareWorkspace(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customers: Int32Array,
  workspace: Workspace | undefined,
): Workspace {
  const layout =
    workspace !== undefined && workspace.matches(shape) ? workspace.layout : parameterLayout(shape);
  if (params.length !== layout.size) {
    throw new Error(
      `rnn model: ${params.length} parameters given, the ${shape.cell} model has ${layout.size}`,
    );
  }
  if (sequences.featureCount !== shape.inputSize) {
    throw new Error(
      `rnn model: sequences have ${sequences.featureCount} features, the model ${shape.inputSize}`,
    );
  }
  const customerCount = sequences.lengths.length;
  const rowCount = Math.floor(sequences.values.length / sequences.featureCount);
  let longest = 1;
  for (let i = 0; i < customers.length; i++) {
    const customer = customers[i];
    if (!(customer >= 0 && customer < customerCount)) {
      throw new Error(`rnn model: customer index ${customer} is outside 0..${customerCount - 1}`);
    }
    const length = sequences.lengths[customer];
    const firstRow = sequences.offsets[customer];
    if (!(length >= 1) || firstRow < 0 || firstRow + length > rowCount) {
      throw new Error(
        `rnn model: customer ${customer} has rows ${firstRow}..${firstRow + length - 1}, expected at least one within 0..${rowCount - 1}`,
      );
    }
    if (length > longest) longest = length;
  }
  let work = workspace;
  if (work === undefined) work = new Workspace(shape, longest);
  else if (!work.matches(shape)) throw new Error('rnn model: the workspace was made for another model shape');
  work.kernel.ensureCapacity(longest);
  work.kernel.loadParameters(params);
  return work;
}

function checkShape(shape: ModelShape): void {
  if (shape.cell !== 'gru' && shape.cell !== 'lstm')
    throw new Error(`rnn model: unknown cell '${String(shape.cell)}'`);
  for (const [name, value] of [
    ['inputSize', shape.inputSize],
    ['units', shape.units],
    ['denseUnits', shape.denseUnits],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1))
      throw new Error(`rnn model: ${name} must be a whole number >= 1, got ${value}`);
  }
}
