// The `rnn_score` engine: scores new customers with the model of a finished `rnn` run
// (ctx.model, handed over by the job host from the project).
//   1. prepare   the new events exactly as in training (the same id/order conventions and
//                max_length), each feature scaled with the model's own mean and sd, no split
//   2. encode    churn probability and encoding of every customer (one forward pass each)
//   3. assign    each encoding to the model's segments (segment-model.ts: DBSCAN's nearest core
//                point within eps, else noise; k-means' nearest centre)
//   4. describe  segment profiles of the new customers in the model's segments; with labels,
//                the model's AUC on them
// Cost: O(rows H (F + H)) to encode, one nearest-neighbour query per customer to assign.
import type { Engine, EngineContext, TrainedModel } from '../engine.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Cell, Result, Table } from '../../../shared/result.ts';
import { makeTable } from '../../../shared/result.ts';
import { InputError } from '../../../shared/errors.ts';
import { rnnOptions, type RnnOptions } from '../../../shared/analyses/rnn.ts';
import { rnnScoreDefinition, type RnnScoreOptions } from '../../../shared/analyses/rnn-score.ts';
import { subMonitor, type WorkMonitor } from '../common/work-monitor.ts';
import { prepareSequences, type PreparedSequences } from '../rnn/sequences.ts';
import { loadSavedModel, type LoadedModel } from '../rnn/saved-model.ts';
import { inferAll } from '../rnn/inference.ts';
import { assignSegments } from '../rnn/segment-model.ts';
import { preparedProfilesTable } from '../rnn/tables.ts';
import { rankAuc } from '../rnn/auc.ts';

interface Scoring {
  model: LoadedModel;
  source: TrainedModel;
  prepareOptions: RnnOptions;
}

/** The model and the options to prepare the new events with; refuses a model that does not fit. */
function scoringSetup(options: RnnScoreOptions, source: TrainedModel | undefined): Scoring {
  if (!source) {
    throw new InputError('option model: choose the behavioral-sequence analysis whose model to apply', {
      option: 'model',
    });
  }
  const model = loadSavedModel(source.artifacts);
  const trained = rnnOptions.safeParse(source.options);
  if (!trained.success) {
    throw new InputError(
      `option model: the options of "${source.analysisName}" cannot be read; run it again first`,
      { option: 'model' },
    );
  }
  // Columns left out are the model's own (the job host fills them in too: definition.inherit).
  const features = options.features ?? trained.data.features;
  if (features.length !== model.features.length) {
    throw new InputError(
      `option features: the model of "${source.analysisName}" reads ${model.features.length} features ` +
        `(${model.features.join(', ')}); choose ${model.features.length} columns, in that order`,
      { option: 'features' },
    );
  }
  const prepareOptions: RnnOptions = {
    ...trained.data,
    id: options.id ?? trained.data.id,
    order: options.order ?? trained.data.order,
    features,
    target: options.target ?? trained.data.target,
    model: { ...trained.data.model, max_length: model.maxLength },
  };
  return { model, source, prepareOptions };
}

function prepare(inputs: Record<string, Frame>, scoring: Scoring, monitor?: WorkMonitor): PreparedSequences {
  const events = inputs.events;
  if (!events) throw new InputError('rnn_score needs a dataset "events" (one row per interaction)');
  // The model's scaling, feature by feature in its order, under the new table's column names.
  const features = scoring.prepareOptions.features;
  const scaling = scoring.model.scaling.map((s, f) => ({ ...s, feature: features[f]! }));
  return prepareSequences(events, inputs.labels, scoring.prepareOptions, { scaling, monitor });
}

function cell(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function scoresTable(
  prepared: PreparedSequences,
  probabilities: Float64Array,
  segments: Int32Array,
  encodings: Float64Array,
  D: number,
): Table {
  const rows: Cell[][] = new Array<Cell[]>(prepared.customerCount);
  for (let i = 0; i < prepared.customerCount; i++) {
    const row: Cell[] = [
      prepared.idType === 'string' ? prepared.ids[i]! : Number(prepared.ids[i]),
      cell(probabilities[i]),
      segments[i],
    ];
    for (let j = 0; j < D; j++) row.push(cell(encodings[i * D + j]));
    rows[i] = row;
  }
  return makeTable(
    'Scores',
    [
      { name: 'id', type: prepared.idType },
      { name: 'churn_probability', type: 'number' },
      { name: 'segment', type: 'integer' },
      ...Array.from({ length: D }, (_, j) => ({ name: `e${j + 1}`, type: 'number' as const })),
    ],
    rows,
  );
}

export const rnnScoreEngine: Engine<RnnScoreOptions> = {
  definition: rnnScoreDefinition,

  check(
    inputs: Record<string, Frame>,
    options: RnnScoreOptions,
    model?: TrainedModel,
  ): { warnings: string[] } {
    return { warnings: prepare(inputs, scoringSetup(options, model)).warnings };
  },

  run(inputs: Record<string, Frame>, options: RnnScoreOptions, ctx: EngineContext): Result {
    const started = performance.now();
    const scoring = scoringSetup(options, ctx.model);
    const { model, source } = scoring;
    ctx.progress(0, 'Preparing sequences');
    const prepared = prepare(inputs, scoring, subMonitor(ctx, 0, 0.3));
    const warnings = [...prepared.warnings];
    const timings: Record<string, number> = { prepare_ms: performance.now() - started };
    const n = prepared.customerCount;
    const D = model.shape.denseUnits;

    const encodeStarted = performance.now();
    const everyone = Int32Array.from({ length: n }, (_, i) => i);
    const { probabilities, encodings } = inferAll(
      model.shape,
      model.params,
      prepared.sequences,
      everyone,
      true,
      subMonitor(ctx, 0.3, 0.9),
      'Scoring customers',
    );
    timings.encode_ms = performance.now() - encodeStarted;
    prepared.sequences.values = new Float32Array(0); // not read again (see the rnn engine)

    const assignStarted = performance.now();
    const segments = assignSegments(model.segmentModel, encodings!, n, subMonitor(ctx, 0.9, 0.99));
    timings.assign_ms = performance.now() - assignStarted;
    let noise = 0;
    const reached = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (segments[i] === 0) noise++;
      else reached.add(segments[i]);
    }
    if (model.segmentModel.method === 'dbscan' && noise > 0) {
      warnings.push(
        `${noise} of ${n} customers are farther than eps = ${model.segmentModel.radius.toPrecision(4)} from every core ` +
          'customer of the model: segment 0 (noise)',
      );
    }

    const labelled = prepared.validationCustomers;
    const auc =
      labelled.length > 0
        ? rankAuc(
            Float64Array.from(labelled, (c) => probabilities[c]),
            Float64Array.from(labelled, (c) => prepared.labels[c]),
          )
        : NaN;
    if (labelled.length > 0 && !Number.isFinite(auc)) {
      warnings.push('the labelled customers are all churned or all retained: no AUC');
    }

    const metrics: [string, number][] = [
      ['customers', n],
      ['labelled_customers', labelled.length],
      ['auc', auc],
      ['segments_reached', reached.size],
      ['model_segments', model.segmentModel.clusterCount],
      ['noise_share', noise / n],
      ['model_analysis', source.analysisId],
      ['model_run', source.runId],
    ];
    timings.total_ms = performance.now() - started;
    ctx.progress(1, 'Done');
    return {
      kind: 'rnn_score',
      version: rnnScoreDefinition.version,
      options,
      tables: {
        scores: scoresTable(prepared, probabilities, segments, encodings!, D),
        segment_profiles: preparedProfilesTable(prepared, segments, model.segmentModel.clusterCount),
        metrics: makeTable(
          'Scoring',
          [
            { name: 'name', type: 'string' },
            { name: 'value', type: 'number' },
          ],
          metrics.map(([name, value]) => [name, cell(value)]),
        ),
      },
      warnings: [`scored with the model of "${source.analysisName}" (run ${source.runId})`, ...warnings],
      backend: `js (fused ${model.shape.cell.toUpperCase()} kernel, float64)`,
      timings,
    };
  },
};
