// Demo data for `sequence`: 2,000 customers' channel over 24 months (columns m01..m24),
// states Store, Online, Mobile, Omni (store and digital), Lapsed (no purchase this month)
// and Churned (closed the account; absorbing: once churned, churned in every later month).
//
// Each customer follows one of four journey archetypes, each a first-order Markov chain:
//   store loyal (32%)         mostly Store, short lapses, rare churn
//   digital migrators (26%)   Store -> Online -> Mobile, one way in the main
//   omni (20%)                mostly Omni, excursions to a single channel
//   lapsing then churn (22%)  an active channel, then Lapsed spells that end in Churned
// The month-to-month transition probabilities are the rows below (each sums to 1); the
// first month is drawn from the archetype's start distribution. Archetypes are not in the file.
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';

export const journeyStates = ['Store', 'Online', 'Mobile', 'Omni', 'Lapsed', 'Churned'] as const;
export type JourneyState = (typeof journeyStates)[number];
export const journeyMonths = 24;
export const journeyCustomerCount = 2_000;
export const journeyColumns = ['id', ...Array.from({ length: journeyMonths }, (_, i) => monthColumn(i + 1))];

export function monthColumn(month: number): string {
  return `m${String(month).padStart(2, '0')}`;
}

type Distribution = Partial<Record<JourneyState, number>>;

interface Archetype {
  name: string;
  share: number;
  start: Distribution;
  next: Record<JourneyState, Distribution>;
}

const churned: Distribution = { Churned: 1 };

export const journeyArchetypes: readonly Archetype[] = [
  {
    name: 'store loyal',
    share: 0.32,
    start: { Store: 0.85, Omni: 0.1, Online: 0.05 },
    next: {
      Store: { Store: 0.9, Online: 0.02, Mobile: 0.01, Omni: 0.04, Lapsed: 0.025, Churned: 0.005 },
      Online: { Store: 0.3, Online: 0.6, Omni: 0.05, Lapsed: 0.05 },
      Mobile: { Store: 0.3, Mobile: 0.55, Omni: 0.1, Lapsed: 0.05 },
      Omni: { Store: 0.35, Omni: 0.6, Lapsed: 0.05 },
      Lapsed: { Store: 0.45, Lapsed: 0.45, Churned: 0.1 },
      Churned: churned,
    },
  },
  {
    name: 'digital migrators',
    share: 0.26,
    start: { Store: 0.7, Online: 0.3 },
    next: {
      Store: { Store: 0.8, Online: 0.12, Mobile: 0.03, Omni: 0.03, Lapsed: 0.02 },
      Online: { Online: 0.82, Mobile: 0.12, Omni: 0.03, Lapsed: 0.025, Churned: 0.005 },
      Mobile: { Mobile: 0.93, Omni: 0.03, Online: 0.02, Lapsed: 0.015, Churned: 0.005 },
      Omni: { Omni: 0.6, Mobile: 0.25, Online: 0.1, Lapsed: 0.05 },
      Lapsed: { Online: 0.25, Mobile: 0.25, Lapsed: 0.4, Churned: 0.1 },
      Churned: churned,
    },
  },
  {
    name: 'omni',
    share: 0.2,
    start: { Omni: 0.6, Store: 0.2, Online: 0.1, Mobile: 0.1 },
    next: {
      Store: { Store: 0.4, Omni: 0.5, Online: 0.05, Lapsed: 0.05 },
      Online: { Omni: 0.45, Online: 0.45, Mobile: 0.05, Lapsed: 0.05 },
      Mobile: { Omni: 0.45, Mobile: 0.45, Online: 0.05, Lapsed: 0.05 },
      Omni: { Omni: 0.86, Store: 0.04, Online: 0.04, Mobile: 0.04, Lapsed: 0.02 },
      Lapsed: { Omni: 0.5, Lapsed: 0.4, Churned: 0.1 },
      Churned: churned,
    },
  },
  {
    name: 'lapsing then churn',
    share: 0.22,
    start: { Store: 0.5, Online: 0.3, Mobile: 0.2 },
    next: {
      Store: { Store: 0.85, Online: 0.03, Lapsed: 0.12 },
      Online: { Online: 0.85, Lapsed: 0.15 },
      Mobile: { Mobile: 0.85, Lapsed: 0.15 },
      Omni: { Omni: 0.8, Lapsed: 0.2 },
      Lapsed: { Lapsed: 0.6, Churned: 0.28, Store: 0.04, Online: 0.04, Mobile: 0.04 },
      Churned: churned,
    },
  },
];

function draw(rng: DemoRandom, distribution: Distribution): JourneyState {
  const weights = journeyStates.map((s) => distribution[s] ?? 0);
  return journeyStates[rng.weightedIndex(weights)]!;
}

export function generateJourneys(seed = 20_240_603): DemoTable {
  const rng = new DemoRandom(seed);
  const shares = journeyArchetypes.map((a) => a.share);
  const rows: DemoTable['rows'] = [];
  for (let id = 1; id <= journeyCustomerCount; id++) {
    const archetype = journeyArchetypes[rng.weightedIndex(shares)]!;
    let state = draw(rng, archetype.start);
    const row: DemoTable['rows'][number] = [id, state];
    for (let month = 2; month <= journeyMonths; month++) {
      state = draw(rng, archetype.next[state]);
      row.push(state);
    }
    rows.push(row);
  }
  return { columns: [...journeyColumns], rows };
}
