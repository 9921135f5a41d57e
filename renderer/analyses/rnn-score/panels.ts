// `rnn_score` (scoring new customers with a trained rnn model): its own wizard section (the model
// as a select of the project's behavioral-sequence analyses, and the model's features in its
// order, each from a column of the new table; the generic steps keep the tables and the id,
// order and label columns), the segment profiles of the new customers above the charts, the
// scoring metrics open and the per-customer scores folded (CSV export still has every row), and
// a headline: customers scored, with which model, the share at risk, the segments reached.
import type { AnalysisPanels } from '../panels.ts';
import WizardSection from './WizardSection.svelte';
import { rnnScoreHeadline } from './headline.ts';

export const rnnScorePanels: AnalysisPanels = {
  wizard: { owns: ['model', 'features'], steps: 2, component: WizardSection },
  leadTables: ['segment_profiles'],
  openTables: ['segment_profiles', 'metrics'],
  headline: rnnScoreHeadline,
};
