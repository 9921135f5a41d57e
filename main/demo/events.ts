// Demo data for `rnn`: about 1,000 customers' interaction histories (`events`, 5 to 120 rows
// each) and whether they churned (`labels`). One row is one day with any activity:
// cancel (visited the cancellation page), sent_email, open_email (only when sent),
// click_email (only when opened), app_used, site_visited, all 0/1, and days_since_last
// (days since the previous row, 0 on the first). Rows are grouped by user_id, in day order.
//
// Behaviour archetypes (not in the files) set the history length, the gaps between active
// days and the event probabilities; "fading" customers' gaps lengthen and their activity
// decays linearly along the history. The churn label is drawn with the archetype's rate,
// raised by 0.2 when the customer visited the cancellation page in their last five rows,
// so both the kind of history and its ending carry signal.
//
// `events_new` / `labels_new` (for `rnn_score`, scoring new customers with the trained model):
// 500 more customers drawn the same way with another seed, ids 1001..1500 (no overlap).
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';
import { clamp } from './csv.ts';

export const eventColumns = [
  'user_id',
  'day',
  'cancel',
  'sent_email',
  'open_email',
  'click_email',
  'app_used',
  'site_visited',
  'days_since_last',
] as const;
export const labelColumns = ['user_id', 'churned'] as const;
export const eventCustomerCount = 1_000;
export const eventsSeed = 20_240_604;
/** The new customers to score (`events_new`, `labels_new`): another seed, ids after the first 1,000. */
export const newEventCustomerCount = 500;
export const newEventsSeed = 20_240_901;
export const newEventsFirstId = eventCustomerCount + 1;
export const minHistoryRows = 5;
export const maxHistoryRows = 120;

/** Event probabilities at the start and at the end of a history (equal unless fading). */
interface Rates {
  cancel: number;
  sent: number;
  openGivenSent: number;
  clickGivenOpen: number;
  app: number;
  site: number;
  meanGapDays: number;
}

interface BehaviourArchetype {
  name: string;
  share: number;
  rows: [number, number];
  start: Rates;
  end: Rates;
  churnRate: number;
}

const engaged: Rates = {
  cancel: 0.002,
  sent: 0.5,
  openGivenSent: 0.6,
  clickGivenOpen: 0.4,
  app: 0.7,
  site: 0.4,
  meanGapDays: 3,
};
const emailOnly: Rates = {
  cancel: 0.01,
  sent: 0.9,
  openGivenSent: 0.3,
  clickGivenOpen: 0.15,
  app: 0.05,
  site: 0.15,
  meanGapDays: 7,
};
const dealSeeker: Rates = {
  cancel: 0.01,
  sent: 0.7,
  openGivenSent: 0.7,
  clickGivenOpen: 0.6,
  app: 0.2,
  site: 0.6,
  meanGapDays: 5,
};
const shortLived: Rates = {
  cancel: 0.06,
  sent: 0.6,
  openGivenSent: 0.3,
  clickGivenOpen: 0.2,
  app: 0.3,
  site: 0.3,
  meanGapDays: 4,
};

export const behaviourArchetypes: readonly BehaviourArchetype[] = [
  { name: 'engaged', share: 0.3, rows: [40, 120], start: engaged, end: engaged, churnRate: 0.06 },
  { name: 'email only', share: 0.2, rows: [10, 60], start: emailOnly, end: emailOnly, churnRate: 0.3 },
  {
    name: 'fading',
    share: 0.2,
    rows: [20, 90],
    start: {
      cancel: 0.005,
      sent: 0.6,
      openGivenSent: 0.4,
      clickGivenOpen: 0.2,
      app: 0.6,
      site: 0.3,
      meanGapDays: 3,
    },
    end: {
      cancel: 0.05,
      sent: 0.6,
      openGivenSent: 0.1,
      clickGivenOpen: 0.05,
      app: 0.1,
      site: 0.05,
      meanGapDays: 15,
    },
    churnRate: 0.75,
  },
  { name: 'deal seeker', share: 0.15, rows: [15, 70], start: dealSeeker, end: dealSeeker, churnRate: 0.25 },
  {
    name: 'short lived',
    share: 0.15,
    rows: [minHistoryRows, 15],
    start: shortLived,
    end: shortLived,
    churnRate: 0.65,
  },
];

function interpolate(start: Rates, end: Rates, fraction: number): Rates {
  const mix = (key: keyof Rates) => start[key] + (end[key] - start[key]) * fraction;
  return {
    cancel: mix('cancel'),
    sent: mix('sent'),
    openGivenSent: mix('openGivenSent'),
    clickGivenOpen: mix('clickGivenOpen'),
    app: mix('app'),
    site: mix('site'),
    meanGapDays: mix('meanGapDays'),
  };
}

export interface EventsAndLabels {
  events: DemoTable;
  labels: DemoTable;
}

/** `customers` histories with ids firstId, firstId + 1, ...; the defaults give `events` and `labels`. */
export function generateEvents(
  seed = eventsSeed,
  customers = eventCustomerCount,
  firstId = 1,
): EventsAndLabels {
  const rng = new DemoRandom(seed);
  const shares = behaviourArchetypes.map((a) => a.share);
  const eventRows: DemoTable['rows'] = [];
  const labelRows: DemoTable['rows'] = [];
  for (let userId = firstId; userId < firstId + customers; userId++) {
    const archetype = behaviourArchetypes[rng.weightedIndex(shares)]!;
    const length = rng.integer(archetype.rows[0], archetype.rows[1]);
    let day = rng.integer(1, 30);
    let previousDay = day;
    let lateCancel = false;
    for (let i = 0; i < length; i++) {
      const rates = interpolate(archetype.start, archetype.end, length > 1 ? i / (length - 1) : 0);
      if (i > 0) day += Math.max(1, Math.round(rng.exponential(rates.meanGapDays)));
      const sent = rng.chance(rates.sent) ? 1 : 0;
      const opened = sent && rng.chance(rates.openGivenSent) ? 1 : 0;
      const clicked = opened && rng.chance(rates.clickGivenOpen) ? 1 : 0;
      const app = rng.chance(rates.app) ? 1 : 0;
      const cancel = rng.chance(rates.cancel) ? 1 : 0;
      // A row is a day with some activity: with nothing drawn, the customer visited the site.
      const site = rng.chance(rates.site) || sent + app + cancel === 0 ? 1 : 0;
      if (cancel && i >= length - 5) lateCancel = true;
      eventRows.push([
        userId,
        day,
        cancel,
        sent,
        opened,
        clicked,
        app,
        site,
        i === 0 ? 0 : day - previousDay,
      ]);
      previousDay = day;
    }
    const churnProbability = clamp(archetype.churnRate + (lateCancel ? 0.2 : 0), 0, 0.95);
    labelRows.push([userId, rng.chance(churnProbability) ? 1 : 0]);
  }
  return {
    events: { columns: [...eventColumns], rows: eventRows },
    labels: { columns: [...labelColumns], rows: labelRows },
  };
}

/** The new customers of `events_new` and `labels_new`: 500 histories, another seed, ids 1001..1500. */
export function generateNewEvents(): EventsAndLabels {
  return generateEvents(newEventsSeed, newEventCustomerCount, newEventsFirstId);
}
