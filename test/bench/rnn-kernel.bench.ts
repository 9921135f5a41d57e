// Micro-benchmark of the fused rnn kernel (main/engines/rnn/model.ts): training throughput in
// sequences per second (forward + BPTT + Adam, one thread) on synthetic data shaped like the
// `journeys` training set of ../shared/anchors/rnn/README.md: 16,000 customers, F 7 (six 0/1
// flags at the fixture's rates plus one standardised gap), lengths log-normal with median 11,
// 90th percentile ~75 and mean ~28 (as the fixture's), cut at 200; H 10, D 10, batch 128, a
// fresh shuffle every epoch. Anchors: PyTorch CPU 5,960 seq/s (2 threads, random batches), a
// hand-written JS GRU 16,810 seq/s. Work per epoch is O(rows H (F + H)): ~3.6 kFLOP per row
// for the GRU, ~4.8 kFLOP for the LSTM. Wall-clock and CPU-time rates are both printed: on a
// busy machine (see the load average printed first) the CPU-time rate is the kernel's own.
//   node --import tsx test/bench/rnn-kernel.bench.ts [--epochs 5] [--cell gru|lstm|gru,lstm] [--customers 16000]
import { loadavg } from 'node:os';
import { Adam } from '../../main/engines/rnn/adam.ts';
import {
  createWorkspace,
  initialParameters,
  lossAndGradient,
  parameterCount,
  type ModelShape,
  type SequenceSet,
} from '../../main/engines/rnn/model.ts';
import { Rng } from '../../main/engines/common/rng.ts';

const pytorchSequencesPerSecond = 5960;
const flagRates = [0.007, 0.785, 0.375, 0.152, 0.315, 0.277]; // journeys' event flags

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1]! : fallback;
}

/** Synthetic journeys-shaped sequences; the label is likely 1 when a flag shows in the last 3 rows. */
function syntheticJourneys(
  customerCount: number,
  seed: number,
): { sequences: SequenceSet; labels: Float64Array } {
  const rng = new Rng(seed);
  const featureCount = flagRates.length + 1;
  const lengths = new Int32Array(customerCount);
  const offsets = new Int32Array(customerCount);
  let rows = 0;
  for (let c = 0; c < customerCount; c++) {
    const length = Math.round(Math.exp(Math.log(11) + 1.52 * rng.nextNormal()));
    lengths[c] = Math.min(200, Math.max(1, length));
    offsets[c] = rows;
    rows += lengths[c];
  }
  const values = new Float32Array(rows * featureCount);
  const labels = new Float64Array(customerCount);
  for (let c = 0; c < customerCount; c++) {
    let lateFlag = false;
    for (let t = 0; t < lengths[c]; t++) {
      const row = (offsets[c] + t) * featureCount;
      for (let f = 0; f < flagRates.length; f++) values[row + f] = rng.nextFloat() < flagRates[f]! ? 1 : 0;
      values[row + flagRates.length] = -Math.log(1 - rng.nextFloat()) - 1; // standardised exponential gap
      if (t >= lengths[c] - 3 && values[row + 3] === 1) lateFlag = true;
    }
    labels[c] = rng.nextFloat() < (lateFlag ? 0.85 : 0.1) ? 1 : 0;
  }
  return { sequences: { featureCount, values, offsets, lengths }, labels };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function benchmarkCell(cell: 'gru' | 'lstm', epochs: number, customerCount: number): number {
  const { sequences, labels } = syntheticJourneys(customerCount, 7);
  const shape: ModelShape = { cell, inputSize: sequences.featureCount, units: 10, denseUnits: 10 };
  const params = initialParameters(shape, 42);
  const gradient = new Float64Array(parameterCount(shape));
  const optimiser = new Adam(params.length, 0.001);
  const workspace = createWorkspace(shape, 200);
  const order = Int32Array.from({ length: customerCount }, (_, c) => c);
  const batchSize = 128;
  const rng = new Rng(1);
  let totalRows = 0;
  for (let c = 0; c < customerCount; c++) totalRows += sequences.lengths[c];
  console.log(
    `${cell.toUpperCase()}: ${customerCount} sequences, ${totalRows} rows (mean ${(totalRows / customerCount).toFixed(2)}),` +
      ` ${params.length} parameters, batch ${batchSize}`,
  );
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = customerCount - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < customerCount; start += batchSize) {
      const batch = order.subarray(start, Math.min(customerCount, start + batchSize));
      lossSum += lossAndGradient(shape, params, sequences, batch, labels, gradient, [1, 1], workspace);
      optimiser.step(params, gradient);
      batches++;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
    const rate = customerCount / seconds;
    if (epoch > 1 || epochs === 1) {
      rates.push(rate);
      cpuRates.push(customerCount / cpuSeconds);
    }
    console.log(
      `  epoch ${epoch}: ${seconds.toFixed(3)} s, ${Math.round(rate)} seq/s, ${((totalRows / seconds) * 1e-6).toFixed(2)} M rows/s` +
        ` (CPU ${cpuSeconds.toFixed(3)} s, ${Math.round(customerCount / cpuSeconds)} seq/s), mean loss ${(lossSum / batches).toFixed(4)}`,
    );
  }
  const typical = median(rates);
  console.log(
    `  ${cell.toUpperCase()} median of epochs ${epochs > 1 ? `2-${epochs}` : '1'}: ${Math.round(typical)} seq/s` +
      ` (${(typical / pytorchSequencesPerSecond).toFixed(2)}x PyTorch CPU's ${pytorchSequencesPerSecond});` +
      ` by CPU time ${Math.round(median(cpuRates))} seq/s (best epoch ${Math.round(Math.max(...cpuRates))})`,
  );
  return typical;
}

const epochs = Number(option('epochs', '5'));
const customers = Number(option('customers', '16000'));
const cells = option('cell', 'gru,lstm').split(',');
console.log(
  `Node ${process.version}, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
for (const cell of cells) {
  if (cell !== 'gru' && cell !== 'lstm') throw new Error(`--cell: expected gru or lstm, got '${cell}'`);
  benchmarkCell(cell, epochs, customers);
}
