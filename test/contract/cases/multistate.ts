// Contract case for `multistate`: the demo subscribers (5 states, 8 transitions, four
// covariates), repeated for the large call so that the covariate model runs for seconds.
import type { ContractCase, EngineCall } from '../contract-case.ts';
import { demoTableFrame } from '../contract-case.ts';
import { demoAnalyses } from '../../../main/demo/analyses.ts';
import { generateSubscriptions } from '../../../main/demo/subscriptions.ts';

function demoOptions(): Record<string, unknown> {
  const demo = demoAnalyses().find((analysis) => analysis.kind === 'multistate');
  if (!demo) throw new Error('the demo has no multistate analysis');
  return structuredClone(demo.options) as Record<string, unknown>;
}

function call(repeat: number): EngineCall {
  return {
    inputs: { data: demoTableFrame('subscriptions', generateSubscriptions(), repeat) },
    options: demoOptions(),
  };
}

const badOptions = (change: (options: Record<string, unknown>) => void): Record<string, unknown> => {
  const options = demoOptions();
  change(options);
  return options;
};

export const multistateCase: ContractCase = {
  small: () => call(1),
  large: () => call(120),
  badOptions: [
    {
      options: badOptions((o) => {
        (o.transitions as string[][]).push(['Paused', 'Subscribed']);
      }),
      option: 'transitions',
    },
    {
      options: badOptions((o) => {
        delete (o.time as Record<string, string>).Paused;
      }),
      option: 'time',
    },
    { options: badOptions((o) => (o.ties = 'exact')), option: 'ties' },
    { options: badOptions((o) => (o.predict = { from: 'Subscribed', times: [] })), option: 'predict' },
    { options: badOptions((o) => (o.states = ['Subscribed'])), option: 'states' },
    {
      options: badOptions((o) => {
        (o.profiles as { values: Record<string, unknown> }[])[0]!.values.age = 'teen';
      }),
      option: 'profiles',
    },
    { options: badOptions((o) => (o.unknown_option = 1)), option: '' },
  ],
  seeded: () => call(1),
};
