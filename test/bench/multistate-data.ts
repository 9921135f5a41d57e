// Generated subscription data for the multistate benchmark (issue 5), any number of customers,
// simulated as the fixture test/fixtures/multistate/subscription/README.md describes its
// generator (gen_subscription in make.R, kept outside the project): 5 states (Subscribed,
// EmailUnsub, Paused, UnsubPaused, Cancelled), 8 transitions, 4 categorical covariates,
// Weibull (and, for Subscribed -> Cancelled, piecewise-constant) baseline hazards in days since
// subscription start times exp(log hazard ratios of the README's table); whole-day times, a
// customer's successive events at least one day apart; censored at the data extract date
// (2018-12-31, follow-up capped at 4,800 days) or at an earlier loss to follow-up (exponential,
// mean 10,000 days). Deterministic for a seed (xoshiro128**, main/engines/common/rng.ts); not
// the fixture's numbers (R's generator draws from R's RNG), the same design and sizes.
// Wide format as msprep takes it (and the fixture's data.csv): St2..St5 the day the state was
// entered, else the last day of follow-up, with St<k>.s = 1 / 0.
// Cost O(n) time, about 100 bytes a customer for the Frame.
import { Rng } from '../../main/engines/common/rng.ts';
import type { Frame, FrameColumn } from '../../shared/frame.ts';

export const benchStates = ['Subscribed', 'EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled'] as const;
/** [from, to] as 0-based state indices, in the fixture's transition order. */
const transitions: readonly [number, number][] = [
  [0, 1],
  [0, 2],
  [0, 4],
  [1, 3],
  [1, 4],
  [2, 3],
  [2, 4],
  [3, 4],
];

export const benchCovariateLevels = {
  discount: ['No', 'Yes'],
  gender: ['Female', 'Male'],
  joined: ['2002-2007', '2008-2012', '2013-2017'],
  age: ['<20', '20-40', '>40'],
} as const;
const shares = {
  discount: [0.65, 0.35],
  gender: [0.52, 0.48],
  joined: [0.3, 0.35, 0.35],
  age: [0.2, 0.5, 0.3],
};
/** First and last year of each `joined` cohort (join dates uniform within them). */
const cohortYears: readonly [number, number][] = [
  [2002, 2007],
  [2008, 2012],
  [2013, 2017],
];
const extractDay = Date.UTC(2018, 11, 31) / 86_400_000;
const followUpCap = 4_800;
const lossToFollowUpMean = 10_000;

/** Baseline cumulative hazard of a transition and its inverse. */
interface Baseline {
  cumulative(t: number): number;
  inverse(h: number): number;
}

function weibull(shape: number, at1000: number): Baseline {
  return {
    cumulative: (t) => at1000 * (t / 1000) ** shape,
    inverse: (h) => 1000 * (h / at1000) ** (1 / shape),
  };
}

/** 0.0015 a day for days 0-30 (the trial), then 0.00004 a day. */
const trial: Baseline = {
  cumulative: (t) => 0.0015 * Math.min(t, 30) + 0.00004 * Math.max(0, t - 30),
  inverse: (h) => (h <= 0.045 ? h / 0.0015 : 30 + (h - 0.045) / 0.00004),
};

const baselines: Baseline[] = [
  weibull(0.75, 0.55),
  weibull(1.1, 0.35),
  trial,
  weibull(1.0, 0.2),
  weibull(1.2, 0.12),
  weibull(0.9, 0.25),
  weibull(1.3, 0.2),
  weibull(1.2, 0.28),
];

/**
 * Log hazard ratios per transition for discount=Yes, gender=Male, joined=2008-2012,
 * joined=2013-2017, age=20-40, age=>40 (the README's table).
 */
const logHazardRatios: readonly (readonly number[])[] = [
  [0.25, 0.1, 0.2, 0.45, -0.15, -0.35],
  [-0.3, -0.15, 0.1, 0.25, 0.2, 0.1],
  [-0.6, 0.2, 0.15, 0.3, -0.2, -0.4],
  [0.1, -0.1, 0.05, 0.15, 0.1, 0.2],
  [-0.4, 0.15, 0.1, 0.35, -0.1, -0.3],
  [0.0, 0.1, 0.1, 0.2, -0.1, -0.2],
  [-0.35, 0.2, 0.15, 0.3, -0.25, -0.45],
  [-0.25, 0.1, 0.1, 0.25, -0.15, -0.3],
];

function draw(rng: Rng, weights: readonly number[]): number {
  let u = rng.nextFloat();
  for (let i = 0; i < weights.length - 1; i++) {
    if (u < weights[i]!) return i;
    u -= weights[i]!;
  }
  return weights.length - 1;
}

function exponential(rng: Rng): number {
  return -Math.log(1 - rng.nextFloat());
}

/** `n` customers in the wide format, columns as the fixture's data.csv. */
export function generateSubscriptionFrame(n: number, seed = 5): Frame {
  const rng = new Rng(seed);
  const stateCount = benchStates.length;
  const id = new Float64Array(n);
  const times = Array.from({ length: stateCount - 1 }, () => new Float64Array(n));
  const statuses = Array.from({ length: stateCount - 1 }, () => new Float64Array(n));
  const discount: string[] = new Array<string>(n);
  const gender: string[] = new Array<string>(n);
  const joined: string[] = new Array<string>(n);
  const age: string[] = new Array<string>(n);
  const outgoing = benchStates.map((_, s) => transitions.flatMap(([from], k) => (from === s ? [k] : [])));
  const cohortStart = cohortYears.map(([first]) => Date.UTC(first, 0, 1) / 86_400_000);
  const cohortLength = cohortYears.map(
    ([, last], c) => Date.UTC(last + 1, 0, 1) / 86_400_000 - cohortStart[c]!,
  );
  const relative = new Float64Array(transitions.length);
  const entered = new Float64Array(stateCount);

  for (let i = 0; i < n; i++) {
    id[i] = i + 1;
    const d = draw(rng, shares.discount);
    const g = draw(rng, shares.gender);
    const j = draw(rng, shares.joined);
    const a = draw(rng, shares.age);
    discount[i] = benchCovariateLevels.discount[d];
    gender[i] = benchCovariateLevels.gender[g];
    joined[i] = benchCovariateLevels.joined[j];
    age[i] = benchCovariateLevels.age[a];
    const indicators = [d, g, j === 1 ? 1 : 0, j === 2 ? 1 : 0, a === 1 ? 1 : 0, a === 2 ? 1 : 0];
    for (let k = 0; k < transitions.length; k++) {
      let lp = 0;
      for (let c = 0; c < indicators.length; c++) lp += logHazardRatios[k]![c]! * indicators[c]!;
      relative[k] = Math.exp(lp);
    }
    const joinDay = cohortStart[j]! + Math.floor(rng.nextFloat() * cohortLength[j]!);
    const administrative = Math.min(followUpCap, extractDay - joinDay);
    const lost = Math.ceil(lossToFollowUpMean * exponential(rng));
    const followUp = Math.max(1, Math.min(administrative, lost));

    // Clock-forward Markov process: from state s at day t, the latent time of each transition
    // k out of s solves H_k(T) = H_k(t) + E_k / exp(lp_k); the earliest wins.
    entered.fill(-1);
    let state = 0;
    let time = 0;
    let last = followUp;
    while (outgoing[state]!.length > 0) {
      let next = -1;
      let nextTime = Infinity;
      for (const k of outgoing[state]!) {
        const baseline = baselines[k]!;
        const t = baseline.inverse(baseline.cumulative(time) + exponential(rng) / relative[k]!);
        if (t < nextTime) {
          nextTime = t;
          next = transitions[k]![1];
        }
      }
      const day = Math.max(time + 1, Math.ceil(nextTime));
      if (day > followUp) break;
      state = next;
      time = day;
      entered[state] = day;
      if (outgoing[state]!.length === 0) last = day;
    }
    for (let s = 1; s < stateCount; s++) {
      const at = entered[s]!;
      times[s - 1]![i] = at >= 0 ? at : last;
      statuses[s - 1]![i] = at >= 0 ? 1 : 0;
    }
  }

  const columns: FrameColumn[] = [{ name: 'id', type: 'integer', values: id }];
  for (let s = 1; s < stateCount; s++) {
    columns.push({ name: `St${s + 1}`, type: 'integer', values: times[s - 1]! });
    columns.push({ name: `St${s + 1}.s`, type: 'integer', values: statuses[s - 1]! });
  }
  columns.push(
    { name: 'discount', type: 'text', values: discount },
    { name: 'gender', type: 'text', values: gender },
    { name: 'joined', type: 'text', values: joined },
    { name: 'age', type: 'text', values: age },
  );
  return { name: `subscriptions-${n}`, rowCount: n, columns };
}
