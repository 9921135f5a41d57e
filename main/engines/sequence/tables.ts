// The sequence engine's descriptive Result tables (DESIGN.md section 4 `sequence`):
// state_distribution (time, state, proportion), entropy (time, entropy), mean_time
// (state, mean) and frequent_sequences (rank, sequence, count, percent). Pure formatting of
// numbers computed in state-distribution.ts, mean-time.ts and frequent-sequences.ts; NaN and
// infinities become null (a missing cell). O(T K) cells for state_distribution.
import type { Cell } from '../../../shared/result.ts';
import { makeTable, type Table } from '../../../shared/result.ts';
import type { FrequentSequence } from './frequent-sequences.ts';
import type { MeanTime } from './mean-time.ts';
import type { StateDistribution } from './state-distribution.ts';

function cell(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** One row per period and state (periods in order, states in alphabet order), zeros included. */
export function stateDistributionTable(distribution: StateDistribution): Table {
  const { periods, alphabet, proportions } = distribution;
  const K = alphabet.length;
  const rows: Cell[][] = [];
  periods.forEach((time, t) => {
    alphabet.forEach((state, s) => rows.push([time, state, cell(proportions[t * K + s])]));
  });
  return makeTable(
    'State distribution',
    [
      { name: 'time', type: 'string' },
      { name: 'state', type: 'string' },
      { name: 'proportion', type: 'number' },
    ],
    rows,
  );
}

/** One row per period: the normalised Shannon entropy of its state distribution. */
export function entropyTable(distribution: StateDistribution): Table {
  return makeTable(
    'Entropy',
    [
      { name: 'time', type: 'string' },
      { name: 'entropy', type: 'number' },
    ],
    distribution.periods.map((time, t) => [time, cell(distribution.entropy[t])]),
  );
}

/** One row per state of the alphabet: mean periods spent in it. */
export function meanTimeTable(meanTime: MeanTime): Table {
  return makeTable(
    'Mean time in state',
    [
      { name: 'state', type: 'string' },
      { name: 'mean', type: 'number' },
    ],
    meanTime.alphabet.map((state, s) => [state, cell(meanTime.means[s])]),
  );
}

/** The most frequent sequences, in rank order. */
export function frequentSequencesTable(sequences: readonly FrequentSequence[]): Table {
  return makeTable(
    'Frequent sequences',
    [
      { name: 'rank', type: 'integer' },
      { name: 'sequence', type: 'string' },
      { name: 'count', type: 'integer' },
      { name: 'percent', type: 'number' },
    ],
    sequences.map((f) => [f.rank, f.sequence, f.count, cell(f.percent)]),
  );
}
