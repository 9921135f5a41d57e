// Hand-written GRU layer, forward and backpropagation through time, for ONE sequence at a time
// at its exact length (no padding, no mask). tfjs-layers' formulation (Keras reset_after =
// false: the reset gate is applied BEFORE the recurrent product), logistic sigmoid, tanh.
// Gate blocks in Keras order z (update), r (reset), h (candidate); W [F x 3H], U [H x 3H],
// b [3H] row-major, column block j*H .. (j+1)*H - 1 belonging to gate j:
//   z_t = sigmoid(x_t W_z + h_{t-1} U_z + b_z)
//   r_t = sigmoid(x_t W_r + h_{t-1} U_r + b_r)
//   c_t = tanh(x_t W_h + (r_t * h_{t-1}) U_h + b_h)
//   h_t = z_t * h_{t-1} + (1 - z_t) * c_t,          h_0 = 0
// Backward, from dh_t (the loss's gradient w.r.t. h_t; only the last step gets one from the
// head, earlier steps only through h_t -> h_{t+1}), with a = the gates' pre-activations:
//   da_z = dh (h_{t-1} - c) z (1 - z);  da_h = dh (1 - z) (1 - c^2)
//   d(r h_{t-1}) = da_h U_h';  da_r = d(r h_{t-1}) * h_{t-1} * r (1 - r)
//   dh_{t-1} = dh z + d(r h_{t-1}) * r + da_z U_z' + da_r U_r'
// and, once the sweep has stored every da_t, the weight gradients as products over time:
//   dW += X' dA;  db += 1' dA;  dU_{z,r} += H_prev' dA_{z,r};  dU_h += (R * H_prev)' dA_h
// Cost per step: forward (F + H) 3H multiply-adds, 2H sigmoids and H tanh; backward about
// twice the multiply-adds. A sequence of T rows is O(T H (F + H)) time and O(T H) memory for
// the stored activations, preallocated for the longest sequence and reused (no allocation per
// step or per sequence).
// Speed (V8; each step measured on journeys-shaped data): everything that does not depend on
// the recurrence is taken out of the step loop and done for the whole sequence as a blocked
// matrix product (the input projection X W + b before the forward sweep, dW, dU and db after
// the backward sweep: 2 x 4 accumulators, 6 loads per 8 multiply-adds); the step loops compute
// two output columns at a time (two add chains sharing each load) and apply the sigmoids and
// tanh in loops of their own; sigmoid and tanh use `exponential` below (a table-driven
// reduction and a degree-5 polynomial, within 1e-15 relative error of Math.exp; the kernel
// ran 15% faster with it than with Math.exp / Math.tanh in Node 20). Together 2.3x faster
// than the same math written step by step with per-step outer products. The sequence-level
// products (sequence-products.ts) and the fast functions (fast-math.ts) are shared with lstm.ts.

import type { RecurrentKernel, RecurrentOffsets } from './model.ts';
import { GateWeights } from './gate-weights.ts';
import { hyperbolicTangent, logistic } from './fast-math.ts';
import { addColumnSums, addInputProduct, addStateProduct, projectInputs } from './sequence-products.ts';

export class GruKernel implements RecurrentKernel {
  readonly inputSize: number;
  readonly units: number;
  private readonly weights: GateWeights;
  /** Longest sequence the activation buffers hold; grows on demand. */
  capacity = 0;
  /** Hidden states h_0 .. h_T, h_t at t * H (h_0 = 0). */
  states = new Float64Array(0);
  /**
   * Row t (0-based) at t * 3H: x_t W + b, then the activations z, r, c once the forward sweep
   * reaches it, then da_z, da_r, da_h once the backward sweep does.
   */
  private gates = new Float64Array(0);
  /** r_t * h_{t-1} of row t at t * H. */
  private resetStates = new Float64Array(0);

  /** W [F x 3H] as stored, for the input projection. */
  private readonly inputKernel: Float64Array;
  /** U' [3H x H], row j = gate column j, for forward dot products over the previous state. */
  private readonly recurrentKernelT: Float64Array;
  /** U [H x 3H] as stored, for the backward products da U'. */
  private readonly recurrentKernel: Float64Array;
  private readonly bias: Float64Array;

  /** Gradient accumulators over a batch: dW [F x 3H], dU [H x 3H], db [3H]. */
  private readonly inputKernelGradient: Float64Array;
  private readonly recurrentKernelGradient: Float64Array;
  private readonly biasGradient: Float64Array;
  /** Per-step scratch [H]: dh_t, and the part of dh_{t-1} that does not pass through U_{z,r}. */
  private readonly stateGradient: Float64Array;
  private readonly previousStateGradient: Float64Array;

  constructor(inputSize: number, units: number, offsets: RecurrentOffsets, capacity: number) {
    this.inputSize = inputSize;
    this.units = units;
    // The hot loops read the weights through these fields (the same arrays as the GateWeights').
    this.weights = new GateWeights(inputSize, units, 3, offsets);
    this.inputKernel = this.weights.inputKernel;
    this.recurrentKernelT = this.weights.recurrentKernelT;
    this.recurrentKernel = this.weights.recurrentKernel;
    this.bias = this.weights.bias;
    this.inputKernelGradient = this.weights.inputKernelGradient;
    this.recurrentKernelGradient = this.weights.recurrentKernelGradient;
    this.biasGradient = this.weights.biasGradient;
    this.stateGradient = new Float64Array(units);
    this.previousStateGradient = new Float64Array(units);
    this.ensureCapacity(capacity);
  }

  ensureCapacity(length: number): void {
    if (length <= this.capacity) return;
    const capacity = Math.max(length, 2 * this.capacity);
    const units = this.units;
    this.states = new Float64Array((capacity + 1) * units);
    this.gates = new Float64Array(capacity * 3 * units);
    this.resetStates = new Float64Array(capacity * units);
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
    const twoUnits = 2 * units;
    const gateWidth = 3 * units;
    const recurrentKernelT = this.recurrentKernelT;
    const states = this.states;
    const gates = this.gates;
    const resetStates = this.resetStates;
    projectInputs(gates, gateWidth, values, this.inputSize, firstRow, this.inputKernel, this.bias, length);
    for (let k = 0; k < units; k++) states[k] = 0;
    for (let t = 0; t < length; t++) {
      const previous = t * units;
      const next = previous + units;
      const gateRow = t * gateWidth;
      // Update and reset gates: pre-activations of columns 0 .. 2H - 1 (an even count) two at a
      // time, then the sigmoids (a loop of their own runs faster).
      for (let j = 0; j < twoUnits; j += 2) {
        let sum0 = gates[gateRow + j];
        let sum1 = gates[gateRow + j + 1];
        const weights0 = j * units;
        const weights1 = weights0 + units;
        for (let k = 0; k < units; k++) {
          const state = states[previous + k];
          sum0 += recurrentKernelT[weights0 + k] * state;
          sum1 += recurrentKernelT[weights1 + k] * state;
        }
        gates[gateRow + j] = sum0;
        gates[gateRow + j + 1] = sum1;
      }
      for (let j = gateRow; j < gateRow + twoUnits; j++) gates[j] = logistic(gates[j]);
      for (let k = 0; k < units; k++) {
        resetStates[previous + k] = gates[gateRow + units + k] * states[previous + k];
      }
      // Candidate pre-activations x W_h + b_h + (r * h) U_h, two units at a time.
      let j = 0;
      for (; j + 1 < units; j += 2) {
        const column = twoUnits + j;
        let sum0 = gates[gateRow + column];
        let sum1 = gates[gateRow + column + 1];
        const weights0 = column * units;
        const weights1 = weights0 + units;
        for (let k = 0; k < units; k++) {
          const resetState = resetStates[previous + k];
          sum0 += recurrentKernelT[weights0 + k] * resetState;
          sum1 += recurrentKernelT[weights1 + k] * resetState;
        }
        gates[gateRow + column] = sum0;
        gates[gateRow + column + 1] = sum1;
      }
      if (j < units) {
        const column = twoUnits + j;
        let sum = gates[gateRow + column];
        const weights = column * units;
        for (let k = 0; k < units; k++) sum += recurrentKernelT[weights + k] * resetStates[previous + k];
        gates[gateRow + column] = sum;
      }
      // The candidate c = tanh(.) and the blend h_t = z h_{t-1} + (1 - z) c.
      for (let k = 0; k < units; k++) {
        const candidate = hyperbolicTangent(gates[gateRow + twoUnits + k]);
        gates[gateRow + twoUnits + k] = candidate;
        const update = gates[gateRow + k];
        states[next + k] = update * states[previous + k] + (1 - update) * candidate;
      }
    }
  }

  backward(values: Float32Array, firstRow: number, length: number, finalStateGradient: Float64Array): void {
    const units = this.units;
    const twoUnits = 2 * units;
    const gateWidth = 3 * units;
    const recurrentKernel = this.recurrentKernel;
    const states = this.states;
    const gates = this.gates; // row t: z, r, c until step t is swept, then da_z, da_r, da_h
    const stateGradient = this.stateGradient;
    const previousStateGradient = this.previousStateGradient;
    for (let k = 0; k < units; k++) stateGradient[k] = finalStateGradient[k];
    for (let t = length - 1; t >= 0; t--) {
      const previous = t * units;
      const gateRow = t * gateWidth;
      // Through the blend h = z h_prev + (1 - z) c and the z and candidate nonlinearities.
      for (let k = 0; k < units; k++) {
        const dh = stateGradient[k];
        const update = gates[gateRow + k];
        const candidate = gates[gateRow + twoUnits + k];
        gates[gateRow + k] = dh * (states[previous + k] - candidate) * update * (1 - update);
        gates[gateRow + twoUnits + k] = dh * (1 - update) * (1 - candidate * candidate);
        previousStateGradient[k] = dh * update;
      }
      // Through the candidate's product (r * h_prev) U_h into r and h_prev, two units at a time.
      let k = 0;
      for (; k + 1 < units; k += 2) {
        const weights0 = k * gateWidth + twoUnits;
        const weights1 = weights0 + gateWidth;
        let dResetState0 = 0;
        let dResetState1 = 0;
        for (let j = 0; j < units; j++) {
          const da = gates[gateRow + twoUnits + j];
          dResetState0 += recurrentKernel[weights0 + j] * da;
          dResetState1 += recurrentKernel[weights1 + j] * da;
        }
        const reset0 = gates[gateRow + units + k];
        const reset1 = gates[gateRow + units + k + 1];
        gates[gateRow + units + k] = dResetState0 * states[previous + k] * reset0 * (1 - reset0);
        gates[gateRow + units + k + 1] = dResetState1 * states[previous + k + 1] * reset1 * (1 - reset1);
        previousStateGradient[k] += dResetState0 * reset0;
        previousStateGradient[k + 1] += dResetState1 * reset1;
      }
      if (k < units) {
        const weights = k * gateWidth + twoUnits;
        let dResetState = 0;
        for (let j = 0; j < units; j++)
          dResetState += recurrentKernel[weights + j] * gates[gateRow + twoUnits + j];
        const reset = gates[gateRow + units + k];
        gates[gateRow + units + k] = dResetState * states[previous + k] * reset * (1 - reset);
        previousStateGradient[k] += dResetState * reset;
      }
      // dh_{t-1}: add da_{z,r} U_{z,r}', two units at a time; h_0 = 0 is a constant, so t = 0 needs none.
      if (t === 0) break;
      k = 0;
      for (; k + 1 < units; k += 2) {
        const weights0 = k * gateWidth;
        const weights1 = weights0 + gateWidth;
        let sum0 = previousStateGradient[k];
        let sum1 = previousStateGradient[k + 1];
        for (let j = 0; j < twoUnits; j++) {
          const da = gates[gateRow + j];
          sum0 += recurrentKernel[weights0 + j] * da;
          sum1 += recurrentKernel[weights1 + j] * da;
        }
        stateGradient[k] = sum0;
        stateGradient[k + 1] = sum1;
      }
      if (k < units) {
        const weights = k * gateWidth;
        let sum = previousStateGradient[k];
        for (let j = 0; j < twoUnits; j++) sum += recurrentKernel[weights + j] * gates[gateRow + j];
        stateGradient[k] = sum;
      }
    }
    // Weight gradients from the stored da rows; rows t >= 1 only for U (h_0 = 0).
    addColumnSums(this.biasGradient, gates, gateWidth, length);
    addInputProduct(this.inputKernelGradient, gateWidth, values, this.inputSize, firstRow, gates, length);
    addStateProduct(this.recurrentKernelGradient, gateWidth, states, units, gates, 0, twoUnits, length);
    addStateProduct(
      this.recurrentKernelGradient,
      gateWidth,
      this.resetStates,
      units,
      gates,
      twoUnits,
      gateWidth,
      length,
    );
  }
}
