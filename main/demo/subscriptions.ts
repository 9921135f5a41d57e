// Demo data for `multistate`: 1,500 subscribers in the wide format R mstate's msprep takes.
// States: 1 Subscribed, 2 EmailUnsub, 3 Paused, 4 UnsubPaused (reached only from 2 or 3),
// 5 Cancelled (from any). Transitions 1->2, 1->3, 1->5, 2->4, 2->5, 3->4, 3->5, 4->5.
//
// Simulation: a Markov jump process with constant transition hazards (per day) times a
// proportional-hazards multiplier for the covariates. In state s the time to the next event
// is exponential with rate sum_j h(s->j), the next state j is drawn with probability
// h(s->j) / sum; times are whole days (at least one day after the previous event).
// Follow-up ends at a common extract date (about 4,800 days after joining for the 2015
// cohort, 2,600 for the 2020 one)
// or at an earlier loss to follow-up (exponential, mean 12,000 days).
//
// Wide columns as msprep expects (as in mstate's ebmt4): for each state 2..5, St<k> is the
// day the state was entered with St<k>.s = 1, or, when it never was, the customer's last
// follow-up time (cancellation or censoring) with St<k>.s = 0. So along any path the times
// never decrease, and every unreached state carries the final time.
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';

export const subscriptionStates = ['Subscribed', 'EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled'] as const;
export const subscriptionTransitions: readonly [number, number][] = [
  [1, 2],
  [1, 3],
  [1, 5],
  [2, 4],
  [2, 5],
  [3, 4],
  [3, 5],
  [4, 5],
];
export const subscriptionColumns = [
  'id',
  'St2',
  'St2.s',
  'St3',
  'St3.s',
  'St4',
  'St4.s',
  'St5',
  'St5.s',
  'discount',
  'gender',
  'joined',
  'age',
] as const;
export const ageLevels = ['<=20', '20-40', '>40'] as const;

/** Baseline hazards per day, keyed "from->to". */
const baselineHazard: Record<string, number> = {
  '1->2': 1 / 2800,
  '1->3': 1 / 3600,
  '1->5': 1 / 2600,
  '2->4': 1 / 2200,
  '2->5': 1 / 1500,
  '3->4': 1 / 1800,
  '3->5': 1 / 1100,
  '4->5': 1 / 900,
};

interface Subscriber {
  discount: 'Yes' | 'No';
  gender: 'Female' | 'Male';
  joined: number;
  age: (typeof ageLevels)[number];
}

/** Proportional-hazards multiplier of one transition for one subscriber. */
function hazardRatio(to: number, from: number, who: Subscriber): number {
  let ratio = 1;
  const cohort = who.joined - 2015;
  if (to === 5) {
    if (who.discount === 'Yes') ratio *= 0.7;
    if (who.gender === 'Female') ratio *= 0.95;
    ratio *= 1.06 ** cohort;
    if (who.age === '<=20') ratio *= 1.35;
    if (who.age === '>40') ratio *= 0.8;
  }
  if (from === 1 && to === 2) {
    if (who.gender === 'Female') ratio *= 0.8;
    if (who.age === '>40') ratio *= 1.2;
    ratio *= 1.04 ** cohort;
  }
  if (from === 1 && to === 3) {
    if (who.discount === 'Yes') ratio *= 1.3;
    if (who.age === '<=20') ratio *= 0.8;
  }
  return ratio;
}

export const subscriberCount = 1_500;

export function generateSubscriptions(seed = 20_240_602): DemoTable {
  const rng = new DemoRandom(seed);
  const rows: DemoTable['rows'] = [];
  for (let id = 1; id <= subscriberCount; id++) {
    const who: Subscriber = {
      discount: rng.chance(0.4) ? 'Yes' : 'No',
      gender: rng.chance(0.55) ? 'Female' : 'Male',
      joined: 2015 + rng.weightedIndex([0.1, 0.13, 0.16, 0.18, 0.2, 0.23]),
      age: rng.choice(ageLevels, [0.15, 0.5, 0.35]),
    };
    // The extract date is day 4,800 counted from the start of 2015.
    const joinedDay = (who.joined - 2015) * 365 + rng.integer(0, 364);
    const administrativeEnd = 4_800 - joinedDay;
    const followUp = Math.max(30, Math.min(administrativeEnd, Math.ceil(rng.exponential(12_000))));
    const entered = new Map<number, number>();
    let state = 1;
    let time = 0;
    let lastTime = followUp;
    while (state !== 5) {
      const targets = subscriptionTransitions.filter(([from]) => from === state).map(([, to]) => to);
      const rates = targets.map((to) => baselineHazard[`${state}->${to}`]! * hazardRatio(to, state, who));
      const total = rates.reduce((sum, r) => sum + r, 0);
      const next = time + Math.max(1, Math.ceil(rng.exponential(1 / total)));
      if (next > followUp) break;
      state = targets[rng.weightedIndex(rates)]!;
      time = next;
      entered.set(state, time);
      if (state === 5) lastTime = time;
    }
    const row: DemoTable['rows'][number] = [id];
    for (let s = 2; s <= 5; s++) {
      const at = entered.get(s);
      row.push(at ?? lastTime, at === undefined ? 0 : 1);
    }
    row.push(who.discount, who.gender, who.joined, who.age);
    rows.push(row);
  }
  return { columns: [...subscriptionColumns], rows };
}
