// Hand-written LSTM layer (Keras formulation), forward and backpropagation through time, for
// ONE sequence at a time at its exact length (no padding, no mask). Gate blocks in Keras order
// i (input), f (forget), c (cell candidate), o (output); W [F x 4H], U [H x 4H], b [4H]
// row-major, column block j*H .. (j+1)*H - 1 belonging to gate j:
//   a_t = x_t W + h_{t-1} U + b
//   i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_c), o = sigmoid(a_o)
//   c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t);   h_0 = c_0 = 0; the state used is h.
// Backward, from dh_t and the carried dc_t:
//   dc = dc_t + dh o (1 - tanh(c_t)^2)
//   da_i = dc g i (1 - i); da_f = dc c_{t-1} f (1 - f); da_c = dc i (1 - g^2);
//   da_o = dh tanh(c_t) o (1 - o);  dc_{t-1} = dc f;  dh_{t-1} = da U'
// and, once the sweep has stored every da_t:  dW += X' dA;  dU += H_prev' dA;  db += 1' dA.
// Cost per step: forward (F + H) 4H multiply-adds, 3H sigmoids and 2H tanh; backward about
// twice the multiply-adds. A sequence of T rows is O(T H (F + H)) time and O(T H) memory for
// the stored activations, preallocated for the longest sequence and reused (no allocation per
// step or per sequence). Written for V8 as gru.ts is (see there), with its sequence-level
// products (X W + b before the forward sweep; dW, dU, db after the backward sweep) and its
// fast exponential; the step loops take four output columns (4H is a multiple of 4) or two
// state units at a time.

import type { RecurrentKernel, RecurrentOffsets } from './model.ts';
import { GateWeights } from './gate-weights.ts';
import { hyperbolicTangent, logistic } from './fast-math.ts';
import { addColumnSums, addInputProduct, addStateProduct, projectInputs } from './sequence-products.ts';

export class LstmKernel implements RecurrentKernel {
  readonly inputSize: number;
  readonly units: number;
  private readonly weights: GateWeights;
  /** Longest sequence the activation buffers hold; grows on demand. */
  capacity = 0;
  /** Hidden states h_0 .. h_T, h_t at t * H (h_0 = 0). */
  states = new Float64Array(0);
  /** Cell states c_0 .. c_T, c_t at t * H (c_0 = 0). */
  private cells = new Float64Array(0);
  /** tanh(c_{t+1}) of row t (0-based) at t * H. */
  private cellActivations = new Float64Array(0);
  /**
   * Row t (0-based) at t * 4H: x_t W + b, then h_{t-1} U added, then the activations i, f, g, o,
   * then da_i, da_f, da_c, da_o once the backward sweep reaches it.
   */
  private gates = new Float64Array(0);

  /** W [F x 4H] as stored, for the input projection. */
  private readonly inputKernel: Float64Array;
  /** U' [4H x H] for the forward dot products; U [H x 4H] as stored for the backward ones. */
  private readonly recurrentKernelT: Float64Array;
  private readonly recurrentKernel: Float64Array;
  private readonly bias: Float64Array;

  /** Gradient accumulators over a batch: dW [F x 4H], dU [H x 4H], db [4H]. */
  private readonly inputKernelGradient: Float64Array;
  private readonly recurrentKernelGradient: Float64Array;
  private readonly biasGradient: Float64Array;
  /** Per-row scratch: dh_t and the carried dc_t [H]. */
  private readonly stateGradient: Float64Array;
  private readonly cellGradient: Float64Array;

  constructor(inputSize: number, units: number, offsets: RecurrentOffsets, capacity: number) {
    this.inputSize = inputSize;
    this.units = units;
    // The hot loops read the weights through these fields (the same arrays as the GateWeights').
    this.weights = new GateWeights(inputSize, units, 4, offsets);
    this.inputKernel = this.weights.inputKernel;
    this.recurrentKernelT = this.weights.recurrentKernelT;
    this.recurrentKernel = this.weights.recurrentKernel;
    this.bias = this.weights.bias;
    this.inputKernelGradient = this.weights.inputKernelGradient;
    this.recurrentKernelGradient = this.weights.recurrentKernelGradient;
    this.biasGradient = this.weights.biasGradient;
    this.stateGradient = new Float64Array(units);
    this.cellGradient = new Float64Array(units);
    this.ensureCapacity(capacity);
  }

  ensureCapacity(length: number): void {
    if (length <= this.capacity) return;
    const capacity = Math.max(length, 2 * this.capacity);
    const units = this.units;
    this.states = new Float64Array((capacity + 1) * units);
    this.cells = new Float64Array((capacity + 1) * units);
    this.cellActivations = new Float64Array(capacity * units);
    this.gates = new Float64Array(capacity * 4 * units);
    this.capacity = capacity;
  }

  loadParameters(params: Float64Array): void {
    this.weights.load(params);
  }

  clearGradient(): void {
    this.weights.clearGradient();
  }

  addGradientTo(gradient: Float64Array): void {
    this.weights.addGradientTo(gradient);
  }

  forward(values: Float32Array, firstRow: number, length: number): void {
    if (length > this.capacity) this.ensureCapacity(length);
    const units = this.units;
    const gateWidth = 4 * units;
    const recurrentKernelT = this.recurrentKernelT;
    const states = this.states;
    const cells = this.cells;
    const cellActivations = this.cellActivations;
    const gates = this.gates;
    for (let k = 0; k < units; k++) {
      states[k] = 0;
      cells[k] = 0;
    }
    projectInputs(gates, gateWidth, values, this.inputSize, firstRow, this.inputKernel, this.bias, length);
    for (let t = 0; t < length; t++) {
      const previous = t * units;
      const next = previous + units;
      const gateRow = t * gateWidth;
      // + h_{t-1} U, four columns at a time.
      for (let j = 0; j < gateWidth; j += 4) {
        let sum0 = gates[gateRow + j];
        let sum1 = gates[gateRow + j + 1];
        let sum2 = gates[gateRow + j + 2];
        let sum3 = gates[gateRow + j + 3];
        const weights0 = j * units;
        const weights1 = weights0 + units;
        const weights2 = weights1 + units;
        const weights3 = weights2 + units;
        for (let k = 0; k < units; k++) {
          const state = states[previous + k];
          sum0 += recurrentKernelT[weights0 + k] * state;
          sum1 += recurrentKernelT[weights1 + k] * state;
          sum2 += recurrentKernelT[weights2 + k] * state;
          sum3 += recurrentKernelT[weights3 + k] * state;
        }
        gates[gateRow + j] = sum0;
        gates[gateRow + j + 1] = sum1;
        gates[gateRow + j + 2] = sum2;
        gates[gateRow + j + 3] = sum3;
      }
      for (let k = 0; k < units; k++) {
        const inputGate = logistic(gates[gateRow + k]);
        const forgetGate = logistic(gates[gateRow + units + k]);
        const candidate = hyperbolicTangent(gates[gateRow + 2 * units + k]);
        const outputGate = logistic(gates[gateRow + 3 * units + k]);
        gates[gateRow + k] = inputGate;
        gates[gateRow + units + k] = forgetGate;
        gates[gateRow + 2 * units + k] = candidate;
        gates[gateRow + 3 * units + k] = outputGate;
        const cell = forgetGate * cells[previous + k] + inputGate * candidate;
        const cellActivation = hyperbolicTangent(cell);
        cells[next + k] = cell;
        cellActivations[previous + k] = cellActivation;
        states[next + k] = outputGate * cellActivation;
      }
    }
  }

  backward(values: Float32Array, firstRow: number, length: number, finalStateGradient: Float64Array): void {
    const units = this.units;
    const gateWidth = 4 * units;
    const recurrentKernel = this.recurrentKernel;
    const cells = this.cells;
    const cellActivations = this.cellActivations;
    const gates = this.gates; // row t: i, f, g, o until step t is swept, then da_i, da_f, da_c, da_o
    const stateGradient = this.stateGradient;
    const cellGradient = this.cellGradient;
    for (let k = 0; k < units; k++) {
      stateGradient[k] = finalStateGradient[k];
      cellGradient[k] = 0;
    }
    for (let t = length - 1; t >= 0; t--) {
      const previous = t * units;
      const gateRow = t * gateWidth;
      for (let k = 0; k < units; k++) {
        const dh = stateGradient[k];
        const inputGate = gates[gateRow + k];
        const forgetGate = gates[gateRow + units + k];
        const candidate = gates[gateRow + 2 * units + k];
        const outputGate = gates[gateRow + 3 * units + k];
        const cellActivation = cellActivations[previous + k];
        const dc = cellGradient[k] + dh * outputGate * (1 - cellActivation * cellActivation);
        gates[gateRow + k] = dc * candidate * inputGate * (1 - inputGate);
        gates[gateRow + units + k] = dc * cells[previous + k] * forgetGate * (1 - forgetGate);
        gates[gateRow + 2 * units + k] = dc * inputGate * (1 - candidate * candidate);
        gates[gateRow + 3 * units + k] = dh * cellActivation * outputGate * (1 - outputGate);
        cellGradient[k] = dc * forgetGate;
      }
      // dh_{t-1} = da U', two units at a time; h_0 = 0 is a constant, so t = 0 needs none.
      if (t > 0) {
        let k = 0;
        for (; k + 1 < units; k += 2) {
          const weights0 = k * gateWidth;
          const weights1 = weights0 + gateWidth;
          let sum0 = 0;
          let sum1 = 0;
          for (let j = 0; j < gateWidth; j++) {
            const da = gates[gateRow + j];
            sum0 += recurrentKernel[weights0 + j] * da;
            sum1 += recurrentKernel[weights1 + j] * da;
          }
          stateGradient[k] = sum0;
          stateGradient[k + 1] = sum1;
        }
        if (k < units) {
          const weights = k * gateWidth;
          let sum = 0;
          for (let j = 0; j < gateWidth; j++) sum += recurrentKernel[weights + j] * gates[gateRow + j];
          stateGradient[k] = sum;
        }
      }
    }
    // Weight gradients from the stored da rows; rows t >= 1 only for U (h_0 = 0).
    addColumnSums(this.biasGradient, gates, gateWidth, length);
    addInputProduct(this.inputKernelGradient, gateWidth, values, this.inputSize, firstRow, gates, length);
    addStateProduct(this.recurrentKernelGradient, gateWidth, this.states, units, gates, 0, gateWidth, length);
  }
}
