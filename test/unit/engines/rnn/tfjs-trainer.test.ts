// The TensorFlow.js path of the rnn model (main/engines/rnn/tfjs-trainer.ts): its loss and
// gradient against central finite differences of its own forward pass, against the fused CPU
// kernel (model.ts, float64) for GRU and LSTM, its on-device Adam against the kernel's Adam,
// exact handling of variable lengths (nothing outside a customer's rows reaches its result),
// and no tensor leaks. Tests run on tfjs's plain-JS 'cpu' backend (fast, deterministic); one
// check runs on 'wasm' through selectBackend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfCore from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../../../../main/engines/common/rng.ts';
import { selectBackend } from '../../../../main/engines/common/backend.ts';
import { Adam } from '../../../../main/engines/rnn/adam.ts';
import {
  initialParameters,
  lossAndGradient,
  meanLoss,
  parameterCount,
  predict,
} from '../../../../main/engines/rnn/model.ts';
import type { ModelShape, SequenceSet } from '../../../../main/engines/rnn/model.ts';
import {
  asTfModule,
  createTfjsTrainer,
  tfjsLossAndGradient,
  tfjsMeanLoss,
  tfjsPredict,
} from '../../../../main/engines/rnn/tfjs-trainer.ts';
import type { TfModule, TfjsOptions } from '../../../../main/engines/rnn/tfjs-trainer.ts';

const tf: TfModule = tfCore;
const useCpu = async (): Promise<void> => {
  assert.ok(await tf.setBackend('cpu'));
  await tf.ready();
};

const LENGTHS = [3, 7, 1, 5, 2, 7, 4, 6, 1];
const gruShape: ModelShape = { cell: 'gru', inputSize: 3, units: 4, denseUnits: 3 };
const lstmShape: ModelShape = { cell: 'lstm', inputSize: 3, units: 4, denseUnits: 3 };
const CLASS_WEIGHT: readonly [number, number] = [0.7, 1.8];

/**
 * Customers' rows back to back (two 0/1 flags and one standardised-looking value per row);
 * with `junk` > 0, that many rows of large garbage follow every customer's own rows.
 */
function makeSequences(lengths: number[], seed: number, junk = 0): SequenceSet {
  const rng = new Rng(seed);
  const featureCount = 3;
  const total = lengths.reduce((sum, length) => sum + length + junk, 0);
  const values = new Float32Array(total * featureCount);
  const offsets = new Int32Array(lengths.length);
  let row = 0;
  lengths.forEach((length, c) => {
    offsets[c] = row;
    for (let t = 0; t < length + junk; t++, row++) {
      const garbage = t >= length;
      values[row * featureCount] = garbage ? 50 : rng.nextFloat() < 0.4 ? 1 : 0;
      values[row * featureCount + 1] = garbage ? -30 : rng.nextFloat() < 0.6 ? 1 : 0;
      values[row * featureCount + 2] = garbage ? 1e3 : rng.nextNormal();
    }
  });
  return { featureCount, values, offsets, lengths: Int32Array.from(lengths) };
}

/** Same values in every customer's real rows, whatever the junk: same seed stream per real row. */
function sameRowsWithJunk(base: SequenceSet, junk: number): SequenceSet {
  const f = base.featureCount;
  const lengths = base.lengths;
  const total = Array.from(lengths).reduce((sum, length) => sum + length + junk, 0);
  const values = new Float32Array(total * f).fill(77);
  const offsets = new Int32Array(lengths.length);
  let row = 0;
  for (let c = 0; c < lengths.length; c++) {
    offsets[c] = row + junk; // junk BEFORE and after each customer
    row += junk;
    values.set(base.values.subarray(base.offsets[c] * f, (base.offsets[c] + lengths[c]) * f), row * f);
    row += lengths[c];
  }
  return { featureCount: f, values, offsets, lengths: Int32Array.from(lengths) };
}

function labelsFor(count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const labels = new Float64Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.nextFloat() < 0.45 ? 1 : 0;
  labels[0] = 1;
  labels[1] = 0;
  return labels;
}

/** Keras initialisation plus small noise everywhere, so that every bias has a gradient to check. */
function testParameters(shape: ModelShape, seed: number): Float64Array {
  const params = initialParameters(shape, seed);
  const rng = new Rng(seed + 1000);
  for (let i = 0; i < params.length; i++) params[i] += 0.3 * rng.nextNormal();
  return params;
}

const allCustomers = (sequences: SequenceSet): Int32Array =>
  Int32Array.from({ length: sequences.lengths.length }, (_, i) => i);

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return max;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Worst element-wise difference relative to the reference's largest magnitude. */
function relativeDifference(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  return maxAbsDifference(actual, reference) / maxAbs(reference);
}

for (const shape of [gruShape, lstmShape]) {
  test(`${shape.cell}: loss and gradient equal central finite differences of the tfjs forward pass`, async (t) => {
    await useCpu();
    const sequences = makeSequences(LENGTHS, 11);
    const customers = allCustomers(sequences);
    const labels = labelsFor(customers.length, 12);
    const params = testParameters(shape, 13);
    const gradient = new Float64Array(params.length);
    const loss = tfjsLossAndGradient(tf, shape, params, sequences, customers, labels, gradient, CLASS_WEIGHT);
    const forward = (p: Float64Array): number =>
      tfjsMeanLoss(tf, shape, p, sequences, customers, labels, CLASS_WEIGHT);
    assert.ok(
      Math.abs(forward(params) - loss) <= 1e-6 * Math.abs(loss),
      'training and forward-only loss agree',
    );
    // Central differences in float32: a step of 1e-3 keeps the truncation error near 1e-7 and
    // steps over no relu kink here (at 5e-3 one kink costs even the float64 kernel 4e-3),
    // while rounding of the float32 loss (~6e-8) over 2h stays below 1e-4.
    const h = 1e-3;
    const probe = Float64Array.from(params);
    const numeric = new Float64Array(params.length);
    for (let i = 0; i < params.length; i++) {
      probe[i] = params[i] + h;
      const up = forward(probe);
      probe[i] = params[i] - h;
      const down = forward(probe);
      probe[i] = params[i];
      numeric[i] = (up - down) / (2 * h);
    }
    const scale = maxAbs(numeric);
    const worst = maxAbsDifference(gradient, numeric);
    assert.ok(scale > 1e-2, 'the check has gradients to compare');
    t.diagnostic(`finite differences: worst |diff| ${worst.toExponential(2)}, max |g| ${scale.toFixed(3)}`);
    assert.ok(worst <= 1e-3 * scale, `finite differences: worst |diff| ${worst} vs max |g| ${scale}`);
  });

  test(`${shape.cell}: loss, gradient and predictions equal the fused float64 kernel`, async (t) => {
    await useCpu();
    const sequences = makeSequences(LENGTHS, 21);
    const customers = Int32Array.from([4, 1, 8, 0, 2, 7, 3, 6, 5]); // not in index order
    const labels = labelsFor(LENGTHS.length, 22);
    const params = testParameters(shape, 23);
    for (const classWeight of [[1, 1] as const, CLASS_WEIGHT]) {
      const gradient = new Float64Array(params.length);
      const reference = new Float64Array(params.length);
      const loss = tfjsLossAndGradient(
        tf,
        shape,
        params,
        sequences,
        customers,
        labels,
        gradient,
        classWeight,
      );
      const kernelLoss = lossAndGradient(shape, params, sequences, customers, labels, reference, classWeight);
      const lossError = Math.abs(loss - kernelLoss) / Math.abs(kernelLoss);
      const gradientError = relativeDifference(gradient, reference);
      t.diagnostic(
        `classWeight ${classWeight.join('/')}: loss relative ${lossError.toExponential(2)}, gradient relative ${gradientError.toExponential(2)}`,
      );
      assert.ok(lossError <= 1e-4, `loss ${loss} vs kernel ${kernelLoss} (relative ${lossError})`);
      assert.ok(gradientError <= 1e-4, `gradient relative difference ${gradientError}`);
      const validation = tfjsMeanLoss(tf, shape, params, sequences, customers, labels, classWeight);
      const kernelValidation = meanLoss(shape, params, sequences, customers, labels, classWeight);
      assert.ok(Math.abs(validation - kernelValidation) <= 1e-4 * kernelValidation);
    }
    const probabilities = new Float64Array(customers.length);
    const encodings = new Float64Array(customers.length * shape.denseUnits);
    const kernelProbabilities = new Float64Array(customers.length);
    const kernelEncodings = new Float64Array(customers.length * shape.denseUnits);
    tfjsPredict(tf, shape, params, sequences, customers, probabilities, encodings);
    predict(shape, params, sequences, customers, kernelProbabilities, kernelEncodings);
    t.diagnostic(
      `predict: probabilities |diff| ${maxAbsDifference(probabilities, kernelProbabilities).toExponential(2)}, encodings relative ${relativeDifference(encodings, kernelEncodings).toExponential(2)}`,
    );
    assert.ok(maxAbsDifference(probabilities, kernelProbabilities) <= 1e-5);
    assert.ok(relativeDifference(encodings, kernelEncodings) <= 1e-4);
  });

  test(`${shape.cell}: the trainer's on-device Adam follows the kernel's Adam`, async (t) => {
    await useCpu();
    const sequences = makeSequences(LENGTHS, 31);
    const labels = labelsFor(LENGTHS.length, 32);
    const params = initialParameters(shape, 33);
    const batches = [
      Int32Array.from([0, 1, 2, 3, 4]),
      Int32Array.from([5, 6, 7, 8]),
      allCustomers(sequences),
    ];
    const learningRate = 0.01;
    const trainer = createTfjsTrainer(tf, shape, params, learningRate);
    const kernelParams = Float64Array.from(params);
    const adam = new Adam(kernelParams.length, learningRate);
    const gradient = new Float64Array(kernelParams.length);
    try {
      for (let step = 0; step < 6; step++) {
        const batch = batches[step % batches.length];
        const loss = trainer.step(sequences, batch, labels, CLASS_WEIGHT);
        const kernelLoss = lossAndGradient(
          shape,
          kernelParams,
          sequences,
          batch,
          labels,
          gradient,
          CLASS_WEIGHT,
        );
        adam.step(kernelParams, gradient);
        assert.ok(Math.abs(loss - kernelLoss) <= 1e-4 * kernelLoss, `step ${step}: ${loss} vs ${kernelLoss}`);
      }
      assert.equal(trainer.iterations, 6);
      const trained = trainer.getParameters();
      const error = relativeDifference(trained, kernelParams);
      t.diagnostic(`parameters after 6 Adam steps: relative difference ${error.toExponential(2)}`);
      assert.ok(error <= 1e-3, `parameters after 6 Adam steps: relative difference ${error}`);
      assert.ok(maxAbsDifference(trained, params) > 3 * learningRate, 'the steps moved the weights');
      // The trainer's own forward passes use the device weights.
      const customers = allCustomers(sequences);
      const mine = new Float64Array(customers.length);
      const theirs = new Float64Array(customers.length);
      trainer.predict(sequences, customers, mine);
      predict(shape, kernelParams, sequences, customers, theirs);
      assert.ok(maxAbsDifference(mine, theirs) <= 1e-4);
      const validation = trainer.meanLoss(sequences, customers, labels);
      assert.ok(Math.abs(validation - meanLoss(shape, kernelParams, sequences, customers, labels)) <= 1e-4);
      // setParameters / getParameters round-trip in the Keras order.
      trainer.setParameters(params);
      assert.ok(maxAbsDifference(trainer.getParameters(), params) <= 1e-7);
    } finally {
      trainer.dispose();
    }
  });
}

test('the model size of the analysis (F 7, H 10, D 10, lengths up to 61): GRU and LSTM equal the kernel', async (t) => {
  await useCpu();
  const rng = new Rng(91);
  const lengths = Array.from({ length: 48 }, () => 1 + Math.floor(Math.exp(4.1 * rng.nextFloat())));
  const featureCount = 7;
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const values = new Float32Array(total * featureCount);
  for (let row = 0; row < total; row++) {
    for (let f = 0; f < 6; f++) values[row * featureCount + f] = rng.nextFloat() < 0.3 ? 1 : 0;
    values[row * featureCount + 6] = rng.nextNormal();
  }
  const offsets = new Int32Array(lengths.length);
  for (let c = 1; c < lengths.length; c++) offsets[c] = offsets[c - 1] + lengths[c - 1];
  const sequences: SequenceSet = { featureCount, values, offsets, lengths: Int32Array.from(lengths) };
  const labels = labelsFor(lengths.length, 92);
  const customers = allCustomers(sequences);
  for (const cell of ['gru', 'lstm'] as const) {
    const shape: ModelShape = { cell, inputSize: 7, units: 10, denseUnits: 10 };
    const params = testParameters(shape, 93);
    const gradient = new Float64Array(params.length);
    const reference = new Float64Array(params.length);
    const loss = tfjsLossAndGradient(tf, shape, params, sequences, customers, labels, gradient);
    const kernelLoss = lossAndGradient(shape, params, sequences, customers, labels, reference);
    const lossError = Math.abs(loss - kernelLoss) / kernelLoss;
    const gradientError = relativeDifference(gradient, reference);
    t.diagnostic(
      `${cell}, ${total} rows, longest ${Math.max(...lengths)}: loss relative ${lossError.toExponential(2)}, gradient relative ${gradientError.toExponential(2)}`,
    );
    assert.ok(lossError <= 1e-4);
    assert.ok(gradientError <= 1e-4);
  }
});

test('padding never reaches a result: rows outside a customer, batch mates and order change nothing', async () => {
  await useCpu();
  for (const shape of [gruShape, lstmShape]) {
    const sequences = makeSequences(LENGTHS, 41);
    const junked = sameRowsWithJunk(sequences, 5);
    const labels = labelsFor(LENGTHS.length, 42);
    const params = testParameters(shape, 43);
    const customers = allCustomers(sequences);
    const n = customers.length;
    const d = shape.denseUnits;

    // Garbage rows before and after each customer's own rows.
    const p1 = new Float64Array(n);
    const e1 = new Float64Array(n * d);
    const p2 = new Float64Array(n);
    const e2 = new Float64Array(n * d);
    tfjsPredict(tf, shape, params, sequences, customers, p1, e1);
    tfjsPredict(tf, shape, params, junked, customers, p2, e2);
    assert.deepEqual(p2, p1);
    assert.deepEqual(e2, e1);
    const g1 = new Float64Array(params.length);
    const g2 = new Float64Array(params.length);
    const l1 = tfjsLossAndGradient(tf, shape, params, sequences, customers, labels, g1);
    const l2 = tfjsLossAndGradient(tf, shape, params, junked, customers, labels, g2);
    assert.equal(l2, l1);
    assert.deepEqual(g2, g1);

    // Each customer alone (a batch of one, no longer batch mates) gives its result in the batch.
    for (let c = 0; c < n; c++) {
      const alone = new Float64Array(1);
      const aloneEncoding = new Float64Array(d);
      tfjsPredict(tf, shape, params, sequences, Int32Array.of(c), alone, aloneEncoding);
      assert.ok(Math.abs(alone[0] - p1[c]) <= 1e-6, `customer ${c} alone`);
      assert.ok(maxAbsDifference(aloneEncoding, e1.subarray(c * d, (c + 1) * d)) <= 1e-5);
    }

    // The batch gradient is the mean of the single-customer gradients.
    const mean = new Float64Array(params.length);
    const single = new Float64Array(params.length);
    let lossSum = 0;
    for (let c = 0; c < n; c++) {
      lossSum += tfjsLossAndGradient(tf, shape, params, sequences, Int32Array.of(c), labels, single);
      for (let i = 0; i < params.length; i++) mean[i] += single[i] / n;
    }
    assert.ok(Math.abs(lossSum / n - l1) <= 1e-6 * l1);
    assert.ok(relativeDifference(g1, mean) <= 1e-5);

    // Order: a permuted batch gives permuted outputs and the same loss.
    const permuted = Int32Array.from([8, 3, 5, 0, 7, 1, 6, 2, 4]);
    const p3 = new Float64Array(n);
    tfjsPredict(tf, shape, params, sequences, permuted, p3, undefined, { chunkSize: 4 });
    permuted.forEach((c, i) => assert.ok(Math.abs(p3[i] - p1[c]) <= 1e-6));
    const g3 = new Float64Array(params.length);
    const l3 = tfjsLossAndGradient(tf, shape, params, sequences, permuted, labels, g3);
    assert.ok(Math.abs(l3 - l1) <= 1e-6 * l1);
    assert.ok(relativeDifference(g3, g1) <= 1e-5);
  }
});

test('device and host step slicing give the same numbers', async () => {
  await useCpu();
  for (const shape of [gruShape, lstmShape]) {
    const sequences = makeSequences(LENGTHS, 51);
    const labels = labelsFor(LENGTHS.length, 52);
    const params = testParameters(shape, 53);
    const customers = allCustomers(sequences);
    const results = (['host', 'device'] as const).map((slicing) => {
      const options: TfjsOptions = { slicing };
      const gradient = new Float64Array(params.length);
      const loss = tfjsLossAndGradient(
        tf,
        shape,
        params,
        sequences,
        customers,
        labels,
        gradient,
        [1, 1],
        options,
      );
      const probabilities = new Float64Array(customers.length);
      tfjsPredict(tf, shape, params, sequences, customers, probabilities, undefined, options);
      return { loss, gradient, probabilities };
    });
    assert.equal(results[0].loss, results[1].loss);
    assert.deepEqual(results[0].gradient, results[1].gradient);
    assert.deepEqual(results[0].probabilities, results[1].probabilities);
  }
});

test('no tensor leaks: stateless calls and a trainer leave tf.memory() as they found it', async () => {
  await useCpu();
  for (const shape of [gruShape, lstmShape]) {
    const sequences = makeSequences(LENGTHS, 61);
    const labels = labelsFor(LENGTHS.length, 62);
    const params = initialParameters(shape, 63);
    const customers = allCustomers(sequences);
    const before = tf.memory().numTensors;
    const gradient = new Float64Array(params.length);
    tfjsLossAndGradient(tf, shape, params, sequences, customers, labels, gradient);
    tfjsMeanLoss(tf, shape, params, sequences, customers, labels);
    tfjsPredict(tf, shape, params, sequences, customers, new Float64Array(customers.length));
    assert.equal(tf.memory().numTensors, before, 'stateless calls');
    const trainer = createTfjsTrainer(tf, shape, params, 0.001);
    const held = tf.memory().numTensors;
    assert.equal(held - before, 3, 'the trainer holds its weights and two Adam moments');
    for (let i = 0; i < 3; i++) trainer.step(sequences, customers, labels);
    trainer.meanLoss(sequences, customers, labels);
    trainer.predict(
      sequences,
      customers,
      new Float64Array(customers.length),
      new Float64Array(customers.length * 3),
    );
    trainer.getParameters();
    trainer.setParameters(params);
    assert.equal(tf.memory().numTensors, held, 'steps, predictions and weight swaps');
    trainer.dispose();
    assert.equal(tf.memory().numTensors, before, 'after dispose');
    assert.throws(() => trainer.step(sequences, customers, labels), /disposed/);
  }
});

test('inputs are checked as the kernel checks them', async () => {
  await useCpu();
  const sequences = makeSequences(LENGTHS, 71);
  const labels = labelsFor(LENGTHS.length, 72);
  const params = initialParameters(gruShape, 73);
  const gradient = new Float64Array(parameterCount(gruShape));
  const customers = allCustomers(sequences);
  assert.throws(
    () => tfjsLossAndGradient(tf, gruShape, params.subarray(1), sequences, customers, labels, gradient),
    /parameters given/,
  );
  assert.throws(
    () => tfjsLossAndGradient(tf, gruShape, params, sequences, Int32Array.of(0, 99), labels, gradient),
    /outside/,
  );
  const empty: SequenceSet = { ...sequences, lengths: Int32Array.from(LENGTHS, (l, i) => (i === 2 ? 0 : l)) };
  assert.throws(
    () => tfjsPredict(tf, gruShape, params, empty, customers, new Float64Array(9)),
    /at least one/,
  );
  assert.throws(
    () =>
      tfjsLossAndGradient(
        tf,
        lstmShape,
        initialParameters(lstmShape, 1),
        sequences,
        [],
        labels,
        new Float64Array(147),
      ),
    /empty batch/,
  );
  assert.throws(() => asTfModule({ tidy: () => 0 }), /lacks/);
});

test('wasm backend (through selectBackend): GRU and LSTM loss and gradient equal the kernel', async (t) => {
  try {
    const selected = await selectBackend('wasm');
    assert.equal(selected.name, 'wasm');
    const wasm = asTfModule(selected.tf);
    assert.equal(wasm.getBackend(), 'wasm');
    for (const shape of [gruShape, lstmShape]) {
      const sequences = makeSequences(LENGTHS, 81);
      const labels = labelsFor(LENGTHS.length, 82);
      const params = testParameters(shape, 83);
      const customers = allCustomers(sequences);
      const before = wasm.memory().numTensors;
      const gradient = new Float64Array(params.length);
      const reference = new Float64Array(params.length);
      const loss = tfjsLossAndGradient(
        wasm,
        shape,
        params,
        sequences,
        customers,
        labels,
        gradient,
        CLASS_WEIGHT,
      );
      const kernelLoss = lossAndGradient(
        shape,
        params,
        sequences,
        customers,
        labels,
        reference,
        CLASS_WEIGHT,
      );
      const lossError = Math.abs(loss - kernelLoss) / kernelLoss;
      const gradientError = relativeDifference(gradient, reference);
      t.diagnostic(
        `wasm ${shape.cell}: loss relative ${lossError.toExponential(2)}, gradient relative ${gradientError.toExponential(2)}`,
      );
      assert.ok(lossError <= 1e-4, `${loss} vs ${kernelLoss}`);
      assert.ok(gradientError <= 1e-4);
      const trainer = createTfjsTrainer(wasm, shape, params, 0.01);
      const adam = new Adam(params.length, 0.01);
      const kernelParams = Float64Array.from(params);
      for (let step = 0; step < 3; step++) {
        trainer.step(sequences, customers, labels);
        lossAndGradient(shape, kernelParams, sequences, customers, labels, reference);
        adam.step(kernelParams, reference);
      }
      const adamError = relativeDifference(trainer.getParameters(), kernelParams);
      t.diagnostic(
        `wasm ${shape.cell}: parameters after 3 Adam steps relative ${adamError.toExponential(2)}`,
      );
      assert.ok(adamError <= 1e-3);
      trainer.dispose();
      assert.equal(wasm.memory().numTensors, before);
    }
  } finally {
    await useCpu();
  }
});
