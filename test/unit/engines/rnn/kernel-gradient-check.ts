// Shared by gru.test.ts and lstm.test.ts: a recurrent kernel's BPTT gradient against central
// finite differences (Richardson-extrapolated: (4 D(h/2) - D(h)) / 3, h = 1e-3) of the scalar
// objective sum over `sequences` of direction . h_T, for every parameter. Entries outside
// [first, end) (other layers' parameters) must get exactly 0; returns the worst relative error
// inside and how many parameters it covers.
import assert from 'node:assert/strict';
import type { RecurrentKernel } from '../../../../main/engines/rnn/model.ts';

export function worstGradientError(
  kernel: RecurrentKernel,
  setup: {
    params: Float64Array;
    values: Float32Array;
    units: number;
    direction: Float64Array;
    sequences: readonly (readonly [firstRow: number, length: number])[];
    /** The kernel's own parameters are params[first .. end). */
    first: number;
    end: number;
  },
): { worst: number; checked: number } {
  const { params, values, units, direction, sequences, first, end } = setup;
  const objective = (p: Float64Array): number => {
    kernel.loadParameters(p);
    let total = 0;
    for (const [firstRow, length] of sequences) {
      kernel.forward(values, firstRow, length);
      for (let k = 0; k < units; k++) total += direction[k] * kernel.states[length * units + k];
    }
    return total;
  };
  kernel.loadParameters(params);
  kernel.clearGradient();
  for (const [firstRow, length] of sequences) {
    kernel.forward(values, firstRow, length);
    kernel.backward(values, firstRow, length, direction);
  }
  const gradient = new Float64Array(params.length).fill(0.5);
  kernel.addGradientTo(gradient); // adds onto what is there
  const centralDifference = (i: number, step: number): number => {
    const probe = Float64Array.from(params);
    probe[i] = params[i] + step;
    const up = objective(probe);
    probe[i] = params[i] - step;
    const down = objective(probe);
    return (up - down) / (2 * step);
  };
  let worst = 0;
  for (let i = 0; i < params.length; i++) {
    const analytic = gradient[i] - 0.5;
    if (i < first || i >= end) {
      assert.equal(analytic, 0);
      continue;
    }
    const numeric = (4 * centralDifference(i, 5e-4) - centralDifference(i, 1e-3)) / 3;
    const error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-8);
    worst = Math.max(worst, error);
  }
  return { worst, checked: end - first };
}
