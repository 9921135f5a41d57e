// The GRU kernel against a direct transcription of the tfjs-layers / Keras (reset_after =
// false) equations, step by step, and its BPTT against central finite differences. An odd
// unit count (5) runs the kernel's remainder paths; the parameters sit at a non-zero offset
// of the flat vector to check the offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { GruKernel } from '../../../../main/engines/rnn/gru.ts';
import { worstGradientError } from './kernel-gradient-check.ts';

const inputSize = 4;
const units = 5;
const gateWidth = 3 * units;
const padding = 3; // the kernel's W starts at params[3]
const offsets = {
  input: padding,
  recurrent: padding + inputSize * gateWidth,
  bias: padding + inputSize * gateWidth + units * gateWidth,
};
const parameterTotal = offsets.bias + gateWidth + 2;

function randomSetup(seed: number, rows: number): { params: Float64Array; values: Float32Array } {
  const rng = new Rng(seed);
  const params = Float64Array.from({ length: parameterTotal }, () => 0.6 * rng.nextNormal());
  const values = Float32Array.from({ length: rows * inputSize }, () =>
    rng.nextFloat() < 0.3 ? 0 : rng.nextNormal(),
  );
  return { params, values };
}

/** h_1 .. h_T of the GRU written straight from the equations (row-major W, U, b in `params`). */
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
  const states: number[][] = [];
  for (let t = 0; t < length; t++) {
    const x = Array.from({ length: inputSize }, (_, f) => values[(firstRow + t) * inputSize + f]);
    const xw = (j: number): number => x.reduce((sum, xf, f) => sum + xf * w(f, j), 0);
    const z = h.map((_, j) => sigmoid(xw(j) + h.reduce((s, hk, k) => s + hk * u(k, j), 0) + b(j)));
    const r = h.map((_, j) =>
      sigmoid(xw(units + j) + h.reduce((s, hk, k) => s + hk * u(k, units + j), 0) + b(units + j)),
    );
    const rh = h.map((hk, k) => r[k]! * hk);
    const c = h.map((_, j) =>
      Math.tanh(
        xw(2 * units + j) + rh.reduce((s, v, k) => s + v * u(k, 2 * units + j), 0) + b(2 * units + j),
      ),
    );
    h = h.map((hk, j) => z[j]! * hk + (1 - z[j]!) * c[j]!);
    states.push(h);
  }
  return states;
}

test('forward states equal the GRU equations at every step', () => {
  const { params, values } = randomSetup(1, 20);
  const kernel = new GruKernel(inputSize, units, offsets, 2); // grows on demand
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
  const direction = Float64Array.from([0.7, -1.1, 0.4, 0.9, -0.3]); // scalar objective v . h_T
  const sequences = [
    [2, 8],
    [12, 1],
    [13, 5],
  ] as const;
  const { worst, checked } = worstGradientError(new GruKernel(inputSize, units, offsets, 8), {
    params,
    values,
    units,
    direction,
    sequences,
    first: padding,
    end: offsets.bias + gateWidth,
  });
  t.diagnostic(`GRU kernel: worst relative error ${worst.toExponential(2)} over ${checked} parameters`);
  assert.ok(worst < 1e-6, `worst relative error ${worst}`);
});
