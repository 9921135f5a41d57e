// The reference cases of test/fixtures/cluster (R kmeans and dbscan) through the CLI,
// checked by compare-tables.mjs under each case's compare.json.
import { fixtureCasesThroughCli } from '../../helpers/fixture-cases.ts';

fixtureCasesThroughCli('cluster', 'R', [
  'results.json',
  'segments.csv',
  'segment_profiles.csv',
  'metrics.csv',
  'pca_scatter.svg',
]);
