// Contract case for `rnn_score`: a small rnn model trained once on the demo's events (1,000
// customers, 3 epochs, k-means) scores the demo's events; the large call scores 100 copies of
// them under new customer ids (20,000 customers, a million rows), long enough to cancel mid-way.
import type { ContractCase, EngineCall } from '../contract-case.ts';
import { demoTableFrame } from '../contract-case.ts';
import { demoAnalyses } from '../../../main/demo/analyses.ts';
import { generateEvents } from '../../../main/demo/events.ts';
import { rnnEngine } from '../../../main/engines/rnn/index.ts';
import { plainContext, type TrainedModel } from '../../../main/engines/engine.ts';
import { parseOptions } from '../../../shared/analyses/define.ts';
import { rnnDefinition, type RnnOptions } from '../../../shared/analyses/rnn.ts';
import type { Frame } from '../../../shared/frame.ts';

let trained: Promise<{ model: TrainedModel; options: RnnOptions }> | undefined;

/** The demo rnn analysis trained briefly, once per test process. */
function trainedModel(): Promise<{ model: TrainedModel; options: RnnOptions }> {
  trained ??= (async () => {
    const demo = demoAnalyses().find((analysis) => analysis.kind === 'rnn');
    if (!demo) throw new Error('the demo has no rnn analysis');
    const raw = structuredClone(demo.options) as Record<string, unknown>;
    raw.model = { ...(raw.model as object), epochs: 3 };
    raw.cluster = { method: 'kmeans', k: 4 };
    const options = parseOptions(rnnDefinition, raw);
    const { events, labels } = generateEvents();
    const result = await rnnEngine.run(
      { events: demoTableFrame('events', events), labels: demoTableFrame('labels', labels) },
      options,
      plainContext(),
    );
    const model = {
      analysisId: 1,
      analysisName: 'Segments',
      runId: 1,
      options,
      artifacts: result.artifacts!,
    };
    return { model, options };
  })();
  return trained;
}

/** `copies` copies of a frame's rows, the k-th with its ids (user_id) raised by k x 1,000,000. */
function withNewIds(frame: Frame, copies: number): Frame {
  if (copies === 1) return frame;
  const rowCount = frame.rowCount * copies;
  const columns = frame.columns.map((column) => {
    if (Array.isArray(column.values)) throw new Error(`contract case: ${column.name} is not numeric`);
    const values = new Float64Array(rowCount);
    for (let k = 0; k < copies; k++) {
      values.set(column.values, k * frame.rowCount);
      if (column.name === 'user_id') {
        for (let r = 0; r < frame.rowCount; r++) values[k * frame.rowCount + r] += k * 1_000_000;
      }
    }
    return { ...column, values } as Frame['columns'][number];
  });
  return { name: frame.name, rowCount, columns };
}

async function call(copies = 1, extra: Record<string, unknown> = {}): Promise<EngineCall> {
  const { model, options } = await trainedModel();
  const { events, labels } = generateEvents();
  return {
    inputs: {
      events: withNewIds(demoTableFrame('new_events', events), copies),
      labels: withNewIds(demoTableFrame('new_labels', labels), copies),
    },
    options: {
      model: 1,
      id: options.id,
      order: options.order,
      features: options.features,
      target: options.target,
      ...extra,
    },
    model,
  };
}

const good = { model: 1, id: 'user_id', order: 'day', features: ['app_used'] };

export const rnnScoreCase: ContractCase = {
  small: () => call(),
  large: () => call(20),
  badOptions: [
    { options: { ...good, model: 0 }, option: 'model' },
    { options: { ...good, model: '' }, option: 'model' },
    { options: { ...good, features: [] }, option: 'features' },
    { options: { ...good, id: '' }, option: 'id' },
    { options: { ...good, unknown_option: 1 }, option: '' },
  ],
  // Scoring draws nothing at random: every seed gives the same Result.
  seeded: () => call(),
  acceptsOneRow: true,
};
