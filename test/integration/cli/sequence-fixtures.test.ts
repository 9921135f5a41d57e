// The reference cases of test/fixtures/sequence (R TraMineR 2.2-12 and hclust) through the
// CLI, checked by compare-tables.mjs under each case's compare.json.
import { fixtureCasesThroughCli } from '../../helpers/fixture-cases.ts';

fixtureCasesThroughCli('sequence', 'TraMineR', [
  'results.json',
  'clusters.csv',
  'cluster_sizes.csv',
  'frequent_sequences.csv',
  'state_distribution.csv',
  'entropy.csv',
  'mean_time.csv',
  'substitution_costs.csv',
  'distances.csv',
]);
