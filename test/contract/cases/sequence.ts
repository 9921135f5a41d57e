// Contract case for `sequence`: the demo's channel journeys (2,000 customers x 24 months, OM
// with TRATE costs, Ward k 4); the small call takes the first 150 customers.
import type { ContractCase, EngineCall } from '../contract-case.ts';
import { demoTableFrame, headFrame } from '../contract-case.ts';
import { demoAnalyses } from '../../../main/demo/analyses.ts';
import { generateJourneys } from '../../../main/demo/journeys.ts';

function demoOptions(): Record<string, unknown> {
  const demo = demoAnalyses().find((analysis) => analysis.kind === 'sequence');
  if (!demo) throw new Error('the demo has no sequence analysis');
  return structuredClone(demo.options) as Record<string, unknown>;
}

function call(rows?: number): EngineCall {
  const frame = demoTableFrame('journeys', generateJourneys());
  return { inputs: { data: rows === undefined ? frame : headFrame(frame, rows) }, options: demoOptions() };
}

const withOptions = (change: (options: Record<string, unknown>) => void): Record<string, unknown> => {
  const options = demoOptions();
  change(options);
  return options;
};

export const sequenceCase: ContractCase = {
  small: () => call(150),
  large: () => call(),
  badOptions: [
    { options: withOptions((o) => (o.columns = [])), option: 'columns' },
    { options: withOptions((o) => (o.distance = { method: 'XYZ' })), option: 'distance' },
    { options: withOptions((o) => (o.distance = { method: 'OM', indel: -1 })), option: 'distance' },
    { options: withOptions((o) => (o.cluster = { method: 'ward', k: 1 })), option: 'cluster' },
    { options: withOptions((o) => (o.distance = { method: 'DHD', sm: 'CONSTANT' })), option: 'distance' },
    { options: withOptions((o) => (o.distance = { method: 'OM', norm: 'sqrt' })), option: 'distance' },
    { options: withOptions((o) => (o.format = 'long')), option: 'time' },
    { options: withOptions((o) => (o.colors = { Store: 'red' })), option: 'colors' },
    { options: withOptions((o) => (o.unknown_option = 1)), option: '' },
  ],
  // Nothing is drawn at random: every seed gives the same Result.
  seeded: () => call(150),
};
