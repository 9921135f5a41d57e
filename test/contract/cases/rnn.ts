// Contract case for `rnn`: the demo's interaction events and churn labels (1,000 customers);
// the large call trains the same data for many epochs with early stopping off, long enough to
// cancel mid-training.
import type { ContractCase, EngineCall } from '../contract-case.ts';
import { demoTableFrame } from '../contract-case.ts';
import { demoAnalyses } from '../../../main/demo/analyses.ts';
import { generateEvents } from '../../../main/demo/events.ts';

function demoOptions(): Record<string, unknown> {
  const demo = demoAnalyses().find((analysis) => analysis.kind === 'rnn');
  if (!demo) throw new Error('the demo has no rnn analysis');
  return structuredClone(demo.options) as Record<string, unknown>;
}

function call(model: Record<string, unknown>, repeat = 1): EngineCall {
  const { events, labels } = generateEvents();
  const options = demoOptions();
  options.model = { ...(options.model as Record<string, unknown>), ...model };
  return {
    inputs: { events: demoTableFrame('events', events, repeat), labels: demoTableFrame('labels', labels) },
    options,
  };
}

const withOptions = (change: (options: Record<string, unknown>) => void): Record<string, unknown> => {
  const options = demoOptions();
  change(options);
  return options;
};

export const rnnCase: ContractCase = {
  small: () => call({ epochs: 2 }),
  large: () => call({ epochs: 400, patience: 400 }),
  badOptions: [
    { options: withOptions((o) => (o.features = [])), option: 'features' },
    { options: withOptions((o) => ((o.model as Record<string, unknown>).cell = 'rnn')), option: 'model' },
    {
      options: withOptions((o) => ((o.model as Record<string, unknown>).validation_split = 0)),
      option: 'model',
    },
    { options: withOptions((o) => ((o.cluster as Record<string, unknown>).eps = -1)), option: 'cluster' },
    { options: withOptions((o) => (o.features = ['day'])), option: 'features' },
    { options: withOptions((o) => (o.unknown_option = 1)), option: '' },
  ],
  seeded: (seed) => call({ epochs: 2, seed }),
};
