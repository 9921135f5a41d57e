// Demo data for `cluster`: 3,000 customers of a subscription retailer with five planted
// segments, so k-means with k = 5 on the standardized measures has something real to find.
//
//   segment              share  orders/yr  basket  days since last  tenure  opens  returns  app/30d
//   loyal high spenders   14%      ~16       ~92          ~10          ~54    0.48    0.05     ~14
//   bargain hunters       24%      ~10       ~34          ~20          ~30    0.58    0.14      ~8
//   lapsing               20%       ~2       ~58         ~220          ~40    0.08    0.09     ~0.4
//   new                   14%       ~2       ~55           ~12          1-6    0.40    0.06      ~7
//   occasional            28%       ~4       ~68          ~90          ~36    0.20    0.04     ~1.5
//
// Within a segment a customer-level engagement score e ~ N(0, 1) moves orders, app sessions
// and email opens up and recency down together, so the measures correlate as real ones do;
// spend_12m = orders x basket x N(1, 0.04) and avg_basket = spend / orders agree exactly.
// About 1% of email_open_rate (no email consent) and 0.5% of returns_share are missing.
// The planted segment is not in the file: finding it is the analysis's job.
import { DemoRandom } from './rng.ts';
import type { DemoTable } from './csv.ts';
import { clamp, roundTo } from './csv.ts';

export const customerColumns = [
  'id',
  'orders_12m',
  'spend_12m',
  'avg_basket',
  'days_since_last_order',
  'tenure_months',
  'email_open_rate',
  'returns_share',
  'app_sessions_30d',
] as const;

interface SegmentProfile {
  name: string;
  share: number;
  tenureMonths: (rng: DemoRandom) => number;
  ordersPerYear: number;
  basketMedian: number;
  daysSinceLast: (rng: DemoRandom, tenureMonths: number) => number;
  openRate: number;
  returnsShare: number;
  appSessions: number;
}

export const plantedCustomerSegments: readonly SegmentProfile[] = [
  {
    name: 'loyal high spenders',
    share: 0.14,
    tenureMonths: (rng) => clamp(Math.round(rng.normal(54, 20)), 12, 144),
    ordersPerYear: 16,
    basketMedian: 92,
    daysSinceLast: (rng) => 1 + rng.exponential(9),
    openRate: 0.48,
    returnsShare: 0.05,
    appSessions: 14,
  },
  {
    name: 'bargain hunters',
    share: 0.24,
    tenureMonths: (rng) => clamp(Math.round(rng.normal(30, 16)), 3, 120),
    ordersPerYear: 10,
    basketMedian: 34,
    daysSinceLast: (rng) => 1 + rng.exponential(19),
    openRate: 0.58,
    returnsShare: 0.14,
    appSessions: 8,
  },
  {
    name: 'lapsing',
    share: 0.2,
    tenureMonths: (rng) => clamp(Math.round(rng.normal(40, 20)), 6, 144),
    ordersPerYear: 1.2,
    basketMedian: 58,
    daysSinceLast: (rng) => 120 + rng.exponential(100),
    openRate: 0.08,
    returnsShare: 0.09,
    appSessions: 0.4,
  },
  {
    name: 'new',
    share: 0.14,
    tenureMonths: (rng) => rng.integer(1, 6),
    ordersPerYear: 1.5,
    basketMedian: 55,
    daysSinceLast: (rng, tenure) => Math.min(1 + rng.exponential(11), tenure * 30),
    openRate: 0.4,
    returnsShare: 0.06,
    appSessions: 7,
  },
  {
    name: 'occasional',
    share: 0.28,
    tenureMonths: (rng) => clamp(Math.round(rng.normal(36, 20)), 6, 144),
    ordersPerYear: 3,
    basketMedian: 68,
    daysSinceLast: (rng) => 30 + rng.exponential(60),
    openRate: 0.2,
    returnsShare: 0.04,
    appSessions: 1.5,
  },
];

export const customerCount = 3_000;
const firstCustomerId = 10_001;

export function generateCustomers(seed = 20_240_601): DemoTable {
  const rng = new DemoRandom(seed);
  const shares = plantedCustomerSegments.map((s) => s.share);
  const rows: DemoTable['rows'] = [];
  for (let i = 0; i < customerCount; i++) {
    const segment = plantedCustomerSegments[rng.weightedIndex(shares)]!;
    const engagement = rng.normal();
    const tenure = segment.tenureMonths(rng);
    const orders = 1 + rng.poisson(segment.ordersPerYear * Math.exp(0.25 * engagement));
    const basket = rng.logNormal(segment.basketMedian, 0.28);
    const spend = roundTo(orders * basket * rng.normal(1, 0.04), 2);
    const daysSince = Math.round(
      clamp(segment.daysSinceLast(rng, tenure) * Math.exp(-0.2 * engagement), 1, Math.min(365, tenure * 31)),
    );
    const openRate = rng.chance(0.01)
      ? null
      : roundTo(clamp(rng.normal(segment.openRate + 0.04 * engagement, 0.08), 0, 1), 3);
    const returns = rng.chance(0.005)
      ? null
      : roundTo(clamp(rng.normal(segment.returnsShare, 0.03), 0, 1), 3);
    const sessions = rng.poisson(segment.appSessions * Math.exp(0.3 * engagement));
    rows.push([
      firstCustomerId + i,
      orders,
      spend,
      roundTo(spend / orders, 2),
      daysSince,
      tenure,
      openRate,
      returns,
      sessions,
    ]);
  }
  return { columns: [...customerColumns], rows };
}
