// `multistate`: its own wizard section (states and transitions, columns per state, covariates
// with reference levels, prediction, profiles; the generic wizard keeps the data, the id and
// the ties), the small tables open and the long ones (hazards at every event time, the
// curves behind the charts) folded, and a headline with customers, transitions and events.
import type { AnalysisPanels } from '../panels.ts';
import WizardSection from './WizardSection.svelte';
import { multistateHeadline } from './headline.ts';

export const multistatePanels: AnalysisPanels = {
  wizard: {
    owns: ['states', 'transitions', 'time', 'status', 'covariates', 'levels', 'predict', 'profiles'],
    steps: 5,
    component: WizardSection,
  },
  openTables: ['transitions', 'frequencies', 'probtrans', 'coefficients', 'model_test', 'profile_probtrans'],
  headline: multistateHeadline,
};
