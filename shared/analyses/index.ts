// The registry of analysis definitions: one line per analysis. Kinds still to be built are
// listed as 'coming' so the gallery can show them.
import type { AnalysisDefinition } from './define.ts';
import { clusterDefinition } from './cluster.ts';
import { multistateDefinition } from './multistate.ts';
import { rnnDefinition } from './rnn.ts';
import { rnnScoreDefinition } from './rnn-score.ts';
import { sequenceDefinition } from './sequence.ts';
import { comingAnalysis } from './coming.ts';

export const analysisDefinitions: AnalysisDefinition[] = [
  clusterDefinition,
  multistateDefinition,
  rnnDefinition,
  rnnScoreDefinition,
  sequenceDefinition,
  comingAnalysis(
    'boruta',
    'Feature selection (Boruta)',
    'All-relevant feature selection with random-forest importance, as R Boruta.',
  ),
  comingAnalysis(
    'nmf',
    'Purchase-matrix segmentation (NMF)',
    'Customer and product segments from non-negative matrix factorisation, as R NMF.',
  ),
  comingAnalysis('flows', 'Migration flows', 'Origin-destination flows: net migration, top flows and maps.'),
];

export function findDefinition(kind: string): AnalysisDefinition | undefined {
  return analysisDefinitions.find((d) => d.kind === kind);
}
