// The `rnn` engine (DESIGN.md section 4): behavioral-sequence segmentation.
//   1. prepare     events (+ labels) -> customers' kept rows, scaled (sequences.ts)
//   2. train       GRU/LSTM -> Dense(relu) -> Dense(sigmoid) on the training customers with
//                  Adam, a fresh seeded shuffle each epoch, early stopping on validation loss
//                  with `patience`, the best epoch's weights restored (model.ts, the fused CPU
//                  kernel; exact lengths, no padding)
//   3. encode      the dense layer's output for ALL customers, in batches
//   4. cluster     DBSCAN (eps "auto": the knee rule) or k-means (k-means++, 10 restarts) on
//                  the unscaled encodings, as the `cluster` analysis does
//   5. describe    segment profiles, silhouette, PCA, k-distance curve, ROC curves, metrics
// Each epoch is reported as it ends (a `training` row), so the window draws training live;
// cancel is checked between batches. With the same options except `cluster`, the previous
// run's weights and training table are reused (definition.reuse): the customers are encoded
// again and only steps 3-5 run.
// Cost: O(epochs x rows x H (F + H)) to train, O(rows H (F + H)) to encode, then clustering.

import type { Engine, EngineContext } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Result, Table } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import type { RnnOptions } from '../../../shared/analyses/rnn.ts';
import { rnnDefinition } from '../../../shared/analyses/rnn.ts';
import type { ClusterOptions } from '../../../shared/analyses/cluster.ts';
import { partitionPoints, silhouetteSampleSize } from '../cluster/index.ts';
import { pcaTable } from '../cluster/tables.ts';
import { pointMatrix } from '../common/point-matrix.ts';
import { pcaProjection } from '../common/pca.ts';
import { Rng } from '../common/rng.ts';
import { clusteredSilhouette } from '../common/silhouette.ts';
import { subMonitor, type WorkMonitor } from '../common/work-monitor.ts';
import { prepareSequences, type PreparedSequences } from './sequences.ts';
import {
  type ModelShape,
  createWorkspace,
  initialParameters,
  lossAndGradient,
  meanLoss,
  type Workspace,
} from './model.ts';
import { Adam } from './adam.ts';
import { bucketedBatches, randomBatches, shuffleInPlace } from './batches.ts';
import { inferAll, inferenceBatch } from './inference.ts';
import { asTfModule, createTfjsTrainer, type TfModule } from './tfjs-trainer.ts';
import { selectBackend, isBackendPreference } from '../common/backend.ts';
import { rankAuc, rocCurve } from './auc.ts';
import { binaryAccuracy } from './accuracy.ts';
import { dbscanSegmentModel, kmeansSegmentModel, segmentModelArtifacts } from './segment-model.ts';
import { bytesToFloat64, float64Bytes, type SavedModel } from './saved-model.ts';
import {
  type EpochRecord,
  encodingsTable,
  metricsTable,
  rocTable,
  scalingTable,
  preparedProfilesTable,
  segmentsTable,
  trainingTable,
} from './tables.ts';

/** Points of each ROC curve. */
const rocPoints = 400;

const trainingColumns = ['epoch', 'loss', 'val_loss', 'auc', 'val_auc', 'accuracy', 'val_accuracy'];

interface Trained {
  params: Float64Array;
  history: EpochRecord[];
  bestEpoch: number;
  /** Training time only (forward, backward, Adam), for throughput. */
  trainMs: number;
  evaluateMs: number;
  sequencesTrained: number;
}

function shapeOf(options: RnnOptions, featureCount: number): ModelShape {
  return {
    cell: options.model.cell,
    inputSize: featureCount,
    units: options.model.units,
    denseUnits: options.model.dense_units,
  };
}

/** Keras class_weight "balanced": n / (2 n_class) over the training customers. */
function classWeights(options: RnnOptions, prepared: PreparedSequences): [number, number] {
  if (options.model.class_weight === 'none') return [1, 1];
  let positives = 0;
  for (const c of prepared.trainCustomers) positives += prepared.labels[c];
  const n = prepared.trainCustomers.length;
  return [n / (2 * (n - positives)), n / (2 * positives)];
}

/** The context's cancel without its progress (a pass inside a step that reports its own). */
function silentProgress(ctx: EngineContext): WorkMonitor {
  return { progress: () => {}, checkCancelled: () => ctx.checkCancelled() };
}

/**
 * The unweighted mean loss of the validation customers and their probabilities (into
 * `outScores`), in batches with a cancel check between them.
 */
function validationLoss(
  shape: ModelShape,
  params: Float64Array,
  prepared: PreparedSequences,
  workspace: Workspace,
  outScores: Float64Array,
  monitor: WorkMonitor,
): number {
  const customers = prepared.validationCustomers;
  let lossSum = 0;
  for (let start = 0; start < customers.length; start += inferenceBatch) {
    monitor.checkCancelled();
    monitor.progress(start / customers.length);
    const end = Math.min(customers.length, start + inferenceBatch);
    const batch = customers.subarray(start, end);
    const batchScores = outScores.subarray(start, end);
    lossSum +=
      meanLoss(shape, params, prepared.sequences, batch, prepared.labels, [1, 1], workspace, batchScores) *
      batch.length;
  }
  return customers.length === 0 ? 0 : lossSum / customers.length;
}

/** One optimisation step on a batch: the batch's mean loss before the update. */
interface Stepper {
  /** `outLogits`: the batch's logits before the update, when the stepper can give them. */
  step(batch: Int32Array, outLogits?: Float64Array): number;
  /** Whether step fills outLogits (the fused kernel does; the tensor path does not). */
  givesLogits: boolean;
  /** The current weights (the kernel's own array, or a copy from the device). */
  parameters(): Float64Array;
  dispose(): void;
}

/** The fused CPU kernel, or TensorFlow.js on the given module (a GPU, or a forced backend). */
function createStepper(
  shape: ModelShape,
  params: Float64Array,
  prepared: PreparedSequences,
  options: RnnOptions,
  weights: [number, number],
  workspace: Workspace,
  tf: TfModule | undefined,
): Stepper {
  const { labels, sequences } = prepared;
  if (tf) {
    const trainer = createTfjsTrainer(tf, shape, params, options.model.learning_rate);
    return {
      step: (batch) => trainer.step(sequences, batch, labels, weights),
      givesLogits: false,
      parameters: () => trainer.getParameters(),
      dispose: () => trainer.dispose(),
    };
  }
  const gradient = new Float64Array(params.length);
  const adam = new Adam(params.length, options.model.learning_rate);
  return {
    step: (batch, outLogits) => {
      const loss = lossAndGradient(
        shape,
        params,
        sequences,
        batch,
        labels,
        gradient,
        weights,
        workspace,
        outLogits,
      );
      adam.step(params, gradient);
      return loss;
    },
    givesLogits: true,
    parameters: () => params,
    dispose: () => {},
  };
}

function train(
  options: RnnOptions,
  prepared: PreparedSequences,
  ctx: EngineContext,
  tf: TfModule | undefined,
): Trained {
  const model = options.model;
  const shape = shapeOf(options, prepared.features.length);
  const weights = classWeights(options, prepared);
  const maxLength = prepared.sequences.lengths.reduce((m, l) => Math.max(m, l), 1);
  const workspace = createWorkspace(shape, maxLength);
  const stepper = createStepper(
    shape,
    initialParameters(shape, model.seed),
    prepared,
    options,
    weights,
    workspace,
    tf,
  );
  const rng = new Rng(model.seed);
  const order = Int32Array.from(prepared.trainCustomers);
  const { labels } = prepared;
  // The epoch's logits of the training customers, in `order` (fused kernel: random batches are
  // consecutive slices of `order`), and the validation probabilities, both reused each epoch.
  const epochLogits = new Float64Array(order.length);
  const orderLabels = new Float64Array(order.length);
  const validationScores = new Float64Array(prepared.validationCustomers.length);
  const validationLabels = Float64Array.from(prepared.validationCustomers, (c) => labels[c]);
  const history: EpochRecord[] = [];
  let best = { valLoss: Infinity, epoch: 0, params: Float64Array.from(stepper.parameters()) };
  let waited = 0;
  let trainMs = 0;
  let evaluateMs = 0;
  let sequencesTrained = 0;
  try {
    for (let epoch = 1; epoch <= model.epochs; epoch++) {
      const epochStarted = performance.now();
      shuffleInPlace(order, rng);
      const batches = tf
        ? bucketedBatches(order, prepared.sequences.lengths, model.batch_size, rng)
        : randomBatches(order, model.batch_size);
      let lossSum = 0;
      for (let b = 0; b < batches.length; b++) {
        ctx.checkCancelled();
        const batch = batches[b];
        const batchLogits = stepper.givesLogits
          ? epochLogits.subarray(b * model.batch_size, b * model.batch_size + batch.length)
          : undefined;
        lossSum += stepper.step(batch, batchLogits) * batch.length;
        if (b % 8 === 0) {
          ctx.progress(
            0.02 + (0.78 * (epoch - 1 + b / batches.length)) / model.epochs,
            `Training: epoch ${epoch} of ${model.epochs}`,
          );
        }
      }
      sequencesTrained += order.length;
      const params = stepper.parameters();
      const evaluateStarted = performance.now();
      trainMs += evaluateStarted - epochStarted;
      // Keras applies class weights to the training loss only, not to val_loss. One forward
      // pass over the validation customers gives val_loss and val_auc.
      const validating = `Training: epoch ${epoch} of ${model.epochs}, validating`;
      const epochDone = 0.02 + (0.78 * epoch) / model.epochs;
      const valLoss = validationLoss(shape, params, prepared, workspace, validationScores, {
        checkCancelled: () => ctx.checkCancelled(),
        progress: () => ctx.progress(epochDone, validating),
      });
      // The training AUC as Keras reports it: over the epoch's batches as the weights moved
      // (its metrics accumulate batch by batch), here exact from the logits of the training
      // step itself; the tensor path gives no logits, so it scores the training customers.
      let trainAuc: number;
      let trainAccuracy: number;
      if (stepper.givesLogits) {
        for (let i = 0; i < order.length; i++) orderLabels[i] = labels[order[i]];
        trainAuc = rankAuc(epochLogits, orderLabels);
        trainAccuracy = binaryAccuracy(epochLogits, orderLabels, 0);
      } else {
        const trainScores = inferAll(
          shape,
          params,
          prepared.sequences,
          prepared.trainCustomers,
          false,
          silentProgress(ctx),
        );
        const trainLabels = Float64Array.from(prepared.trainCustomers, (c) => labels[c]);
        trainAuc = rankAuc(trainScores.probabilities, trainLabels);
        trainAccuracy = binaryAccuracy(trainScores.probabilities, trainLabels, 0.5);
      }
      const record: EpochRecord = {
        epoch,
        loss: lossSum / order.length,
        valLoss,
        auc: trainAuc,
        valAuc: rankAuc(validationScores, validationLabels),
        accuracy: trainAccuracy,
        valAccuracy: binaryAccuracy(validationScores, validationLabels, 0.5),
      };
      evaluateMs += performance.now() - evaluateStarted;
      history.push(record);
      ctx.progress(
        0.02 + (0.78 * epoch) / model.epochs,
        `Epoch ${epoch}: loss ${record.loss.toFixed(4)}, validation loss ${valLoss.toFixed(4)}, ` +
          `validation AUC ${record.valAuc.toFixed(4)}`,
        {
          table: 'training',
          columns: trainingColumns,
          row: [
            epoch,
            record.loss,
            record.valLoss,
            record.auc,
            record.valAuc,
            record.accuracy,
            record.valAccuracy,
          ],
        },
      );
      // Keras EarlyStopping(monitor = val_loss, min_delta = 0, patience, restore_best_weights).
      if (valLoss < best.valLoss) {
        best = { valLoss, epoch, params: Float64Array.from(params) };
        waited = 0;
      } else if (++waited >= model.patience) break;
    }
  } finally {
    stepper.dispose();
  }
  return { params: best.params, history, bestEpoch: best.epoch, trainMs, evaluateMs, sequencesTrained };
}

/** Whether two option sets train the same model on the same data (only `cluster` differs). */
function sameTraining(a: unknown, b: RnnOptions): boolean {
  if (!a || typeof a !== 'object') return false;
  const { cluster: _left, ...restA } = a as RnnOptions;
  const { cluster: _right, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/**
 * The sequences, then the input frames let go (the engine owns `inputs`, engine.ts): from here
 * on only the kept rows are needed, and a million customers' events are half a gigabyte.
 * No local of run() holds a frame, so they can be collected while the model trains.
 */
function prepareAndRelease(
  inputs: Record<string, Frame>,
  options: RnnOptions,
  monitor: WorkMonitor,
): PreparedSequences {
  const events = inputs.events;
  if (!events) throw new InputError('rnn needs a dataset "events" (one row per interaction)');
  const prepared = prepareSequences(events, inputs.labels, options, { monitor });
  delete inputs.events;
  delete inputs.labels;
  return prepared;
}

export const rnnEngine: Engine<RnnOptions> = {
  definition: rnnDefinition,

  check(inputs: Record<string, Frame>, options: RnnOptions): { warnings: string[] } {
    const events = inputs.events;
    if (!events) throw new InputError('rnn needs a dataset "events" (one row per interaction)');
    return { warnings: prepareSequences(events, inputs.labels, options).warnings };
  },

  async run(inputs: Record<string, Frame>, options: RnnOptions, ctx: EngineContext): Promise<Result> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const datasetName = inputs.events?.name ?? 'events';
    ctx.progress(0, 'Preparing sequences');
    const prepared = prepareAndRelease(inputs, options, subMonitor(ctx, 0, 0.02));
    const warnings = [...prepared.warnings];
    timings.prepare_ms = performance.now() - started;
    const shape = shapeOf(options, prepared.features.length);
    const n = prepared.customerCount;
    const D = shape.denseUnits;

    // Where it trains: the fused CPU kernel, unless a GPU was selected or the analyst forced a
    // backend (then TensorFlow.js on it; the anchors show tfjs on CPU is overhead-bound).
    const preference = ctx.backendPreference ?? 'auto';
    let tf: TfModule | undefined;
    let trainingBackend = `js (fused ${shape.cell.toUpperCase()} kernel, float64)`;
    if (preference !== 'auto' || ctx.backend.startsWith('gpu')) {
      const selected = await selectBackend(isBackendPreference(preference) ? preference : 'auto');
      tf = asTfModule(selected.tf);
      trainingBackend = `${selected.label}, length-bucketed batches`;
    }

    // Train, or take the previous run's model when only the clustering changed.
    const previous = ctx.previous;
    const previousParams = bytesToFloat64(previous?.artifacts?.weights);
    const reuse =
      previous?.kind === 'rnn' &&
      sameTraining(previous.options, options) &&
      previousParams !== undefined &&
      previous.tables.training !== undefined;
    let params: Float64Array;
    let trainingTableValue: Table;
    let bestEpoch: number;
    if (reuse) {
      params = previousParams;
      trainingTableValue = previous.tables.training!;
      const bestRow = previous.tables.metrics?.rows.find((row) => row[0] === 'best_epoch');
      bestEpoch = typeof bestRow?.[1] === 'number' ? bestRow[1] : NaN;
      warnings.push('the model of the previous run was reused (only the segment options changed)');
    } else {
      const trainStarted = performance.now();
      const trained = train(options, prepared, ctx, tf);
      params = trained.params;
      trainingTableValue = trainingTable(trained.history);
      bestEpoch = trained.bestEpoch;
      timings.train_ms = trained.trainMs;
      timings.evaluate_epochs_ms = trained.evaluateMs;
      timings.train_sequences_per_s = trained.sequencesTrained / (trained.trainMs / 1000);
      timings.training_total_ms = performance.now() - trainStarted;
      const epochsRun = trained.history.length;
      if (epochsRun < options.model.epochs) {
        warnings.push(
          `early stopping after epoch ${epochsRun}: no lower validation loss for ${options.model.patience} epochs; ` +
            `the weights of epoch ${bestEpoch} are used`,
        );
      }
    }

    // Encode every customer with the restored weights.
    ctx.checkCancelled();
    ctx.progress(0.8, 'Encoding customers');
    const encodeStarted = performance.now();
    const everyone = Int32Array.from({ length: n }, (_, i) => i);
    const { probabilities, encodings } = inferAll(
      shape,
      params,
      prepared.sequences,
      everyone,
      true,
      subMonitor(ctx, 0.8, 0.82),
    );
    timings.encode_ms = performance.now() - encodeStarted;
    // Every customer is encoded: the kept rows (4 F bytes each, 0.8 GB for a million customers)
    // are not read again, so they go before the clustering and the tables are built.
    prepared.sequences.values = new Float32Array(0);
    const labelsOf = (customers: Int32Array) => Float64Array.from(customers, (c) => prepared.labels[c]);
    const scoresOf = (customers: Int32Array) => Float64Array.from(customers, (c) => probabilities[c]);
    const trainAuc = rankAuc(scoresOf(prepared.trainCustomers), labelsOf(prepared.trainCustomers));
    const validationAuc = rankAuc(
      scoresOf(prepared.validationCustomers),
      labelsOf(prepared.validationCustomers),
    );

    // Cluster the encodings as the `cluster` analysis would.
    ctx.checkCancelled();
    const clusterStarted = performance.now();
    const points = pointMatrix(n, D, encodings!);
    const clusterOptions: ClusterOptions = {
      columns: Array.from({ length: D }, (_, j) => `e${j + 1}`),
      standardize: false,
      method: options.cluster.method,
      k: options.cluster.k,
      restarts: 10,
      seed: options.model.seed,
      eps: options.cluster.eps,
      min_pts: options.cluster.min_pts,
    };
    const partition = partitionPoints(points, clusterOptions, datasetName, subMonitor(ctx, 0.82, 0.92));
    warnings.push(...partition.warnings);
    const { segments, clusterCount } = partition;
    timings.cluster_ms = performance.now() - clusterStarted;

    const { silhouette, warning: silhouetteWarning } = clusteredSilhouette(
      points,
      segments,
      clusterCount,
      { size: silhouetteSampleSize, seed: options.model.seed, what: 'customers' },
      subMonitor(ctx, 0.92, 0.97),
    );
    if (silhouetteWarning) warnings.push(silhouetteWarning);
    ctx.checkCancelled();
    ctx.progress(0.97, 'Principal components');
    const projection = pcaProjection(points, Math.min(2, D));
    ctx.checkCancelled(); // the tables of a million customers take a few seconds more
    const scores =
      D >= 2
        ? projection.scores
        : Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : projection.scores[i >> 1]));
    let noise = 0;
    for (let i = 0; i < n; i++) if (segments[i] === 0) noise++;

    const eps = partition.extraMetrics.find(([name]) => name === 'eps')?.[1] ?? NaN;
    // What "score new customers" (the rnn_score analysis) places new customers by.
    const segmentModel = segmentModelArtifacts(
      options.cluster.method === 'dbscan'
        ? dbscanSegmentModel(encodings!, D, segments, clusterCount, partition.isCore!, eps)
        : kmeansSegmentModel(encodings!, D, segments, clusterCount),
    );
    const ids = {
      type: prepared.idType,
      name: 'id',
      values: prepared.idType === 'string' ? prepared.ids : prepared.ids.map(Number),
    };
    // The per-customer tables are the slow part (a second per million rows); cancel between.
    const encodingTable = encodingsTable(prepared.ids, prepared.idType, encodings!, D);
    ctx.checkCancelled();
    const tables: Record<string, Table> = {
      segment_profiles: preparedProfilesTable(prepared, segments, clusterCount),
      metrics: metricsTable(
        {
          auc: trainAuc,
          val_auc: validationAuc,
          best_epoch: bestEpoch,
          eps,
          silhouette,
          clusters: clusterCount,
          noise_share: noise / n,
        },
        [
          ...partition.extraMetrics.filter(([name]) => name !== 'eps'),
          ['epochs_run', trainingTableValue.rows.length],
          ['training_customers', prepared.trainCustomers.length],
          ['validation_customers', prepared.validationCustomers.length],
          ['unlabelled_customers', prepared.unlabelledCount],
        ],
      ),
      training: trainingTableValue,
      segments: segmentsTable(prepared.ids, prepared.idType, segments),
      encodings: encodingTable,
      pca: pcaTable(ids, segments, scores),
      ...partition.extraTables,
      roc: rocTable(
        rocCurve(scoresOf(prepared.trainCustomers), labelsOf(prepared.trainCustomers), rocPoints),
        rocCurve(scoresOf(prepared.validationCustomers), labelsOf(prepared.validationCustomers), rocPoints),
      ),
      scaling: scalingTable(prepared.scaling),
    };
    timings.total_ms = performance.now() - started;
    ctx.progress(1, 'Done');
    return {
      kind: 'rnn',
      version: rnnDefinition.version,
      options,
      tables,
      artifacts: {
        weights: float64Bytes(params),
        model: new TextEncoder().encode(
          JSON.stringify({
            shape,
            features: prepared.features,
            scaling: prepared.scaling,
            maxLength: options.model.max_length,
            segments: segmentModel.header,
          } satisfies SavedModel),
        ),
        segment_points: segmentModel.points,
        segment_labels: segmentModel.segments,
      },
      warnings,
      backend: reuse ? (previous?.backend ?? trainingBackend) : trainingBackend,
      timings,
    };
  },
};
