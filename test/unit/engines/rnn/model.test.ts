// The fused model (main/engines/rnn/model.ts): the full gradient against central finite
// differences for every parameter (both cells, with and without class weights), predict
// against a direct transcription of the model's equations, the loss against the clipped
// probability formula of Keras / tfjs-layers, exact lengths (padding never matters), and a
// small learning task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { Adam } from '../../../../main/engines/rnn/adam.ts';
import {
  PROBABILITY_EPSILON,
  binaryCrossEntropyFromLogit,
  createWorkspace,
  initialParameters,
  lossAndGradient,
  meanLoss,
  parameterCount,
  parameterLayout,
  predict,
  type CellKind,
  type ModelShape,
  type SequenceSet,
} from '../../../../main/engines/rnn/model.ts';

/** Sequences with the given lengths back to back, about a third of the values 0. */
function randomSequences(rng: Rng, featureCount: number, lengths: number[]): SequenceSet {
  const offsets = new Int32Array(lengths.length);
  let rows = 0;
  lengths.forEach((length, c) => {
    offsets[c] = rows;
    rows += length;
  });
  const values = Float32Array.from({ length: rows * featureCount }, () =>
    rng.nextFloat() < 0.3 ? 0 : rng.nextNormal(),
  );
  return { featureCount, values, offsets, lengths: Int32Array.from(lengths) };
}

interface ReferenceOutput {
  logit: number;
  denseInput: number[];
  encoding: number[];
}

/** The model written straight from its equations, one customer at a time, with Math.exp / Math.tanh. */
function referenceForward(
  shape: ModelShape,
  params: Float64Array,
  sequences: SequenceSet,
  customer: number,
): ReferenceOutput {
  const layout = parameterLayout(shape);
  const { inputSize: F, units: H, denseUnits: D } = shape;
  const G = shape.cell === 'gru' ? 3 : 4;
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  const w = (f: number, j: number): number => params[layout.W.offset + f * G * H + j];
  const u = (k: number, j: number): number => params[layout.U.offset + k * G * H + j];
  const b = (j: number): number => params[layout.b.offset + j];
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  for (let t = 0; t < sequences.lengths[customer]; t++) {
    const row = sequences.offsets[customer] + t;
    const x = Array.from({ length: F }, (_, f) => sequences.values[row * F + f]);
    const xw = (j: number): number => x.reduce((sum, xf, f) => sum + xf * w(f, j), 0);
    const hu = (vector: number[], j: number): number => vector.reduce((sum, v, k) => sum + v * u(k, j), 0);
    if (shape.cell === 'gru') {
      const z = h.map((_, j) => sigmoid(xw(j) + hu(h, j) + b(j)));
      const r = h.map((_, j) => sigmoid(xw(H + j) + hu(h, H + j) + b(H + j)));
      const rh = h.map((hk, k) => r[k]! * hk);
      const candidate = h.map((_, j) => Math.tanh(xw(2 * H + j) + hu(rh, 2 * H + j) + b(2 * H + j)));
      h = h.map((hk, j) => z[j]! * hk + (1 - z[j]!) * candidate[j]!);
    } else {
      const a = (j: number): number => xw(j) + hu(h, j) + b(j);
      const i = h.map((_, j) => sigmoid(a(j)));
      const f = h.map((_, j) => sigmoid(a(H + j)));
      const g = h.map((_, j) => Math.tanh(a(2 * H + j)));
      const o = h.map((_, j) => sigmoid(a(3 * H + j)));
      c = c.map((ck, j) => f[j]! * ck + i[j]! * g[j]!);
      h = c.map((ck, j) => o[j]! * Math.tanh(ck));
    }
  }
  const denseInput = Array.from(
    { length: D },
    (_, d) =>
      params[layout.dense1Bias.offset + d] +
      h.reduce((sum, hk, k) => sum + hk * params[layout.dense1Kernel.offset + k * D + d], 0),
  );
  const encoding = denseInput.map((v) => Math.max(0, v));
  const logit =
    params[layout.dense2Bias.offset] +
    encoding.reduce((sum, e, d) => sum + e * params[layout.dense2Kernel.offset + d], 0);
  return { logit, denseInput, encoding };
}

/** A tiny model with non-zero biases and a non-trivial head, and 5 sequences of lengths 1..7. */
function tinyCase(cell: CellKind, seed: number) {
  const shape: ModelShape = { cell, inputSize: 3, units: 4, denseUnits: 3 };
  const rng = new Rng(seed);
  const params = initialParameters(shape, seed);
  for (let i = 0; i < params.length; i++) params[i] += 0.4 * rng.nextNormal();
  const sequences = randomSequences(rng, 3, [4, 1, 7, 2, 6]);
  const labels = Float64Array.from([1, 0, 1, 1, 0]);
  const customers = Int32Array.from([2, 0, 4, 1, 3]);
  return { shape, params, sequences, labels, customers };
}

for (const cell of ['gru', 'lstm'] as const) {
  for (const classWeight of [undefined, [0.6, 2.5] as [number, number]]) {
    const label = classWeight === undefined ? 'no class weights' : 'class weights (0.6, 2.5)';
    test(`${cell}, ${label}: the gradient matches central finite differences for every parameter`, (t) => {
      const { shape, params, sequences, labels, customers } = tinyCase(cell, cell === 'gru' ? 3 : 4);
      // Finite differences (steps up to 1e-3) need every relu input well away from its kink.
      for (const customer of customers) {
        const { denseInput } = referenceForward(shape, params, sequences, customer);
        assert.ok(Math.min(...denseInput.map(Math.abs)) > 1e-2, 'a relu input sits near its kink');
      }
      const gradient = new Float64Array(parameterCount(shape)).fill(123); // overwritten
      const loss = lossAndGradient(shape, params, sequences, customers, labels, gradient, classWeight);
      const objective = (p: Float64Array): number =>
        meanLoss(shape, p, sequences, customers, labels, classWeight);
      assert.ok(Math.abs(objective(params) - loss) < 1e-15);
      // Central differences with Richardson extrapolation, (4 D(h/2) - D(h)) / 3 with h = 1e-3:
      // truncation O(h^4) and rounding ~1e-16 / h, so even 1e-6-sized entries are checked to 1e-7.
      let worst = 0;
      let largest = 0;
      const probe = Float64Array.from(params);
      const centralDifference = (i: number, step: number): number => {
        probe[i] = params[i] + step;
        const up = objective(probe);
        probe[i] = params[i] - step;
        const down = objective(probe);
        probe[i] = params[i];
        return (up - down) / (2 * step);
      };
      for (let i = 0; i < params.length; i++) {
        const numeric = (4 * centralDifference(i, 5e-4) - centralDifference(i, 1e-3)) / 3;
        const error =
          Math.abs(gradient[i] - numeric) / Math.max(Math.abs(gradient[i]), Math.abs(numeric), 1e-8);
        worst = Math.max(worst, error);
        largest = Math.max(largest, Math.abs(gradient[i]));
      }
      t.diagnostic(
        `${cell}, ${label}: worst relative error ${worst.toExponential(2)} over ${params.length} parameters (largest |gradient| ${largest.toFixed(3)})`,
      );
      assert.ok(worst < 1e-6, `worst relative error ${worst}`);
    });
  }

  test(`${cell}: predict equals the model's equations, and the loss equals the clipped-probability BCE`, () => {
    const { shape, params, sequences, labels, customers } = tinyCase(cell, 9);
    const probabilities = new Float64Array(customers.length);
    const encodings = new Float64Array(customers.length * shape.denseUnits);
    predict(shape, params, sequences, customers, probabilities, encodings);
    customers.forEach((customer, i) => {
      const expected = referenceForward(shape, params, sequences, customer);
      const p = 1 / (1 + Math.exp(-expected.logit));
      assert.ok(Math.abs(probabilities[i] - p) < 1e-14, `probability of customer ${customer}`);
      expected.encoding.forEach((value, d) => {
        assert.ok(Math.abs(encodings[i * shape.denseUnits + d] - value) < 1e-14);
      });
      // The forward pass inside lossAndGradient, one customer per batch, against predict.
      const gradient = new Float64Array(params.length);
      const loss = lossAndGradient(shape, params, sequences, Int32Array.of(customer), labels, gradient);
      const clipped = Math.min(1 - PROBABILITY_EPSILON, Math.max(PROBABILITY_EPSILON, probabilities[i]));
      const y = labels[customer];
      const keras = -(y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
      assert.ok(Math.abs(loss - keras) < 1e-12, `loss of customer ${customer}: ${loss} vs ${keras}`);
    });
  });

  test(`${cell}: padding never matters: a sequence scores the same alone, among longer ones, or followed by other rows`, () => {
    const shape: ModelShape = { cell, inputSize: 3, units: 5, denseUnits: 4 };
    const rng = new Rng(21);
    const params = initialParameters(shape, 21);
    for (let i = 0; i < params.length; i++) params[i] += 0.3 * rng.nextNormal();
    const sequences = randomSequences(rng, 3, [3, 40, 25, 3]);
    const labels = Float64Array.from([1, 0, 1, 0]);
    const alone = (customer: number): { loss: number; gradient: Float64Array } => {
      const gradient = new Float64Array(params.length);
      const loss = lossAndGradient(shape, params, sequences, Int32Array.of(customer), labels, gradient);
      return { loss, gradient };
    };
    const short = alone(0);
    const long1 = alone(1);
    const long2 = alone(2);
    const batchGradient = new Float64Array(params.length);
    const batchLoss = lossAndGradient(
      shape,
      params,
      sequences,
      Int32Array.of(1, 0, 2),
      labels,
      batchGradient,
    );
    assert.ok(Math.abs(batchLoss - (short.loss + long1.loss + long2.loss) / 3) < 1e-15);
    for (let i = 0; i < params.length; i++) {
      const expected = (short.gradient[i] + long1.gradient[i] + long2.gradient[i]) / 3;
      assert.ok(Math.abs(batchGradient[i] - expected) < 1e-15 * Math.max(1, Math.abs(expected)) + 1e-17);
    }
    // Customer 3 is customer 0's rows moved to the end of the data; customer 0's rows are followed
    // by 40 rows of another customer. Same rows, same result: nothing after the last real row counts.
    sequences.values.copyWithin(sequences.offsets[3] * 3, 0, 9);
    const probabilities = new Float64Array(4);
    const encodings = new Float64Array(4 * shape.denseUnits);
    predict(shape, params, sequences, Int32Array.of(0, 1, 2, 3), probabilities, encodings);
    assert.equal(probabilities[3], probabilities[0]);
    assert.deepEqual(encodings.subarray(12, 16), encodings.subarray(0, 4));
    const separately = new Float64Array(1);
    predict(shape, params, sequences, Int32Array.of(0), separately);
    assert.equal(separately[0], probabilities[0]);
  });
}

test('the loss from the logit equals the clipped-probability formula and saturates at the clip', () => {
  for (const logit of [-30, -12, -3, -0.5, 0, 1e-9, 0.7, 4, 15, 40]) {
    const p = 1 / (1 + Math.exp(-logit));
    const clipped = Math.min(1 - PROBABILITY_EPSILON, Math.max(PROBABILITY_EPSILON, p));
    for (const y of [0, 1]) {
      const keras = -(y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
      assert.ok(Math.abs(binaryCrossEntropyFromLogit(logit, y) - keras) < 1e-9 * Math.max(1, keras));
    }
  }
  // Beyond the clip the loss is -log(1e-7) for the wrong label and -log(1 - 1e-7) for the right one.
  assert.ok(Math.abs(binaryCrossEntropyFromLogit(50, 0) + Math.log(PROBABILITY_EPSILON)) < 1e-9);
  assert.ok(Math.abs(binaryCrossEntropyFromLogit(50, 1) + Math.log1p(-PROBABILITY_EPSILON)) < 1e-15);
});

test('a saturated output (beyond the clip) passes no gradient, as tf.clipByValue', () => {
  const shape: ModelShape = { cell: 'gru', inputSize: 3, units: 4, denseUnits: 3 };
  const rng = new Rng(5);
  const params = initialParameters(shape, 5);
  params[parameterLayout(shape).dense2Bias.offset] = 40;
  const sequences = randomSequences(rng, 3, [5, 2]);
  const gradient = new Float64Array(params.length).fill(1);
  const loss = lossAndGradient(shape, params, sequences, Int32Array.of(0, 1), [0, 1], gradient);
  assert.ok(Math.abs(loss - (-Math.log(PROBABILITY_EPSILON) - Math.log1p(-PROBABILITY_EPSILON)) / 2) < 1e-9);
  assert.ok(gradient.every((value) => value === 0));
});

test('the layout is the Keras / tfjs weight order, and the workspace gives the same numbers and grows', () => {
  const shape: ModelShape = { cell: 'gru', inputSize: 7, units: 10, denseUnits: 10 };
  const layout = parameterLayout(shape);
  assert.deepEqual(
    [
      layout.W,
      layout.U,
      layout.b,
      layout.dense1Kernel,
      layout.dense1Bias,
      layout.dense2Kernel,
      layout.dense2Bias,
    ],
    [
      { offset: 0, rows: 7, cols: 30 },
      { offset: 210, rows: 10, cols: 30 },
      { offset: 510, rows: 1, cols: 30 },
      { offset: 540, rows: 10, cols: 10 },
      { offset: 640, rows: 1, cols: 10 },
      { offset: 650, rows: 10, cols: 1 },
      { offset: 660, rows: 1, cols: 1 },
    ],
  );
  assert.equal(parameterCount(shape), 661);
  assert.equal(parameterCount({ ...shape, cell: 'lstm' }), 841);

  const rng = new Rng(8);
  const sequences = randomSequences(rng, 7, [3, 12, 30]);
  const params = initialParameters(shape, 8);
  const labels = [0, 1, 1];
  const workspace = createWorkspace(shape, 4);
  const withWorkspace = new Float64Array(params.length);
  const without = new Float64Array(params.length);
  const batch = Int32Array.of(2, 0, 1);
  const a = lossAndGradient(shape, params, sequences, batch, labels, withWorkspace, [1, 1], workspace);
  const b = lossAndGradient(shape, params, sequences, batch, labels, without);
  assert.equal(a, b);
  assert.deepEqual(withWorkspace, without);
  assert.ok(workspace.kernel.capacity >= 30);
  assert.throws(
    () =>
      lossAndGradient(
        { ...shape, cell: 'lstm' },
        new Float64Array(841),
        sequences,
        batch,
        labels,
        new Float64Array(841),
        [1, 1],
        workspace,
      ),
    /another model shape/,
  );
});

test('bad inputs are refused with a message', () => {
  const shape: ModelShape = { cell: 'gru', inputSize: 3, units: 4, denseUnits: 3 };
  const rng = new Rng(2);
  const sequences = randomSequences(rng, 3, [2, 3]);
  const params = initialParameters(shape, 2);
  const gradient = new Float64Array(params.length);
  assert.throws(
    () => lossAndGradient(shape, params.subarray(1), sequences, Int32Array.of(0), [1, 0], gradient),
    /parameters/,
  );
  assert.throws(
    () => lossAndGradient(shape, params, sequences, Int32Array.of(2), [1, 0], gradient),
    /customer index 2/,
  );
  assert.throws(
    () =>
      lossAndGradient(
        { ...shape, inputSize: 4 },
        initialParameters({ ...shape, inputSize: 4 }, 1),
        sequences,
        Int32Array.of(0),
        [1, 0],
        gradient,
      ),
    /3 features/,
  );
  const empty = { ...sequences, lengths: Int32Array.of(0, 3) };
  assert.throws(() => predict(shape, params, empty, Int32Array.of(0), new Float64Array(1)), /at least one/);
  assert.throws(() => parameterCount({ ...shape, units: 0 }), /units/);
});

test('learning: "a flag in the last 3 rows" is learnt well above chance in a few hundred Adam steps', (t) => {
  // Rows of 3 features: a flag (1 with probability 0.2) and two noise columns. Label 1 when the
  // flag is set in one of the customer's last 3 rows (about half the customers).
  for (const cell of ['gru', 'lstm'] as const) {
    const rng = new Rng(17);
    const customerCount = 600;
    const lengths = Array.from({ length: customerCount }, () => 3 + rng.nextInt(18));
    const sequences = randomSequences(rng, 3, lengths);
    const labels = new Float64Array(customerCount);
    for (let c = 0; c < customerCount; c++) {
      for (let t = 0; t < lengths[c]!; t++) {
        const row = (sequences.offsets[c] + t) * 3;
        sequences.values[row] = rng.nextFloat() < 0.2 ? 1 : 0;
        if (t >= lengths[c]! - 3 && sequences.values[row] === 1) labels[c] = 1;
      }
    }
    const shape: ModelShape = { cell, inputSize: 3, units: 8, denseUnits: 6 };
    const params = initialParameters(shape, 1);
    const gradient = new Float64Array(params.length);
    const optimiser = new Adam(params.length, 0.01);
    const workspace = createWorkspace(shape, 20);
    const training = customerCount - 200;
    const order = Int32Array.from({ length: training }, (_, c) => c);
    for (let step = 0; step < 400; step++) {
      const batch = new Int32Array(32);
      for (let i = 0; i < 32; i++) batch[i] = order[rng.nextInt(training)];
      lossAndGradient(shape, params, sequences, batch, labels, gradient, [1, 1], workspace);
      optimiser.step(params, gradient);
    }
    const heldOut = Int32Array.from({ length: 200 }, (_, i) => training + i);
    const probabilities = new Float64Array(200);
    predict(shape, params, sequences, heldOut, probabilities, undefined, workspace);
    let correct = 0;
    heldOut.forEach((customer, i) => {
      if ((probabilities[i] > 0.5 ? 1 : 0) === labels[customer]) correct++;
    });
    const positives = heldOut.reduce((sum, customer) => sum + labels[customer]!, 0);
    const chance = Math.max(positives, 200 - positives) / 200;
    t.diagnostic(`${cell}: held-out accuracy ${correct / 200} after 400 steps (majority class ${chance})`);
    assert.ok(correct / 200 > 0.9, `${cell}: held-out accuracy ${correct / 200} (majority class ${chance})`);
  }
});
