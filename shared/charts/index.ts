// The chart-builder registry: one line per analysis kind (DESIGN.md section 1). The renderer
// and the CLI look a Result's kind up here; a kind without a builder simply has no charts.
import type { ChartBuilder } from './types.ts';
import { buildClusterCharts } from './cluster.ts';
import { buildMultistateCharts } from './multistate.ts';
import { buildRnnCharts } from './rnn.ts';
import { buildRnnScoreCharts } from './rnn-score.ts';
import { buildSequenceCharts } from './sequence.ts';

export const chartBuilders: Record<string, ChartBuilder> = {
  cluster: buildClusterCharts,
  multistate: buildMultistateCharts,
  rnn: buildRnnCharts,
  rnn_score: buildRnnScoreCharts,
  sequence: buildSequenceCharts,
};

export type { ChartBuilder, ChartBuildOptions, ChartSpec } from './types.ts';
