// The reference cases of test/fixtures/multistate (R mstate and survival) through the CLI,
// checked by compare-tables.mjs under each case's compare.json.
import { fixtureCasesThroughCli } from '../../helpers/fixture-cases.ts';

fixtureCasesThroughCli('multistate', 'R', [
  'results.json',
  'frequencies.csv',
  'cumhaz.csv',
  'probtrans.csv',
  'transition_matrix.csv',
  'transition_diagram.svg',
  'cumulative_hazards.svg',
  'stacked_probabilities.svg',
]);
