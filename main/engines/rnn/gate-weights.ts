// The weights of a gated recurrent layer as its kernel reads them (gru.ts with 3 gates,
// lstm.ts with 4): W [F x G H] and U [H x G H] as stored in the flat parameter vector, U'
// transposed for the forward sweep's dot products (one row per gate column), the bias [G H],
// and the batch's gradient accumulators dW, dU, db in the parameters' own layout.
// load is O(G H (F + H)) per batch, clear and add the same; no allocation after construction.
import type { RecurrentOffsets } from './model.ts';
import { addInto } from './sequence-products.ts';

export class GateWeights {
  readonly inputKernel: Float64Array;
  /** U' [G H x H], row j = gate column j. */
  readonly recurrentKernelT: Float64Array;
  readonly recurrentKernel: Float64Array;
  readonly bias: Float64Array;
  readonly inputKernelGradient: Float64Array;
  readonly recurrentKernelGradient: Float64Array;
  readonly biasGradient: Float64Array;
  private readonly units: number;
  private readonly gateWidth: number;

  constructor(
    inputSize: number,
    units: number,
    gates: number,
    private readonly offsets: RecurrentOffsets,
  ) {
    this.units = units;
    this.gateWidth = gates * units;
    this.inputKernel = new Float64Array(inputSize * this.gateWidth);
    this.recurrentKernelT = new Float64Array(this.gateWidth * units);
    this.recurrentKernel = new Float64Array(units * this.gateWidth);
    this.bias = new Float64Array(this.gateWidth);
    this.inputKernelGradient = new Float64Array(inputSize * this.gateWidth);
    this.recurrentKernelGradient = new Float64Array(units * this.gateWidth);
    this.biasGradient = new Float64Array(this.gateWidth);
  }

  /** Copies the layer's weights out of the flat parameter vector. */
  load(params: Float64Array): void {
    const { units, gateWidth } = this;
    const { input, recurrent, bias } = this.offsets;
    this.inputKernel.set(params.subarray(input, input + this.inputKernel.length));
    this.recurrentKernel.set(params.subarray(recurrent, recurrent + this.recurrentKernel.length));
    for (let k = 0; k < units; k++) {
      for (let j = 0; j < gateWidth; j++)
        this.recurrentKernelT[j * units + k] = params[recurrent + k * gateWidth + j];
    }
    this.bias.set(params.subarray(bias, bias + gateWidth));
  }

  clearGradient(): void {
    this.inputKernelGradient.fill(0);
    this.recurrentKernelGradient.fill(0);
    this.biasGradient.fill(0);
  }

  /** Adds the accumulated gradients into the flat gradient vector. */
  addGradientTo(gradient: Float64Array): void {
    const { input, recurrent, bias } = this.offsets;
    addInto(gradient, input, this.inputKernelGradient);
    addInto(gradient, recurrent, this.recurrentKernelGradient);
    addInto(gradient, bias, this.biasGradient);
  }
}
