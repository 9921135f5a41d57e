// The LSTM kernel against a direct transcription of the Keras equations (gates i, f, c, o),
// step by step, and its BPTT against central finite differences. An odd unit count (3) runs
// the kernel's remainder paths; the parameters sit at a non-zero offset of the flat vector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { LstmKernel } from '../../../../main/engines/rnn/lstm.ts';
import { worstGradientError } from './kernel-gradient-check.ts';

const inputSize = 4;
const units = 3;
const gateWidth = 4 * units;
const padding = 5; // the kernel's W starts at params[5]
const offsets = {
  input: padding,
  recurrent: padding + inputSize * gateWidth,
  bias: padding + inputSize * gateWidth + units * gateWidth,
};
const parameterTotal = offsets.bias + gateWidth + 1;

function randomSetup(seed: number, rows: number): { params: Float64Array; values: Float32Array } {
  const rng = new Rng(seed);
  const params = Float64Array.from({ length: parameterTotal }, () => 0.6 * rng.nextNormal());
  const values = Float32Array.from({ length: rows * inputSize }, () =>
    rng.nextFloat() < 0.3 ? 0 : rng.nextNormal(),
  );
  return { params, values };
}

/** h_1 .. h_T of the LSTM written straight from the equations (row-major W, U, b in `params`). */
function referenceStates(
  params: Float64Array,
  values: Float32Array,
  firstRow: number,
  length: number,
): number[][] {
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  const w = (f: number, j: number): number => params[offsets.input + f * gateWidth + j];
  const u = (k: number, j: number): number => params[offsets.recurrent + k * gateWidth + j];
  const b = (j: number): number => params[offsets.bias + j];
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  const states: number[][] = [];
  for (let t = 0; t < length; t++) {
    const x = Array.from({ length: inputSize }, (_, f) => values[(firstRow + t) * inputSize + f]);
    const a = (j: number): number =>
      x.reduce((sum, xf, f) => sum + xf * w(f, j), 0) +
      h.reduce((sum, hk, k) => sum + hk * u(k, j), 0) +
      b(j);
    const i = h.map((_, j) => sigmoid(a(j)));
    const f = h.map((_, j) => sigmoid(a(units + j)));
    const g = h.map((_, j) => Math.tanh(a(2 * units + j)));
    const o = h.map((_, j) => sigmoid(a(3 * units + j)));
    c = c.map((ck, j) => f[j]! * ck + i[j]! * g[j]!);
    h = c.map((ck, j) => o[j]! * Math.tanh(ck));
    states.push(h);
  }
  return states;
}

test('forward states equal the LSTM equations at every step', () => {
  const { params, values } = randomSetup(1, 20);
  const kernel = new LstmKernel(inputSize, units, offsets, 2); // forward grows the buffers
  kernel.loadParameters(params);
  for (const [firstRow, length] of [
    [3, 9],
    [0, 1],
    [11, 6],
  ] as const) {
    kernel.forward(values, firstRow, length);
    const expected = referenceStates(params, values, firstRow, length);
    assert.ok(kernel.capacity >= length);
    for (let t = 0; t < length; t++) {
      for (let k = 0; k < units; k++) {
        const actual = kernel.states[(t + 1) * units + k];
        assert.ok(Math.abs(actual - expected[t]![k]!) < 1e-14, `step ${t + 1} unit ${k}`);
      }
    }
  }
});

test('BPTT matches central finite differences for every W, U, b entry, summed over sequences', (t) => {
  const { params, values } = randomSetup(2, 20);
  const direction = Float64Array.from([0.7, -1.1, 0.4]); // scalar objective v . h_T
  const sequences = [
    [2, 8],
    [12, 1],
    [13, 5],
  ] as const;
  const { worst, checked } = worstGradientError(new LstmKernel(inputSize, units, offsets, 8), {
    params,
    values,
    units,
    direction,
    sequences,
    first: padding,
    end: offsets.bias + gateWidth,
  });
  t.diagnostic(`LSTM kernel: worst relative error ${worst.toExponential(2)} over ${checked} parameters`);
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
});
