// The renderer's analysis registry: one line per analysis kind, naming its result panels
// (renderer/analyses/<kind>/). A kind without a line gets the generic panels: every chart its
// shared/charts builder makes, then every table in the definition's order.
import type { AnalysisPanels } from './panels.ts';
import { clusterPanels } from './cluster/panels.ts';

export const analysisPanels: Record<string, AnalysisPanels> = {
  cluster: clusterPanels,
};
