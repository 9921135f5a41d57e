// Training throughput of the rnn model's TensorFlow.js path (main/engines/rnn/tfjs-trainer.ts)
// on synthetic journeys-shaped data: 16,000 training customers, lengths log-normal clipped to
// 1..200 (mean ~28; ~0.8% reach the cap, as the last 200 rows kept of `journeys`), F 7 (six 0/1
// flags, every row has one, plus a standardised gap), GRU H 10, Dense 10, batch 128, Adam 1e-3.
// Figure: sequences per second of one training epoch (forward, backward, Adam; no validation),
// for the tfjs backends 'cpu' (plain JS; selectBackend's 'js') and 'wasm', with
//   random   a fresh shuffle of the customers every epoch, batches of 128 (as Keras fit);
//   bucket   customers sorted by length and cut into batches of 128, the batch order shuffled
//            every epoch (batch composition changes, the model does not).
// Batch-steps = the sum over an epoch's batches of the longest sequence (what a padded tensor
// engine runs); this path runs packed exact lengths, so its work follows the real rows, but its
// op count follows the batch-steps. The fused float64 kernel (model.ts) is printed for scale.
// Anchors (../shared/anchors/rnn/README.md, same machine): tfjs-layers wasm fit 457 seq/s,
// bucketed 3,773; tfjs-layers cpu fit 113, bucketed 768; PyTorch CPU 2 threads random 5,960.
//   node --import tsx test/bench/rnn-tfjs.bench.ts [--epochs 3] [--backends cpu,wasm]
//        [--batching random,bucket] [--cell gru|lstm] [--customers 16000] [--no-kernel]
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../main/engines/common/rng.ts';
import { selectBackend } from '../../main/engines/common/backend.ts';
import { Adam } from '../../main/engines/rnn/adam.ts';
import { initialParameters, lossAndGradient } from '../../main/engines/rnn/model.ts';
import type { CellKind, ModelShape, SequenceSet } from '../../main/engines/rnn/model.ts';
import { asTfModule, createTfjsTrainer } from '../../main/engines/rnn/tfjs-trainer.ts';

const MAX_LENGTH = 200;
const BATCH = 128;

export interface RnnTfjsBenchOptions {
  epochs: number;
  backends: ('cpu' | 'wasm')[];
  batchings: ('random' | 'bucket')[];
  cell: CellKind;
  customers: number;
  kernel: boolean;
}

/** Journeys-shaped sequences: log-normal lengths (median ~16, mean ~28) capped at 200 rows. */
export function journeysLike(
  customers: number,
  seed: number,
): { sequences: SequenceSet; labels: Float64Array } {
  const rng = new Rng(seed);
  const featureCount = 7;
  const lengths = new Int32Array(customers);
  for (let c = 0; c < customers; c++) {
    const length = Math.round(Math.exp(2.78 + 1.04 * rng.nextNormal()));
    lengths[c] = Math.min(MAX_LENGTH, Math.max(1, length));
  }
  const offsets = new Int32Array(customers);
  let rows = 0;
  for (let c = 0; c < customers; c++) {
    offsets[c] = rows;
    rows += lengths[c];
  }
  const values = new Float32Array(rows * featureCount);
  const flagRates = [0.01, 0.35, 0.2, 0.06, 0.45, 0.3];
  for (let row = 0; row < rows; row++) {
    const base = row * featureCount;
    let any = false;
    flagRates.forEach((rate, f) => {
      const on = rng.nextFloat() < rate;
      values[base + f] = on ? 1 : 0;
      any ||= on;
    });
    if (!any) values[base + 4] = 1; // every real row has a flag, as in journeys
    values[base + 6] = rng.nextNormal(); // days_since_last, standardised
  }
  const labels = new Float64Array(customers);
  for (let c = 0; c < customers; c++) labels[c] = rng.nextFloat() < 0.3 + (lengths[c] < 10 ? 0.3 : 0) ? 1 : 0;
  return { sequences: { featureCount, values, offsets, lengths }, labels };
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** The epoch's batches: a fresh shuffle cut into 128s, or length buckets in a shuffled order. */
function epochBatches(kind: 'random' | 'bucket', lengths: Int32Array, rng: Rng): Int32Array[] {
  const order = Array.from({ length: lengths.length }, (_, i) => i);
  if (kind === 'random') shuffle(order, rng);
  else order.sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: Int32Array[] = [];
  for (let from = 0; from < order.length; from += BATCH)
    batches.push(Int32Array.from(order.slice(from, from + BATCH)));
  if (kind === 'bucket') shuffle(batches, rng);
  return batches;
}

function batchSteps(batches: Int32Array[], lengths: Int32Array): number {
  let steps = 0;
  for (const batch of batches) steps += Math.max(...Array.from(batch, (c) => lengths[c]));
  return steps;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const format = (value: number): string => Math.round(value).toLocaleString('en-US');

interface EpochTiming {
  wallSeconds: number;
  /** User + system CPU seconds of this process (tfjs cpu and wasm run on one thread here). */
  cpuSeconds: number;
}

/** Times one epoch by the wall clock and by this process's CPU time (less sensitive to load). */
function timeEpoch(run: () => void): EpochTiming {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  run();
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export async function benchRnnTfjs(
  print: (line: string) => void,
  options: RnnTfjsBenchOptions = {
    epochs: 3,
    backends: ['cpu', 'wasm'],
    batchings: ['random', 'bucket'],
    cell: 'gru',
    customers: 16000,
    kernel: true,
  },
): Promise<void> {
  const { sequences, labels } = journeysLike(options.customers, 2026);
  const lengths = sequences.lengths;
  const rows = lengths.reduce((sum, length) => sum + length, 0);
  const capped = lengths.reduce((sum, length) => sum + (length === MAX_LENGTH ? 1 : 0), 0);
  const shape: ModelShape = { cell: options.cell, inputSize: 7, units: 10, denseUnits: 10 };
  const n = options.customers;
  print(
    `${n} customers, ${rows} rows (mean length ${(rows / n).toFixed(2)}, ${((100 * capped) / n).toFixed(1)}% at ` +
      `the ${MAX_LENGTH}-row cap), ${shape.cell.toUpperCase()} F 7 -> H 10 -> D 10, batch ${BATCH}, ` +
      `${options.epochs} epochs; figures per epoch => median of epochs 2.. (epoch 1 if only one)`,
  );
  const load = (): string =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  print(`  1/5/15-minute load average at the start: ${load()} (this machine has 2 cores)`);
  const initial = initialParameters(shape, 42);
  const typical = (values: number[]): number => (values.length > 1 ? median(values.slice(1)) : values[0]);
  const report = (label: string, timings: EpochTiming[], steps: number): void => {
    const wall = timings.map((timing) => n / timing.wallSeconds);
    const cpu = timings.map((timing) => n / timing.cpuSeconds);
    print(`  ${label}: batch-steps/epoch ${format(steps)}`);
    print(`    seq/s (wall clock) ${wall.map(format).join(', ')}  => ${format(typical(wall))}`);
    print(`    seq per CPU second ${cpu.map(format).join(', ')}  => ${format(typical(cpu))}`);
  };

  if (options.kernel) {
    const rng = new Rng(7);
    const params = Float64Array.from(initial);
    const adam = new Adam(params.length, 0.001);
    const gradient = new Float64Array(params.length);
    const timings: EpochTiming[] = [];
    let steps = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const batches = epochBatches('random', lengths, rng);
      steps = batchSteps(batches, lengths);
      timings.push(
        timeEpoch(() => {
          for (const batch of batches) {
            lossAndGradient(shape, params, sequences, batch, labels, gradient);
            adam.step(params, gradient);
          }
        }),
      );
    }
    report('fused float64 kernel (model.ts), random batches', timings, steps);
  }

  for (const backend of options.backends) {
    const selected = await selectBackend(backend === 'cpu' ? 'js' : 'wasm');
    const tf = asTfModule(selected.tf);
    for (const batching of options.batchings) {
      const rng = new Rng(7);
      const trainer = createTfjsTrainer(tf, shape, initial, 0.001);
      const timings: EpochTiming[] = [];
      let steps = 0;
      let loss = 0;
      try {
        for (let epoch = 0; epoch < options.epochs; epoch++) {
          const batches = epochBatches(batching, lengths, rng);
          steps = batchSteps(batches, lengths);
          let total = 0;
          timings.push(
            timeEpoch(() => {
              for (const batch of batches) total += trainer.step(sequences, batch, labels);
            }),
          );
          loss = total / batches.length;
        }
      } finally {
        trainer.dispose();
      }
      const how = batching === 'random' ? 'random batches' : 'length-bucketed batches';
      report(`tfjs backend '${tf.getBackend()}' (selectBackend: ${selected.label}), ${how}`, timings, steps);
      print(
        `    last epoch's mean batch loss ${loss.toFixed(4)}; tensors alive ${tf.memory().numTensors}; load ${load()}`,
      );
    }
  }
}

function parseArguments(argv: string[]): RnnTfjsBenchOptions {
  const options: RnnTfjsBenchOptions = {
    epochs: 3,
    backends: ['cpu', 'wasm'],
    batchings: ['random', 'bucket'],
    cell: 'gru',
    customers: 16000,
    kernel: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1] ?? '';
    switch (argv[i]) {
      case '--epochs':
        options.epochs = Math.max(1, Number.parseInt(value, 10));
        i++;
        break;
      case '--backends':
        options.backends = value.split(',').filter((b): b is 'cpu' | 'wasm' => b === 'cpu' || b === 'wasm');
        i++;
        break;
      case '--batching':
        options.batchings = value
          .split(',')
          .filter((b): b is 'random' | 'bucket' => b === 'random' || b === 'bucket');
        i++;
        break;
      case '--cell':
        options.cell = value === 'lstm' ? 'lstm' : 'gru';
        i++;
        break;
      case '--customers':
        options.customers = Math.max(BATCH, Number.parseInt(value, 10));
        i++;
        break;
      case '--no-kernel':
        options.kernel = false;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchRnnTfjs((line) => console.log(line), parseArguments(process.argv.slice(2)));
}
