// Generated customer journeys for the sequence benchmark, any number of customers, with the
// design of the journeys fixture (../shared/fixtures/sequence/journeys/README.md, "Data"):
// 24 monthly periods m01..m24, ids C00001.. in row order, states Store, Online, Mobile, Omni,
// Lapsed and Churned (absorbing). Each customer follows a first-order Markov chain of one of
// four archetypes (store_loyal 30%, moving_online 25%, mobile_first 25%, omni_channel 20%):
// a home channel it mostly stays in, excursions to other channels that mostly return home,
// lapses that mostly return home and sometimes end in churn, a small direct churn rate;
// moving_online starts in Store or Omni and moves to Online at about 6% a month (Online is then
// its home). The fixture's own generator (make.R, R's RNG) is not part of the project: the
// probabilities below were set so that the share of distinct sequences (fixture 734 of 1,000),
// the spells per sequence (fixture 3.47 on average, 15% a single spell), the share churned by
// m24 (17%) and the pooled transition rates come close to the fixture's (the bench prints the
// comparison). Deterministic for a seed (xoshiro128**, main/engines/common/rng.ts).
// Cost O(n T) time; the Frame holds n T references to 6 shared strings (about 200 bytes a
// customer).
import { writeFileSync } from 'node:fs';
import { Rng } from '../../main/engines/common/rng.ts';
import type { Frame, FrameColumn } from '../../shared/frame.ts';

export const journeyStates = ['Store', 'Online', 'Mobile', 'Omni', 'Lapsed', 'Churned'] as const;
export const journeyPeriods = Array.from({ length: 24 }, (_, t) => `m${String(t + 1).padStart(2, '0')}`);

const [STORE, ONLINE, MOBILE, OMNI, LAPSED, CHURNED] = [0, 1, 2, 3, 4, 5];
const K = journeyStates.length;

interface Archetype {
  name: string;
  share: number;
  /** Initial distribution over the states. */
  initial: readonly number[];
  /** Monthly transition matrix, row = from (rows sum to 1). */
  transition: readonly (readonly number[])[];
}

/**
 * A row of a transition matrix: `stay` on `from`, the listed moves, the rest nowhere (checked
 * to sum to 1 below).
 */
function row(from: number, stay: number, moves: Record<number, number>): number[] {
  const p = new Array<number>(K).fill(0);
  p[from] = stay;
  for (const [to, q] of Object.entries(moves)) p[Number(to)] = q;
  return p;
}
const churned = row(CHURNED, 1, {});

export const archetypes: readonly Archetype[] = [
  {
    name: 'store_loyal',
    share: 0.3,
    initial: [0.93, 0, 0, 0.07, 0, 0],
    transition: [
      row(STORE, 0.944, { [OMNI]: 0.03, [LAPSED]: 0.023, [CHURNED]: 0.003 }),
      row(ONLINE, 0.7, { [OMNI]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(MOBILE, 0.7, { [OMNI]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(OMNI, 0.7, { [STORE]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(LAPSED, 0.47, { [STORE]: 0.32, [OMNI]: 0.1, [CHURNED]: 0.11 }),
      churned,
    ],
  },
  {
    name: 'moving_online',
    share: 0.25,
    initial: [0.6, 0.07, 0, 0.33, 0, 0],
    transition: [
      row(STORE, 0.872, { [ONLINE]: 0.05, [OMNI]: 0.05, [LAPSED]: 0.025, [CHURNED]: 0.003 }),
      row(ONLINE, 0.95, { [MOBILE]: 0.015, [OMNI]: 0.008, [LAPSED]: 0.024, [CHURNED]: 0.003 }),
      row(MOBILE, 0.7, { [ONLINE]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(OMNI, 0.81, { [STORE]: 0.03, [ONLINE]: 0.12, [LAPSED]: 0.035, [CHURNED]: 0.005 }),
      row(LAPSED, 0.47, { [ONLINE]: 0.3, [OMNI]: 0.12, [CHURNED]: 0.11 }),
      churned,
    ],
  },
  {
    name: 'mobile_first',
    share: 0.25,
    initial: [0, 0.1, 0.9, 0, 0, 0],
    transition: [
      row(STORE, 0.7, { [MOBILE]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(ONLINE, 0.7, { [MOBILE]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(MOBILE, 0.945, { [ONLINE]: 0.022, [OMNI]: 0.01, [LAPSED]: 0.02, [CHURNED]: 0.003 }),
      row(OMNI, 0.7, { [MOBILE]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(LAPSED, 0.47, { [MOBILE]: 0.38, [ONLINE]: 0.04, [CHURNED]: 0.11 }),
      churned,
    ],
  },
  {
    name: 'omni_channel',
    share: 0.2,
    initial: [0.07, 0, 0.08, 0.85, 0, 0],
    transition: [
      row(STORE, 0.7, { [OMNI]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(ONLINE, 0.7, { [OMNI]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(MOBILE, 0.7, { [OMNI]: 0.25, [LAPSED]: 0.04, [CHURNED]: 0.01 }),
      row(OMNI, 0.86, { [STORE]: 0.045, [ONLINE]: 0.04, [MOBILE]: 0.025, [LAPSED]: 0.026, [CHURNED]: 0.004 }),
      row(LAPSED, 0.47, { [OMNI]: 0.32, [STORE]: 0.05, [MOBILE]: 0.05, [CHURNED]: 0.11 }),
      churned,
    ],
  },
];

for (const archetype of archetypes) {
  for (const p of [archetype.initial, ...archetype.transition]) {
    const sum = p.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-12) throw new Error(`${archetype.name}: probabilities sum to ${sum}`);
  }
}

function draw(rng: Rng, weights: readonly number[]): number {
  let u = rng.nextFloat();
  for (let i = 0; i < weights.length - 1; i++) {
    if (u < weights[i]!) return i;
    u -= weights[i]!;
  }
  return weights.length - 1;
}

/** `n` customers' journeys, columns `id`, m01..m24 (text), as the fixture's data.csv. */
export function generateJourneyFrame(n: number, seed = 1001): Frame {
  const rng = new Rng(seed);
  const T = journeyPeriods.length;
  const shares = archetypes.map((a) => a.share);
  const ids: string[] = new Array<string>(n);
  const periods: string[][] = journeyPeriods.map(() => new Array<string>(n));
  for (let i = 0; i < n; i++) {
    ids[i] = `C${String(i + 1).padStart(5, '0')}`;
    const archetype = archetypes[draw(rng, shares)]!;
    let state = draw(rng, archetype.initial);
    for (let t = 0; t < T; t++) {
      if (t > 0) state = draw(rng, archetype.transition[state]!);
      periods[t]![i] = journeyStates[state]!;
    }
  }
  const columns: FrameColumn[] = [{ name: 'id', type: 'text', values: ids }];
  journeyPeriods.forEach((name, t) => columns.push({ name, type: 'text', values: periods[t]! }));
  return { name: `journeys-${n}`, rowCount: n, columns };
}

/** The frame as a CSV file (header id,m01..m24; no quoting: ids and states are plain words). */
export function writeJourneysCsv(frame: Frame, path: string): void {
  const columns = frame.columns.map((c) => c.values as (string | null)[]);
  const lines: string[] = [frame.columns.map((c) => c.name).join(',')];
  for (let i = 0; i < frame.rowCount; i++) lines.push(columns.map((values) => values[i] ?? '').join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** The fixture-like summaries the bench prints: distinct sequences, spells, churn by the end. */
export interface JourneyShape {
  customers: number;
  distinct: number;
  meanSpells: number;
  singleSpellShare: number;
  churnedAtEndShare: number;
  everLapsedShare: number;
}

/** Summaries of journeys given as rows of states (id excluded). */
export function journeyShape(rows: readonly (readonly string[])[]): JourneyShape {
  const distinct = new Set<string>();
  let spells = 0;
  let single = 0;
  let churnedAtEnd = 0;
  let lapsed = 0;
  for (const states of rows) {
    distinct.add(states.join(','));
    let s = 1;
    for (let t = 1; t < states.length; t++) if (states[t] !== states[t - 1]) s++;
    spells += s;
    if (s === 1) single++;
    if (states.at(-1) === 'Churned') churnedAtEnd++;
    if (states.includes('Lapsed')) lapsed++;
  }
  const n = rows.length;
  return {
    customers: n,
    distinct: distinct.size,
    meanSpells: spells / n,
    singleSpellShare: single / n,
    churnedAtEndShare: churnedAtEnd / n,
    everLapsedShare: lapsed / n,
  };
}

/** The period states of each row of a frame made by generateJourneyFrame. */
export function frameRows(frame: Frame): string[][] {
  const periods = frame.columns.slice(1).map((c) => c.values as string[]);
  return Array.from({ length: frame.rowCount }, (_, i) => periods.map((values) => values[i]!));
}
