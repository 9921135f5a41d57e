// `sequence`: its own wizard section (the journeys' shape and columns, the states with their
// order and colours and missing periods, the distance and its costs, the clusters; the generic
// wizard keeps the dataset and `write_distances`), above the results the state colours and the
// cluster-quality table with "use k = N" (cut again and re-run), the small tables open and the
// per-customer ones (clusters, the dendrogram's merges, distances) and the long per-period or
// per-cluster ones folded, and a headline with customers, distinct journeys, periods, clusters
// with their ASW, and the distance.
import type { AnalysisPanels } from '../panels.ts';
import WizardSection from './WizardSection.svelte';
import ResultControls from './ResultControls.svelte';
import { sequenceHeadline } from './headline.ts';

export const sequencePanels: AnalysisPanels = {
  wizard: {
    owns: [
      'format',
      'id',
      'columns',
      'time',
      'state',
      'period',
      'alphabet',
      'colors',
      'with_missing',
      'distance',
      'cluster',
    ],
    steps: 4,
    component: WizardSection,
  },
  openTables: ['cluster_sizes', 'frequent_sequences', 'mean_time', 'substitution_costs'],
  headline: sequenceHeadline,
  controls: ResultControls,
};
