// `rnn`: its own wizard section (the features with their scaling, the model and segment options
// as forms; the generic wizard keeps the events and labels and the id, order and label columns),
// the live training chart while it runs, the segments block (re-cluster without retraining)
// and "Score new customers…" (the model applied to another table, an rnn_score analysis)
// above the results, the segment profiles above the charts, the small tables open and the
// per-customer ones (segments, encodings, pca) and the curves behind the charts folded, and a
// headline with customers, segments and the validation AUC.
import type { AnalysisPanels } from '../panels.ts';
import WizardSection from './WizardSection.svelte';
import LiveTraining from './LiveTraining.svelte';
import ResultControls from './ResultControls.svelte';
import { rnnHeadline } from './headline.ts';

export const rnnPanels: AnalysisPanels = {
  wizard: { owns: ['features', 'model', 'cluster'], steps: 3, component: WizardSection },
  leadTables: ['segment_profiles'],
  openTables: ['segment_profiles', 'metrics', 'scaling'],
  headline: rnnHeadline,
  live: LiveTraining,
  controls: ResultControls,
};
