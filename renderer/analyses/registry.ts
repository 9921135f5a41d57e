// The renderer's analysis registry: one line per analysis kind, naming its panels
// (renderer/analyses/<kind>/): a wizard section of its own, open tables, a headline. A kind
// without a line gets the generic wizard and the generic results: every chart its
// shared/charts builder makes, then every table in the definition's order.
import type { AnalysisPanels } from './panels.ts';
import { clusterPanels } from './cluster/panels.ts';
import { multistatePanels } from './multistate/panels.ts';
import { rnnPanels } from './rnn/panels.ts';
import { rnnScorePanels } from './rnn-score/panels.ts';
import { sequencePanels } from './sequence/panels.ts';

export const analysisPanels: Record<string, AnalysisPanels> = {
  cluster: clusterPanels,
  multistate: multistatePanels,
  rnn: rnnPanels,
  rnn_score: rnnScorePanels,
  sequence: sequencePanels,
};
