// Benchmark of the rnn engine (issue 6, performance): printed figures, not pass/fail tests.
//   1. Training throughput on the `journeys` fixture (../shared/fixtures/rnn/journeys; its first
//      16,000 customers are the training block), the anchor's protocol
//      (../shared/anchors/rnn/README.md): sequences per second of one training epoch (forward,
//      backward, Adam; no validation pass), the median of epochs 2-4 after a warm-up epoch, for
//        - the fused CPU kernel (model.ts lossAndGradient + adam.ts), what the engine trains with
//          on CPU: a fresh seeded shuffle every epoch, random batches of 128, exact lengths;
//        - every TensorFlow.js backend that loads here (tfjs-trainer.ts createTfjsTrainer), with
//          the engine's length-bucketed batches for tfjs;
//        - PyTorch CPU in the same run: `/usr/bin/python3 bench_torch.py journeys --threads 2
//          --batching random` (Debian python3-torch, python3-pandas, python3-sklearn), parsed;
//      with the ratio ours / PyTorch (target >= 1.0) and the README's fixed anchors for scale.
//   2. End to end on `journeys` with its options.json (seed 42, 30 epochs, early stopping with
//      patience 5, DBSCAN eps "auto"): rnnEngine.run's seconds (target < 120 s on 2 cores), the
//      engine's timings, val_auc, peak RSS; and a cancel requested 2 s into training.
//   3. Generated journeys-like data (test/bench/rnn-data.ts, modelled on journeys.py; straight into
//      a Frame, no CSV) of 20,000 / 100,000 / 1,000,000 customers: the engine end to end (30
//      epochs as configured for 20,000, 3 epochs beyond: the per-epoch time and the projected
//      30-epoch time are printed), peak RSS (target < 2 GB at 1,000,000) and where it goes.
// Each measurement of 1 and each run of 2 and 3 is a fresh child process, so the peak RSS (VmHWM)
// is its own; the peak is also taken per engine phase (the peak counter is reset at each phase
// change through /proc/self/clear_refs, the phase read from the engine's progress messages), and
// the longest intervals between cancel checks and between progress reports are recorded.
// The machine is shared: the load average and the other processes' CPU use are printed with each
// figure, and rates by CPU time beside the wall-clock ones.
//   node --import tsx test/bench/rnn.bench.ts [SIZE...]       (or npm run bench -- rnn)
//   PATHWISE_BENCH_RNN_EPOCHS=N   epochs for the generated sizes above 20,000 (default 3)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rnnEngine } from '../../main/engines/rnn/index.ts';
import type { EngineContext } from '../../main/engines/engine.ts';
import { prepareSequences } from '../../main/engines/rnn/sequences.ts';
import { Adam } from '../../main/engines/rnn/adam.ts';
import { bucketedBatches, randomBatches, shuffleInPlace } from '../../main/engines/rnn/batches.ts';
import { createWorkspace, initialParameters, lossAndGradient } from '../../main/engines/rnn/model.ts';
import type { ModelShape } from '../../main/engines/rnn/model.ts';
import { asTfModule, createTfjsTrainer } from '../../main/engines/rnn/tfjs-trainer.ts';
import type { TfModule } from '../../main/engines/rnn/tfjs-trainer.ts';
import { selectBackend } from '../../main/engines/common/backend.ts';
import type { BackendName } from '../../main/engines/common/backend.ts';
import { Rng } from '../../main/engines/common/rng.ts';
import { parseOptions } from '../../shared/analyses/define.ts';
import { rnnDefinition } from '../../shared/analyses/rnn.ts';
import type { RnnOptions } from '../../shared/analyses/rnn.ts';
import { CancelledError } from '../../shared/errors.ts';
import type { Frame } from '../../shared/frame.ts';
import type { Result } from '../../shared/result.ts';
import { frameBytes, generateJourneysFrame, readNumericCsv } from './rnn-data.ts';

const here = join(fileURLToPath(import.meta.url), '..');
const root = join(here, '..', '..');
const journeysDir = join(root, '..', 'shared', 'fixtures', 'rnn', 'journeys');
const torchScript = join(root, '..', 'shared', 'anchors', 'rnn', 'bench_torch.py');
/** Debian's python3 (python3-torch); the `python3` on PATH may be a pyenv shim without torch. */
const systemPython = '/usr/bin/python3';

/** ../shared/anchors/rnn/README.md (its machine, 2026-11-24): training seq/s on journeys. */
const fixedAnchors = {
  torch2Threads: 5960,
  torch1Thread: 5328,
  tfjsWasmFit: 457,
  tfjsCpuFit: 113,
  tfjsWasmBucketed: 3773,
  tfjsCpuBucketed: 768,
  handWrittenGru: 16810,
};
const throughputEpochs = 4;
const defaultSizes = [20_000, 100_000, 1_000_000];
const largeSizeEpochs = Number(process.env.PATHWISE_BENCH_RNN_EPOCHS ?? 3);
const endToEndTargetSeconds = 120;
const peakTargetMb = 2048;
const generatorSeed = 2026;
/** The cancel test asks for a cancel this long after training starts. */
const cancelAfterSeconds = 2;

// ---------------------------------------------------------------------------------------------
// Shared helpers

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number): number => bytes / (1024 * 1024);
const sec = (milliseconds: number | undefined): string =>
  milliseconds === undefined ? '-' : (milliseconds / 1000).toFixed(2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** VmRSS and VmHWM (peak) of this process, MB. */
function rssStatus(): { rssMb: number; peakMb: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name: string): number =>
    Number(new RegExp(`${name}:\\s*(\\d+)\\s*kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: field('VmRSS') / 1024, peakMb: field('VmHWM') / 1024 };
}

/** Resets the peak RSS counter to the current RSS (Linux); false where it cannot. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Full garbage collections when the child runs with --expose-gc, with a pause between: V8 frees
 * the backing stores of dead ArrayBuffers on a background task after the collection, so
 * process.memoryUsage().arrayBuffers only drops some milliseconds later.
 */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  for (let round = 0; round < 2; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat), to see what else ran. */
function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Measures how busy the machine's cores were between start() and the returned function's call. */
function machineMeter(): () => { busyCores: number; load: string } {
  const cores = cpus().length;
  const first = machineJiffies();
  return () => {
    const last = machineJiffies();
    const total = last.total - first.total;
    return {
      busyCores: total > 0 ? ((last.busy - first.busy) / total) * cores : NaN,
      load: loadavg()
        .map((value) => value.toFixed(1))
        .join(' '),
    };
  };
}

/** The journeys fixture's events, labels and options (seed 42 as in options.json). */
function loadJourneys(): { events: Frame; labels: Frame; options: RnnOptions } {
  const events = readNumericCsv(join(journeysDir, 'events.csv'), 'events');
  const labels = readNumericCsv(join(journeysDir, 'labels.csv'), 'labels');
  const raw = JSON.parse(readFileSync(join(journeysDir, 'options.json'), 'utf8')) as unknown;
  return { events, labels, options: parseOptions(rnnDefinition, raw) };
}

function shapeOf(options: RnnOptions, featureCount: number): ModelShape {
  return {
    cell: options.model.cell,
    inputSize: featureCount,
    units: options.model.units,
    denseUnits: options.model.dense_units,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Throughput (child process 'throughput')

interface EpochTiming {
  wallSeconds: number;
  cpuSeconds: number;
}

interface RateFigure {
  label: string;
  batching: string;
  /** Per epoch: the sum over its batches of the batch's longest sequence (what padding would run). */
  batchSteps: number;
  wall: number[];
  cpu: number[];
  median: number;
  medianCpu: number;
  lastLoss: number;
  note: string;
}

interface Unavailable {
  label: string;
  unavailable: string;
}

interface ThroughputResult {
  customers: number;
  rows: number;
  kernel: RateFigure;
  tfjs: (RateFigure | Unavailable)[];
}

function timeEpoch(run: () => number): EpochTiming & { loss: number } {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const loss = run();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loss };
}

/** The engine's per-epoch shuffle (index.ts shuffleInPlace). */
function batchSteps(batches: Int32Array[], lengths: Int32Array): number {
  let steps = 0;
  for (const batch of batches) {
    let longest = 0;
    for (let i = 0; i < batch.length; i++) longest = Math.max(longest, lengths[batch[i]]);
    steps += longest;
  }
  return steps;
}

/** Trains `epochs` epochs with `step` on each batch; figures as the anchor (median of epochs 2..). */
function measureEpochs(
  label: string,
  batching: string,
  note: string,
  epochs: number,
  customers: number,
  makeBatches: () => Int32Array[],
  lengths: Int32Array,
  step: (batch: Int32Array) => number,
  print: (line: string) => void,
): RateFigure {
  const wall: number[] = [];
  const cpu: number[] = [];
  let steps = 0;
  let lastLoss = NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const batches = makeBatches();
    steps = batchSteps(batches, lengths);
    const meter = machineMeter();
    const timing = timeEpoch(() => {
      let total = 0;
      for (const batch of batches) total += step(batch) * batch.length;
      return total / customers;
    });
    const machine = meter();
    wall.push(customers / timing.wallSeconds);
    cpu.push(customers / timing.cpuSeconds);
    lastLoss = timing.loss;
    print(
      `    epoch ${epoch}: ${timing.wallSeconds.toFixed(2)} s wall, ${timing.cpuSeconds.toFixed(2)} s CPU, ` +
        `${fmtInt(customers / timing.wallSeconds)} seq/s, ${fmtInt(steps)} batch-steps, loss ${timing.loss.toFixed(4)}; ` +
        `machine ${machine.busyCores.toFixed(1)} of ${cpus().length} cores busy, load ${machine.load}`,
    );
  }
  const typical = (values: number[]): number => (values.length > 1 ? median(values.slice(1)) : values[0]);
  return {
    label,
    batching,
    batchSteps: steps,
    wall,
    cpu,
    median: typical(wall),
    medianCpu: typical(cpu),
    lastLoss,
    note,
  };
}

async function childThroughput(): Promise<void> {
  const print = (line: string): void => console.log(line);
  const { events, labels, options } = loadJourneys();
  const prepared = prepareSequences(events, labels, options);
  const shape = shapeOf(options, prepared.features.length);
  const { sequences } = prepared;
  const lengths = sequences.lengths;
  const train = prepared.trainCustomers;
  const n = train.length;
  let rows = 0;
  let longest = 1;
  for (let i = 0; i < n; i++) rows += lengths[train[i]];
  for (let c = 0; c < lengths.length; c++) longest = Math.max(longest, lengths[c]);
  const model = options.model;
  const weights: [number, number] = [1, 1]; // class_weight 'none' in options.json
  print(
    `  journeys: ${fmtInt(n)} training customers (of ${fmtInt(prepared.customerCount)}), ${fmtInt(rows)} kept rows ` +
      `per epoch (mean ${(rows / n).toFixed(2)}), ${shape.cell.toUpperCase()} ${shape.inputSize} -> ${shape.units} ` +
      `-> ${shape.denseUnits}, batch ${model.batch_size}, ${throughputEpochs} epochs each`,
  );

  // The fused kernel exactly as the engine's CPU stepper (index.ts createStepper, train).
  print(
    `  fused ${shape.cell.toUpperCase()} kernel (model.ts, float64, one thread), random batches, exact lengths:`,
  );
  const params = initialParameters(shape, model.seed);
  const gradient = new Float64Array(params.length);
  const adam = new Adam(params.length, model.learning_rate);
  const workspace = createWorkspace(shape, longest);
  const kernelRng = new Rng(model.seed);
  const kernelOrder = Int32Array.from(train);
  const kernel = measureEpochs(
    `fused ${shape.cell.toUpperCase()} kernel`,
    'random batches, exact lengths',
    'one thread, float64',
    throughputEpochs,
    n,
    () => {
      shuffleInPlace(kernelOrder, kernelRng);
      return randomBatches(kernelOrder, model.batch_size);
    },
    lengths,
    (batch) => {
      const loss = lossAndGradient(
        shape,
        params,
        sequences,
        batch,
        prepared.labels,
        gradient,
        weights,
        workspace,
      );
      adam.step(params, gradient);
      return loss;
    },
    print,
  );

  // Every tfjs backend that loads (selectBackend's order), with the engine's bucketed batches.
  const tfjs: (RateFigure | Unavailable)[] = [];
  const backends: BackendName[] = ['gpu', 'cpu', 'wasm', 'js'];
  for (const name of backends) {
    const label = `tfjs ${name === 'js' ? 'js (tfjs-backend-cpu, plain JS)' : name === 'cpu' ? 'cpu (tfjs-node)' : name}`;
    let tf: TfModule;
    let backendLabel: string;
    try {
      const selected = await selectBackend(name);
      tf = asTfModule(selected.tf);
      backendLabel = selected.label;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 160);
      print(`  ${label}: not available here (${reason})`);
      tfjs.push({ label, unavailable: reason });
      continue;
    }
    print(`  ${label} [${backendLabel}], the engine's length-bucketed batches (pools of 32 batches):`);
    const trainer = createTfjsTrainer(tf, shape, initialParameters(shape, model.seed), model.learning_rate);
    const rng = new Rng(model.seed);
    const order = Int32Array.from(train);
    try {
      const figure = measureEpochs(
        label,
        'length-bucketed batches (engine)',
        `backend ${tf.getBackend()}`,
        throughputEpochs,
        n,
        () => {
          shuffleInPlace(order, rng);
          return bucketedBatches(order, lengths, model.batch_size, rng);
        },
        lengths,
        (batch) => trainer.step(sequences, batch, prepared.labels, weights),
        print,
      );
      tfjs.push(figure);
    } finally {
      trainer.dispose();
    }
    print(`    tensors alive after dispose: ${tf.memory().numTensors}`);
  }
  const result: ThroughputResult = { customers: n, rows, kernel, tfjs };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

// ---------------------------------------------------------------------------------------------
// PyTorch (bench_torch.py), run from the parent

interface TorchResult {
  version: string;
  threads: number;
  batching: string;
  sequences: number;
  mean_length: number;
  batch_steps: number;
  seq_per_s: number;
  seq_per_cpu_s: number;
  load_avg: number;
  epochs: number[];
}

/** Whether Debian's PyTorch (and what bench_torch.py imports) loads; the reason when not. */
function torchMissing(): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = spawn(
      systemPython,
      ['-c', 'import torch, numpy, pandas, sklearn; print(torch.__version__)'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    probe.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    probe.on('error', () => resolve(`${systemPython} not found`));
    probe.on('close', (code) => {
      if (code === 0) resolve(null);
      else resolve(stderr.trim().split('\n').at(-1) ?? `exit ${code}`);
    });
  });
}

function runTorch(print: (line: string) => void): Promise<TorchResult | string> {
  return new Promise((resolve) => {
    const args = [torchScript, journeysDir, '--threads', '2', '--batching', 'random', '--epochs', '4'];
    const child = spawn(systemPython, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let result: TorchResult | null = null;
    const meter = machineMeter();
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('{')) result = JSON.parse(line) as TorchResult;
        else if (line) print(`    ${line}; load ${meter().load}`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      if (code === 0 && result) resolve(result);
      else resolve(`bench_torch.py failed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Engine runs (child processes 'journeys' and 'generated')

interface PhaseRecord {
  phase: string;
  seconds: number;
  /** Peak RSS within the phase (the counter reset at its start), or the running peak. */
  peakRssMb: number;
  rssAtEndMb: number;
  heapUsedMb: number;
  arrayBuffersMb: number;
}

interface Gap {
  seconds: number;
  where: string;
}

interface ProbeReport {
  phases: PhaseRecord[];
  peakPerPhase: boolean;
  progressCalls: number;
  checks: number;
  epochRows: number;
  longestCheckGap: Gap;
  longestProgressGap: Gap;
}

/** The engine phase of a progress report (index.ts's messages and fractions). */
function phaseOf(fraction: number, message: string | undefined, current: string): string {
  // The preparation reports each of its passes by name within [0, 0.02].
  if (message?.startsWith('Preparing') || (fraction < 0.02 && current === 'prepare')) return 'prepare';
  if (message?.startsWith('Training') || message?.startsWith('Epoch')) return 'train';
  if (message?.startsWith('Encoding')) return 'encode';
  if (message === 'Principal components') return 'pca+tables';
  if (message === 'Done') return 'done';
  if (fraction >= 0.92 && fraction < 0.97) return 'silhouette';
  if (fraction >= 0.82 && fraction < 0.92) return 'cluster';
  return current;
}

/** An EngineContext that records phases, peak RSS per phase, progress and cancel-check gaps. */
function createProbe(cancel?: { afterTrainingSeconds: number }): {
  ctx: EngineContext;
  start(): void;
  finish(): ProbeReport;
  cancelLatency(): { requestedMs: number; thrownMs: number; message: string } | null;
} {
  const phases: PhaseRecord[] = [];
  let phase = 'start';
  let phaseStarted = 0;
  let peakPerPhase = true;
  let progressCalls = 0;
  let checks = 0;
  let epochRows = 0;
  let lastCheck = 0;
  let lastCheckPhase = 'start';
  let lastProgress = 0;
  let lastProgressPhase = 'start';
  let lastMessage = '';
  const longestCheckGap: Gap = { seconds: 0, where: '' };
  const longestProgressGap: Gap = { seconds: 0, where: '' };
  let cancelAt: number | null = null;
  let thrownAt: number | null = null;
  let thrownMessage = '';

  const closePhase = (now: number): void => {
    const { rssMb, peakMb } = rssStatus();
    const memory = process.memoryUsage();
    phases.push({
      phase,
      seconds: (now - phaseStarted) / 1000,
      peakRssMb: peakMb,
      rssAtEndMb: rssMb,
      heapUsedMb: mb(memory.heapUsed),
      arrayBuffersMb: mb(memory.arrayBuffers),
    });
    peakPerPhase = resetPeak() && peakPerPhase;
  };
  const gap = (target: Gap, now: number, since: number, from: string, to: string): void => {
    const seconds = (now - since) / 1000;
    if (seconds > target.seconds) {
      target.seconds = seconds;
      target.where = from === to ? from : `${from} -> ${to}`;
    }
  };
  const ctx: EngineContext = {
    backend: 'js',
    progress(fraction, message, partial) {
      const now = performance.now();
      progressCalls++;
      if (partial?.table === 'training') epochRows++;
      const next = phaseOf(fraction, message, phase);
      if (next !== phase) {
        closePhase(now);
        phase = next;
        phaseStarted = now;
        if (next === 'train' && cancel && cancelAt === null)
          cancelAt = now + cancel.afterTrainingSeconds * 1000;
      }
      gap(longestProgressGap, now, lastProgress, lastProgressPhase, phase);
      lastProgress = now;
      lastProgressPhase = phase;
      if (message) lastMessage = message;
    },
    checkCancelled() {
      const now = performance.now();
      checks++;
      gap(longestCheckGap, now, lastCheck, lastCheckPhase, phase);
      lastCheck = now;
      lastCheckPhase = phase;
      if (cancelAt !== null && now >= cancelAt && thrownAt === null) {
        thrownAt = now;
        thrownMessage = lastMessage;
        throw new CancelledError();
      }
    },
  };
  return {
    ctx,
    start() {
      peakPerPhase = resetPeak();
      phase = 'prepare';
      phaseStarted = lastCheck = lastProgress = performance.now();
      lastCheckPhase = lastProgressPhase = phase;
    },
    finish() {
      const now = performance.now();
      gap(longestCheckGap, now, lastCheck, lastCheckPhase, 'end');
      gap(longestProgressGap, now, lastProgress, lastProgressPhase, 'end');
      closePhase(now);
      return {
        phases: phases.filter((p) => p.phase !== 'start'),
        peakPerPhase,
        progressCalls,
        checks,
        epochRows,
        longestCheckGap,
        longestProgressGap,
      };
    },
    cancelLatency() {
      return cancelAt === null || thrownAt === null
        ? null
        : { requestedMs: cancelAt, thrownMs: thrownAt, message: thrownMessage };
    },
  };
}

interface RunReport {
  customers: number;
  eventRows: number;
  keptRows: number;
  truncated: number;
  frameMb: number;
  /** Seconds to read (journeys) or generate (sizes) the data, not counted. */
  dataSeconds: number;
  rssBeforeDataMb: number;
  rssAfterDataMb: number;
  epochsConfigured: number;
  epochsRun: number;
  bestEpoch: number;
  valAuc: number;
  auc: number;
  clusters: number;
  noiseShare: number;
  eps: number;
  engineSeconds: number;
  engineCpuSeconds: number;
  timings: Record<string, number>;
  backend: string;
  warnings: string[];
  peakRssMb: number;
  probe: ProbeReport;
  /** Typed arrays and heap a PreparedSequences keeps (prepared again after the run). */
  preparedArrayBuffersMb: number;
  preparedHeapMb: number;
  /** What the Result keeps: heap (table rows) and typed arrays (artifacts). */
  resultHeapMb: number;
  resultArrayBuffersMb: number;
  cancel: { requestedInto: string; latencyMs: number; rejectedMs: number } | null;
}

function metricOf(result: Result, name: string): number {
  const row = result.tables.metrics?.rows.find((r) => r[0] === name);
  return typeof row?.[1] === 'number' ? row[1] : NaN;
}

/** What the prepared sequences keep, measured alone (the frames are only borrowed here). */
async function preparedFootprint(
  inputs: Record<string, Frame>,
  options: RnnOptions,
): Promise<{
  arrayBuffersMb: number;
  heapMb: number;
  frameMb: number;
  counts: { customers: number; eventRows: number; keptRows: number; truncated: number };
}> {
  await collect();
  const memoryBefore = process.memoryUsage();
  const prepared = prepareSequences(inputs.events!, inputs.labels, options);
  await collect();
  const memoryAfter = process.memoryUsage();
  if (prepared.customerCount === 0) throw new Error('no customers');
  return {
    arrayBuffersMb: mb(memoryAfter.arrayBuffers - memoryBefore.arrayBuffers),
    heapMb: mb(memoryAfter.heapUsed - memoryBefore.heapUsed),
    frameMb: mb(frameBytes(inputs.events!) + (inputs.labels ? frameBytes(inputs.labels) : 0)),
    counts: {
      customers: prepared.customerCount,
      eventRows: prepared.eventRowCount,
      keptRows: prepared.keptRowCount,
      truncated: prepared.truncatedCount,
    },
  };
}

/**
 * Runs the engine once, with the probe, on `inputs`, which it takes over as a job's engine does
 * (it lets the frames go after preparing; the caller must keep no other reference to them).
 */
async function measureRun(
  inputs: Record<string, Frame>,
  options: RnnOptions,
  data: { seconds: number; rssBeforeMb: number; rssAfterMb: number },
): Promise<RunReport> {
  const footprint = await preparedFootprint(inputs, options);
  await collect();
  const before = process.memoryUsage();
  const probe = createProbe();
  const cpuStarted = process.cpuUsage();
  probe.start();
  const started = performance.now();
  const result = await rnnEngine.run(inputs, options, probe.ctx);
  const engineSeconds = (performance.now() - started) / 1000;
  const report = probe.finish();
  const cpu = process.cpuUsage(cpuStarted);
  const peakRssMb = Math.max(...report.phases.map((p) => p.peakRssMb));

  await collect();
  const afterRun = process.memoryUsage();

  return {
    ...footprint.counts,
    frameMb: footprint.frameMb,
    dataSeconds: data.seconds,
    rssBeforeDataMb: data.rssBeforeMb,
    rssAfterDataMb: data.rssAfterMb,
    epochsConfigured: options.model.epochs,
    epochsRun: result.tables.training?.rows.length ?? 0,
    bestEpoch: metricOf(result, 'best_epoch'),
    valAuc: metricOf(result, 'val_auc'),
    auc: metricOf(result, 'auc'),
    clusters: metricOf(result, 'clusters'),
    noiseShare: metricOf(result, 'noise_share'),
    eps: metricOf(result, 'eps'),
    engineSeconds,
    engineCpuSeconds: (cpu.user + cpu.system) / 1e6,
    timings: result.timings,
    backend: result.backend ?? 'unknown',
    warnings: result.warnings,
    peakRssMb,
    probe: report,
    preparedArrayBuffersMb: footprint.arrayBuffersMb,
    preparedHeapMb: footprint.heapMb,
    // The engine let the frames go during the run (their typed arrays were in `before`).
    resultHeapMb: mb(afterRun.heapUsed - before.heapUsed),
    resultArrayBuffersMb: mb(afterRun.arrayBuffers - before.arrayBuffers) + footprint.frameMb,
    cancel: null,
  };
}

/** A second run whose cancel is asked for `cancelAfterSeconds` into training: how soon it stops. */
async function cancelTest(inputs: Record<string, Frame>, options: RnnOptions): Promise<RunReport['cancel']> {
  const probe = createProbe({ afterTrainingSeconds: cancelAfterSeconds });
  probe.start();
  try {
    await rnnEngine.run(inputs, options, probe.ctx);
    return null; // finished before the cancel was asked for
  } catch (error) {
    const rejected = performance.now();
    if (!(error instanceof CancelledError)) throw error;
    const latency = probe.cancelLatency();
    if (!latency) return null;
    return {
      requestedInto: latency.message,
      latencyMs: latency.thrownMs - latency.requestedMs,
      rejectedMs: rejected - latency.requestedMs,
    };
  }
}

/** The journeys fixture's frames, in a record of their own (a run takes it over). */
function journeysInputs(): Record<string, Frame> {
  const { events, labels } = loadJourneys();
  return { events, labels };
}

/** Generated frames, in a record of their own (a run takes it over). */
function generatedInputs(customers: number): Record<string, Frame> {
  const generated = generateJourneysFrame(customers, generatorSeed);
  return { events: generated.events, labels: generated.labels };
}

async function childJourneys(): Promise<void> {
  await collect();
  const rssBeforeMb = rssStatus().rssMb;
  const started = performance.now();
  const options = loadJourneys().options;
  const seconds = (performance.now() - started) / 1000;
  await collect();
  const report = await measureRun(journeysInputs(), options, {
    seconds,
    rssBeforeMb,
    rssAfterMb: rssStatus().rssMb,
  });
  report.cancel = await cancelTest(journeysInputs(), options);
  console.log(`RESULT ${JSON.stringify(report)}`);
}

async function childGenerated(customers: number, epochs: number): Promise<void> {
  await collect();
  const rssBeforeMb = rssStatus().rssMb;
  const started = performance.now();
  const inputs = generatedInputs(customers);
  const seconds = (performance.now() - started) / 1000;
  await collect();
  const rssAfterMb = rssStatus().rssMb;
  const raw = JSON.parse(readFileSync(join(journeysDir, 'options.json'), 'utf8')) as { model: object };
  const options = parseOptions(rnnDefinition, { ...raw, model: { ...raw.model, epochs } });
  const report = await measureRun(inputs, options, {
    seconds,
    rssBeforeMb,
    rssAfterMb,
  });
  console.log(`RESULT ${JSON.stringify(report)}`);
}

/** Runs this file as a child; its plain lines go to `onLine`, its RESULT line is returned. */
function runChild<T>(args: string[], onLine: (line: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buffer = '';
    let stderr = '';
    let result: T | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7)) as T;
        else if (line.trim()) onLine(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else
        reject(
          new Error(
            `rnn bench child ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-2000)}`,
          ),
        );
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Printing

/** Seconds per epoch (training + the per-epoch evaluation) and the projected 30-epoch run. */
function projection(run: RunReport): {
  perEpoch: number;
  train: number;
  evaluate: number;
  projected30: number;
} {
  const t = run.timings;
  const epochs = Math.max(1, run.epochsRun);
  const train = (t.train_ms ?? 0) / 1000 / epochs;
  const evaluate = (t.evaluate_epochs_ms ?? 0) / 1000 / epochs;
  // Training's whole time per epoch (with the best-weight copies), the rest of the run as measured.
  const trainingTotal = (t.training_total_ms ?? 0) / 1000;
  const fixed = run.engineSeconds - trainingTotal; // prepare, encode, cluster, silhouette, PCA, tables
  return { perEpoch: train + evaluate, train, evaluate, projected30: fixed + (30 * trainingTotal) / epochs };
}

/** How far the prepare phase's peak RSS rose above the RSS with the data loaded. */
function preparePeakAbove(run: RunReport): number {
  const prepare = run.probe.phases.find((phase) => phase.phase === 'prepare');
  return prepare ? prepare.peakRssMb - run.rssAfterDataMb : NaN;
}

function describeRun(run: RunReport, say: (line: string) => void): void {
  const t = run.timings;
  const p = projection(run);
  const rest =
    (t.total_ms ?? 0) -
    (t.prepare_ms ?? 0) -
    (t.training_total_ms ?? 0) -
    (t.encode_ms ?? 0) -
    (t.cluster_ms ?? 0);
  say(
    `  engine ${run.engineSeconds.toFixed(2)} s wall (${run.engineCpuSeconds.toFixed(2)} CPU s), backend ${run.backend}; ` +
      `epochs run ${run.epochsRun} of ${run.epochsConfigured} (best ${run.bestEpoch}); val_auc ${run.valAuc.toFixed(4)} ` +
      `(train auc ${run.auc.toFixed(4)}); ${run.clusters} clusters, noise share ${run.noiseShare.toFixed(3)}, eps ${run.eps.toFixed(4)}`,
  );
  say(
    `  timings (s): prepare ${sec(t.prepare_ms)}, train ${sec(t.train_ms)} (${fmtInt(t.train_sequences_per_s ?? NaN)} seq/s), ` +
      `evaluate epochs ${sec(t.evaluate_epochs_ms)}, training total ${sec(t.training_total_ms)}, encode ${sec(t.encode_ms)}, ` +
      `cluster ${sec(t.cluster_ms)}, silhouette + PCA + tables ${sec(rest)}, total ${sec(t.total_ms)}`,
  );
  say(
    `  per epoch ${p.perEpoch.toFixed(2)} s (train ${p.train.toFixed(2)} + validation/AUC pass ${p.evaluate.toFixed(2)}); ` +
      `30 epochs end to end: ${run.epochsRun >= 30 ? 'measured above' : `projected ${p.projected30.toFixed(0)} s (${(p.projected30 / 60).toFixed(1)} min)`}`,
  );
  const phases = run.probe.phases
    .filter((phase) => phase.phase !== 'done')
    .map((phase) => `${phase.phase} ${fmtInt(phase.peakRssMb)} (${phase.seconds.toFixed(1)} s)`)
    .join(', ');
  say(
    `  peak RSS ${fmtInt(run.peakRssMb)} MB; ${run.probe.peakPerPhase ? 'peak per phase' : 'running peak at the end of each phase'} ` +
      `(MB): ${phases}`,
  );
  say(
    `  memory: Node before the data ${fmtInt(run.rssBeforeDataMb)} MB; frame ${fmtInt(run.frameMb)} MB ` +
      `(${fmtInt(run.eventRows)} rows x 9 columns in the narrowest typed arrays + labels), RSS with it ${fmtInt(run.rssAfterDataMb)} MB; ` +
      `prepared sequences keep ${fmtInt(run.preparedArrayBuffersMb + run.preparedHeapMb)} MB ` +
      `(typed arrays ${fmtInt(run.preparedArrayBuffersMb)}, heap ${fmtInt(run.preparedHeapMb)}; ${fmtInt(run.keptRows)} kept rows) ` +
      `and the prepare phase peaks ${fmtInt(preparePeakAbove(run))} MB above the RSS with the frame; ` +
      `the Result keeps ${fmtInt(run.resultHeapMb)} MB heap (table rows) + ${fmtInt(run.resultArrayBuffersMb)} MB typed arrays`,
  );
  const probe = run.probe;
  say(
    `  progress: ${fmtInt(probe.progressCalls)} reports (${probe.epochRows} epoch rows), longest silence ` +
      `${probe.longestProgressGap.seconds.toFixed(2)} s (${probe.longestProgressGap.where}); cancel: ` +
      `${fmtInt(probe.checks)} checks, longest interval ${probe.longestCheckGap.seconds.toFixed(2)} s (${probe.longestCheckGap.where})`,
  );
  if (run.warnings.length > 0) say(`  engine warnings: ${run.warnings.join(' | ')}`);
}

function isUnavailable(figure: RateFigure | Unavailable): figure is Unavailable {
  return 'unavailable' in figure;
}

export async function benchRnn(
  onLine: (line: string) => void = () => {},
  sizes: number[] = defaultSizes,
): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  say(
    `rnn bench: Node ${process.version}, ${cpus().length} x ${cpuModel}; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} (1/5/15 min)`,
  );

  // ---- 1. throughput
  say(
    `1. training throughput on journeys: sequences/s of one training epoch (forward, backward, Adam; no validation), ` +
      `median of epochs 2-${throughputEpochs} after a warm-up epoch`,
  );
  const missing = await torchMissing();
  let torch: TorchResult | string;
  if (missing) {
    torch = `PyTorch not installed: ratio skipped (${missing}; apt-get install python3-torch python3-pandas python3-sklearn)`;
    say(`  ${torch}`);
  } else {
    say(
      `  PyTorch CPU (${systemPython} bench_torch.py --threads 2 --batching random, packed, exact lengths):`,
    );
    torch = await runTorch(say);
    if (typeof torch === 'string') say(`  ${torch}: ratio skipped`);
  }
  const throughput = await runChild<ThroughputResult>(['throughput'], say);

  const torchRate = typeof torch === 'string' ? null : torch.seq_per_s;
  say('  summary (seq/s: wall clock => median; per CPU second => median):');
  if (typeof torch !== 'string') {
    say(
      `    PyTorch ${torch.version}, ${torch.threads} threads, random batches, packed: ${fmtInt(torch.seq_per_s)} ` +
        `(per CPU s ${fmtInt(torch.seq_per_cpu_s)}); epochs ${torch.epochs.map(fmtInt).join(', ')}; ` +
        `${fmtInt(torch.batch_steps)} batch-steps, mean length ${torch.mean_length.toFixed(2)}`,
    );
  }
  const figures = [throughput.kernel, ...throughput.tfjs];
  for (const figure of figures) {
    if (isUnavailable(figure)) {
      say(`    ${figure.label}: not available`);
      continue;
    }
    say(
      `    ${figure.label}, ${figure.batching}: ${fmtInt(figure.median)} (per CPU s ${fmtInt(figure.medianCpu)}); ` +
        `epochs ${figure.wall.map(fmtInt).join(', ')}; ${fmtInt(figure.batchSteps)} batch-steps; ${figure.note}`,
    );
  }
  if (torchRate !== null) {
    say(
      '  ratio ours / PyTorch CPU measured in this run (target >= 1.0 for the engine on CPU = the fused kernel):',
    );
    for (const figure of figures) {
      if (isUnavailable(figure)) continue;
      const ratio = figure.median / torchRate;
      const engineUses =
        figure === throughput.kernel
          ? ' (what the engine trains with on CPU)'
          : ' (tfjs path: GPU or forced backend)';
      say(
        `    ${figure.label}: ${ratio.toFixed(2)}x${engineUses}${figure === throughput.kernel ? (ratio >= 1 ? ': ok' : ': BELOW TARGET') : ''}`,
      );
    }
  }
  const wasm = throughput.tfjs.find(
    (f): f is RateFigure => !isUnavailable(f) && f.label.startsWith('tfjs wasm'),
  );
  const js = throughput.tfjs.find((f): f is RateFigure => !isUnavailable(f) && f.label.startsWith('tfjs js'));
  say(
    `  fixed anchors (README; another machine, idle): PyTorch 2 threads ${fmtInt(fixedAnchors.torch2Threads)} ` +
      `(1 thread ${fmtInt(fixedAnchors.torch1Thread)}), tfjs-layers wasm fit ${fixedAnchors.tfjsWasmFit} ` +
      `(bucketed ${fmtInt(fixedAnchors.tfjsWasmBucketed)}), tfjs-layers cpu fit ${fixedAnchors.tfjsCpuFit} ` +
      `(bucketed ${fixedAnchors.tfjsCpuBucketed}), hand-written JS GRU ${fmtInt(fixedAnchors.handWrittenGru)}`,
  );
  say(
    `    fused kernel / PyTorch anchor ${(throughput.kernel.median / fixedAnchors.torch2Threads).toFixed(2)}x` +
      (wasm ? `; tfjs wasm / wasm fit anchor ${(wasm.median / fixedAnchors.tfjsWasmFit).toFixed(1)}x` : '') +
      (js ? `; tfjs js / cpu fit anchor ${(js.median / fixedAnchors.tfjsCpuFit).toFixed(1)}x` : ''),
  );

  // ---- 2. end to end on journeys
  say(
    '2. end to end on journeys (options.json: seed 42, 30 epochs, patience 5, DBSCAN eps auto), fresh process:',
  );
  const meter = machineMeter();
  const journeys = await runChild<RunReport>(['journeys'], say);
  const machine = meter();
  say(
    `  ${fmtInt(journeys.customers)} customers, ${fmtInt(journeys.eventRows)} event rows (CSV read in ` +
      `${journeys.dataSeconds.toFixed(2)} s, not counted); machine ${machine.busyCores.toFixed(1)} of ${cpus().length} cores busy ` +
      `during the process (ours is one), load ${machine.load}`,
  );
  describeRun(journeys, say);
  say(
    `  end to end ${journeys.engineSeconds.toFixed(1)} s (target < ${endToEndTargetSeconds} s): ` +
      `${journeys.engineSeconds < endToEndTargetSeconds ? 'ok' : 'ABOVE TARGET'}`,
  );
  if (journeys.cancel) {
    say(
      `  cancel asked ${cancelAfterSeconds} s into training (at "${journeys.cancel.requestedInto}"): the next check threw after ` +
        `${journeys.cancel.latencyMs.toFixed(1)} ms, run() rejected with CancelledError after ${journeys.cancel.rejectedMs.toFixed(1)} ms`,
    );
  } else say('  cancel test: the run ended before the cancel was asked for');

  // ---- 3. sizes
  say(
    `3. generated journeys-like data (rnn-data.ts, seed ${generatorSeed}), ${sizes.map(fmtInt).join(' / ')} customers, ` +
      `each in a fresh process; epochs: 30 (early stopping) up to 20,000 customers, ${largeSizeEpochs} beyond`,
  );
  const runs: RunReport[] = [];
  for (const customers of sizes) {
    const epochs = customers <= 20_000 ? 30 : largeSizeEpochs;
    const sizeMeter = machineMeter();
    const run = await runChild<RunReport>(['generated', String(customers), String(epochs)], say);
    const busy = sizeMeter();
    say(
      `${fmtInt(customers)} customers: ${fmtInt(run.eventRows)} event rows (mean ${(run.eventRows / customers).toFixed(1)} per customer, ` +
        `${fmtInt(run.truncated)} over max_length), generated in ${run.dataSeconds.toFixed(1)} s (not counted); ` +
        `machine ${busy.busyCores.toFixed(1)} of ${cpus().length} cores busy, load ${busy.load}`,
    );
    describeRun(run, say);
    runs.push(run);
  }

  say('growth with size:');
  say(
    '  customers   event rows  epochs  engine s   s/epoch  30-epoch s   peak RSS MB  frame MB  prepared MB  result MB',
  );
  for (const run of runs) {
    const p = projection(run);
    const thirty = run.epochsRun >= 30 ? run.engineSeconds : p.projected30;
    say(
      `  ${fmtInt(run.customers).padStart(9)}  ${fmtInt(run.eventRows).padStart(11)}  ${String(run.epochsRun).padStart(6)}` +
        `  ${run.engineSeconds.toFixed(1).padStart(8)}  ${p.perEpoch.toFixed(2).padStart(8)}` +
        `  ${`${run.epochsRun >= 30 ? '' : '~'}${thirty.toFixed(0)}`.padStart(10)}  ${fmtInt(run.peakRssMb).padStart(12)}` +
        `  ${fmtInt(run.frameMb).padStart(8)}  ${fmtInt(run.preparedArrayBuffersMb + run.preparedHeapMb).padStart(11)}` +
        `  ${fmtInt(run.resultHeapMb + run.resultArrayBuffersMb).padStart(9)}`,
    );
  }
  const million = runs.find((run) => run.customers === 1_000_000);
  if (million) {
    const over = million.peakRssMb - peakTargetMb;
    say(
      `  1,000,000 customers: peak RSS ${fmtInt(million.peakRssMb)} MB (target < ${fmtInt(peakTargetMb)} MB): ` +
        (over < 0 ? 'ok' : `ABOVE TARGET by ${fmtInt(over)} MB`),
    );
    const peakPhase = million.probe.phases.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    const node = million.rssBeforeDataMb;
    const frame = million.rssAfterDataMb - node;
    const prepared = million.preparedArrayBuffersMb + million.preparedHeapMb;
    const result = million.resultHeapMb + million.resultArrayBuffersMb;
    const other = million.peakRssMb - node - frame - prepared - result;
    const share = (part: number): string => `${((100 * part) / million.peakRssMb).toFixed(0)}%`;
    say(
      `    where it goes at the peak (phase ${peakPhase.phase}, ${fmtInt(million.peakRssMb)} MB): Node + code ` +
        `${fmtInt(node)} MB (${share(node)}), the events frame ${fmtInt(frame)} MB (${share(frame)}; its arrays ` +
        `${fmtInt(million.frameMb)} MB), prepared sequences ${fmtInt(prepared)} MB (${share(prepared)}), the Result (tables, ` +
        `encodings, weights) ${fmtInt(result)} MB (${share(result)}), the rest ${fmtInt(other)} MB (${share(other)}: clustering and ` +
        `PCA working arrays, garbage not yet collected); the model (weights, Adam, workspace) is < 1 MB`,
    );
    say(
      `    the prepare phase peaks ${fmtInt(preparePeakAbove(million))} MB above the RSS with the frame ` +
        `(${fmtInt(prepared)} MB kept, ~${fmtInt(preparePeakAbove(million) - prepared)} MB of temporaries); ` +
        `without the frame the engine's own peak would be ~${fmtInt(million.peakRssMb - frame)} MB`,
    );
  }
  return lines;
}

const argv = process.argv;
if (argv[2] === '--child') {
  if (argv[3] === 'throughput') await childThroughput();
  else if (argv[3] === 'journeys') await childJourneys();
  else if (argv[3] === 'generated') await childGenerated(Number(argv[4]), Number(argv[5]));
  else throw new Error(`unknown child ${argv[3]}`);
} else if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const sizes = argv.slice(2).map(Number);
  await benchRnn((line) => console.log(line), sizes.length > 0 ? sizes : defaultSizes);
}
